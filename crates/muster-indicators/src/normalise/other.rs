//! Hashes, CVE ids, registry keys and organisation-defined types.

use super::shown;
use crate::{IndicatorError, types::Pattern};

pub(crate) fn hash(name: &str, digits: usize, text: &str) -> Result<String, IndicatorError> {
    let count = text.chars().count();
    if count != digits {
        return Err(IndicatorError::invalid(format!(
            "{name} must be {digits} hex digits; got {count}"
        )));
    }
    if let Some((i, c)) = text
        .chars()
        .enumerate()
        .find(|(_, c)| !c.is_ascii_hexdigit())
    {
        return Err(IndicatorError::invalid(format!(
            "{name} must be hex digits (0-9, a-f); {} at position {} is not one",
            shown(&c.to_string()),
            i + 1
        )));
    }
    Ok(text.to_ascii_lowercase())
}

/// `CVE-YYYY-NNNN`, with four or more digits after the year (MITRE's form
/// since 2014), upper-cased.
pub(crate) fn cve(text: &str) -> Result<String, IndicatorError> {
    let upper = text.to_ascii_uppercase();
    let fail = || {
        IndicatorError::invalid(format!(
            "not a CVE id: expected CVE-YYYY-NNNN (four or more digits), as in CVE-2024-3094; got {}",
            shown(text)
        ))
    };
    let rest = upper.strip_prefix("CVE-").ok_or_else(fail)?;
    let (year, number) = rest.split_once('-').ok_or_else(fail)?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if year.len() != 4 || !digits(year) || number.len() < 4 || !digits(number) {
        return Err(fail());
    }
    let y: u32 = year.parse().map_err(|_| fail())?;
    if y < 1999 {
        return Err(IndicatorError::invalid(format!(
            "not a CVE id: the year {y} is before 1999, when CVE ids began"
        )));
    }
    Ok(upper)
}

/// Hives by their full names, which Windows tools and STIX
/// (`windows-registry-key:key`) use; abbreviations are accepted on input.
const HIVES: [(&str, &str); 7] = [
    ("HKEY_LOCAL_MACHINE", "HKLM"),
    ("HKEY_CURRENT_USER", "HKCU"),
    ("HKEY_CLASSES_ROOT", "HKCR"),
    ("HKEY_USERS", "HKU"),
    ("HKEY_CURRENT_CONFIG", "HKCC"),
    ("HKEY_PERFORMANCE_DATA", "HKPD"),
    ("HKEY_DYN_DATA", "HKDD"),
];

/// The hive is written in full and upper case; doubled backslashes (left by
/// escaping in JSON or a shell) are collapsed, since a key name cannot be
/// empty; a trailing backslash is dropped. The rest keeps its case.
pub(crate) fn registry_key(text: &str) -> Result<String, IndicatorError> {
    let mut path = String::with_capacity(text.len());
    for c in text.chars() {
        if !(c == '\\' && path.ends_with('\\')) {
            path.push(c);
        }
    }
    let path = path.trim_end_matches('\\');
    let (hive, rest) = match path.split_once('\\') {
        Some((h, r)) => (h, Some(r)),
        None => (path, None),
    };
    let full = HIVES
        .iter()
        .find(|(full, short)| hive.eq_ignore_ascii_case(full) || hive.eq_ignore_ascii_case(short))
        .map(|(full, _)| *full)
        .ok_or_else(|| {
            IndicatorError::invalid(format!(
                "not a registry key: it must start with a hive such as HKEY_LOCAL_MACHINE or HKLM; got {}",
                shown(hive)
            ))
        })?;
    Ok(match rest {
        Some(rest) => format!("{full}\\{rest}"),
        None => full.to_owned(),
    })
}

pub(crate) fn custom(name: &str, pattern: &Pattern, text: &str) -> Result<String, IndicatorError> {
    if pattern.is_match(text) {
        Ok(text.to_owned())
    } else {
        Err(IndicatorError::invalid(format!(
            "not a {name}: {} does not match the organisation's pattern `{}`",
            shown(text),
            pattern.as_str()
        )))
    }
}

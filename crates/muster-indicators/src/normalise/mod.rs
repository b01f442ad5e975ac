//! Validation and normalisation: one function per family of types, and the
//! checks every type shares (not empty, not absurdly long, no control
//! characters). Normalising is idempotent: a normalised value normalises to
//! itself, so a stored value can always be read back through `normalise`.

mod names;
mod net;
mod other;

pub(crate) use names::url_parts;

use crate::{IndicatorError, IndicatorType, Value, refang::refang};

/// The longest value accepted, in bytes: long enough for any real URL or
/// user agent, short enough that one bad row cannot bloat the store.
pub const MAX_VALUE_LEN: usize = 8192;

/// Validates `raw` as an indicator of type `ty` and returns its normal form.
/// Surrounding whitespace is ignored; defanged forms are accepted for the
/// network types (IP, CIDR, domain, host, URL, email) and stored refanged.
pub fn normalise(ty: &IndicatorType, raw: &str) -> Result<Value, IndicatorError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(IndicatorError::invalid(format!(
            "{} value is empty",
            article(ty)
        )));
    }
    if trimmed.len() > MAX_VALUE_LEN {
        return Err(IndicatorError::invalid(format!(
            "{} value is {} bytes long; at most {MAX_VALUE_LEN} are allowed",
            article(ty),
            trimmed.len()
        )));
    }
    if let Some((i, c)) = trimmed.char_indices().find(|(_, c)| c.is_control()) {
        return Err(IndicatorError::invalid(format!(
            "{} value contains a control character (U+{:04X}) at byte {i}",
            article(ty),
            c as u32
        )));
    }
    let network = matches!(
        ty,
        IndicatorType::Ipv4
            | IndicatorType::Ipv6
            | IndicatorType::Cidr
            | IndicatorType::Domain
            | IndicatorType::Host
            | IndicatorType::Url
            | IndicatorType::Email
    );
    let refanged;
    let text = if network {
        refanged = refang(trimmed);
        refanged.trim()
    } else {
        trimmed
    };
    let normal = match ty {
        IndicatorType::Ipv4 => net::ipv4(text)?,
        IndicatorType::Ipv6 => net::ipv6(text)?,
        IndicatorType::Cidr => net::cidr(text)?,
        IndicatorType::Domain => names::domain(text)?,
        IndicatorType::Host => names::host(text)?,
        IndicatorType::Url => names::url(text)?,
        IndicatorType::Email => names::email(text)?,
        IndicatorType::Md5 => other::hash("md5", 32, text)?,
        IndicatorType::Sha1 => other::hash("sha1", 40, text)?,
        IndicatorType::Sha256 => other::hash("sha256", 64, text)?,
        IndicatorType::Sha512 => other::hash("sha512", 128, text)?,
        IndicatorType::Cve => other::cve(text)?,
        IndicatorType::RegistryKey => other::registry_key(text)?,
        IndicatorType::FileName
        | IndicatorType::Account
        | IndicatorType::Process
        | IndicatorType::UserAgent => text.to_owned(),
        IndicatorType::Custom { name, pattern } => other::custom(name, pattern, text)?,
    };
    Ok(Value::new(normal))
}

/// "the ipv4": for messages about a value that is unusable whatever its type.
fn article(ty: &IndicatorType) -> String {
    format!("the {}", ty.name())
}

/// A value quoted in a message, cut short so a huge bad row stays readable.
pub(crate) fn shown(value: &str) -> String {
    const MAX: usize = 80;
    if value.chars().count() <= MAX {
        format!("`{value}`")
    } else {
        let cut: String = value.chars().take(MAX).collect();
        format!("`{cut}…`")
    }
}

//! Domain names, host names, URLs and email addresses.
//!
//! URLs are parsed here rather than with the `url` crate: that crate pulls
//! in IDNA tables, and it rewrites paths (`/a/../b`, percent-encoding) that
//! an indicator must keep exactly as the attacker wrote them. Only the
//! parts that are case-insensitive by definition (scheme, host) are
//! lower-cased. Internationalised names are left in Unicode (lower-cased),
//! not converted to punycode, for the same reason of leanness.

use super::{net, shown};
use crate::IndicatorError;
use std::ops::Range;

/// Where the parts of a `scheme://authority/rest` URL lie in its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UrlParts {
    pub(crate) scheme: String,
    /// The byte range of `userinfo@host:port`, just after `://`.
    pub(crate) authority: Range<usize>,
}

/// Splits a URL into its scheme and authority, or `None` if it does not
/// start with `scheme://`.
pub(crate) fn url_parts(text: &str) -> Option<UrlParts> {
    let sep = text.find("://")?;
    let scheme = &text[..sep];
    let mut bytes = scheme.bytes();
    let first_ok = bytes.next().is_some_and(|b| b.is_ascii_alphabetic());
    if !first_ok || !bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')) {
        return None;
    }
    let start = sep + 3;
    let end = text[start..]
        .find(['/', '?', '#'])
        .map_or(text.len(), |i| start + i);
    Some(UrlParts {
        scheme: scheme.to_owned(),
        authority: start..end,
    })
}

pub(crate) fn domain(text: &str) -> Result<String, IndicatorError> {
    let fail = |why: String| IndicatorError::invalid(format!("not a domain: {why}"));
    if text.contains("://") {
        return Err(fail(format!(
            "{} looks like a URL; use the url type",
            shown(text)
        )));
    }
    if text.contains('@') {
        return Err(fail(format!(
            "{} looks like an email address; use the email type",
            shown(text)
        )));
    }
    let name = dns_name(text).map_err(fail)?;
    if !name.contains('.') {
        return Err(fail(format!(
            "{} is a single label; a domain has at least two, as in example.com (use the host type for a bare name)",
            shown(&name)
        )));
    }
    let last = name.rsplit('.').next().unwrap_or_default();
    if last.bytes().all(|b| b.is_ascii_digit()) {
        return Err(fail(format!(
            "{} ends in a number, so it is an IP address or a typo, not a domain",
            shown(&name)
        )));
    }
    Ok(name)
}

/// A host or asset: an IP address (normalised as such) or a DNS or
/// NetBIOS-style name, lower-cased, which may be a single label.
pub(crate) fn host(text: &str) -> Result<String, IndicatorError> {
    if let Ok(address) = net::ipv6(text) {
        return Ok(address);
    }
    if text.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return net::ipv4(text);
    }
    dns_name(text).map_err(|why| IndicatorError::invalid(format!("not a host name: {why}")))
}

/// Checks and lower-cases a DNS name; the trailing root dot is dropped.
fn dns_name(text: &str) -> Result<String, String> {
    let name = text.strip_suffix('.').unwrap_or(text).to_lowercase();
    if name.len() > 253 {
        return Err(format!(
            "it is {} bytes long; at most 253 are allowed",
            name.len()
        ));
    }
    for label in name.split('.') {
        if label.is_empty() {
            return Err(format!(
                "{} has an empty label (two dots in a row, or a leading dot)",
                shown(text)
            ));
        }
        if label.len() > 63 {
            return Err(format!(
                "label {} is {} bytes long; at most 63 are allowed",
                shown(label),
                label.len()
            ));
        }
        if let Some(c) = label
            .chars()
            .find(|c| !(c.is_alphanumeric() || *c == '-' || *c == '_'))
        {
            return Err(format!(
                "{} contains {}, which a host name cannot",
                shown(text),
                describe(c)
            ));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(format!(
                "label {} starts or ends with a hyphen",
                shown(label)
            ));
        }
    }
    Ok(name)
}

fn describe(c: char) -> String {
    if c == ' ' {
        "a space".to_owned()
    } else {
        format!("`{c}`")
    }
}

/// Schemes whose empty path means `/`, so `http://a.example` and
/// `http://a.example/` are one indicator.
const HIERARCHICAL: [&str; 5] = ["http", "https", "ftp", "ws", "wss"];

pub(crate) fn url(text: &str) -> Result<String, IndicatorError> {
    let fail = |why: String| IndicatorError::invalid(format!("not a URL: {why}"));
    if let Some(c) = text.chars().find(|c| c.is_whitespace()) {
        return Err(fail(format!(
            "{} contains {}; percent-encode it (a space is %20)",
            shown(text),
            describe(c)
        )));
    }
    let Some(parts) = url_parts(text) else {
        return Err(fail(format!(
            "{} has no scheme; write it in full, as in http://evil.example/",
            shown(text)
        )));
    };
    let scheme = parts.scheme.to_ascii_lowercase();
    let authority = &text[parts.authority.clone()];
    let (userinfo, host_port) = match authority.rfind('@') {
        Some(i) => authority.split_at(i + 1),
        None => ("", authority),
    };
    let (host, port) = split_port(host_port).map_err(fail)?;
    if host.is_empty() {
        return Err(fail(format!("{} has no host", shown(text))));
    }
    let host = if host.starts_with('[') {
        format!("[{}]", net::ipv6(host)?)
    } else if host.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        net::ipv4(host)?
    } else {
        dns_name(host).map_err(|why| fail(format!("its host: {why}")))?
    };
    let mut rest = text[parts.authority.end..].to_owned();
    if !rest.starts_with('/') && HIERARCHICAL.contains(&scheme.as_str()) {
        rest.insert(0, '/');
    }
    Ok(format!("{scheme}://{userinfo}{host}{port}{rest}"))
}

/// `host:port` into `host` and `:port` (kept with its colon, or empty).
fn split_port(host_port: &str) -> Result<(&str, &str), String> {
    let port_at = if host_port.starts_with('[') {
        match host_port.find(']') {
            Some(close) => Some(close + 1).filter(|&i| i < host_port.len()),
            None => return Err(format!("{} opens [ without closing it", shown(host_port))),
        }
    } else {
        host_port.rfind(':')
    };
    let Some(at) = port_at else {
        return Ok((host_port, ""));
    };
    let (host, port) = host_port.split_at(at);
    let digits = port.strip_prefix(':').unwrap_or_default();
    if digits.is_empty() && port == ":" {
        return Ok((host, ""));
    }
    if !port.starts_with(':') || digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("port {} is not a number", shown(port)));
    }
    match digits.parse::<u16>() {
        Ok(_) => Ok((host, port)),
        Err(_) => Err(format!("port {digits} is above 65535")),
    }
}

pub(crate) fn email(text: &str) -> Result<String, IndicatorError> {
    let fail = |why: String| IndicatorError::invalid(format!("not an email address: {why}"));
    let text = strip_mailto(text);
    let Some((local, domain_part)) = text.rsplit_once('@') else {
        return Err(fail(format!("{} has no @", shown(text))));
    };
    if local.is_empty() {
        return Err(fail(format!("{} has nothing before the @", shown(text))));
    }
    if local.len() > 64 {
        return Err(fail(format!(
            "the part before the @ is {} bytes long; at most 64 are allowed",
            local.len()
        )));
    }
    if let Some(c) = local
        .chars()
        .find(|c| c.is_whitespace() || "<>()[],;:\"@\\".contains(*c))
    {
        return Err(fail(format!(
            "the part before the @ contains {}",
            describe(c)
        )));
    }
    let domain = domain(domain_part).map_err(|e| {
        fail(format!(
            "its domain: {}",
            e.to_string().trim_start_matches("not a domain: ")
        ))
    })?;
    Ok(format!("{local}@{domain}"))
}

fn strip_mailto(text: &str) -> &str {
    match text.get(..7) {
        Some(p) if p.eq_ignore_ascii_case("mailto:") => &text[7..],
        _ => text,
    }
}

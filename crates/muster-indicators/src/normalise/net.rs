//! IP addresses and CIDR blocks.
//!
//! IPv4 octets with a leading zero (`010.1.1.1`) are refused: `inet_aton`
//! and some browsers read them as octal (8.1.1.1) while others read decimal
//! (10.1.1.1), so any choice would silently match the wrong address.
//! A CIDR block with host bits set (`203.0.113.7/24`) is refused too, naming
//! its network: the writer may have meant the host or the network, and only
//! they know which.

use super::shown;
use crate::IndicatorError;
use std::net::{Ipv4Addr, Ipv6Addr};

pub(crate) fn ipv4(text: &str) -> Result<String, IndicatorError> {
    parse_ipv4(text).map(|a| a.to_string())
}

pub(crate) fn parse_ipv4(text: &str) -> Result<Ipv4Addr, IndicatorError> {
    let fail = |why: String| IndicatorError::invalid(format!("not an IPv4 address: {why}"));
    let parts: Vec<&str> = text.split('.').collect();
    if parts.len() != 4 {
        return Err(fail(format!(
            "{} has {} part{}; an IPv4 address has 4 octets separated by dots",
            shown(text),
            parts.len(),
            if parts.len() == 1 { "" } else { "s" }
        )));
    }
    let mut octets = [0u8; 4];
    for (slot, part) in octets.iter_mut().zip(&parts) {
        if part.is_empty() {
            return Err(fail(format!("{} has an empty octet", shown(text))));
        }
        if !part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(fail(format!("octet {} is not a number", shown(part))));
        }
        if part.len() > 1 && part.starts_with('0') {
            return Err(fail(format!(
                "octet {} has a leading zero, which some tools read as octal",
                shown(part)
            )));
        }
        let n: u32 = part.parse().unwrap_or(u32::MAX);
        *slot = u8::try_from(n).map_err(|_| fail(format!("octet {part} is above 255")))?;
    }
    Ok(Ipv4Addr::from(octets))
}

pub(crate) fn ipv6(text: &str) -> Result<String, IndicatorError> {
    parse_ipv6(text).map(|a| a.to_string())
}

/// Parsed by std, whose `Display` is the RFC 5952 canonical form (lower
/// case, longest zero run compressed, no leading zeros).
pub(crate) fn parse_ipv6(text: &str) -> Result<Ipv6Addr, IndicatorError> {
    let fail = |why: String| IndicatorError::invalid(format!("not an IPv6 address: {why}"));
    let bare = text
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .unwrap_or(text);
    if bare.contains('%') {
        return Err(fail(format!(
            "{} has a zone id (after %), which only means something on one host",
            shown(text)
        )));
    }
    if !bare.contains(':') {
        return Err(fail(format!(
            "{} has no colons; an IPv6 address is groups of hex digits separated by colons",
            shown(text)
        )));
    }
    bare.parse::<Ipv6Addr>().map_err(|_| {
        fail(format!(
            "{} is not eight groups of up to four hex digits (with at most one ::)",
            shown(text)
        ))
    })
}

pub(crate) fn cidr(text: &str) -> Result<String, IndicatorError> {
    let fail = |why: String| IndicatorError::invalid(format!("not a CIDR block: {why}"));
    let Some((address, prefix)) = text.split_once('/') else {
        return Err(fail(format!(
            "{} has no prefix length; write it as in 203.0.113.0/24",
            shown(text)
        )));
    };
    if prefix.is_empty() || !prefix.bytes().all(|b| b.is_ascii_digit()) || prefix.len() > 3 {
        return Err(fail(format!(
            "prefix length {} is not a number",
            shown(prefix)
        )));
    }
    let bits: u32 = prefix.parse().unwrap_or(u32::MAX);
    if address.contains(':') {
        let a = parse_ipv6(address)?;
        if bits > 128 {
            return Err(fail(format!("prefix length {bits} is above 128 for IPv6")));
        }
        let mask = if bits == 0 {
            0
        } else {
            u128::MAX << (128 - bits)
        };
        let network = Ipv6Addr::from(u128::from(a) & mask);
        if network != a {
            return Err(fail(format!(
                "{a}/{bits} has host bits set; its network is {network}/{bits}"
            )));
        }
        Ok(format!("{a}/{bits}"))
    } else {
        let a = parse_ipv4(address)?;
        if bits > 32 {
            return Err(fail(format!("prefix length {bits} is above 32 for IPv4")));
        }
        let mask = if bits == 0 {
            0
        } else {
            u32::MAX << (32 - bits)
        };
        let network = Ipv4Addr::from(u32::from(a) & mask);
        if network != a {
            return Err(fail(format!(
                "{a}/{bits} has host bits set; its network is {network}/{bits}"
            )));
        }
        Ok(format!("{a}/{bits}"))
    }
}

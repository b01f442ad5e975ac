//! Guessing the type of an untyped value, for bulk imports of bare lists.
//! The order matters: the narrowest forms (CVE ids, hashes by exact length,
//! addresses) are tried before the looser ones (URL, email, domain).

use crate::{IndicatorType, normalise};

/// The type `raw` most plausibly is, or `None` when nothing fits well
/// enough to guess (file names, accounts, processes and user agents are
/// never guessed: almost any text could be one).
pub fn guess_type(raw: &str) -> Option<IndicatorType> {
    let text = crate::refang(raw.trim());
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    // `get`, not slicing: the fourth byte may fall inside a character.
    if text
        .get(..4)
        .is_some_and(|p| p.eq_ignore_ascii_case("CVE-"))
    {
        return fits(IndicatorType::Cve, text);
    }
    if text.bytes().all(|b| b.is_ascii_hexdigit()) {
        let by_length = match text.len() {
            32 => Some(IndicatorType::Md5),
            40 => Some(IndicatorType::Sha1),
            64 => Some(IndicatorType::Sha256),
            128 => Some(IndicatorType::Sha512),
            _ => None,
        };
        if by_length.is_some() {
            return by_length;
        }
    }
    if text.contains('/') && !text.contains("://") {
        return fits(IndicatorType::Cidr, text);
    }
    if text.contains("://") {
        return fits(IndicatorType::Url, text);
    }
    if text.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return fits(IndicatorType::Ipv4, text);
    }
    if text.contains(':') && !text.contains('\\') {
        return fits(IndicatorType::Ipv6, text);
    }
    if text.contains('@') {
        return fits(IndicatorType::Email, text);
    }
    if text.contains('\\') {
        return fits(IndicatorType::RegistryKey, text);
    }
    fits(IndicatorType::Domain, text)
}

fn fits(ty: IndicatorType, text: &str) -> Option<IndicatorType> {
    normalise(&ty, text).is_ok().then_some(ty)
}

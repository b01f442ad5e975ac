//! Defanging: the bracketed forms analysts write so that a value cannot be
//! clicked by accident (`hxxp://evil[.]example`). Values are stored refanged,
//! so that lookups match however they were typed, and shown defanged
//! wherever a person might click them.

use crate::IndicatorType;
use crate::normalise::url_parts;

/// Bracketed forms and what they stand for, matched case-insensitively.
/// `[://]` and `[:]//` come from defanging schemes other than http(s).
const BRACKETED: [(&str, &str); 16] = [
    ("[.]", "."),
    ("(.)", "."),
    ("{.}", "."),
    ("[dot]", "."),
    ("(dot)", "."),
    ("{dot}", "."),
    ("[://]", "://"),
    ("[:]", ":"),
    ("(:)", ":"),
    ("[at]", "@"),
    ("(at)", "@"),
    ("{at}", "@"),
    ("[@]", "@"),
    ("(@)", "@"),
    ("{@}", "@"),
    ("[/]", "/"),
];

/// Defanged scheme spellings at the start of a URL (after the brackets are
/// undone, so `hxxp[:]//` is caught as `hxxp://`).
const SCHEMES: [(&str, &str); 3] = [
    ("hxxps://", "https://"),
    ("hxxp://", "http://"),
    ("fxp://", "ftp://"),
];

/// Undoes defanging: bracketed dots, colons and at-signs, and `hxxp(s)://`.
/// Text without any of these comes back unchanged.
pub fn refang(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(pos) = rest.find(['[', '(', '{']) {
        out.push_str(&rest[..pos]);
        let tail = &rest[pos..];
        match BRACKETED
            .iter()
            .find(|(from, _)| starts_with_ignore_case(tail, from))
        {
            Some((from, to)) => {
                out.push_str(to);
                rest = &tail[from.len()..];
            }
            None => {
                out.push_str(&tail[..1]);
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    for (from, to) in SCHEMES {
        if starts_with_ignore_case(&out, from) {
            out.replace_range(..from.len(), to);
            break;
        }
    }
    out
}

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// The value as a person should see it where it might be clicked: URLs,
/// domains, hosts with dots, email addresses and IP addresses are defanged;
/// every other type is shown as it is. `value` is a normalised value.
pub fn defang(ty: &IndicatorType, value: &str) -> String {
    match ty {
        IndicatorType::Url => defang_url(value),
        IndicatorType::Domain | IndicatorType::Host => value.replace('.', "[.]"),
        IndicatorType::Email => match value.rsplit_once('@') {
            Some((local, domain)) => format!("{local}[@]{}", domain.replace('.', "[.]")),
            None => value.to_owned(),
        },
        IndicatorType::Ipv4 | IndicatorType::Ipv6 => defang_address(value),
        IndicatorType::Cidr => match value.split_once('/') {
            Some((address, prefix)) => format!("{}/{prefix}", defang_address(address)),
            None => defang_address(value),
        },
        _ => value.to_owned(),
    }
}

/// Breaks the last separator only (`203.0.113[.]7`, `2001:db8::[:]7`): enough
/// that no client links it, while the address stays readable.
fn defang_address(address: &str) -> String {
    let separator = if address.contains(':') { ':' } else { '.' };
    match address.rfind(separator) {
        Some(i) => format!("{}[{separator}]{}", &address[..i], &address[i + 1..]),
        None => address.to_owned(),
    }
}

fn defang_url(value: &str) -> String {
    let Some(parts) = url_parts(value) else {
        return value.replace('.', "[.]");
    };
    let scheme = match parts.scheme.to_ascii_lowercase().as_str() {
        "http" => "hxxp://".to_owned(),
        "https" => "hxxps://".to_owned(),
        "ftp" => "fxp://".to_owned(),
        other => format!("{other}[://]"),
    };
    let authority = &value[parts.authority.clone()];
    let host_start = authority.rfind('@').map_or(0, |i| i + 1);
    let (userinfo, host) = authority.split_at(host_start);
    let host = if host.starts_with('[') {
        host.to_owned()
    } else {
        host.replace('.', "[.]")
    };
    format!("{scheme}{userinfo}{host}{}", &value[parts.authority.end..])
}

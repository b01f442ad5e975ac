//! How each indicator type is written in STIX 2.1: as a pattern for an
//! `indicator`, and as a cyber-observable object (SCO) for observed data.
//! Hosts (the organisation's own assets) and organisation-defined types
//! have no STIX form and are not exported to STIX; CVE ids become
//! `vulnerability` objects instead of patterns.

use crate::{IndicatorType, Tlp};
use serde_json::{Value as Json, json};
use uuid::Uuid;

/// The namespace STIX 2.1 (section 2.9) fixes for deterministic SCO ids.
const SCO_NAMESPACE: Uuid = Uuid::from_u128(0x00ab_edb4_aa42_466c_9c01_fed2_3315_a9b7);

/// The object path a type's value is compared on, or `None` when STIX
/// patterning cannot express it.
fn pattern_path(ty: &IndicatorType, value: &str) -> Option<&'static str> {
    use IndicatorType as T;
    Some(match ty {
        T::Ipv4 => "ipv4-addr:value",
        T::Ipv6 => "ipv6-addr:value",
        T::Cidr if value.contains(':') => "ipv6-addr:value",
        T::Cidr => "ipv4-addr:value",
        T::Domain => "domain-name:value",
        T::Url => "url:value",
        T::Email => "email-addr:value",
        T::Md5 => "file:hashes.MD5",
        T::Sha1 => "file:hashes.'SHA-1'",
        T::Sha256 => "file:hashes.'SHA-256'",
        T::Sha512 => "file:hashes.'SHA-512'",
        T::FileName => "file:name",
        T::RegistryKey => "windows-registry-key:key",
        T::Account => "user-account:user_id",
        // A bare image name or a whole command line, whichever was recorded.
        T::Process if value.contains(char::is_whitespace) => "process:command_line",
        T::Process => "process:image_ref.name",
        T::UserAgent => "network-traffic:extensions.'http-request-ext'.request_header.'User-Agent'",
        T::Host | T::Cve | T::Custom { .. } => return None,
    })
}

/// The STIX pattern matching exactly this value, or `None` for types STIX
/// patterning cannot express (host, cve, organisation-defined types).
pub fn stix_pattern(ty: &IndicatorType, value: &str) -> Option<String> {
    let path = pattern_path(ty, value)?;
    let quoted = value.replace('\\', "\\\\").replace('\'', "\\'");
    Some(format!("[{path} = '{quoted}']"))
}

/// The SCO for a value, with its deterministic id, or `None` when the type
/// has no observable object (process needs a running process's details,
/// user agents a whole network connection).
pub(crate) fn sco(ty: &IndicatorType, value: &str, tlp: Tlp) -> Option<Json> {
    use IndicatorType as T;
    let (kind, property, inner): (&str, &str, Json) = match ty {
        T::Ipv4 => ("ipv4-addr", "value", json!(value)),
        T::Ipv6 => ("ipv6-addr", "value", json!(value)),
        T::Cidr if value.contains(':') => ("ipv6-addr", "value", json!(value)),
        T::Cidr => ("ipv4-addr", "value", json!(value)),
        T::Domain => ("domain-name", "value", json!(value)),
        T::Url => ("url", "value", json!(value)),
        T::Email => ("email-addr", "value", json!(value)),
        T::Md5 => ("file", "hashes", json!({ "MD5": value })),
        T::Sha1 => ("file", "hashes", json!({ "SHA-1": value })),
        T::Sha256 => ("file", "hashes", json!({ "SHA-256": value })),
        T::Sha512 => ("file", "hashes", json!({ "SHA-512": value })),
        T::FileName => ("file", "name", json!(value)),
        T::RegistryKey => ("windows-registry-key", "key", json!(value)),
        T::Account => ("user-account", "user_id", json!(value)),
        _ => return None,
    };
    // The id-contributing properties in canonical JSON (RFC 8785): one
    // property, and at most one nested key, so writing it by hand is exact
    // whatever map order serde_json was built with.
    let canonical = match &inner {
        Json::Object(map) => {
            let (k, v) = map.iter().next()?;
            format!("{{{}:{{{}:{}}}}}", json!(property), json!(k), v)
        }
        other => format!("{{{}:{other}}}", json!(property)),
    };
    let id = format!(
        "{kind}--{}",
        Uuid::new_v5(&SCO_NAMESPACE, canonical.as_bytes())
    );
    let mut object = json!({
        "type": kind,
        "spec_version": "2.1",
        "id": id,
        "object_marking_refs": [tlp.stix_marking_id()],
    });
    object[property] = inner;
    Some(object)
}

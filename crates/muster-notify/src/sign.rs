//! Outbound webhook signatures. Every delivery carries
//!
//! ```text
//! Muster-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>." + body)>
//! Muster-Delivery: <outbox row id, stable across retries>
//! Muster-Event: <event kind>
//! ```
//!
//! The receiver recomputes the HMAC over the timestamp, a dot and the raw
//! body with the subscription's secret, compares in constant time, and
//! refuses a timestamp more than five minutes old (so a captured delivery
//! cannot be replayed). The delivery id lets it ignore a retry it already took.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

pub const SIGNATURE_HEADER: &str = "Muster-Signature";
pub const DELIVERY_HEADER: &str = "Muster-Delivery";
pub const EVENT_HEADER: &str = "Muster-Event";
/// Receivers should refuse deliveries signed longer ago than this.
pub const TOLERANCE_SECS: i64 = 300;

fn mac(secret: &str, timestamp: i64, body: &[u8]) -> Hmac<Sha256> {
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret.as_bytes()) {
        Ok(m) => m,
        Err(_) => unreachable!("HMAC takes keys of any length"),
    };
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

/// The `Muster-Signature` header value for `body` sent at `timestamp`.
pub fn signature(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let digest = mac(secret, timestamp, body).finalize().into_bytes();
    format!("t={timestamp},v1={}", hex::encode(digest))
}

/// What a receiver does: true when `header` signs `body` with `secret` and is
/// no older than [`TOLERANCE_SECS`] at `now` (Unix seconds).
pub fn verify(secret: &str, header: &str, body: &[u8], now: i64) -> bool {
    let mut t = None;
    let mut v1 = None;
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", v)) => t = v.parse::<i64>().ok(),
            Some(("v1", v)) => v1 = hex::decode(v).ok(),
            _ => {}
        }
    }
    let (Some(t), Some(v1)) = (t, v1) else {
        return false;
    };
    (now - t).abs() <= TOLERANCE_SECS && mac(secret, t, body).verify_slice(&v1).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_verify_only_unchanged_and_fresh() {
        let body = br#"{"kind":"note-added"}"#;
        let h = signature("s3cret", 1_800_000_000, body);
        assert!(h.starts_with("t=1800000000,v1="));
        assert!(verify("s3cret", &h, body, 1_800_000_100));
        assert!(!verify("other", &h, body, 1_800_000_100), "wrong secret");
        assert!(!verify("s3cret", &h, b"{}", 1_800_000_100), "changed body");
        assert!(!verify("s3cret", &h, body, 1_800_000_301), "stale");
        assert!(
            !verify("s3cret", "v1=00", body, 1_800_000_000),
            "no timestamp"
        );
    }
}

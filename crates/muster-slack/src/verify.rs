//! Slack's request signatures (api.slack.com/authentication/verifying-requests-from-slack):
//! `X-Slack-Signature: v0=<hex HMAC-SHA256(signing secret, "v0:" + X-Slack-Request-Timestamp + ":" + raw body)>`.
//! A timestamp more than five minutes from now is refused, so a captured
//! request cannot be replayed later; the comparison is constant-time.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// How far a request's timestamp may be from our clock.
pub const MAX_SKEW_SECS: i64 = 5 * 60;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    #[error("the request has no {0} header")]
    Missing(&'static str),
    #[error("X-Slack-Request-Timestamp is not a Unix time in seconds")]
    BadTimestamp,
    #[error("the request is stale: its timestamp is more than five minutes from now")]
    Stale,
    #[error("the X-Slack-Signature does not match the body")]
    BadSignature,
}

/// The `v0=…` signature of `body` sent at `timestamp`.
pub fn sign(secret: &str, timestamp: &str, body: &[u8]) -> String {
    let mut mac = mac(secret);
    mac.update(b"v0:");
    mac.update(timestamp.as_bytes());
    mac.update(b":");
    mac.update(body);
    format!("v0={}", hex::encode(mac.finalize().into_bytes()))
}

fn mac(secret: &str) -> Hmac<Sha256> {
    // HMAC accepts a key of any length, so this cannot fail.
    match Hmac::<Sha256>::new_from_slice(secret.as_bytes()) {
        Ok(m) => m,
        Err(_) => unreachable!("HMAC takes keys of any length"),
    }
}

/// Checks a request's headers against its raw body at `now` (Unix seconds).
pub fn verify(
    secret: &str,
    timestamp: Option<&str>,
    signature: Option<&str>,
    body: &[u8],
    now: i64,
) -> Result<(), VerifyError> {
    let timestamp = timestamp.ok_or(VerifyError::Missing("X-Slack-Request-Timestamp"))?;
    let signature = signature.ok_or(VerifyError::Missing("X-Slack-Signature"))?;
    let sent: i64 = timestamp
        .trim()
        .parse()
        .map_err(|_| VerifyError::BadTimestamp)?;
    if (now - sent).abs() > MAX_SKEW_SECS {
        return Err(VerifyError::Stale);
    }
    let hex_sig = signature
        .strip_prefix("v0=")
        .ok_or(VerifyError::BadSignature)?;
    let given = hex::decode(hex_sig).map_err(|_| VerifyError::BadSignature)?;
    let mut mac = mac(secret);
    mac.update(b"v0:");
    mac.update(timestamp.as_bytes());
    mac.update(b":");
    mac.update(body);
    // verify_slice compares in constant time.
    mac.verify_slice(&given)
        .map_err(|_| VerifyError::BadSignature)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The worked example from Slack's documentation.
    #[test]
    fn slacks_documented_example_verifies() {
        let secret = "8f742231b10e8888abcd99yyyzzz85a5";
        let ts = "1531420618";
        let body = b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
        let sig = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
        assert_eq!(sign(secret, ts, body), sig);
        assert_eq!(
            verify(secret, Some(ts), Some(sig), body, 1531420618),
            Ok(())
        );
        assert_eq!(
            verify(secret, Some(ts), Some(sig), body, 1531420618 + 301),
            Err(VerifyError::Stale)
        );
        assert_eq!(
            verify("wrong", Some(ts), Some(sig), body, 1531420618),
            Err(VerifyError::BadSignature)
        );
        assert_eq!(
            verify(secret, None, Some(sig), body, 0),
            Err(VerifyError::Missing("X-Slack-Request-Timestamp"))
        );
        assert_eq!(
            verify(secret, Some("soon"), Some(sig), body, 0),
            Err(VerifyError::BadTimestamp)
        );
    }
}

//! RFC 3161 timestamps of the transparency log's checkpoints (issue 12): a
//! third party, the timestamp authority (TSA), signs that a checkpoint
//! existed at a time, so that not even the holder of the log's key can later
//! back-date a checkpoint. Each checkpoint's witness row enqueues one
//! `timestamp` row; delivering it sends a `TimeStampReq` over SHA-256 of the
//! checkpoint's signed-note bytes, POSTed as `application/timestamp-query`,
//! checks the answer is a granted token for exactly that digest and nonce,
//! and stores the TSA's reply (the DER `TimeStampResp`, which holds the
//! token) beside the checkpoint, byte for byte as it came. A TSA that is down or refuses
//! is retried with the outbox's backoff, and the checkpoint stands signed
//! meanwhile.
//!
//! The TSA's signature inside the token is not checked here: whoever relies
//! on the token checks it against the TSA's certificate, as `openssl ts
//! -verify` does (docs/log-format.md §9).

use crate::deliver::Outcome;
use crate::jobs;
use crate::worker::Notifier;
use cmpv2::status::PkiStatus;
use cms::cert::x509::spki::AlgorithmIdentifier;
use cms::content_info::ContentInfo;
use cms::signed_data::SignedData;
use der::asn1::{Int, OctetString};
use der::oid::ObjectIdentifier;
use der::{Any, Decode, Encode};
use muster_store::OutboxItem;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use x509_tsp::{MessageImprint, TimeStampReq, TimeStampResp, TspVersion, TstInfo};

/// The outbox channel of a checkpoint's timestamp request.
pub const TIMESTAMP: &str = "timestamp";

const SHA_256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
const SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
const TST_INFO: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.4");

/// The row: which checkpoint to timestamp (its bytes are read from the store).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimestampJob {
    pub size: u64,
}

/// The DER `TimeStampReq` for `data`, asking for the TSA's certificate in
/// the token so that it verifies on its own; `nonce` ties the answer to it.
pub fn request(data: &[u8], nonce: u64) -> Result<Vec<u8>, String> {
    let mut nonce = nonce.to_be_bytes();
    // Positive and minimal whatever the random bits: DER wants both.
    nonce[0] = (nonce[0] & 0x7f) | 0x40;
    let req = TimeStampReq {
        version: TspVersion::V1,
        message_imprint: imprint(data)?,
        req_policy: None,
        nonce: Some(Int::new(&nonce).map_err(|e| e.to_string())?),
        cert_req: true,
        extensions: None,
    };
    req.to_der()
        .map_err(|e| format!("encoding the request: {e}"))
}

fn imprint(data: &[u8]) -> Result<MessageImprint, String> {
    Ok(MessageImprint {
        hash_algorithm: spki_sha256(),
        hashed_message: OctetString::new(Sha256::digest(data).to_vec())
            .map_err(|e| e.to_string())?,
    })
}

fn spki_sha256() -> AlgorithmIdentifier<Any> {
    AlgorithmIdentifier {
        oid: SHA_256,
        parameters: Some(Any::null()),
    }
}

/// Why an answer is not a token for the request: said in words, for the
/// outbox row's last error and the log.
fn refused(what: impl std::fmt::Display) -> String {
    format!("the timestamp authority's answer is not a token for this checkpoint: {what}")
}

/// Checks the TSA's DER `TimeStampResp` is granted and holds a token that
/// stamps exactly `data` with the request's nonce.
pub fn check(response: &[u8], request: &[u8], data: &[u8]) -> Result<(), String> {
    let resp = TimeStampResp::from_der(response).map_err(refused)?;
    if !matches!(
        resp.status.status,
        PkiStatus::Accepted | PkiStatus::GrantedWithMods
    ) {
        let said: Vec<&str> = resp
            .status
            .status_string
            .iter()
            .flatten()
            .map(|s| s.as_str())
            .collect();
        return Err(format!(
            "the timestamp authority refused the request ({:?}{}{})",
            resp.status.status,
            if said.is_empty() { "" } else { ": " },
            said.join("; ")
        ));
    }
    let token = resp
        .time_stamp_token
        .ok_or_else(|| refused("it was granted but carries no token"))?;
    let info = tst_info(&token)?;
    let asked = TimeStampReq::from_der(request).map_err(|e| e.to_string())?;
    // The digest and its algorithm; a TSA may spell the algorithm's absent
    // parameters either way.
    let stamped = &info.message_imprint;
    if stamped.hash_algorithm.oid != SHA_256
        || stamped.hashed_message != imprint(data)?.hashed_message
    {
        return Err(refused("it stamps another digest"));
    }
    if info.nonce != asked.nonce {
        return Err(refused("its nonce is not the request's"));
    }
    Ok(())
}

/// The `TSTInfo` a token signs.
fn tst_info(token: &ContentInfo) -> Result<TstInfo, String> {
    if token.content_type != SIGNED_DATA {
        return Err(refused("the token is not CMS signed data"));
    }
    let signed =
        SignedData::from_der(&token.content.to_der().map_err(refused)?).map_err(refused)?;
    if signed.encap_content_info.econtent_type != TST_INFO {
        return Err(refused("the signed content is not a TSTInfo"));
    }
    let content = signed
        .encap_content_info
        .econtent
        .ok_or_else(|| refused("the signed content is missing"))?;
    let octets = OctetString::from_der(&content.to_der().map_err(refused)?).map_err(refused)?;
    TstInfo::from_der(octets.as_bytes()).map_err(refused)
}

/// Delivers a `timestamp` row: asks the configured TSA and stores the token.
pub async fn deliver(n: &Notifier, item: &OutboxItem) -> Outcome {
    let Some(url) = &n.settings.witnesses.tsa_url else {
        return Outcome::Cancel("no timestamp authority is configured (MUSTER_TSA_URL)".into());
    };
    let job: TimestampJob = match jobs::read(item) {
        Ok(job) => job,
        Err(e) => return Outcome::Fail(e),
    };
    let checkpoint = match n.app.checkpoint(job.size).await {
        Ok(Some(c)) => c,
        Ok(None) => return Outcome::Fail(format!("no checkpoint of size {}", job.size)),
        Err(e) => return Outcome::Retry(e.to_string()),
    };
    if checkpoint.timestamp_token.is_some() {
        return Outcome::Delivered(Default::default());
    }
    let mut nonce = [0u8; 8];
    if let Err(e) = getrandom::fill(&mut nonce) {
        return Outcome::Retry(format!("no randomness for the nonce: {e}"));
    }
    let data = checkpoint.note.as_bytes();
    let req = match request(data, u64::from_be_bytes(nonce)) {
        Ok(req) => req,
        Err(e) => return Outcome::Fail(e),
    };
    let sent = n
        .http
        .post(url)
        .header("content-type", "application/timestamp-query")
        .header("accept", "application/timestamp-reply")
        .body(req.clone())
        .send()
        .await;
    let body = match sent {
        Ok(res) if res.status().is_success() => match res.bytes().await {
            Ok(body) => body,
            Err(e) => return Outcome::Retry(format!("{url}: {e}")),
        },
        Ok(res) => return Outcome::Retry(format!("{url} answered HTTP {}", res.status())),
        Err(e) => return Outcome::Retry(format!("{url}: {e}")),
    };
    if let Err(e) = check(&body, &req, data) {
        return Outcome::Retry(format!("{url}: {e}"));
    }
    // The TSA's reply exactly as it came: `openssl ts -verify -in` reads it.
    match n.app.record_timestamp(job.size, &body).await {
        Ok(_) => {
            tracing::info!(size = job.size, tsa = %url, "timestamped a checkpoint of the log");
            Outcome::Delivered(Default::default())
        }
        Err(e) => Outcome::Retry(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_asks_for_sha256_of_the_bytes_with_a_positive_nonce() {
        let der = request(b"muster/test\n7\nroot\n", u64::MAX).expect("request");
        let req = TimeStampReq::from_der(&der).expect("decodes");
        assert_eq!(req.message_imprint.hash_algorithm.oid, SHA_256);
        assert_eq!(
            req.message_imprint.hashed_message.as_bytes(),
            Sha256::digest(b"muster/test\n7\nroot\n").as_slice()
        );
        assert!(req.cert_req, "the token carries the TSA's certificate");
        let nonce = req.nonce.expect("nonce");
        assert_eq!(nonce.as_bytes().len(), 8);
        assert!(nonce.as_bytes()[0] & 0x80 == 0, "positive");
    }

    #[test]
    fn a_refusal_or_garbage_is_named_not_stored() {
        let req = request(b"note", 7).expect("request");
        let refusal = TimeStampResp {
            status: cmpv2::status::PkiStatusInfo {
                status: PkiStatus::Rejection,
                status_string: Some(vec![
                    der::asn1::Utf8StringRef::new("bad digest").expect("utf8"),
                ]),
                fail_info: None,
            },
            time_stamp_token: None,
        }
        .to_der()
        .expect("encode");
        let err = check(&refusal, &req, b"note").expect_err("refused");
        assert!(
            err.contains("refused") && err.contains("bad digest"),
            "{err}"
        );
        let granted_empty = TimeStampResp {
            status: cmpv2::status::PkiStatusInfo {
                status: PkiStatus::Accepted,
                status_string: None,
                fail_info: None,
            },
            time_stamp_token: None,
        }
        .to_der()
        .expect("encode");
        let err = check(&granted_empty, &req, b"note").expect_err("no token");
        assert!(err.contains("no token"), "{err}");
        let err = check(b"<html>503</html>", &req, b"note").expect_err("garbage");
        assert!(err.contains("not a token"), "{err}");
    }
}

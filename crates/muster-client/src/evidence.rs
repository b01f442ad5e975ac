//! Evidence files (issue 11): upload streamed from a channel the caller
//! fills (the CLI reads the file from disk into it, a piece at a time, so a
//! large file is never held in memory), download read back a chunk at a
//! time, and verify.

use crate::{Client, ClientError};
use bytes::Bytes;
use http_body::Frame;
use muster_api::{CommandResponse, EvidenceUploadQuery, EvidenceVerifyReport};
use reqwest::Method;
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::sync::mpsc;

/// A request body that streams what its [`mpsc::Sender`] sends; an `Err`
/// sent aborts the upload.
pub struct UploadBody {
    rx: mpsc::Receiver<std::io::Result<Bytes>>,
}

impl UploadBody {
    /// A body and the sender that feeds it, holding at most `depth` pieces.
    pub fn channel(depth: usize) -> (mpsc::Sender<std::io::Result<Bytes>>, UploadBody) {
        let (tx, rx) = mpsc::channel(depth);
        (tx, UploadBody { rx })
    }
}

impl http_body::Body for UploadBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        self.rx
            .poll_recv(cx)
            .map(|piece| piece.map(|r| r.map(Frame::data)))
    }
}

/// A file on its way down, read with [`Download::chunk`].
pub struct Download {
    /// The name the server gave it (`Content-Disposition`), if any.
    pub file_name: Option<String>,
    /// The SHA-256 the register recorded (`X-Muster-Sha256`).
    pub sha256: Option<String>,
    response: reqwest::Response,
}

impl Download {
    /// The next piece of the file; `None` at its end.
    pub async fn chunk(&mut self) -> Result<Option<Bytes>, ClientError> {
        self.response.chunk().await.map_err(ClientError::Transport)
    }
}

impl Client {
    /// Uploads a file as evidence on `reference`, its bytes streamed from `body`.
    pub async fn upload_evidence(
        &self,
        reference: &str,
        query: &EvidenceUploadQuery,
        body: UploadBody,
    ) -> Result<CommandResponse, ClientError> {
        let req = self
            .api(
                Method::POST,
                &["incidents", reference, "evidence", "upload"],
            )
            .query(query)
            .header(reqwest::header::CONTENT_TYPE, "application/octet-stream")
            .body(reqwest::Body::wrap(body));
        self.json(req).await
    }

    /// Starts downloading the file of item `evidence`.
    pub async fn download_evidence(
        &self,
        reference: &str,
        evidence: &str,
    ) -> Result<Download, ClientError> {
        let req = self.api(
            Method::GET,
            &["incidents", reference, "evidence", evidence, "file"],
        );
        let response = self.execute(req).await?;
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        Ok(Download {
            file_name: header("content-disposition").and_then(|d| disposition_name(&d)),
            sha256: header("x-muster-sha256"),
            response,
        })
    }

    /// Re-hashes the stored files of `reference`, or of every incident the
    /// caller may see.
    pub async fn verify_evidence(
        &self,
        reference: Option<&str>,
    ) -> Result<EvidenceVerifyReport, ClientError> {
        let req = match reference {
            Some(r) => self.api(Method::GET, &["incidents", r, "evidence", "verify"]),
            None => self.api(Method::GET, &["evidence", "verify"]),
        };
        self.json(req).await
    }
}

/// The file name of a `Content-Disposition` header: `filename*=UTF-8''…`
/// (percent-decoded) when present, else `filename="…"`.
pub fn disposition_name(header: &str) -> Option<String> {
    let mut plain = None;
    for part in header.split(';').map(str::trim) {
        if let Some(v) = part.strip_prefix("filename*=UTF-8''") {
            return percent_decode(v);
        }
        if let Some(v) = part.strip_prefix("filename=") {
            plain = Some(v.trim_matches('"').to_owned());
        }
    }
    plain
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::disposition_name;

    #[test]
    fn the_exact_name_wins_over_the_fallback() {
        assert_eq!(
            disposition_name("attachment; filename=\"caf_.eml\"; filename*=UTF-8''caf%C3%A9.eml")
                .as_deref(),
            Some("café.eml")
        );
        assert_eq!(
            disposition_name("attachment; filename=\"a.bin\"").as_deref(),
            Some("a.bin")
        );
        assert_eq!(disposition_name("attachment; filename*=UTF-8''%ZZ"), None);
    }
}

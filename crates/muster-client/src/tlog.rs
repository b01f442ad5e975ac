//! The transparency log's routes (issue 12).

use crate::{Client, ClientError};
use muster_api::{CheckpointList, CheckpointView, ConsistencyProofView, InclusionProofView};
use reqwest::Method;

impl Client {
    /// `GET /api/log/key`: the verifier key text (without its newline).
    pub async fn log_key(&self) -> Result<String, ClientError> {
        let text = self.text(self.api(Method::GET, &["log", "key"])).await?;
        Ok(text.trim_end_matches('\n').to_owned())
    }

    /// `GET /api/log/checkpoint`: the latest signed note, byte for byte.
    pub async fn log_checkpoint(&self) -> Result<String, ClientError> {
        self.text(self.api(Method::GET, &["log", "checkpoint"]))
            .await
    }

    /// `GET /api/log/checkpoints?after=SIZE`.
    pub async fn log_checkpoints(&self, after: u64) -> Result<CheckpointList, ClientError> {
        let req = self.api(Method::GET, &["log", "checkpoints"]);
        self.json(req.query(&[("after", after)])).await
    }

    /// `POST /api/log/checkpoints`: sign one now (administrators).
    pub async fn sign_checkpoint(&self) -> Result<CheckpointView, ClientError> {
        self.json(self.api(Method::POST, &["log", "checkpoints"]))
            .await
    }

    /// `GET /api/log/proof/inclusion?incident=REF&seq=N[&size=S]`.
    pub async fn log_proof(
        &self,
        reference: &str,
        seq: u64,
        size: Option<u64>,
    ) -> Result<InclusionProofView, ClientError> {
        let seq = seq.to_string();
        let mut req = self.api(Method::GET, &["log", "proof", "inclusion"]);
        req = req.query(&[("incident", reference), ("seq", &seq)]);
        if let Some(size) = size {
            req = req.query(&[("size", size)]);
        }
        self.json(req).await
    }

    /// `GET /api/log/proof/consistency?from=M&to=N`.
    pub async fn log_consistency(
        &self,
        from: u64,
        to: u64,
    ) -> Result<ConsistencyProofView, ClientError> {
        let req = self.api(Method::GET, &["log", "proof", "consistency"]);
        self.json(req.query(&[("from", from), ("to", to)])).await
    }
}

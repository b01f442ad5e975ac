//! Regulatory obligations: an incident's obligations and clocks, a draft of
//! a stage's notification, the breach register and the rules in force.

use crate::{Client, ClientError};
use muster_api::{ClockView, DraftRequest, DraftView, ObligationView, RegisterEntry, RuleView};
use reqwest::Method;

/// Which incidents the breach register lists.
#[derive(Debug, Clone, Default)]
pub struct RegisterFilter {
    pub from: Option<String>,
    pub to: Option<String>,
    pub regime: Option<String>,
}

impl RegisterFilter {
    fn query(&self, format: &str) -> Vec<(&'static str, String)> {
        let mut q = vec![("format", format.to_owned())];
        for (k, v) in [
            ("from", &self.from),
            ("to", &self.to),
            ("regime", &self.regime),
        ] {
            if let Some(v) = v {
                q.push((k, v.clone()));
            }
        }
        q
    }
}

impl Client {
    pub async fn obligations(&self, reference: &str) -> Result<Vec<ObligationView>, ClientError> {
        self.json(self.api(Method::GET, &["incidents", reference, "obligations"]))
            .await
    }

    pub async fn clocks(&self, reference: &str) -> Result<Vec<ClockView>, ClientError> {
        self.json(self.api(Method::GET, &["incidents", reference, "clocks"]))
            .await
    }

    pub async fn draft_notification(
        &self,
        reference: &str,
        regime: &str,
        stage: &str,
        req: &DraftRequest,
    ) -> Result<DraftView, ClientError> {
        let r = self.api(
            Method::POST,
            &[
                "incidents",
                reference,
                "obligations",
                regime,
                stage,
                "draft",
            ],
        );
        self.json(r.json(req)).await
    }

    pub async fn register(
        &self,
        filter: &RegisterFilter,
    ) -> Result<Vec<RegisterEntry>, ClientError> {
        let r = self
            .api(Method::GET, &["register"])
            .query(&filter.query("json"));
        self.json(r).await
    }

    /// The register as CSV, byte for byte as the server wrote it.
    pub async fn register_csv(&self, filter: &RegisterFilter) -> Result<String, ClientError> {
        let r = self
            .api(Method::GET, &["register"])
            .query(&filter.query("csv"));
        self.text(r).await
    }

    pub async fn rules(&self) -> Result<Vec<RuleView>, ClientError> {
        self.json(self.api(Method::GET, &["rules"])).await
    }
}

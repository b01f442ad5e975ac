//! Indicators (issue 11): the incident's indicators and timeline, imports,
//! the cross-incident lookup and the STIX/MISP exports.

use crate::{Client, ClientError};
use muster_api::{ImportResponse, IndicatorsView, SeenResponse};
use reqwest::Method;

impl Client {
    /// The incident's indicators and the attacker's timeline.
    pub async fn indicators(&self, reference: &str) -> Result<IndicatorsView, ClientError> {
        self.json(self.api(Method::GET, &["incidents", reference, "indicators"]))
            .await
    }

    /// Imports a CSV file, STIX 2.1 bundle or MISP event (by content).
    pub async fn import_indicators(
        &self,
        reference: &str,
        file: Vec<u8>,
    ) -> Result<ImportResponse, ClientError> {
        let req = self
            .api(
                Method::POST,
                &["incidents", reference, "indicators", "import"],
            )
            .header(reqwest::header::CONTENT_TYPE, "application/octet-stream")
            .body(file);
        self.json(req).await
    }

    /// Every incident the caller may see holding `value` (of type `ty`, or guessed).
    pub async fn seen(&self, value: &str, ty: Option<&str>) -> Result<SeenResponse, ClientError> {
        let mut query = vec![("value", value)];
        if let Some(ty) = ty {
            query.push(("type", ty));
        }
        self.json(self.api(Method::GET, &["indicators", "seen"]).query(&query))
            .await
    }

    /// The indicators as a STIX 2.1 bundle (`stix`) or MISP event (`misp`),
    /// nothing above `tlp` (the server's default when `None`).
    pub async fn export_indicators(
        &self,
        reference: &str,
        format: &str,
        tlp: Option<&str>,
    ) -> Result<serde_json::Value, ClientError> {
        let mut query = vec![("format", format)];
        if let Some(tlp) = tlp {
            query.push(("tlp", tlp));
        }
        self.json(
            self.api(Method::GET, &["incidents", reference, "export"])
                .query(&query),
        )
        .await
    }
}

impl Client {
    /// The incident's evidence register with each item's chain of custody.
    pub async fn evidence(
        &self,
        reference: &str,
    ) -> Result<muster_api::EvidenceRegister, ClientError> {
        self.json(self.api(Method::GET, &["incidents", reference, "evidence"]))
            .await
    }

    /// Replaces the organisation's ATT&CK catalogue with MITRE's bundle.
    pub async fn import_attack_catalogue(
        &self,
        bundle: Vec<u8>,
    ) -> Result<muster_api::AttackImportResponse, ClientError> {
        let req = self
            .api(Method::PUT, &["attack"])
            .header(reqwest::header::CONTENT_TYPE, "application/octet-stream")
            .body(bundle);
        self.json(req).await
    }

    /// The organisation's ATT&CK catalogue.
    pub async fn attack_catalogue(&self) -> Result<muster_api::AttackCatalogueView, ClientError> {
        self.json(self.api(Method::GET, &["attack"])).await
    }
}

//! The typed client for Muster's JSON API: one method per route, the request
//! and response types from `muster-api`, so the client and the server cannot
//! drift apart. The CLI and the server's integration tests both drive it.
#![forbid(unsafe_code)]

mod error;
mod evidence;
mod indicators;
mod obligations;
mod sse;
mod tlog;

pub use error::ClientError;
pub use evidence::{Download, UploadBody, disposition_name};
pub use obligations::RegisterFilter;

use futures::Stream;
use muster_api::*;
use muster_domain::LogEntry;
use muster_domain::vocab::ReportStatus;
use reqwest::{Method, RequestBuilder, Response, Url};
use serde::de::DeserializeOwned;
use std::pin::Pin;
use std::time::Duration;
use uuid::Uuid;

/// Live log entries as the server appends them.
pub type EntryStream = Pin<Box<dyn Stream<Item = Result<LogEntry, ClientError>> + Send>>;

/// A connection to one Muster server, as one person (their API token).
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base: Url,
    token: Option<String>,
}

impl Client {
    /// `base_url` is where the server listens, e.g. `http://127.0.0.1:7878`; a
    /// path prefix (`https://host/muster/`) is kept.
    pub fn new(base_url: impl AsRef<str>, token: Option<String>) -> Result<Client, ClientError> {
        let raw = base_url.as_ref();
        let invalid = |reason: String| ClientError::InvalidUrl {
            url: raw.to_owned(),
            reason,
        };
        let base = Url::parse(raw).map_err(|e| invalid(e.to_string()))?;
        if !matches!(base.scheme(), "http" | "https") || base.cannot_be_a_base() {
            return Err(invalid("expected an http:// or https:// URL".to_owned()));
        }
        // reqwest builds its TLS configuration even for plain http and panics if
        // no rustls provider is installed; installing one twice is harmless.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .user_agent(concat!("muster-client/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(ClientError::Transport)?;
        Ok(Client { http, base, token })
    }

    pub fn base_url(&self) -> &Url {
        &self.base
    }

    // --- service -------------------------------------------------------------

    /// `GET /healthz`: `{"status":"ok","store":"sqlite"}`.
    pub async fn health(&self) -> Result<serde_json::Value, ClientError> {
        self.json(self.request(Method::GET, &["healthz"])).await
    }

    /// `GET /metrics`: Prometheus text.
    pub async fn metrics(&self) -> Result<String, ClientError> {
        self.text(self.request(Method::GET, &["metrics"])).await
    }

    /// `GET /api/openapi.json`.
    pub async fn openapi(&self) -> Result<serde_json::Value, ClientError> {
        self.json(self.api(Method::GET, &["openapi.json"])).await
    }

    // --- people, tokens, rota -------------------------------------------------

    pub async fn me(&self) -> Result<PersonView, ClientError> {
        self.json(self.api(Method::GET, &["me"])).await
    }

    pub async fn people(&self) -> Result<Vec<PersonView>, ClientError> {
        self.json(self.api(Method::GET, &["people"])).await
    }

    /// `key` is an email, chat handle or id.
    pub async fn person(&self, key: &str) -> Result<PersonView, ClientError> {
        self.json(self.api(Method::GET, &["people", key])).await
    }

    pub async fn create_person(&self, req: &NewPersonRequest) -> Result<PersonView, ClientError> {
        self.json(self.api(Method::POST, &["people"]).json(req))
            .await
    }

    pub async fn update_person(
        &self,
        key: &str,
        req: &UpdatePersonRequest,
    ) -> Result<PersonView, ClientError> {
        self.json(self.api(Method::PATCH, &["people", key]).json(req))
            .await
    }

    pub async fn set_login(
        &self,
        key: &str,
        req: &LoginRequest,
    ) -> Result<PersonView, ClientError> {
        self.json(self.api(Method::PUT, &["people", key, "login"]).json(req))
            .await
    }

    /// The secret in the answer is shown this once.
    pub async fn create_token(&self, req: &NewTokenRequest) -> Result<NewToken, ClientError> {
        self.json(self.api(Method::POST, &["tokens"]).json(req))
            .await
    }

    /// `POST /api/auth/sso/token`: the one-time code `muster login --sso`'s
    /// loopback address received, exchanged (with the PKCE verifier) for a token.
    pub async fn sso_token(
        &self,
        req: &muster_api::SsoTokenRequest,
    ) -> Result<NewToken, ClientError> {
        self.json(self.api(Method::POST, &["auth", "sso", "token"]).json(req))
            .await
    }

    pub async fn tokens(&self) -> Result<Vec<TokenView>, ClientError> {
        self.json(self.api(Method::GET, &["tokens"])).await
    }

    pub async fn revoke_token(&self, id: Uuid) -> Result<(), ClientError> {
        let id = id.to_string();
        self.empty(self.api(Method::DELETE, &["tokens", &id])).await
    }

    pub async fn rota(&self) -> Result<RotaView, ClientError> {
        self.json(self.api(Method::GET, &["rota"])).await
    }

    pub async fn add_shift(&self, req: &NewShiftRequest) -> Result<ShiftView, ClientError> {
        self.json(self.api(Method::POST, &["rota", "shifts"]).json(req))
            .await
    }

    pub async fn remove_shift(&self, id: Uuid) -> Result<(), ClientError> {
        let id = id.to_string();
        self.empty(self.api(Method::DELETE, &["rota", "shifts", &id]))
            .await
    }

    /// Administrators only. Each filter is optional.
    pub async fn audit(
        &self,
        incident: Option<&str>,
        person: Option<&str>,
        limit: Option<u32>,
    ) -> Result<Vec<AuditView>, ClientError> {
        let limit = limit.map(|l| l.to_string());
        let query = [
            ("incident", incident),
            ("person", person),
            ("limit", limit.as_deref()),
        ];
        let query: Vec<(&str, &str)> = query
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k, v)))
            .collect();
        self.json(self.api(Method::GET, &["audit"]).query(&query))
            .await
    }

    // --- insight -----------------------------------------------------------

    /// The incident figures of the incidents the caller may see.
    pub async fn insights(&self) -> Result<InsightsView, ClientError> {
        self.json(self.api(Method::GET, &["insights"])).await
    }

    /// The same figures as CSV.
    pub async fn insights_csv(&self) -> Result<String, ClientError> {
        self.text(
            self.api(Method::GET, &["insights"])
                .query(&[("format", "csv")]),
        )
        .await
    }

    /// Every open preventive action of the incidents the caller may see.
    pub async fn preventive_actions(&self) -> Result<Vec<OpenPreventiveAction>, ClientError> {
        self.json(self.api(Method::GET, &["preventive-actions"]))
            .await
    }

    // --- reports and triage -------------------------------------------------

    /// Reports, optionally only those with one status.
    pub async fn reports(
        &self,
        status: Option<ReportStatus>,
    ) -> Result<Vec<ReportView>, ClientError> {
        let mut req = self.api(Method::GET, &["reports"]);
        if let Some(status) = status {
            req = req.query(&[("status", status.as_str())]);
        }
        self.json(req).await
    }

    pub async fn create_report(&self, req: &NewReportRequest) -> Result<ReportView, ClientError> {
        self.json(self.api(Method::POST, &["reports"]).json(req))
            .await
    }

    pub async fn report(&self, reference: &str) -> Result<ReportView, ClientError> {
        self.json(self.api(Method::GET, &["reports", reference]))
            .await
    }

    pub async fn triage(
        &self,
        reference: &str,
        req: &TriageRequest,
    ) -> Result<TriageResponse, ClientError> {
        self.json(
            self.api(Method::POST, &["reports", reference, "triage"])
                .json(req),
        )
        .await
    }

    // --- incidents ----------------------------------------------------------

    pub async fn incidents(&self) -> Result<Vec<IncidentListItem>, ClientError> {
        self.json(self.api(Method::GET, &["incidents"])).await
    }

    pub async fn incident(&self, reference: &str) -> Result<IncidentView, ClientError> {
        self.json(self.api(Method::GET, &["incidents", reference]))
            .await
    }

    /// Every write to a declared incident.
    pub async fn command(
        &self,
        reference: &str,
        req: &CommandRequest,
    ) -> Result<CommandResponse, ClientError> {
        self.json(
            self.api(Method::POST, &["incidents", reference, "commands"])
                .json(req),
        )
        .await
    }

    /// Entries after `after` (0 for the first page), at most `limit` (max 1000).
    pub async fn log(
        &self,
        reference: &str,
        after: u64,
        limit: u32,
    ) -> Result<LogPage, ClientError> {
        let req = self.api(Method::GET, &["incidents", reference, "log"]);
        self.json(req.query(&[("after", after), ("limit", u64::from(limit))]))
            .await
    }

    /// Entries before `before`, reading backwards from the head.
    pub async fn log_before(
        &self,
        reference: &str,
        before: u64,
        limit: u32,
    ) -> Result<LogPage, ClientError> {
        let req = self.api(Method::GET, &["incidents", reference, "log"]);
        self.json(req.query(&[("before", before), ("limit", u64::from(limit))]))
            .await
    }

    /// The server's check of the incident's hash chain.
    pub async fn verify(&self, reference: &str) -> Result<VerifyView, ClientError> {
        self.json(self.api(Method::GET, &["incidents", reference, "verify"]))
            .await
    }

    /// Acknowledges, as an administrator, the break in the incident's log.
    pub async fn acknowledge_break(
        &self,
        reference: &str,
        reason: &str,
    ) -> Result<CommandResponse, ClientError> {
        let req = self.api(
            Method::POST,
            &["incidents", reference, "log", "acknowledge"],
        );
        self.json(req.json(&AcknowledgeBreakRequest {
            reason: reason.to_owned(),
        }))
        .await
    }

    /// The export as the server wrote it: `format` is `md`, `json` or `html`.
    pub async fn export(&self, reference: &str, format: &str) -> Result<String, ClientError> {
        let req = self.api(Method::GET, &["incidents", reference, "export"]);
        self.text(req.query(&[("format", format)])).await
    }

    /// The JSON export, decoded.
    pub async fn export_document(&self, reference: &str) -> Result<ExportDocument, ClientError> {
        let req = self.api(Method::GET, &["incidents", reference, "export"]);
        self.json(req.query(&[("format", "json")])).await
    }

    /// Follows the incident's log live, from the entry after `after`. The stream
    /// ends when the server closes it; reconnect with the last `seq` seen.
    pub async fn events(&self, reference: &str, after: u64) -> Result<EntryStream, ClientError> {
        let req = self
            .api(Method::GET, &["incidents", reference, "events"])
            .query(&[("after", after)])
            .header(reqwest::header::ACCEPT, "text/event-stream");
        let response = self.execute(req).await?;
        let state = (response, sse::SseParser::default(), Vec::<LogEntry>::new());
        let stream =
            futures::stream::unfold(state, |(mut response, mut parser, mut ready)| async move {
                loop {
                    if !ready.is_empty() {
                        let entry = ready.remove(0);
                        return Some((Ok(entry), (response, parser, ready)));
                    }
                    let chunk = match response.chunk().await {
                        Ok(Some(chunk)) => chunk,
                        Ok(None) => return None,
                        Err(e) => {
                            return Some((
                                Err(ClientError::Transport(e)),
                                (response, parser, ready),
                            ));
                        }
                    };
                    for event in parser.push(&chunk) {
                        if event.event != "entry" {
                            continue;
                        }
                        match serde_json::from_str::<LogEntry>(&event.data) {
                            Ok(entry) => ready.push(entry),
                            Err(e) => {
                                let err = ClientError::Decode(format!("log entry event: {e}"));
                                return Some((Err(err), (response, parser, ready)));
                            }
                        }
                    }
                }
            });
        Ok(Box::pin(stream))
    }

    // --- plumbing -----------------------------------------------------------

    fn url(&self, segments: &[&str]) -> Url {
        let mut url = self.base.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            // Segments are escaped here, so an email or handle with `/` or `?` in
            // it stays one segment.
            path.pop_if_empty().extend(segments);
        }
        url
    }

    fn request(&self, method: Method, segments: &[&str]) -> RequestBuilder {
        let req = self.http.request(method, self.url(segments));
        match &self.token {
            Some(token) => req.bearer_auth(token),
            None => req,
        }
    }

    fn api(&self, method: Method, segments: &[&str]) -> RequestBuilder {
        let mut all = Vec::with_capacity(segments.len() + 1);
        all.push("api");
        all.extend_from_slice(segments);
        self.request(method, &all)
    }

    /// Sends, and turns any 4xx or 5xx into [`ClientError::Api`].
    async fn execute(&self, req: RequestBuilder) -> Result<Response, ClientError> {
        let response = req.send().await.map_err(ClientError::Transport)?;
        let status = response.status();
        if status.is_client_error() || status.is_server_error() {
            let body = response.bytes().await.map_err(ClientError::Transport)?;
            return Err(ClientError::from_response(status, &body));
        }
        Ok(response)
    }

    async fn json<T: DeserializeOwned>(&self, req: RequestBuilder) -> Result<T, ClientError> {
        let body = self
            .execute(req)
            .await?
            .bytes()
            .await
            .map_err(ClientError::Transport)?;
        serde_json::from_slice(&body).map_err(|e| ClientError::Decode(e.to_string()))
    }

    async fn text(&self, req: RequestBuilder) -> Result<String, ClientError> {
        self.execute(req)
            .await?
            .text()
            .await
            .map_err(ClientError::Transport)
    }

    async fn empty(&self, req: RequestBuilder) -> Result<(), ClientError> {
        self.execute(req).await.map(drop)
    }
}

#[cfg(test)]
mod tests;

//! Reports of security events: anyone raises one; the on-call incident manager
//! triages it as a false positive or declares an incident from it.

use crate::actor::{Actor, person_ref};
use crate::app::App;
use crate::committer::Declare;
use crate::error::{AppError, AppResult};
use crate::views::ts;
use crate::visibility::can_see;
use jiff::Timestamp;
use muster_api::{DeclareRequest, NewReportRequest, ReportView, TriageRequest, TriageResponse};
use muster_domain::event::ReportSummary;
use muster_domain::text::Shape;
use muster_domain::{Declaration, PersonRef, ReportStatus};
use muster_store::{NewReport, Report, Triage};
use uuid::Uuid;

/// A report's text: not empty, not too long, and only characters its field
/// accepts (the domain's one rule, [`muster_domain::text`]).
fn text(field: &str, value: &str, shape: Shape, max: usize) -> AppResult<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(AppError::invalid(
            field,
            format!("`{field}` must not be empty"),
        ));
    }
    // As typed, so positions count from what the person sent.
    if let Some(fault) = muster_domain::text::fault(value, shape) {
        return Err(AppError::invalid(field, fault.message(field)));
    }
    if v.len() > max {
        return Err(AppError::invalid(
            field,
            format!("`{field}` is longer than {max} bytes"),
        ));
    }
    Ok(v.to_owned())
}

impl App {
    /// A report as `actor` may see it. A report declared as a restricted
    /// incident `actor` is not on is, by rule 10, only "triaged": no reference,
    /// no triage note, and to anyone but its reporter no title, description
    /// or source either.
    pub async fn report_view(&self, actor: &Actor, r: &Report) -> AppResult<ReportView> {
        let reporter = self.directory().person(r.reported_by).await?;
        let incident = match r.incident {
            Some(id) => self.state(id).await?,
            None => None,
        };
        let withheld = incident
            .as_ref()
            .is_some_and(|state| !can_see(state, actor));
        let mut view = ReportView {
            id: r.id,
            reference: r.reference.clone(),
            title: r.title.clone(),
            description: r.description.clone(),
            source: r.source.clone(),
            reported_by: r.reported_by,
            reported_by_name: reporter.map(|p| p.name).unwrap_or_default(),
            reported_at: ts(r.reported_at),
            status: r.status,
            triaged_by: r.triaged_by,
            triaged_at: r.triaged_at.map(ts),
            triage_note: r.triage_note.clone(),
            incident: incident.map(|s| s.reference.clone()),
            withheld,
        };
        if withheld {
            view.status = ReportStatus::Triaged;
            view.incident = None;
            view.triaged_by = None;
            view.triage_note = None;
            if r.reported_by != actor.person.id {
                view.title.clear();
                view.description.clear();
                view.source.clear();
            }
        }
        Ok(view)
    }

    /// Triagers see every report: administrators and whoever is on the rota now
    /// or later. Everyone else sees the reports they raised.
    pub async fn is_triager(&self, actor: &Actor) -> AppResult<bool> {
        if actor.admin {
            return Ok(true);
        }
        let now = Timestamp::now().as_microsecond();
        Ok(self
            .rota()
            .shifts_from(now)
            .await?
            .iter()
            .any(|s| s.person == actor.person.id))
    }

    /// The reports `actor` may see, optionally of one status as `actor` sees
    /// it: a withheld report is `triaged`, never `declared`, to its viewer.
    pub async fn reports(
        &self,
        actor: &Actor,
        status: Option<ReportStatus>,
    ) -> AppResult<Vec<ReportView>> {
        let all = self.is_triager(actor).await?;
        // A withheld report is stored as declared and shown as triaged, so
        // those two filters read both and filter what is shown.
        let stored = match status {
            Some(ReportStatus::Triaged) | Some(ReportStatus::Declared) => {
                Some(ReportStatus::Declared)
            }
            other => other,
        };
        let mut out = Vec::new();
        for r in self.inner().store.list_reports(stored).await? {
            if all || r.reported_by == actor.person.id {
                let view = self.report_view(actor, &r).await?;
                if status.is_none_or(|s| s == view.status) {
                    out.push(view);
                }
            }
        }
        Ok(out)
    }

    /// Stores a new report raised by `actor`.
    pub async fn create_report(
        &self,
        actor: &Actor,
        req: NewReportRequest,
    ) -> AppResult<ReportView> {
        let now = Timestamp::now();
        let report = self
            .inner()
            .store
            .create_report(NewReport {
                id: Uuid::now_v7(),
                year: now.to_zoned_datetime(jiff::tz::TimeZone::UTC).year(),
                title: text("title", &req.title, Shape::Line, 500)?,
                description: text("description", &req.description, Shape::Lines, 20_000)?,
                source: text("source", &req.source, Shape::Line, 2_000)?,
                reported_by: actor.person.id,
                reported_at: now.as_microsecond(),
            })
            .await?;
        tracing::info!(report = %report.reference, "security event reported");
        self.report_view(actor, &report).await
    }

    /// The report as `actor` may see it: its reporter and triagers see it,
    /// others are told there is no such report.
    pub async fn report(&self, actor: &Actor, reference: &str) -> AppResult<Report> {
        let missing = || AppError::NotFound(format!("no report {reference}"));
        let r = self
            .inner()
            .store
            .report_by_reference(reference)
            .await?
            .ok_or_else(missing)?;
        if r.reported_by != actor.person.id && !self.is_triager(actor).await? {
            return Err(missing());
        }
        Ok(r)
    }

    /// Who is the on-call incident manager at `at` (Unix microseconds).
    pub async fn on_call(&self, at: i64) -> AppResult<Option<Uuid>> {
        let shifts = self.rota().shifts_from(at).await?;
        Ok(shifts
            .iter()
            .find(|s| s.starts_at <= at && at < s.ends_at)
            .map(|s| s.person))
    }

    /// Triages a report as `actor`: only the on-call incident manager or an
    /// administrator may.
    pub async fn triage(
        &self,
        actor: &Actor,
        reference: &str,
        req: TriageRequest,
    ) -> AppResult<TriageResponse> {
        let report = self.report(actor, reference).await?;
        let now = Timestamp::now();
        let on_call = self.on_call(now.as_microsecond()).await?;
        if !actor.admin && on_call != Some(actor.person.id) {
            let who = match on_call {
                Some(id) => self.directory().person(id).await?.map(|p| p.name),
                None => None,
            };
            return Err(AppError::Forbidden(format!(
                "only the on-call incident manager ({}) or an administrator may triage",
                who.unwrap_or_else(|| "nobody is on call now".into())
            )));
        }
        if report.status != ReportStatus::AwaitingTriage {
            // As the triager may see it: never "declared" for a withheld one.
            let shown = self.report_view(actor, &report).await?.status;
            return Err(AppError::Conflict(format!(
                "{reference} was already triaged ({shown})"
            )));
        }
        let incident = match req {
            TriageRequest::FalsePositive { note } => {
                self.inner()
                    .store
                    .mark_false_positive(&Triage {
                        report: report.id,
                        by: actor.person.id,
                        at: now.as_microsecond(),
                        note: Some(text("note", &note, Shape::Lines, 20_000)?),
                        incident: None,
                    })
                    .await?;
                None
            }
            TriageRequest::Declare(d) => Some(self.declare(actor, &report, *d, now).await?),
        };
        let report = self
            .inner()
            .store
            .report(report.id)
            .await?
            .ok_or_else(|| AppError::Internal("report vanished after triage".into()))?;
        Ok(TriageResponse {
            report: self.report_view(actor, &report).await?,
            incident,
        })
    }

    /// Declares an incident from `report` through the committer; its reference.
    async fn declare(
        &self,
        actor: &Actor,
        report: &Report,
        d: DeclareRequest,
        now: Timestamp,
    ) -> AppResult<String> {
        let incident_manager = match &d.incident_manager {
            Some(key) => Some(person_ref(&self.person("incident_manager", key).await?)),
            None => None,
        };
        let mut team = Vec::new();
        for (i, m) in d.team.iter().enumerate() {
            let p = self.person("team", &m.person).await.map_err(|e| match e {
                AppError::Invalid { message, .. } => AppError::Invalid {
                    field: Some(format!("team[{i}].person")),
                    message,
                },
                other => other,
            })?;
            team.push((person_ref(&p), m.role));
        }
        let reporter = self.directory().person(report.reported_by).await?;
        let declaration = Declaration {
            reference: String::new(),
            title: d.title.unwrap_or_else(|| report.title.clone()),
            severity: d.severity,
            category: d.category,
            security: d.security,
            personal_data: d.personal_data,
            restricted: d.restricted,
            source: d.source.unwrap_or_else(|| report.source.clone()),
            hypothesis: d.hypothesis,
            report: Some(ReportSummary {
                reference: report.reference.clone(),
                reported_by: reporter
                    .as_ref()
                    .map(person_ref)
                    .unwrap_or_else(|| PersonRef {
                        id: report.reported_by,
                        name: String::new(),
                        expertise: Vec::new(),
                        chat_handle: None,
                    }),
                reported_at: ts(report.reported_at),
                description: report.description.clone(),
            }),
            incident_manager,
            team,
        };
        let committed = self
            .inner()
            .committer
            .declare(Declare {
                actor: actor.person_ref(),
                admin: actor.admin,
                declaration,
                triage: Some(Triage {
                    report: report.id,
                    by: actor.person.id,
                    at: now.as_microsecond(),
                    note: None,
                    incident: None,
                }),
            })
            .await?;
        let reference = committed.state.reference.clone();
        tracing::info!(incident = %reference, report = %report.reference, "incident declared from a report");
        Ok(reference)
    }
}

use crate::auth::{Actor, person_ref};
use crate::committer::{seal_entry, summary};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::resolve;
use crate::routes::rota::on_call;
use crate::state::AppState;
use crate::views::ts;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use jiff::Timestamp;
use muster_api::{
    DeclareRequest, ErrorBody, NewReportRequest, ReportView, TriageRequest, TriageResponse,
};
use muster_domain::event::ReportSummary;
use muster_domain::{Context, Declaration, IncidentState, ReportStatus};
use muster_store::{NewReport, Report, Triage};
use serde::Deserialize;
use std::sync::Arc;
use utoipa::IntoParams;
use uuid::Uuid;

pub async fn view(state: &AppState, r: &Report) -> ApiResult<ReportView> {
    let reporter = state.store.person(r.reported_by).await?;
    let incident = match r.incident {
        Some(id) => state.store.incident(id).await?.map(|s| s.reference),
        None => None,
    };
    Ok(ReportView {
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
        incident,
    })
}

/// Triagers see every report: administrators and whoever is on the rota now or
/// later. Everyone else sees the reports they raised.
pub async fn is_triager(state: &AppState, actor: &Actor) -> ApiResult<bool> {
    if actor.admin {
        return Ok(true);
    }
    let now = Timestamp::now().as_microsecond();
    Ok(state
        .store
        .shifts_from(now)
        .await?
        .iter()
        .any(|s| s.person == actor.person.id))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ReportQuery {
    /// `awaiting-triage`, `false-positive` or `declared`.
    status: Option<ReportStatus>,
}

#[utoipa::path(get, path = "/api/reports", tag = "reports", params(ReportQuery),
    responses((status = 200, body = [ReportView])))]
pub async fn list(
    State(state): State<AppState>,
    actor: Actor,
    ApiQuery(q): ApiQuery<ReportQuery>,
) -> ApiResult<Json<Vec<ReportView>>> {
    let all = is_triager(&state, &actor).await?;
    let mut out = Vec::new();
    for r in state.store.list_reports(q.status).await? {
        if all || r.reported_by == actor.person.id {
            out.push(view(&state, &r).await?);
        }
    }
    Ok(Json(out))
}

fn text(field: &str, value: &str, max: usize) -> ApiResult<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(ApiError::invalid(
            field,
            format!("`{field}` must not be empty"),
        ));
    }
    if v.contains('\0') {
        return Err(ApiError::invalid(
            field,
            format!("`{field}` contains a NUL character"),
        ));
    }
    if v.len() > max {
        return Err(ApiError::invalid(
            field,
            format!("`{field}` is longer than {max} bytes"),
        ));
    }
    Ok(v.to_owned())
}

/// Anyone can report a security event.
#[utoipa::path(post, path = "/api/reports", tag = "reports", request_body = NewReportRequest,
    responses((status = 201, body = ReportView), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    actor: Actor,
    ApiJson(req): ApiJson<NewReportRequest>,
) -> ApiResult<(StatusCode, Json<ReportView>)> {
    Ok((
        StatusCode::CREATED,
        Json(create_report(&state, &actor, req).await?),
    ))
}

/// Stores a new report raised by `actor` (the API and the web UI share this).
pub async fn create_report(
    state: &AppState,
    actor: &Actor,
    req: NewReportRequest,
) -> ApiResult<ReportView> {
    let now = Timestamp::now();
    let report = state
        .store
        .create_report(NewReport {
            id: Uuid::now_v7(),
            year: now.to_zoned_datetime(jiff::tz::TimeZone::UTC).year(),
            title: text("title", &req.title, 500)?,
            description: text("description", &req.description, 20_000)?,
            source: text("source", &req.source, 2_000)?,
            reported_by: actor.person.id,
            reported_at: now.as_microsecond(),
        })
        .await?;
    tracing::info!(report = %report.reference, "security event reported");
    view(state, &report).await
}

/// The report as `actor` may see it: its reporter and triagers see it, others get 404.
pub async fn find(state: &AppState, actor: &Actor, reference: &str) -> ApiResult<Report> {
    let missing = || ApiError::NotFound(format!("no report {reference}"));
    let r = state
        .store
        .report_by_reference(reference)
        .await?
        .ok_or_else(missing)?;
    if r.reported_by != actor.person.id && !is_triager(state, actor).await? {
        return Err(missing());
    }
    Ok(r)
}

#[utoipa::path(get, path = "/api/reports/{reference}", tag = "reports",
    params(("reference" = String, Path, description = "e.g. REP-2026-0001")),
    responses((status = 200, body = ReportView), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath(reference): ApiPath<String>,
) -> ApiResult<Json<ReportView>> {
    let r = find(&state, &actor, &reference).await?;
    Ok(Json(view(&state, &r).await?))
}

/// The on-call incident manager (or an administrator) triages a report: a false
/// positive, or a declared incident, staffed in the same call if the team is named.
#[utoipa::path(post, path = "/api/reports/{reference}/triage", tag = "reports", request_body = TriageRequest,
    params(("reference" = String, Path, description = "e.g. REP-2026-0001")),
    responses((status = 200, body = TriageResponse), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn triage(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath(reference): ApiPath<String>,
    ApiJson(req): ApiJson<TriageRequest>,
) -> ApiResult<Json<TriageResponse>> {
    Ok(Json(triage_report(&state, &actor, &reference, req).await?))
}

/// Triages a report as `actor` (the API and the web UI share this).
pub async fn triage_report(
    state: &AppState,
    actor: &Actor,
    reference: &str,
    req: TriageRequest,
) -> ApiResult<TriageResponse> {
    let report = find(state, actor, reference).await?;
    let now = Timestamp::from_microsecond(Timestamp::now().as_microsecond())
        .unwrap_or_else(|_| Timestamp::now());
    let on_call = on_call(state, now.as_microsecond()).await?;
    if !actor.admin && on_call != Some(actor.person.id) {
        let who = match on_call {
            Some(id) => state.store.person(id).await?.map(|p| p.name),
            None => None,
        };
        return Err(ApiError::Forbidden(format!(
            "only the on-call incident manager ({}) or an administrator may triage",
            who.unwrap_or_else(|| "nobody is on call now".into())
        )));
    }
    if report.status != ReportStatus::AwaitingTriage {
        return Err(ApiError::Conflict(format!(
            "{reference} was already triaged ({})",
            report.status
        )));
    }
    let incident = match req {
        TriageRequest::FalsePositive { note } => {
            state
                .store
                .mark_false_positive(&Triage {
                    report: report.id,
                    by: actor.person.id,
                    at: now.as_microsecond(),
                    note: Some(text("note", &note, 20_000)?),
                    incident: None,
                })
                .await?;
            None
        }
        TriageRequest::Declare(d) => Some(declare(state, actor, &report, *d, now).await?),
    };
    let report = state
        .store
        .report(report.id)
        .await?
        .ok_or_else(|| ApiError::Internal("report vanished after triage".into()))?;
    Ok(TriageResponse {
        report: view(state, &report).await?,
        incident,
    })
}

async fn declare(
    state: &AppState,
    actor: &Actor,
    report: &Report,
    d: DeclareRequest,
    now: Timestamp,
) -> ApiResult<String> {
    let incident_manager = match &d.incident_manager {
        Some(key) => Some(person_ref(
            &resolve::person(state, "incident_manager", key).await?,
        )),
        None => None,
    };
    let mut team = Vec::new();
    for (i, m) in d.team.iter().enumerate() {
        let p = resolve::person(state, "team", &m.person)
            .await
            .map_err(|e| match e {
                ApiError::Invalid { message, .. } => ApiError::Invalid {
                    field: Some(format!("team[{i}].person")),
                    message,
                },
                other => other,
            })?;
        team.push((person_ref(&p), m.role));
    }
    let reporter = state.store.person(report.reported_by).await?;
    let declaration = |reference: String| Declaration {
        reference,
        title: d.title.clone().unwrap_or_else(|| report.title.clone()),
        severity: d.severity.clone(),
        category: d.category.clone(),
        security: d.security,
        personal_data: d.personal_data,
        restricted: d.restricted,
        source: d.source.clone().unwrap_or_else(|| report.source.clone()),
        hypothesis: d.hypothesis.clone(),
        report: Some(ReportSummary {
            reference: report.reference.clone(),
            reported_by: reporter.as_ref().map(person_ref).unwrap_or_else(|| {
                muster_domain::PersonRef {
                    id: report.reported_by,
                    name: String::new(),
                    expertise: Vec::new(),
                    chat_handle: None,
                }
            }),
            reported_at: ts(report.reported_at),
            description: report.description.clone(),
        }),
        incident_manager: incident_manager.clone(),
        team: team.clone(),
    };
    let ctx = Context {
        actor: actor.person_ref(),
        admin: actor.admin,
        now,
        policy: &state.policy,
    };
    let id = Uuid::now_v7();
    // Decide once before taking a reference, so a refused declaration leaves no
    // hole in the incident numbering.
    muster_domain::declare(id, &ctx, declaration("INC-0000-0000".into()))?;
    let year = now.to_zoned_datetime(jiff::tz::TimeZone::UTC).year();
    let reference = state.store.allocate_reference(year).await?;
    let (events, _) = muster_domain::declare(id, &ctx, declaration(reference.clone()))?;

    let mut folded = IncidentState::new(id);
    let mut entries = Vec::new();
    for event in &events {
        let entry = seal_entry(&folded, &ctx.actor, now, None, event);
        folded.apply(event, ctx.actor.id, now);
        folded.head_hash.clone_from(&entry.hash);
        entries.push(entry);
    }
    state
        .store
        .create_incident(
            &summary(&folded),
            &entries,
            Some(&Triage {
                report: report.id,
                by: actor.person.id,
                at: now.as_microsecond(),
                note: None,
                incident: Some(id),
            }),
            &crate::outbox::for_change(
                &state.policy,
                &IncidentState::new(id),
                &folded,
                &entries,
                now,
            ),
        )
        .await?;
    state.cache.remember(&reference, id);
    state.cache.offer(Arc::new(folded));
    state.hub.publish(&entries);
    tracing::info!(incident = %reference, report = %report.reference, "incident declared");
    Ok(reference)
}

//! Reporting a security event (anyone) and triaging it (the on-call incident
//! manager or an administrator): a false positive, or an incident declared
//! with its severity, category and team in one form.

use crate::error::WebError;
use crate::fields::Fields;
use crate::layout::{Layout, render};
use crate::respond::{done, refused};
use crate::session::WebUser;
use crate::time::ago;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use muster_api::{DeclareRequest, NewReportRequest, ReportView, TeamMember, TriageRequest};
use muster_app::App;
use muster_app::AppError;
use muster_domain::{PersonalData, ReportStatus, Role};

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "report_new.html")]
struct NewReportPage {
    layout: Layout,
}

#[derive(Template)]
#[template(path = "report.html")]
struct ReportPage {
    layout: Layout,
    r: ReportView,
    reported: String,
    awaiting: bool,
    can_triage: bool,
    people: Vec<Choice>,
    severities: Vec<Choice>,
    categories: Vec<String>,
    roles: Vec<&'static str>,
    /// One row per role the team needs, each proposing a different role.
    team_rows: Vec<(usize, &'static str)>,
    /// What the team will need, as the domain's composition rule says for
    /// the form's defaults (a security incident, personal data unknown).
    needs: Vec<String>,
}

/// The composition gaps of an incident declared with nobody on its team.
fn needs(policy: &muster_domain::Policy) -> Vec<String> {
    let empty = muster_domain::IncidentState {
        security: true,
        personal_data: Some(PersonalData::Unknown),
        ..Default::default()
    };
    muster_domain::team::gaps(&empty, policy)
        .into_iter()
        .map(|g| {
            let mut m = g.message;
            if let Some(first) = m.get(..1) {
                let upper = first.to_uppercase();
                m.replace_range(..1, &upper);
            }
            m
        })
        .collect()
}

pub async fn new_page(user: WebUser, headers: HeaderMap) -> Response {
    let layout = Layout::new("Report a security event", &user, &headers);
    let had_flash = layout.flash.is_some();
    render(
        StatusCode::OK,
        &headers,
        had_flash,
        &NewReportPage { layout },
    )
}

pub async fn create(
    State(app): State<App>,
    user: WebUser,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = Fields::parse(&body);
    let outcome = async {
        user.check_csrf(form.get("csrf"))?;
        let req = NewReportRequest {
            title: form.text("title")?,
            description: form.text("description")?,
            source: form.text("source")?,
        };
        Ok::<_, WebError>(app.create_report(&user.actor, req).await?)
    }
    .await;
    match outcome {
        Ok(r) => done(
            &headers,
            &format!("/reports/{}", r.reference),
            format!(
                "Reported as {}. The on-call incident manager will triage it.",
                r.reference
            ),
        ),
        Err(e) => refused(&headers, "/reports/new", e),
    }
}

pub async fn show(
    State(app): State<App>,
    user: WebUser,
    headers: HeaderMap,
    Path(reference): Path<String>,
) -> Result<Response, WebError> {
    let report = app
        .report(&user.actor, &reference)
        .await
        .map_err(|_| WebError::NotFound(format!("There is no report {reference} for you.")))?;
    let view = app.report_view(&user.actor, &report).await?;
    let can_triage = app.is_triager(&user.actor).await?;
    let me = user.actor.person.id.to_string();
    let people = app
        .directory()
        .list_people()
        .await?
        .into_iter()
        .map(|p| Choice {
            selected: p.id.to_string() == me,
            value: p.id.to_string(),
            label: if p.expertise.is_empty() {
                p.name
            } else {
                format!("{} ({})", p.name, p.expertise.join(", "))
            },
        })
        .collect();
    let severities = app
        .policy()
        .severities
        .iter()
        .map(|s| Choice {
            value: s.name.clone(),
            label: format!("{} — {}", s.name, s.description),
            selected: false,
        })
        .collect();
    let layout = Layout::new(
        format!("{} {}", view.reference, view.title),
        &user,
        &headers,
    );
    let had_flash = layout.flash.is_some();
    Ok(render(
        StatusCode::OK,
        &headers,
        had_flash,
        &ReportPage {
            layout,
            reported: ago(view.reported_at, jiff::Timestamp::now()),
            awaiting: view.status == ReportStatus::AwaitingTriage,
            r: view,
            can_triage,
            people,
            severities,
            categories: app.policy().categories.clone(),
            roles: Role::ALL
                .iter()
                .filter(|r| **r != Role::IncidentManager)
                .map(|r| r.as_str())
                .collect(),
            team_rows: [
                Role::Deputy,
                Role::Secretariat,
                Role::CommsLead,
                Role::Sme,
                Role::Sme,
                Role::Liaison,
            ]
            .into_iter()
            .map(Role::as_str)
            .enumerate()
            .map(|(i, r)| (i + 1, r))
            .collect(),
            needs: needs(app.policy()),
        },
    ))
}

/// The triage form as the API's request.
fn triage_request(form: &Fields) -> Result<TriageRequest, AppError> {
    match form.get("outcome") {
        Some("false-positive") => Ok(TriageRequest::FalsePositive {
            note: form.text("note")?,
        }),
        Some("declare") => {
            let mut team = Vec::new();
            let people = form.all("team_person");
            let roles = form.all("team_role");
            for (i, person) in people.iter().enumerate() {
                if person.is_empty() {
                    continue;
                }
                let role = roles.get(i).copied().unwrap_or("");
                let role: Role = role.parse().map_err(|e: String| {
                    AppError::invalid("team_role", format!("team row {}: {e}", i + 1))
                })?;
                team.push(TeamMember {
                    person: (*person).to_owned(),
                    role,
                });
            }
            let restricted = match form.get("restricted") {
                Some("yes") => Some(true),
                Some("no") => Some(false),
                _ => None,
            };
            Ok(TriageRequest::Declare(Box::new(DeclareRequest {
                title: form.opt("title"),
                severity: form.text("severity")?,
                category: form.text("category")?,
                security: form.checked("security"),
                personal_data: form.word::<PersonalData>("personal_data")?,
                restricted,
                source: form.opt("source"),
                hypothesis: form.text("hypothesis")?,
                incident_manager: form.opt("incident_manager"),
                team,
            })))
        }
        _ => Err(AppError::invalid(
            "outcome",
            "choose an outcome: false positive, or declare an incident",
        )),
    }
}

pub async fn triage(
    State(app): State<App>,
    user: WebUser,
    headers: HeaderMap,
    Path(reference): Path<String>,
    body: Bytes,
) -> Response {
    let form = Fields::parse(&body);
    let back = format!("/reports/{reference}");
    let outcome = async {
        user.check_csrf(form.get("csrf"))?;
        let req = triage_request(&form)?;
        Ok::<_, WebError>(app.triage(&user.actor, &reference, req).await?)
    }
    .await;
    match outcome {
        Ok(t) => match t.incident {
            Some(inc) => done(
                &headers,
                &format!("/incidents/{inc}"),
                format!("Declared {inc} from {reference}. The team is in the room."),
            ),
            None => done(
                &headers,
                "/",
                format!("{reference} closed as a false positive (kept for trend analysis)."),
            ),
        },
        Err(e) => refused(&headers, &back, e),
    }
}

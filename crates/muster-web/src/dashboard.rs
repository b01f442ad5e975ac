//! The dashboard: what needs someone now. Reports waiting for triage, open
//! incidents with what is missing or late, and who is the on-call incident
//! manager.

use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::session::WebUser;
use crate::time::{Clock, ago, clock};
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use jiff::Timestamp;
use muster_api::OpenPreventiveAction;
use muster_app::App;
use muster_app::views::ts;
use muster_domain::{IncidentState, Phase, Policy, ReportStatus, Role, team};

pub struct ReportRow {
    pub reference: String,
    pub title: String,
    pub source: String,
    pub reporter: String,
    pub reported: String,
}

pub struct IncidentRow {
    pub reference: String,
    pub title: String,
    pub severity: String,
    pub sev_class: String,
    pub category: String,
    pub phase: &'static str,
    pub restricted: bool,
    pub incident_manager: String,
    /// The deputies and the secretariat, by name (`none` when nobody holds it).
    pub deputy: String,
    pub secretariat: String,
    pub gaps: Vec<String>,
    pub overdue: usize,
    pub next_clock: Option<Clock>,
    pub next_what: String,
    /// The nearest regulator's deadline running, and what it is.
    pub regulator_clock: Option<Clock>,
    pub regulator_what: String,
    /// The incident's log failed verification (rule 9).
    pub broken: bool,
}

pub struct ShiftRow {
    pub name: String,
    pub when: String,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct Dashboard {
    layout: Layout,
    can_triage: bool,
    reports: Vec<ReportRow>,
    incidents: Vec<IncidentRow>,
    closed: Vec<IncidentRow>,
    on_call_now: Option<ShiftRow>,
    on_call_next: Option<ShiftRow>,
    /// Every open preventive action across the incidents shown.
    preventive: Vec<OpenPreventiveAction>,
    /// What the live feed compares the reports awaiting triage against.
    reports_sig: String,
}

/// `sev-1` … `sev-4` by the policy's order, for colour.
pub fn sev_class(policy: &Policy, severity: &str) -> String {
    format!("sev-{}", (policy.severity_rank(severity).min(3)) + 1)
}

/// The nearest deadline running against the incident and what it is. After
/// close only preventive actions tick.
fn next_clock(s: &IncidentState) -> Option<(Timestamp, String)> {
    let open = s.is_open();
    let actions = s
        .actions
        .iter()
        .filter(|a| open && a.status.is_open())
        .map(|a| {
            (
                a.report_back_at,
                format!("{} report-back ({})", a.id, a.owner.name),
            )
        });
    let findings = s
        .findings
        .iter()
        .filter(|f| open && f.status == muster_domain::FindingStatus::Delegated)
        .filter_map(|f| {
            let who = f
                .delegated_to
                .as_ref()
                .map(|p| p.name.as_str())
                .unwrap_or("");
            f.report_back_at
                .map(|t| (t, format!("{} report-back ({who})", f.id)))
        });
    let preventive = s
        .preventive_actions
        .iter()
        .filter(|p| !p.done)
        .map(|p| (p.due, format!("preventive {} due", p.id)));
    actions
        .chain(findings)
        .chain(preventive)
        .min_by_key(|(t, _)| *t)
}

/// Everyone holding `role`, by name, or `none`.
fn holders(s: &IncidentState, role: Role) -> String {
    let names: Vec<&str> = s.holders(role).map(|p| p.name.as_str()).collect();
    if names.is_empty() {
        "none".into()
    } else {
        names.join(", ")
    }
}

pub fn incident_row(s: &IncidentState, policy: &Policy, now: Timestamp) -> IncidentRow {
    let next = next_clock(s);
    let regulator = muster_app::obligations::clocks(s, policy, now)
        .into_iter()
        .next();
    IncidentRow {
        reference: s.reference.clone(),
        title: s.title.clone(),
        severity: s.severity.clone(),
        sev_class: sev_class(policy, &s.severity),
        category: s.category.clone(),
        phase: s.phase.map(|p| p.as_str()).unwrap_or("—"),
        restricted: s.restricted,
        incident_manager: s
            .incident_manager()
            .map(|p| p.name.clone())
            .unwrap_or_else(|| "none".into()),
        deputy: holders(s, Role::Deputy),
        secretariat: holders(s, Role::Secretariat),
        gaps: team::gaps(s, policy)
            .into_iter()
            .map(|g| match g.rule {
                Some(_) => format!("needs {}", g.code),
                None => format!("no {}", g.code),
            })
            .collect(),
        overdue: s.overdue_actions(now).count()
            + s.overdue_findings(now).count()
            + s.overdue_preventive_actions(now).count(),
        next_what: next.as_ref().map(|(_, w)| w.clone()).unwrap_or_default(),
        next_clock: next.map(|(t, _)| clock(t, now)),
        regulator_what: regulator
            .as_ref()
            .map(|c| format!("{} {} to {}", c.regime, c.stage, c.recipient))
            .unwrap_or_default(),
        regulator_clock: regulator.map(|c| clock(c.due_at, now)),
        broken: false,
    }
}

pub async fn page(
    State(app): State<App>,
    user: WebUser,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let now = Timestamp::now();
    let actor = &user.actor;
    let can_triage = app.is_triager(actor).await?;
    let mut reports = Vec::new();
    let waiting = app
        .reports(actor, Some(ReportStatus::AwaitingTriage))
        .await?;
    let reports_sig = crate::live::reports_signature(waiting.iter().map(|r| r.reference.as_str()));
    for r in waiting {
        reports.push(ReportRow {
            reference: r.reference,
            title: r.title,
            source: r.source,
            reporter: r.reported_by_name,
            reported: ago(r.reported_at, now),
        });
    }

    let mut incidents = Vec::new();
    let mut closed = Vec::new();
    // Rule 10: a restricted incident does not exist for outsiders.
    let visible = app.visible_incidents(actor, "the dashboard").await?;
    let preventive =
        muster_app::insights::preventive_actions(visible.iter().map(|(_, s)| s.as_ref()), now);
    for (_, state) in visible {
        let mut row = incident_row(&state, app.policy(), now);
        // Listing the incidents folded (and so verified) each log.
        row.broken = app.log_break(state.id).is_some();
        if state.phase == Some(Phase::Closed) {
            closed.push(row);
        } else {
            incidents.push((
                app.policy().severity_rank(&state.severity),
                state.timings.declared_at,
                row,
            ));
        }
    }
    // Most severe first, then the newest.
    incidents.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    closed.truncate(20);

    let shifts = app.rota().shifts_from(now.as_microsecond()).await?;
    let mut on_call_now = None;
    let mut on_call_next = None;
    for sh in shifts {
        let name = app
            .directory()
            .person(sh.person)
            .await?
            .map(|p| p.name)
            .unwrap_or_default();
        let (start, end) = (ts(sh.starts_at), ts(sh.ends_at));
        if start <= now && now < end && on_call_now.is_none() {
            on_call_now = Some(ShiftRow {
                name,
                when: format!("until {}", crate::time::short(end, now)),
            });
        } else if start > now && on_call_next.is_none() {
            on_call_next = Some(ShiftRow {
                name,
                when: format!("from {}", crate::time::short(start, now)),
            });
        }
    }

    let layout = Layout::new("Dashboard", &user, &headers);
    let had_flash = layout.flash.is_some();
    Ok(render(
        StatusCode::OK,
        &headers,
        had_flash,
        &Dashboard {
            layout,
            can_triage,
            reports,
            incidents: incidents.into_iter().map(|(_, _, r)| r).collect(),
            closed,
            on_call_now,
            on_call_next,
            preventive,
            reports_sig,
        },
    ))
}

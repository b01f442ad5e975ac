//! The insight page: the organisation's incident figures (computed by
//! `muster_app::insights`) with charts drawn here as SVG, and the same
//! figures as CSV. Rule 10: the figures count the incidents the person may
//! see, each restricted one an audited read (an administrator sees all).

pub mod chart;

use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::session::WebUser;
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chart::{MonthStat, Point};
use muster_api::{DurationStat, InsightsView, Tally};
use muster_app::App;
use muster_app::insights::{MEASURES, value};

pub struct MeasureBlock {
    pub name: &'static str,
    pub title: String,
    pub count: u32,
    pub median: String,
    pub p90: String,
    pub chart: String,
    pub months: Vec<MonthStat>,
}

pub struct GroupRow {
    pub group: String,
    pub count: u32,
    pub median: String,
    pub p90: String,
    pub bar: String,
}

pub struct GroupTable {
    pub measure: &'static str,
    pub by_severity: Vec<GroupRow>,
    pub by_category: Vec<GroupRow>,
}

pub struct TallyRow {
    pub label: &'static str,
    pub kept_word: &'static str,
    pub t: Tally,
    pub bar: String,
}

pub struct IncidentRow {
    pub reference: String,
    pub severity: String,
    pub category: String,
    pub declared: String,
    pub values: Vec<String>,
}

#[derive(Template)]
#[template(path = "insight.html")]
struct InsightPage {
    layout: Layout,
    v: InsightsView,
    measures: Vec<MeasureBlock>,
    groups: Vec<GroupTable>,
    tallies: Vec<TallyRow>,
    /// The latest incidents (all of them are in the CSV).
    latest: Vec<IncidentRow>,
    admin: bool,
}

/// How many incidents the page lists one by one.
const LATEST: usize = 50;

fn title(measure: &str) -> String {
    match measure {
        "triage" => "Time to triage (report → triage)".into(),
        "declare" => "Time to declare (report → declaration)".into(),
        "assemble" => "Time to assemble the team (declaration → full roll call)".into(),
        "contain" => "Time to contain (declaration → out of hot)".into(),
        _ => "Time to resolve (declaration → cold)".into(),
    }
}

fn opt(s: Option<i64>) -> String {
    s.map(chart::human).unwrap_or_else(|| "—".into())
}

fn stats<'a>(
    v: &'a InsightsView,
    measure: &'a str,
    by: &'a str,
) -> impl Iterator<Item = &'a DurationStat> {
    v.durations
        .iter()
        .filter(move |d| d.measure == measure && d.by == by)
}

fn group_rows(v: &InsightsView, measure: &str, by: &str) -> Vec<GroupRow> {
    stats(v, measure, by)
        .map(|d| GroupRow {
            group: d.group.clone(),
            count: d.count,
            median: opt(d.median_seconds),
            p90: opt(d.p90_seconds),
            bar: chart::bar(d.median_seconds.unwrap_or(0), d.p90_seconds.unwrap_or(0)),
        })
        .collect()
}

/// The page's parts from the figures: pure, so the benchmark times it with
/// the rendering.
fn build(v: InsightsView, layout: Layout, admin: bool) -> InsightPage {
    let first = v.per_incident.iter().find_map(|f| f.declared_at);
    let last = v.per_incident.iter().rev().find_map(|f| f.declared_at);
    let span = match (first, last) {
        (Some(a), Some(b)) => (b.as_second() - a.as_second()).max(1) as f64,
        _ => 1.0,
    };
    let position = |f: &muster_api::IncidentFigures| match (first, f.declared_at) {
        (Some(a), Some(t)) => (t.as_second() - a.as_second()) as f64 / span,
        _ => 0.0,
    };
    let measures = MEASURES
        .iter()
        .map(|m| {
            let all = stats(&v, m, "all").next();
            let months: Vec<MonthStat> = stats(&v, m, "month")
                .filter_map(|d| {
                    Some(MonthStat {
                        month: d.group.clone(),
                        median: d.median_seconds?,
                        p90: d.p90_seconds?,
                        count: d.count,
                    })
                })
                .collect();
            let points: Vec<Point> = v
                .per_incident
                .iter()
                .filter_map(|f| {
                    Some(Point {
                        at: position(f),
                        secs: value(f, m)?,
                        label: f.reference.clone(),
                    })
                })
                .collect();
            MeasureBlock {
                name: m,
                title: title(m),
                count: all.map_or(0, |d| d.count),
                median: opt(all.and_then(|d| d.median_seconds)),
                p90: opt(all.and_then(|d| d.p90_seconds)),
                chart: chart::over_time(&title(m), &points, &months),
                months,
            }
        })
        .collect();
    let groups = MEASURES
        .iter()
        .map(|m| GroupTable {
            measure: m,
            by_severity: group_rows(&v, m, "severity"),
            by_category: group_rows(&v, m, "category"),
        })
        .collect();
    let tallies = vec![
        TallyRow {
            label: "Report-backs",
            kept_word: "kept",
            bar: chart::tally(
                "Report-backs",
                v.report_backs.kept,
                v.report_backs.missed,
                v.report_backs.pending,
            ),
            t: v.report_backs.clone(),
        },
        TallyRow {
            label: "Regulators' deadlines",
            kept_word: "met",
            bar: chart::tally(
                "Regulators' deadlines",
                v.clocks.kept,
                v.clocks.missed,
                v.clocks.pending,
            ),
            t: v.clocks.clone(),
        },
    ];
    let latest = v
        .per_incident
        .iter()
        .rev()
        .take(LATEST)
        .map(|f| IncidentRow {
            reference: f.reference.clone(),
            severity: f.severity.clone(),
            category: f.category.clone(),
            declared: f
                .declared_at
                .map(|t| t.strftime("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            values: MEASURES.iter().map(|m| opt(value(f, m))).collect(),
        })
        .collect();
    InsightPage {
        layout,
        v,
        measures,
        groups,
        tallies,
        latest,
        admin,
    }
}

/// Renders the insight page of `user` (public for the benchmark).
pub async fn render_page(
    app: &App,
    user: &WebUser,
    headers: &HeaderMap,
) -> Result<Response, WebError> {
    let v = app.insights(&user.actor, "GET /insights").await?;
    let layout = Layout::new("Insight", user, headers);
    let had_flash = layout.flash.is_some();
    let page = build(v, layout, user.actor.admin);
    Ok(render(StatusCode::OK, headers, had_flash, &page))
}

pub async fn page(
    State(app): State<App>,
    user: WebUser,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    render_page(&app, &user, &headers).await
}

pub async fn csv(State(app): State<App>, user: WebUser) -> Result<Response, WebError> {
    let v = app.insights(&user.actor, "GET /insights.csv").await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"insights.csv\"",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        muster_app::insights::csv(&v),
    )
        .into_response())
}

//! Webhook subscriptions (one created, its signing secret shown once; one
//! deleted) and the delivery log of every reminder and notification.

use super::{form, id, reply, require};
use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::session::WebUser;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use jiff::Timestamp;
use muster_app::admin::WebhookInput;
use muster_app::views::ts;
use muster_app::{App, AppError};
use muster_store::{OutboxQuery, OutboxStatus};
use serde::Deserialize;
use std::collections::HashMap;

pub struct SubRow {
    pub id: String,
    pub url: String,
    pub kinds: String,
    pub description: String,
    pub created: String,
}

pub struct DeliveryRow {
    pub channel: String,
    pub incident: String,
    pub status: String,
    pub attempts: u32,
    pub due: String,
    pub finished: String,
    pub error: String,
}

/// A subscription just created, with the secret it signs with: shown once.
pub struct Created {
    pub url: String,
    pub secret: String,
}

#[derive(Template)]
#[template(path = "admin/webhooks.html")]
struct WebhooksPage {
    layout: Layout,
    tab: &'static str,
    subs: Vec<SubRow>,
    deliveries: Vec<DeliveryRow>,
    status: String,
    created: Option<Created>,
}

#[derive(Debug, Deserialize)]
pub struct DeliveryFilter {
    status: Option<String>,
}

async fn page(
    app: &App,
    user: &WebUser,
    headers: &HeaderMap,
    code: StatusCode,
    status: Option<&str>,
    created: Option<Created>,
) -> Result<Response, WebError> {
    let now = Timestamp::now();
    let short = |us: i64| crate::time::short(ts(us), now);
    let subs = app
        .outbox()
        .list_subscriptions()
        .await?
        .into_iter()
        .map(|s| SubRow {
            id: s.id.to_string(),
            url: s.url,
            kinds: s.kinds.join(", "),
            description: s.description.unwrap_or_default(),
            created: short(s.created_at),
        })
        .collect();
    let wanted = status
        .map(|s| s.parse::<OutboxStatus>())
        .transpose()
        .map_err(|e| {
            AppError::invalid(
                "status",
                format!("{e}; use pending, delivered, cancelled or dead"),
            )
        })?;
    let rows = app
        .outbox()
        .list_outbox(&OutboxQuery {
            status: wanted,
            channel: None,
            incident: None,
            limit: 200,
        })
        .await?;
    let mut refs: HashMap<uuid::Uuid, String> = HashMap::new();
    let mut deliveries = Vec::new();
    for r in rows {
        let incident = match r.incident {
            Some(i) => match refs.entry(i) {
                std::collections::hash_map::Entry::Occupied(e) => e.get().clone(),
                std::collections::hash_map::Entry::Vacant(e) => e
                    .insert(app.reference_of(i).await?.unwrap_or_default())
                    .clone(),
            },
            None => String::new(),
        };
        deliveries.push(DeliveryRow {
            channel: r.channel,
            incident,
            status: r.status.to_string(),
            attempts: r.attempts,
            due: short(r.due_at),
            finished: r.finished_at.map(short).unwrap_or_default(),
            error: r.last_error.unwrap_or_default(),
        });
    }
    let layout = Layout::new("Webhooks", user, headers);
    let had_flash = layout.flash.is_some();
    Ok(render(
        code,
        headers,
        had_flash,
        &WebhooksPage {
            layout,
            tab: "webhooks",
            subs,
            deliveries,
            status: status.unwrap_or("").to_owned(),
            created,
        },
    ))
}

pub async fn list(
    State(app): State<App>,
    user: WebUser,
    headers: HeaderMap,
    Query(q): Query<DeliveryFilter>,
) -> Result<Response, WebError> {
    require(&user)?;
    let status = q.status.as_deref().map(str::trim).filter(|s| !s.is_empty());
    page(&app, &user, &headers, StatusCode::OK, status, None).await
}

/// Creates a subscription and answers with the page that shows its secret
/// once (a redirect would have to carry it).
pub async fn add(
    State(app): State<App>,
    user: WebUser,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let outcome = async {
        let form = form(&user, &body)?;
        let kinds = form
            .get("kinds")
            .unwrap_or("")
            .split([',', ' '])
            .map(str::to_owned)
            .collect();
        let sub = app
            .add_webhook(
                &user.actor,
                WebhookInput {
                    url: form.get("url").unwrap_or("").to_owned(),
                    kinds,
                    description: form.opt("description"),
                    secret: None,
                },
            )
            .await?;
        let created = Created {
            url: sub.url,
            secret: sub.secret,
        };
        page(
            &app,
            &user,
            &headers,
            StatusCode::CREATED,
            None,
            Some(created),
        )
        .await
    }
    .await;
    match outcome {
        Ok(response) => response,
        Err(e) => reply(&headers, "/admin/webhooks", Err(e)),
    }
}

pub async fn delete(
    State(app): State<App>,
    user: WebUser,
    headers: HeaderMap,
    Path(raw): Path<String>,
    body: Bytes,
) -> Response {
    let outcome = async {
        form(&user, &body)?;
        app.delete_webhook(&user.actor, id(&raw, "subscription")?)
            .await?;
        Ok((
            "/admin/webhooks".to_owned(),
            "Deleted the subscription: nothing more is sent to it.".to_owned(),
        ))
    }
    .await;
    reply(&headers, "/admin/webhooks", outcome)
}

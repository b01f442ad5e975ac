//! Exports from the room, with the browser's session: the same documents as
//! `GET /api/incidents/{ref}/export` (Markdown, JSON with the log's hashes, and
//! the printable HTML report).

use crate::error::WebError;
use crate::room;
use crate::session::WebUser;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use muster_app::App;
use muster_app::AppError;
use muster_app::{export, export_html};

pub async fn download(
    State(app): State<App>,
    user: WebUser,
    Path((reference, format)): Path<(String, String)>,
) -> Result<Response, WebError> {
    if !matches!(format.as_str(), "md" | "json" | "html") {
        return Err(WebError::NotFound(format!(
            "There is no `{format}` export: choose Markdown, JSON or HTML."
        )));
    }
    let s = room::load(
        &app,
        &user,
        &reference,
        &format!("GET /incidents/{reference}/export/{format}"),
    )
    .await?;
    let doc = app.export_document(&s).await?;
    let attachment = format!("attachment; filename=\"{reference}.{format}\"");
    let mut response = match format.as_str() {
        "json" => ([(header::CONTENT_DISPOSITION, attachment)], Json(doc)).into_response(),
        "md" => (
            [
                (
                    header::CONTENT_TYPE,
                    "text/markdown; charset=utf-8".to_owned(),
                ),
                (header::CONTENT_DISPOSITION, attachment),
            ],
            export::markdown(&doc),
        )
            .into_response(),
        _ => {
            let html = export_html::render(&doc)
                .map_err(|e| AppError::internal(format!("rendering the HTML export: {e}")))?;
            (
                [
                    (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                    (
                        header::CONTENT_SECURITY_POLICY,
                        export_html::CONTENT_SECURITY_POLICY,
                    ),
                ],
                html,
            )
                .into_response()
        }
    };
    // The whole record of an incident: never kept in a cache.
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    Ok(response)
}

//! The stylesheet, the script and the icon, embedded in the binary at build
//! time: nothing is fetched from anywhere else.

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

const CSS: &str = include_str!("../assets/muster.css");
const JS: &str = include_str!("../assets/muster.js");
const ICON: &str = include_str!("../assets/icon.svg");

/// A short hash of the assets, put in their URLs so a new build is fetched anew
/// while an unchanged one is cached.
pub fn version() -> &'static str {
    static VERSION: OnceLock<String> = OnceLock::new();
    VERSION.get_or_init(|| {
        let mut h = Sha256::new();
        h.update(CSS);
        h.update(JS);
        h.update(ICON);
        hex::encode(&h.finalize()[..6])
    })
}

pub async fn serve(Path(name): Path<String>) -> Response {
    let (body, kind) = match name.as_str() {
        "muster.css" => (CSS, "text/css; charset=utf-8"),
        "muster.js" => (JS, "text/javascript; charset=utf-8"),
        "icon.svg" => (ICON, "image/svg+xml"),
        _ => return (StatusCode::NOT_FOUND, "no such asset").into_response(),
    };
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "public, max-age=86400"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        body,
    )
        .into_response()
}

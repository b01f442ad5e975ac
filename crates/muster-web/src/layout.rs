//! What every page's frame shows: who is signed in, the sign-out form with its
//! CSRF token, and the one-shot message from the last form.

use crate::flash::{self, Flash};
use crate::session::WebUser;
use askama::Template;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

pub struct Layout {
    pub title: String,
    /// `None` on the sign-in page.
    pub user_name: Option<String>,
    pub admin: bool,
    pub csrf: String,
    pub flash: Option<Flash>,
    /// Cache-busting version of the embedded assets.
    pub asset_v: &'static str,
    /// Server time, so the page's countdowns follow the server's clock.
    pub now: String,
}

impl Layout {
    pub fn new(title: impl Into<String>, user: &WebUser, headers: &HeaderMap) -> Layout {
        Layout {
            title: title.into(),
            user_name: Some(user.actor.person.name.clone()),
            admin: user.actor.admin,
            csrf: user.csrf.clone(),
            flash: flash::take(headers),
            asset_v: crate::assets::version(),
            now: jiff::Timestamp::now().to_string(),
        }
    }

    pub fn anonymous(title: impl Into<String>, headers: &HeaderMap) -> Layout {
        Layout {
            title: title.into(),
            user_name: None,
            admin: false,
            csrf: String::new(),
            flash: flash::take(headers),
            asset_v: crate::assets::version(),
            now: jiff::Timestamp::now().to_string(),
        }
    }
}

/// Every page's policy: everything the page needs is served from here;
/// nothing inline runs.
pub const PAGE_CSP: &str = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

/// Renders a page; a message it showed is cleared so it shows once. Pages are
/// never cached: they hold live incident data.
pub fn render<T: Template>(
    status: StatusCode,
    request: &HeaderMap,
    had_flash: bool,
    page: &T,
) -> Response {
    let body = match page.render() {
        Ok(body) => body,
        Err(e) => {
            tracing::error!(error = %e, "rendering a page failed");
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Something went wrong on the server; nothing was changed.",
            )
                .into_response();
        }
    };
    let mut response = (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
            (header::CONTENT_SECURITY_POLICY, PAGE_CSP),
            (header::REFERRER_POLICY, "same-origin"),
        ],
        body,
    )
        .into_response();
    if had_flash {
        response
            .headers_mut()
            .append(header::SET_COOKIE, flash::clear(request));
    }
    response
}

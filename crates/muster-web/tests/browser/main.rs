//! The web UI's tests in one binary: plain HTTP (a browser without
//! JavaScript) and a real headless Chromium driven over WebDriver.

mod admin_browser;
mod admin_http;
mod app;
mod axe;
mod browser;
mod chat_link;
mod defaults;
mod driver;
mod headers;
mod http;
mod insight_http;
mod integrity;
mod log;
mod nojs;
mod oidc_browser;
mod oidc_idp;
mod oidc_session;
mod oidc_signon;
mod oidc_tokens;
mod phone;
mod roles;
mod room_clocks;
mod room_indicators;
mod room_obligations;
mod throttle;
mod web_http;

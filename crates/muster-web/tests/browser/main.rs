//! The web UI's tests in one binary: plain HTTP (a browser without
//! JavaScript) and a real headless Chromium driven over WebDriver.

mod admin_browser;
mod admin_http;
mod app;
mod browser;
mod driver;
mod headers;
mod http;
mod insight_http;
mod integrity;
mod phone;
mod room_clocks;
mod room_obligations;
mod throttle;
mod web_http;

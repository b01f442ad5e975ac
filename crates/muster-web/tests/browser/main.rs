//! The web UI's tests in one binary: plain HTTP (a browser without
//! JavaScript) and a real headless Chromium driven over WebDriver.

mod app;
mod axe;
mod browser;
mod defaults;
mod driver;
mod headers;
mod http;
mod integrity;
mod log;
mod nojs;
mod phone;
mod roles;
mod room_clocks;
mod room_obligations;
mod throttle;
mod web_http;

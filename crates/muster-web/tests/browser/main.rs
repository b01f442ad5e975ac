//! The web UI's tests in one binary: plain HTTP (a browser without
//! JavaScript) and a real headless Chromium driven over WebDriver.

mod app;
mod browser;
mod driver;
mod http;
mod room_clocks;
mod integrity;
mod web_http;

//! Headless Chromium through chromedriver. The tests skip (saying so) only when
//! chromedriver is missing and `MUSTER_REQUIRE_BROWSER` is unset; CI sets it.

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Driver {
    child: Child,
    port: u16,
    profiles: Vec<tempfile::TempDir>,
}

fn chromedriver() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("CHROMEDRIVER") {
        return Some(PathBuf::from(p));
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("chromedriver"))
            .find(|p| p.is_file())
    })
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Asks chromedriver something over plain HTTP (it needs no client library).
fn ask(port: u16, path: &str) -> Option<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_millis(500))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    // chromedriver may keep the connection open: take what arrives.
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    while let Ok(n) = s.read(&mut buf) {
        if n == 0 {
            break;
        }
        out.extend_from_slice(&buf[..n]);
        if out.ends_with(b"}") {
            break;
        }
    }
    (!out.is_empty()).then(|| String::from_utf8_lossy(&out).into_owned())
}

impl Driver {
    /// Starts chromedriver, or `None` (with a printed reason) when the browser
    /// tests are to be skipped on this machine.
    pub fn start() -> Option<Driver> {
        let Some(path) = chromedriver() else {
            if std::env::var_os("MUSTER_REQUIRE_BROWSER").is_some() {
                panic!(
                    "MUSTER_REQUIRE_BROWSER is set but chromedriver is not installed (apt-get install chromium chromium-driver)"
                );
            }
            println!(
                "SKIPPED browser test: chromedriver not found (apt-get install chromium chromium-driver); set MUSTER_REQUIRE_BROWSER=1 to make this a failure"
            );
            return None;
        };
        let port = free_port();
        let child = Command::new(path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let started = Instant::now();
        while ask(port, "/status").is_none_or(|s| !s.contains("ready")) {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Some(Driver {
            child,
            port,
            profiles: Vec::new(),
        })
    }

    /// A new browser with its own profile (its own cookies).
    pub async fn browser(&mut self) -> Client {
        self.browser_with(true).await
    }

    /// A new browser with JavaScript switched off, as some responders run.
    pub async fn browser_without_js(&mut self) -> Client {
        self.browser_with(false).await
    }

    async fn browser_with(&mut self, javascript: bool) -> Client {
        let profile = tempfile::tempdir().expect("profile dir");
        let binary = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let caps = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": binary,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--window-size=1280,900",
                    format!("--user-data-dir={}", profile.path().display())],
                "prefs": {"session.restore_on_startup": 4, "session.startup_urls": ["about:blank"],
                    "profile.managed_default_content_settings.javascript": if javascript { 1 } else { 2 }}
            }
        });
        self.profiles.push(profile);
        let serde_json::Value::Object(caps) = caps else {
            unreachable!()
        };
        ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("a WebDriver session")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // Killing chromedriver leaves Chromium running; ask it to shut down first.
        let _ = ask(self.port, "/shutdown");
        std::thread::sleep(Duration::from_millis(200));
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits until the elements matching `css` include one whose text contains `needle`.
pub async fn wait_text(c: &Client, css: &str, needle: &str, timeout: Duration) -> Duration {
    let started = Instant::now();
    loop {
        if let Ok(found) = c.find_all(Locator::Css(css)).await {
            for e in found {
                if e.text().await.is_ok_and(|t| t.contains(needle)) {
                    return started.elapsed();
                }
            }
        }
        if started.elapsed() > timeout {
            let text = c
                .execute("return document.body.innerText", vec![])
                .await
                .unwrap_or_default();
            let text: String = text.as_str().unwrap_or("").chars().take(3000).collect();
            panic!("no `{css}` containing {needle:?} within {timeout:?}; the page reads:\n{text}");
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// Waits until the script expression is true, and says how long it took.
pub async fn wait_js_within(c: &Client, expr: &str, timeout: Duration) -> Duration {
    let started = Instant::now();
    wait_js(c, expr, timeout).await;
    started.elapsed()
}

/// Waits until the script expression is true.
pub async fn wait_js(c: &Client, expr: &str, timeout: Duration) {
    let started = Instant::now();
    loop {
        let v = c
            .execute(&format!("return !!({expr});"), vec![])
            .await
            .unwrap_or(serde_json::Value::Bool(false));
        if v == serde_json::Value::Bool(true) {
            return;
        }
        assert!(
            started.elapsed() < timeout,
            "`{expr}` not true within {timeout:?}"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// Retries an interaction whose element the live room replaced under it.
async fn retry<F, Fut>(what: &str, mut f: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<(), fantoccini::error::CmdError>>,
{
    let mut tries = 0;
    loop {
        match f().await {
            Ok(()) => return,
            Err(e) if tries < 20 => {
                tries += 1;
                let _ = e;
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            Err(e) => panic!("{what}: {e}"),
        }
    }
}

pub async fn fill(c: &Client, css: &str, text: &str) {
    retry(&format!("fill {css}"), || async {
        let e = c.find(Locator::Css(css)).await?;
        e.click().await?;
        e.clear().await?;
        e.send_keys(text).await
    })
    .await
}

pub async fn click(c: &Client, css: &str) {
    retry(&format!("click {css}"), || async {
        c.find(Locator::Css(css)).await?.click().await
    })
    .await
}

pub async fn select(c: &Client, css: &str, value: &str) {
    retry(&format!("select {value} in {css}"), || async {
        c.find(Locator::Css(css))
            .await?
            .select_by_value(value)
            .await
    })
    .await
}

pub async fn screenshot(c: &Client, name: &str) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    let png = c.screenshot().await.expect("screenshot");
    std::fs::write(dir.join(name), png).expect("write screenshot");
}

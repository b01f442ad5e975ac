//! `muster login --sso` through the real binary: `muster serve` with sign-on
//! set by its environment variables against a real OpenID Provider
//! (`oidc-provider`, see `crates/muster-web/tests/oidc/`), the CLI's
//! loopback listener, and a browser (a plain HTTP client typing into the
//! provider's login form) going there and back; the token is saved and works.

use crate::common::{BIN, admin_init, scratch};
use reqwest::redirect::Policy;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};

const SECRET: &str = "muster-e2e-secret-of-enough-length-0123456789";

fn provider_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../muster-web/tests/oidc")
}

/// The provider, with Muster at `muster` registered; `None` (skipped) when
/// it cannot run here and need not.
fn provider(muster: &str) -> Option<(std::process::Child, String)> {
    let installed = provider_dir()
        .join("node_modules/oidc-provider/package.json")
        .exists();
    if !installed {
        if std::env::var_os("MUSTER_REQUIRE_OIDC").is_some() {
            panic!(
                "MUSTER_REQUIRE_OIDC is set but oidc-provider is not installed (npm ci in crates/muster-web/tests/oidc)"
            );
        }
        println!(
            "SKIPPED sign-on test: oidc-provider is not installed; set MUSTER_REQUIRE_OIDC=1 to make this a failure"
        );
        return None;
    }
    let clients = json!([{"client_id": "muster", "client_secret": SECRET,
        "redirect_uris": [format!("{muster}/auth/oidc/callback")]}]);
    let mut child = Command::new("node")
        .arg("provider.mjs")
        .arg("0")
        .current_dir(provider_dir())
        .env("MUSTER_TEST_CLIENTS", clients.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start node");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let issuer = loop {
        let line = lines
            .next()
            .expect("the provider said where it listens")
            .expect("read");
        if let Ok(v) = serde_json::from_str::<Value>(&line) {
            break v["issuer"].as_str().expect("issuer").to_owned();
        }
    };
    Some((child, issuer))
}

/// A browser without JavaScript: follows redirects by hand, keeps cookies,
/// types `login` into the provider's form; stops at the first address on
/// neither the provider nor Muster (the CLI's loopback) and returns it.
async fn browse(start: &str, issuer: &str, muster: &str, login: &str) -> String {
    let http = reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .expect("client");
    let mut jar: BTreeMap<String, String> = BTreeMap::new();
    let mut next = (reqwest::Method::GET, start.to_owned(), String::new());
    for _ in 0..16 {
        let cookies = jar
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        let r = http
            .request(next.0.clone(), &next.1)
            .header("cookie", cookies)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(next.2.clone())
            .send()
            .await
            .expect("request");
        for v in r.headers().get_all("set-cookie") {
            let pair = v.to_str().expect("ascii").split(';').next().expect("pair");
            if let Some((k, v)) = pair.split_once('=') {
                jar.insert(k.to_owned(), v.to_owned());
            }
        }
        let status = r.status().as_u16();
        let location = r
            .headers()
            .get("location")
            .map(|l| l.to_str().expect("ascii").to_owned());
        let body = r.text().await.expect("body");
        if status == 200 && body.contains("name=\"login\"") {
            let at = body.find("action=\"").expect("form") + 8;
            let action = body[at..at + body[at..].find('"').expect("end")].to_owned();
            let form = format!("prompt=login&login={login}&password=any");
            next = (reqwest::Method::POST, action, form);
            continue;
        }
        let location = location.unwrap_or_else(|| panic!("{status} without a redirect: {body}"));
        let absolute = if location.starts_with('/') {
            format!("{issuer}{location}")
        } else {
            location
        };
        if !absolute.starts_with(issuer) && !absolute.starts_with(muster) {
            return absolute;
        }
        next = (reqwest::Method::GET, absolute, String::new());
    }
    panic!("the sign-in never left the provider and Muster");
}

/// The log as text: the terminal colour codes the log writer adds, dropped.
fn without_colours(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for d in chars.by_ref() {
                if d == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_sso_signs_the_cli_in_through_the_browser_and_saves_a_token() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let (dir, db) = scratch();
    admin_init(&db);
    // Muster's address must be known before the provider registers it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("port")
        .local_addr()
        .expect("addr")
        .port();
    let muster = format!("http://127.0.0.1:{port}");
    let Some((mut idp, issuer)) = provider(&muster) else {
        return;
    };
    let account = reqwest::Client::new()
        .put(format!("{issuer}/test/accounts/ada-at-idp"))
        .body(json!({"email": "ada@example.org", "email_verified": true}).to_string())
        .send()
        .await
        .expect("account");
    assert_eq!(account.status().as_u16(), 204);
    // The server's log, where sign-ins are audited.
    let log = dir.path().join("serve.log");
    let mut server = Command::new(BIN)
        .args(["serve", "--listen", &format!("127.0.0.1:{port}"), "--db"])
        .arg(&db)
        .env("MUSTER_SETTINGS", "/dev/null")
        .env("RUST_LOG", "info")
        .env("MUSTER_OIDC_ISSUER", &issuer)
        .env("MUSTER_OIDC_CLIENT_ID", "muster")
        .env("MUSTER_OIDC_CLIENT_SECRET", SECRET)
        .env("MUSTER_OIDC_PUBLIC_URL", &muster)
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&log).expect("log file"))
        .spawn()
        .expect("muster serve");
    let mut first = String::new();
    BufReader::new(server.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("listening line");
    assert!(first.contains(&muster), "{first}");
    // A callback nobody started is refused, in words, and audited.
    let stray = reqwest::get(format!("{muster}/auth/oidc/callback?code=x&state=y"))
        .await
        .expect("stray callback");
    assert_eq!(stray.status().as_u16(), 400);
    assert!(
        stray
            .text()
            .await
            .expect("page")
            .contains("expired or was started in another browser")
    );

    let config = dir.path().join("cli.toml");
    let mut cli = Command::new(BIN)
        .args(["login", "--sso", "--no-browser", "--url", &muster])
        .env("MUSTER_CONFIG", &config)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("muster login --sso");
    let mut err = BufReader::new(cli.stderr.take().expect("stderr")).lines();
    let start = loop {
        let line = err
            .next()
            .expect("the CLI printed the address")
            .expect("read");
        if let Some(url) = line
            .trim()
            .strip_prefix(&format!("{muster}/auth/oidc/start?"))
        {
            break format!("{muster}/auth/oidc/start?{url}");
        }
    };
    assert!(start.contains("cli_challenge="), "{start}");
    let loopback = browse(&start, &issuer, &muster, "ada-at-idp").await;
    assert!(
        loopback.starts_with("http://127.0.0.1:") && loopback.contains("/callback?code="),
        "{loopback}"
    );
    let page = reqwest::get(&loopback)
        .await
        .expect("the CLI's loopback")
        .text()
        .await
        .expect("page");
    assert!(page.contains("you can close this tab"), "{page}");

    let out = tokio::task::spawn_blocking(move || cli.wait_with_output())
        .await
        .expect("join")
        .expect("wait");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains(&format!(
            "Signed in to {muster} as Ada Admin <ada@example.org> through sign-on."
        )),
        "{stdout}"
    );
    let saved = std::fs::read_to_string(&config).expect("config saved");
    assert!(saved.contains("mst_"), "the token is saved");
    let me = Command::new(BIN)
        .args(["--json", "me"])
        .env("MUSTER_CONFIG", &config)
        .output()
        .expect("muster me");
    let me: Value = serde_json::from_slice(&me.stdout).expect("json");
    assert_eq!(me["email"], "ada@example.org", "the saved token works");
    let audit = without_colours(&std::fs::read_to_string(&log).expect("log"));
    assert!(audit.contains("sso sign-in refused"), "{audit}");
    assert!(
        audit.contains(&format!(
            "sso sign-in person={}",
            me["id"].as_str().expect("id")
        )),
        "{audit}"
    );
    assert!(audit.contains("sso cli token issued"), "{audit}");
    let _ = server.kill();
    let _ = server.wait();
    let _ = idp.kill();
    let _ = idp.wait();
}

#[test]
fn login_help_explains_sso() {
    let out = Command::new(BIN)
        .args(["login", "--help"])
        .output()
        .expect("help");
    let text = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "--sso",
        "--no-browser",
        "127.0.0.1",
        "one-time code",
        "PKCE",
        "MUSTER_OIDC_ISSUER",
    ] {
        assert!(
            text.contains(needle),
            "`muster login --help` mentions {needle}:\n{text}"
        );
    }
}

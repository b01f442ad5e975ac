//! axe-core (npm, pinned in `.ci/axe/package-lock.json`, installed by
//! `./test.sh`) run inside the page over WebDriver: every page state the
//! browser tests reach is checked for serious and critical violations.

use fantoccini::Client;
use std::path::PathBuf;
use std::sync::OnceLock;

/// axe.min.js, or `None` (with a printed reason) when it is not installed and
/// `MUSTER_REQUIRE_AXE` does not say it must be.
fn script() -> Option<&'static str> {
    static AXE: OnceLock<Option<String>> = OnceLock::new();
    AXE.get_or_init(|| {
        let path = std::env::var_os("MUSTER_AXE_JS").map(PathBuf::from).unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../.ci/axe/node_modules/axe-core/axe.min.js")
        });
        match std::fs::read_to_string(&path) {
            Ok(js) => Some(js),
            Err(e) => {
                if std::env::var_os("MUSTER_REQUIRE_AXE").is_some() {
                    panic!(
                        "MUSTER_REQUIRE_AXE is set but axe-core is not at {} ({e}): run `npm ci --prefix .ci/axe`",
                        path.display()
                    );
                }
                println!(
                    "SKIPPED accessibility checks: axe-core not at {} (npm ci --prefix .ci/axe); set MUSTER_REQUIRE_AXE=1 to make this a failure",
                    path.display()
                );
                None
            }
        }
    })
    .as_deref()
}

/// The page's serious and critical violations, one line each, named by
/// `what` (the page state) so a failure says where it was.
pub async fn violations(c: &Client, what: &str) -> Vec<String> {
    let Some(js) = script() else {
        return Vec::new();
    };
    // The script itself is the injection: WebDriver runs it past the page's
    // Content-Security-Policy, which an eval inside the page would not pass.
    let loaded = c
        .execute(&format!("{js}\n;return typeof window.axe;"), vec![])
        .await
        .expect("inject axe-core");
    assert_eq!(loaded, "object", "axe-core did not load in {what}");
    let found = c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { resultTypes: ['violations'] })
               .then(r => done(r.violations
                 .filter(v => v.impact === 'serious' || v.impact === 'critical')
                 .map(v => v.impact + ' ' + v.id + ': ' + v.help + ' — ' +
                   v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))))
               .catch(e => done(['axe failed: ' + e]));",
            vec![],
        )
        .await
        .expect("run axe-core");
    found
        .as_array()
        .expect("a list of violations")
        .iter()
        .map(|v| format!("{what}: {}", v.as_str().unwrap_or("?")))
        .collect()
}

/// Fails the test with every serious or critical violation on the page.
pub async fn assert_clean(c: &Client, what: &str) {
    let found = violations(c, what).await;
    assert!(found.is_empty(), "axe-core:\n{}", found.join("\n"));
}

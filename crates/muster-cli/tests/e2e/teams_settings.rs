//! `muster serve` refuses Teams settings it cannot work with, naming the
//! variable, before it listens.

use crate::common::*;
use std::process::Command;

fn serve_with(env: &[(&str, &str)]) -> (Option<i32>, String) {
    let (_dir, db) = scratch();
    let mut cmd = Command::new(BIN);
    cmd.args(["serve", "--listen", "127.0.0.1:0", "--db"])
        .arg(&db)
        .env("MUSTER_SETTINGS", "/dev/null");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run muster serve");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn teams_settings_missing_a_part_or_unrouted_are_refused() {
    let (status, err) = serve_with(&[(
        "MUSTER_TEAMS_APP_ID",
        "5d1e6f7a-0b2c-4d3e-8f90-a1b2c3d4e5f6",
    )]);
    assert_ne!(status, Some(0));
    assert!(
        err.contains("MUSTER_TEAMS_APP_PASSWORD is required with MUSTER_TEAMS_APP_ID"),
        "{err}"
    );

    let teams = [
        (
            "MUSTER_TEAMS_APP_ID",
            "5d1e6f7a-0b2c-4d3e-8f90-a1b2c3d4e5f6",
        ),
        ("MUSTER_TEAMS_APP_PASSWORD", "secret"),
        (
            "MUSTER_TEAMS_TENANT_ID",
            "72f988bf-86f1-41af-91ab-2d7cd011db47",
        ),
        (
            "MUSTER_TEAMS_TEAM_ID",
            "02bd9fd6-8f93-4758-87c3-1fb73740a315",
        ),
    ];
    let (status, err) = serve_with(&teams);
    assert_ne!(status, Some(0));
    assert!(
        err.contains("MUSTER_TEAMS_CHANNEL_OWNER is required"),
        "{err}"
    );

    // Slack and Teams may be set up together now (the policy's `[chat]`
    // routes pick one per incident), but a policy that opens channels on a
    // platform not set up is refused: here the default policy's `slack`
    // beside Teams alone.
    let mut complete = teams.to_vec();
    complete.push((
        "MUSTER_TEAMS_CHANNEL_OWNER",
        "0ee10000-0000-4000-8000-0000000000ff",
    ));
    let (status, err) = serve_with(&complete);
    assert_ne!(status, Some(0));
    assert!(
        err.contains(
            "the policy opens channels on slack, but slack is not set up on this server (set up: teams)"
        ),
        "{err}"
    );
}

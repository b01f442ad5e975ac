//! SIGKILL the server during concurrent appends: after a restart every
//! acknowledged entry is there and every chain verifies.

use crate::common::*;
use muster_api::{Command, CommandRequest};
use muster_client::Client;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[test]
fn acknowledged_entries_survive_kill_9() {
    let (dir, db) = scratch();
    let admin_token = admin_init(&db);
    let server = Server::start(&db);
    let admin = User::new(&server.url, &admin_token, dir.path());
    admin.ok(&[
        "rota",
        "add",
        "--person",
        "ada@example.org",
        "--from",
        "-1m",
        "--to",
        "+1h",
    ]);
    let mut incidents = Vec::new();
    for title in ["Ransom note on file share", "Suspicious OAuth grant"] {
        let rep = admin.ok(&["report", title, "--source", "SOC"])["reference"]
            .as_str()
            .expect("ref")
            .to_owned();
        let inc = admin.ok(&[
            "triage",
            &rep,
            "--declare",
            "--severity",
            "SEV-1",
            "--category",
            "ransomware",
            "--no-security",
            "--personal-data",
            "no",
            "--hypothesis",
            "commodity ransomware",
        ])["incident"]
            .as_str()
            .expect("inc")
            .to_owned();
        incidents.push(inc);
    }

    let acknowledged: Arc<Mutex<Vec<(String, u64, String)>>> = Arc::default();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("rt");
    let client = Client::new(&server.url, Some(admin_token.clone())).expect("client");
    let writers: Vec<_> = (0..16)
        .map(|w| {
            let client = client.clone();
            let inc = incidents[w % incidents.len()].clone();
            let acknowledged = acknowledged.clone();
            rt.spawn(async move {
                for i in 0.. {
                    let text = format!("writer {w} note {i}");
                    let req = CommandRequest {
                        command: Command::AddNote { text: text.clone() },
                        occurred_at: None,
                    };
                    match client.command(&inc, &req).await {
                        Ok(r) => acknowledged.lock().expect("lock").push((
                            inc.clone(),
                            r.entries[0].seq,
                            text,
                        )),
                        Err(_) => return,
                    }
                }
            })
        })
        .collect();
    // Let the writers get going, then pull the plug mid-stream.
    std::thread::sleep(Duration::from_millis(1500));
    server.kill();
    rt.block_on(async {
        for w in writers {
            let _ = tokio::time::timeout(Duration::from_secs(10), w).await;
        }
    });
    let acknowledged = acknowledged.lock().expect("lock").clone();
    assert!(
        acknowledged.len() > 50,
        "the writers got going: {}",
        acknowledged.len()
    );

    let server = Server::start(&db);
    let client = Client::new(&server.url, Some(admin_token)).expect("client");
    rt.block_on(async {
        for inc in &incidents {
            let v = client.verify(inc).await.expect("verify");
            assert!(
                v.verification.first_break.is_none(),
                "{inc}: {:?}",
                v.verification
            );
            let mut entries = Vec::new();
            let mut after = 0;
            loop {
                let page = client.log(inc, after, 1000).await.expect("log");
                entries.extend(page.entries);
                match page.next_after {
                    Some(n) => after = n,
                    None => break,
                }
            }
            for (i, seq, text) in acknowledged.iter().filter(|(i, ..)| i == inc) {
                let e = entries
                    .get((*seq - 1) as usize)
                    .unwrap_or_else(|| panic!("{i} lost acknowledged entry {seq}"));
                assert_eq!(e.seq, *seq);
                assert!(
                    e.payload.contains(text.as_str()),
                    "{i} entry {seq} is not {text:?}"
                );
            }
        }
    });
}

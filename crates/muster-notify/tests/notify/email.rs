//! Agreed communications by email, against a real SMTP server: Python's
//! aiosmtpd, started by the test with a handler that writes each message it
//! accepts (with its envelope recipients) into a directory.

use crate::common::*;
use muster_api::Command;
use muster_domain::Audience;
use muster_notify::{SmtpSecurity, SmtpSettings};
use std::path::Path;
use std::process::{Child, Command as Process, Stdio};
use std::time::Duration;

const SINK: &str = r#"
import os

class Sink:
    """Writes each accepted message to DIR/NNNN.eml, envelope recipients first."""
    def __init__(self, directory):
        self.directory = directory

    @classmethod
    def from_cli(cls, parser, *args):
        return cls(args[0])

    async def handle_DATA(self, server, session, envelope):
        n = len(os.listdir(self.directory))
        path = os.path.join(self.directory, "%04d.eml" % n)
        with open(path + ".tmp", "wb") as f:
            f.write(("X-Envelope-To: " + ",".join(envelope.rcpt_tos) + "\r\n").encode())
            f.write(envelope.original_content)
        os.rename(path + ".tmp", path)
        return "250 Message accepted for delivery"
"#;

/// The first Python that has aiosmtpd (pip's or Debian's python3-aiosmtpd).
fn python() -> String {
    for candidate in ["python3", "/usr/bin/python3"] {
        let ok = Process::new(candidate)
            .args(["-c", "import aiosmtpd"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if ok {
            return candidate.to_owned();
        }
    }
    panic!(
        "the SMTP test needs aiosmtpd: `pip install aiosmtpd` or `apt-get install python3-aiosmtpd`"
    );
}

pub(crate) struct Smtpd {
    child: Child,
    pub(crate) port: u16,
}

impl Drop for Smtpd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// aiosmtpd on a free port, writing what it accepts into `dir/mail`.
pub(crate) async fn start_smtpd(dir: &Path) -> Smtpd {
    std::fs::write(dir.join("muster_sink.py"), SINK).unwrap();
    let mail = dir.join("mail");
    std::fs::create_dir(&mail).unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Process::new(python())
        .args([
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            &format!("127.0.0.1:{port}"),
            "-c",
            "muster_sink.Sink",
        ])
        .arg(&mail)
        .env("PYTHONPATH", dir)
        .stdout(Stdio::null())
        .spawn()
        .expect("start aiosmtpd");
    let smtpd = Smtpd { child, port };
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return smtpd;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("aiosmtpd did not start listening on {port}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agreed_communication_goes_out_by_email_and_is_logged_with_its_recipients() {
    let dir = tempfile::tempdir().unwrap();
    let smtpd = start_smtpd(dir.path()).await;
    let mut s = settings();
    s.smtp = Some(SmtpSettings {
        host: "127.0.0.1".into(),
        port: smtpd.port,
        security: SmtpSecurity::None,
        username: None,
        password: None,
        from: "Muster <muster@example.org>".into(),
    });
    let h = Harness::start(s).await;
    let inc = h.declare(false).await;
    h.run(COMMS, &inc, Command::DraftCommunication {
        audience: Audience::External,
        recipients: vec!["customers@example.org".into(), "dpo@example.org".into()],
        subject: "About your account — what happened".into(),
        body: "On Tuesday we found that an export was readable by anyone.\nWe closed it within the hour.".into(),
    }).await;
    h.run(
        IM,
        &inc,
        Command::AgreeCommunication {
            communication: "C1".into(),
        },
    )
    .await;
    h.run(
        COMMS,
        &inc,
        Command::SendCommunication {
            communication: "C1".into(),
            via: "email".into(),
        },
    )
    .await;
    let w = h.worker("w1");
    h.drain(&w, in_minutes(0)).await;

    let mail = dir.path().join("mail");
    let mut files: Vec<_> = std::fs::read_dir(&mail)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "eml"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 1, "one message");
    let text = std::fs::read_to_string(&files[0]).unwrap();
    let envelope = text.lines().next().unwrap();
    assert!(
        envelope.contains("customers@example.org") && envelope.contains("dpo@example.org"),
        "{envelope}"
    );
    assert!(text.contains("Subject: "), "{text}");
    assert!(text.contains("From: Muster <muster@example.org>"), "{text}");
    assert!(
        !text.contains("\nBcc:"),
        "recipients do not see one another"
    );
    assert!(text.contains("readable by anyone"));

    let log = h.client(IM).log(&inc, 0, 1000).await.expect("log");
    let delivered = log
        .entries
        .iter()
        .find(|e| e.kind == "communication-delivered")
        .expect("a delivery entry");
    assert_eq!(delivered.actor_name, "Muster");
    let payload: serde_json::Value = serde_json::from_str(&delivered.payload).unwrap();
    assert_eq!(payload["via"], "email");
    assert_eq!(
        payload["recipients"],
        serde_json::json!(["customers@example.org", "dpo@example.org"])
    );
    assert!(!delivered.recorded_at.is_empty(), "the time it went out");

    let token = muster_app::actor::mint_token(h.store.as_ref(), h.person(COMMS).id, "raw")
        .await
        .unwrap()
        .token;
    let register: serde_json::Value = reqwest::Client::new()
        .get(format!("{}/api/incidents/{inc}/communications", h.url))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(register[0]["status"], "sent");
    assert_eq!(register[0]["deliveries"][0]["via"], "email");
    assert_eq!(
        register[0]["deliveries"][0]["recipients"][1],
        "dpo@example.org"
    );
    drop(smtpd);
}

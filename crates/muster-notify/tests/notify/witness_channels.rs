//! The transparency log's witnesses by email and chat (issue 12): each new
//! checkpoint, configured so, is emailed to the witness addresses through a
//! real SMTP server (aiosmtpd) and posted to the witness channel through the
//! Slack stand-in, the signed note byte for byte; signing again without
//! growth sends nothing more.

use crate::common::*;
use crate::email::start_smtpd;
use crate::slack::slack_harness_with;
use muster_notify::{SmtpSecurity, SmtpSettings, WitnessSettings};
use muster_store::OutboxStore;
use std::path::Path;

/// The messages aiosmtpd accepted: (envelope recipients, subject, decoded body).
fn mail(dir: &Path) -> Vec<(String, String, String)> {
    let mut files: Vec<_> = std::fs::read_dir(dir.join("mail"))
        .expect("mail dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "eml"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| {
            // Python's email package undoes the transfer encoding.
            let out = std::process::Command::new("python3")
                .args([
                    "-c",
                    "import email,sys\nm=email.message_from_binary_file(open(sys.argv[1],'rb'))\n\
                     sys.stdout.write(m['X-Envelope-To']+'\\n'+str(email.header.make_header(email.header.decode_header(m['Subject'])))+'\\n'+m.get_payload(decode=True).decode())",
                ])
                .arg(f)
                .output()
                .expect("python3");
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            let text = String::from_utf8(out.stdout).expect("utf-8");
            let mut parts = text.splitn(3, '\n');
            let envelope = parts.next().unwrap_or_default().to_owned();
            let subject = parts.next().unwrap_or_default().to_owned();
            (envelope, subject, parts.next().unwrap_or_default().to_owned())
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_checkpoint_is_emailed_and_posted_to_the_witnesses() {
    let dir = tempfile::tempdir().expect("dir");
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
    s.witnesses = WitnessSettings {
        tsa_url: None,
        emails: vec!["audit@example.org".into(), "insurer@example.net".into()],
        chat_channel: Some("C0WITNESS".into()),
    };
    let (h, standin) = slack_harness_with(s).await;
    h.declare(false).await;
    // The channel's opening is logged: let the tree settle first.
    let w = h.worker("w1");
    h.drain(&w, in_minutes(0)).await;
    let signer = muster_tlog::Signer::generate("witness.example/log").expect("key");
    let signing = muster_app::App::with_tlog(
        h.store.clone() as std::sync::Arc<dyn muster_store::Store>,
        muster_domain::Policy::default(),
        muster_app::TlogConfig {
            origin: "witness.example/log".into(),
            signer: Some(signer.clone()),
            ..muster_app::TlogConfig::default()
        },
    );
    let checkpoint = signing.sign_checkpoint().await.expect("sign");
    h.drain(&w, in_minutes(0)).await;

    let got: Vec<_> = mail(dir.path())
        .into_iter()
        .filter(|(_, subject, _)| subject.contains("checkpoint"))
        .collect();
    assert_eq!(
        got.len(),
        1,
        "one message to all the witness addresses: {got:?}"
    );
    let (envelope, subject, body) = &got[0];
    assert!(
        envelope.contains("audit@example.org") && envelope.contains("insurer@example.net"),
        "{envelope}"
    );
    assert!(
        subject.contains(&format!("checkpoint {}", checkpoint.size)),
        "{subject}"
    );
    let at = body
        .find(&checkpoint.note)
        .unwrap_or_else(|| panic!("the note byte for byte: {body:?}"));
    let kept = &body[at..at + checkpoint.note.len()];
    let opened = muster_tlog::open_checkpoint(kept, &[signer.verifier()])
        .expect("the witness can check the mailed note with the pinned key");
    assert_eq!(opened.root, checkpoint.root);

    let posts: Vec<_> = standin
        .calls("chat.postMessage")
        .into_iter()
        .filter(|c| c["channel"] == "C0WITNESS")
        .collect();
    assert_eq!(posts.len(), 1, "{posts:?}");
    let text = posts[0]["text"].as_str().expect("text");
    assert!(text.contains(&checkpoint.note), "{text}");

    // Signing again without growth sends nothing more.
    signing.sign_checkpoint().await.expect("again");
    h.drain(&w, in_minutes(1)).await;
    let witnessed = mail(dir.path())
        .into_iter()
        .filter(|(to, _, _)| to.contains("audit@example.org"))
        .count();
    assert_eq!(witnessed, 1, "no second checkpoint, no second message");
    let again = standin.calls("chat.postMessage");
    assert_eq!(
        again.iter().filter(|c| c["channel"] == "C0WITNESS").count(),
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_chat_set_up_the_witness_post_waits_and_says_why() {
    let mut s = settings();
    s.witnesses.chat_channel = Some("C0WITNESS".into());
    let h = Harness::start(s).await;
    h.declare(false).await;
    let signing = muster_app::App::with_tlog(
        h.store.clone() as std::sync::Arc<dyn muster_store::Store>,
        muster_domain::Policy::default(),
        muster_app::TlogConfig {
            origin: "witness.example/log".into(),
            signer: Some(muster_tlog::Signer::generate("witness.example/log").expect("key")),
            ..muster_app::TlogConfig::default()
        },
    );
    let checkpoint = signing.sign_checkpoint().await.expect("sign");
    let w = h.worker("w1");
    let step = h.drain(&w, in_minutes(0)).await;
    assert!(step.retried >= 1, "{step:?}");
    let row = h
        .store
        .outbox_by_key(&format!("witness-chat:checkpoint:{}", checkpoint.size))
        .await
        .expect("by key")
        .expect("the post is queued");
    assert!(
        row.last_error
            .as_deref()
            .is_some_and(|e| e.contains("chat is not set up")),
        "{row:?}"
    );
}

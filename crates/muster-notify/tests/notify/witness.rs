//! Witnesses of the transparency log: each new checkpoint goes, through the
//! outbox, to the webhook subscribers of `checkpoint`, signed, byte for byte.

use crate::common::*;
use muster_notify::sign;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_new_checkpoint_reaches_its_witnesses_signed() {
    let h = Harness::start(settings()).await;
    let witness = Receiver::start().await;
    let other = Receiver::start().await;
    let sub = h.subscribe(&witness.url, &["checkpoint"]).await;
    h.subscribe(&other.url, &["note-added"]).await;
    h.declare(false).await;
    // The instance that holds the key; the harness's worker delivers.
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
    let w = h.worker("w1");
    h.drain(&w, in_minutes(0)).await;

    let got = witness.of_kind("checkpoint");
    assert_eq!(got.len(), 1, "{:?}", witness.received());
    let body = got[0].json();
    assert_eq!(body["checkpoint"], checkpoint.note.as_str());
    assert_eq!(body["size"], checkpoint.size);
    let opened = muster_tlog::open_checkpoint(
        body["checkpoint"].as_str().expect("note"),
        &[signer.verifier()],
    )
    .expect("the witness can check it with the pinned key");
    assert_eq!(opened.root, checkpoint.root);
    let now = jiff::Timestamp::now().as_second();
    assert!(sign::verify(
        &sub.secret,
        got[0].header("muster-signature"),
        &got[0].body,
        now
    ));
    assert!(
        other.of_kind("checkpoint").is_empty(),
        "only subscribers of `checkpoint`"
    );

    // Signing again without growth sends nothing more.
    signing.sign_checkpoint().await.expect("again");
    h.drain(&w, in_minutes(1)).await;
    assert_eq!(witness.of_kind("checkpoint").len(), 1);
}

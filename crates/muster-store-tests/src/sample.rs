//! A small but complete installation, for tests of `muster store copy` (in
//! muster-store-copy and the PostgreSQL crate): every kind of record, with
//! the awkward cases in it (a revoked token, a false positive, a declared
//! report, an incident whose log grew over several commits, finished and
//! pending outbox rows).

use crate::conformance::{chain, summary};
use muster_domain::log::GENESIS_HASH;
use muster_domain::vocab::Phase;
use muster_store::{
    ApiToken, Append, AuditRecord, CommitBatch, NewReport, OutboxChanges, OutboxItem, Person,
    Shift, Store, StoreResult, Triage, User, WebhookSubscription,
};
use uuid::Uuid;

const T: i64 = 1_780_000_000_000_000;

fn person(name: &str, n: u32) -> Person {
    Person {
        id: Uuid::now_v7(),
        name: name.to_owned(),
        email: format!("person{n}@example.org"),
        chat_handle: n.is_multiple_of(2).then(|| format!("@p{n}")),
        slack_id: None,
        matrix_id: None,
        teams_id: None,
        expertise: vec!["security-analyst".to_owned()],
        team: Some("SOC".to_owned()),
        created_at: T + i64::from(n),
    }
}

/// Fills an empty store; returns the ids of the incidents it declared.
pub async fn populate(store: &dyn Store) -> StoreResult<Vec<Uuid>> {
    let people: Vec<Person> = (0..4).map(|n| person(&format!("Zoë {n}"), n)).collect();
    for p in &people {
        store.create_person(p).await?;
    }
    for (i, p) in people.iter().take(2).enumerate() {
        store
            .upsert_user(&User {
                person: p.id,
                admin: i == 0,
                password_hash: None,
                created_at: T,
            })
            .await?;
        let token = ApiToken {
            id: Uuid::now_v7(),
            person: p.id,
            name: "laptop".to_owned(),
            hash: format!("{:064x}", Uuid::now_v7().as_u128()),
            created_at: T,
            revoked_at: (i == 1).then_some(T + 5),
        };
        store.create_token(&token).await?;
    }
    store
        .add_shift(&Shift {
            id: Uuid::now_v7(),
            person: people[0].id,
            starts_at: T,
            ends_at: T + 3_600_000_000,
        })
        .await?;

    let mut reports = Vec::new();
    for title in ["Phishing", "Odd login", "Data on a paste site"] {
        let r = store
            .create_report(NewReport {
                id: Uuid::now_v7(),
                year: 2026,
                title: title.to_owned(),
                description: "as reported".to_owned(),
                source: "mailbox".to_owned(),
                reported_by: people[1].id,
                reported_at: T,
            })
            .await?;
        reports.push(r);
    }
    store
        .mark_false_positive(&Triage {
            report: reports[1].id,
            by: people[0].id,
            at: T + 10,
            note: Some("the user's own VPN".to_owned()),
            incident: None,
        })
        .await?;

    let mut incidents = Vec::new();
    for (i, report) in [Some(&reports[2]), None].into_iter().enumerate() {
        let reference = store.allocate_reference(2026).await?;
        let id = Uuid::now_v7();
        let first = chain(id, 0, GENESIS_HASH, 3);
        let mut s = summary(id, &reference, &first);
        s.declared_at = T + i as i64;
        let triage = report.map(|r| Triage {
            report: r.id,
            by: people[0].id,
            at: T + 20,
            note: None,
            incident: Some(id),
        });
        store
            .create_incident(&s, &first, triage.as_ref(), &OutboxChanges::default())
            .await?;
        // Grown over two more commits, the last one moving the phase.
        let mut head = first[2].clone();
        for round in 0..2 {
            let more = chain(id, head.seq, &head.hash, 4);
            let mut next = summary(id, &reference, &more);
            next.declared_at = s.declared_at;
            next.phase = if round == 1 { Phase::Warm } else { Phase::Hot };
            store
                .commit(&CommitBatch {
                    appends: vec![Append {
                        incident: id,
                        expected_seq: head.seq,
                        entries: more.clone(),
                        summary: next,
                        outbox: OutboxChanges::default(),
                    }],
                    audit: vec![AuditRecord {
                        id: Uuid::now_v7(),
                        at: T + 100 + round,
                        person: people[2].id,
                        incident: Some(id),
                        what: format!("GET /api/incidents/{reference}/log"),
                        source: Some("192.0.2.7".into()),
                        refused: round % 2 == 1,
                    }],
                    outbox: OutboxChanges::default(),
                })
                .await?;
            head = more[3].clone();
        }
        incidents.push(id);
    }
    // An allocated reference never used (a declaration that failed): the
    // copy must still leave the counter past every incident it copied.
    store.allocate_reference(2026).await?;

    store
        .create_subscription(&WebhookSubscription {
            id: Uuid::now_v7(),
            url: "https://hooks.example.org/muster".to_owned(),
            secret: "s3cret".to_owned(),
            kinds: vec!["*".to_owned()],
            active: true,
            description: Some("SOC".to_owned()),
            created_by: people[0].id,
            created_at: T,
        })
        .await?;
    let payload = serde_json::json!({"text": "report back «soon»"});
    let pending = OutboxItem::new("sample:pending", "reminder", payload.clone(), T + 999, T)
        .for_incident(incidents[0]);
    let done = OutboxItem::new("sample:done", "reminder", payload, T, T);
    store
        .enqueue(&OutboxChanges {
            enqueue: vec![pending, done],
            cancel: Vec::new(),
            if_subscribed: Vec::new(),
        })
        .await?;
    let claimed = store.claim("sample", T + 1, 10, 1_000_000).await?;
    for item in claimed.iter().filter(|i| i.key == "sample:done") {
        store.complete(item.id, "sample", T + 2).await?;
    }
    // One evidence file, which must travel with the installation.
    let file = futures::stream::iter([Ok(bytes::Bytes::from_static(SAMPLE_FILE))]);
    store
        .blobs()
        .put(Box::pin(file), 1 << 20, None)
        .await
        .map_err(|e| muster_store::StoreError::Other(e.to_string()))?;
    Ok(incidents)
}

/// The bytes of the sample's one evidence file.
pub const SAMPLE_FILE: &[u8] = b"From: payroll-update@example\r\nSubject: action needed\r\n";

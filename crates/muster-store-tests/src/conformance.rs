//! The scripted suite every backend must pass, generic over [`Store`], so that
//! SQLite runs it always and PostgreSQL runs it unchanged when its URL is set.
//!
//! A backend's test opens a fresh, empty store and calls [`run_all`]; the
//! individual checks are public too, to run one alone while debugging. Each
//! check panics with a message naming what the backend got wrong. The suite
//! also pins down behaviour the trait docs leave open (orderings, a limit of 0,
//! which errors are `NotFound` and which `Conflict`), so that every backend
//! agrees on it.
//!
//! Checks share one store, so each makes its own people, incidents and years
//! and only asserts about those: they may run in any order after a fresh start.

mod audit;
mod auth;
mod blobs;
mod concurrency;
mod delivery;
mod fixtures;
mod heads;
mod indicators;
mod log;
mod outbox;
mod outbox_more;
mod paging;
mod people;
mod reports;
mod signin;
mod sso;
mod tlog;

use muster_store::Store;
use std::sync::Arc;

pub use audit::audit_records_and_queries;
pub use auth::{tokens_lookup_and_revoke, users_and_admin_count};
pub use blobs::blobs_stream_content_addressed;
pub use concurrency::concurrent_commits_keep_one_chain;
pub use delivery::{
    cursors_keep_their_place, deliveries_are_first_once, parallel_deliveries_act_once,
};
pub use fixtures::{chain, entry, person, summary};
pub use heads::a_cut_log_takes_only_an_acknowledgement;
pub use indicators::{
    attack_catalogue_is_replaced_whole, indicator_entry, seen_index_written_with_commits,
};
pub use log::{
    commit_appends_and_conflicts, commit_breaks_an_append_off_the_head,
    commit_refuses_broken_chain, create_incident_with_triage, list_incidents_newest_first,
};
pub use outbox::{
    outbox_claims_and_leases, outbox_enqueue_keys_and_slots, outbox_written_with_commits,
};
pub use outbox_more::{
    outbox_concurrent_claimers_never_share, outbox_delivery_log,
    outbox_if_subscribed_waits_for_a_subscriber, webhook_subscriptions_crud,
};
pub use paging::entries_paging;
pub use people::{people_conflicts, people_create_update_lookup};
pub use reports::{allocate_reference_per_year, reports_and_triage, rota_shifts};
pub use signin::{
    signin_failures_parallel_swaps_count_once, signin_failures_per_source_and_account,
};
pub use sso::{
    parallel_grant_takers_get_it_once, sso_grants_are_taken_once, sso_sessions_by_issuer_and_sid,
};
pub use tlog::{
    checkpoint_timestamps_are_added_once, checkpoints_once_per_size,
    entries_become_leaves_in_commit_order, the_tree_holds_every_entry_once,
};

/// Runs every check, in order, on a fresh (empty) store.
pub async fn run_all<S: Store + ?Sized + 'static>(store: Arc<S>) {
    let s = &*store;
    assert!(
        s.list_people().await.expect("list_people").is_empty()
            && s.list_incidents().await.expect("list_incidents").is_empty(),
        "the conformance suite needs a fresh, empty {} store",
        s.backend()
    );
    people_create_update_lookup(s).await;
    people_conflicts(s).await;
    users_and_admin_count(s).await;
    tokens_lookup_and_revoke(s).await;
    reports_and_triage(s).await;
    rota_shifts(s).await;
    allocate_reference_per_year(s).await;
    create_incident_with_triage(s).await;
    commit_appends_and_conflicts(s).await;
    commit_refuses_broken_chain(s).await;
    commit_breaks_an_append_off_the_head(s).await;
    entries_paging(s).await;
    list_incidents_newest_first(s).await;
    audit_records_and_queries(s).await;
    concurrent_commits_keep_one_chain(store.clone()).await;
    outbox_enqueue_keys_and_slots(s).await;
    outbox_claims_and_leases(s).await;
    outbox_written_with_commits(s).await;
    outbox_delivery_log(s).await;
    outbox_concurrent_claimers_never_share(store.clone()).await;
    webhook_subscriptions_crud(s).await;
    outbox_if_subscribed_waits_for_a_subscriber(s).await;
    signin_failures_per_source_and_account(s).await;
    signin_failures_parallel_swaps_count_once(store.clone()).await;
    deliveries_are_first_once(s).await;
    cursors_keep_their_place(s).await;
    parallel_deliveries_act_once(store.clone()).await;
    sso_sessions_by_issuer_and_sid(s).await;
    sso_grants_are_taken_once(s).await;
    parallel_grant_takers_get_it_once(store.clone()).await;
    checkpoints_once_per_size(s).await;
    checkpoint_timestamps_are_added_once(s).await;
    entries_become_leaves_in_commit_order(s).await;
    the_tree_holds_every_entry_once(s).await;
    blobs_stream_content_addressed(s.blobs().as_ref()).await;
    seen_index_written_with_commits(s).await;
    attack_catalogue_is_replaced_whole(s).await;
}

//! The one scenario suite every chat platform passes: each scenario is
//! written once against [`Platform`], a small harness per platform saying
//! how its requests are delivered and what it holds. Adding a platform is one
//! impl of [`Platform`] and one test calling [`run_all`].

mod matrix;
mod slack;
mod teams;

use crate::common::*;
use muster_api::ChatChannelView as ChatChannel;

/// Who a delivery comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// A member of the incident's team, by the harness's index.
    Member(usize),
    /// In the directory and linked on the platform, but on no team.
    Outsider,
    /// On the platform, but nobody in Muster's directory.
    Stranger,
}

/// The channel as the platform holds it.
#[derive(Debug, Default)]
pub struct Held {
    /// Platform ids of the members invited (and not removed).
    pub members: Vec<String>,
    pub topic: String,
    /// The texts of the pinned messages.
    pub pinned: Vec<String>,
}

/// Static dispatch only: the suite is generic over it, never boxed.
#[allow(async_fn_in_trait)]
pub trait Platform {
    /// The provider name the channel is recorded with.
    fn name(&self) -> &'static str;
    /// A fresh Muster whose policy opens channels on this platform, with the
    /// team and the outsider linked to their platform ids.
    async fn harness(&self) -> Harness;
    fn id_of(&self, h: &Harness, who: Who) -> String;
    /// What the platform holds of the channel Muster opened.
    async fn held(&self, h: &Harness, channel: &ChatChannel) -> Held;
    /// Sends `text` (e.g. `note …`) as a command the way the platform
    /// delivers it, once it has been acted on; what the sender was told.
    async fn command(&self, h: &Harness, channel: &ChatChannel, who: Who, text: &str) -> String;
    /// The same delivery arriving again (a retry, a replay, another
    /// instance re-reading it), after it was acted on.
    async fn deliver_again(&self, h: &Harness, channel: &ChatChannel);
    /// A delivery that fails the platform's authenticity check (a bad
    /// signature, or its equivalent); whether it was refused, and what the
    /// sender was told.
    async fn forged(
        &self,
        h: &Harness,
        channel: &ChatChannel,
        who: Who,
        text: &str,
    ) -> (bool, String);
    /// The outsider asking about the incident by reference, as far as the
    /// platform lets them; what they were told.
    async fn outsider_asks(&self, h: &Harness, channel: &ChatChannel, reference: &str) -> String;
}

async fn opened(h: &Harness, restricted: bool) -> (String, ChatChannel) {
    let inc = h.declare(restricted).await;
    let w = h.worker("w1");
    h.drain(&w, in_minutes(0)).await;
    h.drain(&w, in_minutes(0)).await;
    let view = h.client(IM).incident(&inc).await.expect("the incident");
    let channel = view.state.chat.clone().expect("the channel is recorded");
    (inc, channel)
}

async fn notes(h: &Harness, inc: &str, text: &str) -> Vec<muster_domain::LogEntry> {
    h.client(IM)
        .log(inc, 0, 1000)
        .await
        .expect("log")
        .entries
        .into_iter()
        .filter(|e| e.kind == "note-added" && e.payload.contains(text))
        .collect()
}

/// Channel opened and staffed, roll call as the topic and pinned.
async fn channel_opened_and_staffed<P: Platform>(p: &P) {
    let h = p.harness().await;
    let (_, channel) = opened(&h, false).await;
    assert_eq!(channel.provider, p.name(), "recorded with its provider");
    let held = p.held(&h, &channel).await;
    for who in [IM, DEPUTY, SECRETARIAT, ANALYST, PRIVACY, COMMS] {
        let id = p.id_of(&h, Who::Member(who));
        assert!(
            held.members.contains(&id),
            "{}: {id} invited: {:?}",
            p.name(),
            held.members
        );
    }
    assert!(
        held.topic
            .contains("incident-manager Imogen Manager, deputy Dev Deputy"),
        "{}: topic {:?}",
        p.name(),
        held.topic
    );
    assert!(
        held.pinned
            .iter()
            .any(|t| t.contains("Roll call") && t.contains("Imogen Manager")),
        "{}: the roll call is pinned: {:?}",
        p.name(),
        held.pinned
    );
}

/// A command is logged as the person the platform says sent it; a sender
/// nobody in Muster is refused with a reply, and nothing is logged.
async fn command_logged_as_the_right_person<P: Platform>(p: &P) {
    let h = p.harness().await;
    let (inc, channel) = opened(&h, true).await;
    let told = p
        .command(
            &h,
            &channel,
            Who::Member(SECRETARIAT),
            "note VPN logs requested",
        )
        .await;
    assert!(told.contains("note-added"), "{}: {told}", p.name());
    let logged = notes(&h, &inc, "VPN logs requested").await;
    assert_eq!(logged.len(), 1, "{}", p.name());
    assert_eq!(logged[0].actor_name, "Sam Secretariat", "{}", p.name());

    let told = p
        .command(&h, &channel, Who::Stranger, "note from nobody")
        .await;
    assert!(told.contains("not linked"), "{}: {told}", p.name());
    assert!(
        notes(&h, &inc, "from nobody").await.is_empty(),
        "{}",
        p.name()
    );

    let told = p
        .command(
            &h,
            &channel,
            Who::Member(ANALYST),
            "finding suspected Keys were copied",
        )
        .await;
    assert!(told.contains("finding-added"), "{}: {told}", p.name());
    let told = p
        .command(&h, &channel, Who::Member(DEPUTY), "roll call")
        .await;
    assert!(told.contains("deputy Dev Deputy"), "{}: {told}", p.name());
}

/// A delivery that arrives twice is logged once.
async fn duplicate_delivery_logged_once<P: Platform>(p: &P) {
    let h = p.harness().await;
    let (inc, channel) = opened(&h, false).await;
    let told = p
        .command(
            &h,
            &channel,
            Who::Member(SECRETARIAT),
            "note Firewall rule 12 reverted",
        )
        .await;
    assert!(told.contains("note-added"), "{}: {told}", p.name());
    p.deliver_again(&h, &channel).await;
    assert_eq!(
        notes(&h, &inc, "Firewall rule 12 reverted").await.len(),
        1,
        "{}: one note for one delivery",
        p.name()
    );
}

/// A delivery failing the platform's authenticity check is refused and
/// nothing is logged.
async fn bad_signature_refused<P: Platform>(p: &P) {
    let h = p.harness().await;
    let (inc, channel) = opened(&h, false).await;
    let (refused, told) = p
        .forged(&h, &channel, Who::Member(SECRETARIAT), "note forged entry")
        .await;
    assert!(refused, "{}: refused ({told})", p.name());
    assert!(
        notes(&h, &inc, "forged entry").await.is_empty(),
        "{}",
        p.name()
    );
}

/// A restricted incident is never named to a non-member: not invited, and
/// asking about it tells them nothing of it.
async fn restricted_never_named_to_a_non_member<P: Platform>(p: &P) {
    let h = p.harness().await;
    let (inc, channel) = opened(&h, true).await;
    let held = p.held(&h, &channel).await;
    let outsider = p.id_of(&h, Who::Outsider);
    assert!(
        !held.members.contains(&outsider),
        "{}: outsider not invited",
        p.name()
    );
    let told = p.outsider_asks(&h, &channel, &inc).await;
    for secret in ["Customer export", "Roll call", "Imogen", "SEV-2", "bucket"] {
        assert!(
            !told.contains(secret),
            "{}: {secret:?} told to a non-member: {told}",
            p.name()
        );
    }
    assert!(
        !h.client(IM)
            .log(&inc, 0, 1000)
            .await
            .expect("log")
            .entries
            .iter()
            .any(|e| e.actor_name == "Nora Outsider"),
        "{}: nothing logged by the non-member",
        p.name()
    );
}

/// Every scenario, in turn, on one platform.
pub async fn run_all<P: Platform>(p: &P) {
    channel_opened_and_staffed(p).await;
    command_logged_as_the_right_person(p).await;
    duplicate_delivery_logged_once(p).await;
    bad_signature_refused(p).await;
    restricted_never_named_to_a_non_member(p).await;
}

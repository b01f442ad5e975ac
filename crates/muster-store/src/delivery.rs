//! Deliveries already received from a chat platform. Platforms deliver a
//! request more than once: Slack retries an event it thinks went unanswered,
//! and a signed request can be replayed as long as its signature's window is
//! open. Each delivery's key is kept in the store, so that every instance
//! behind a load balancer knows it and a repeat is logged once, not twice.
//! A feed the bot reads (Matrix's `/sync`) keeps its place here too.

use crate::StoreResult;
use async_trait::async_trait;

#[async_trait]
pub trait DeliveryStore: Send + Sync {
    /// Records that the delivery `key` arrived at `at`, to be remembered
    /// until `keep_until` (both microseconds since the epoch). `true` the
    /// first time; `false` for a repeat, which the caller must not act on.
    /// Keys whose time is up are forgotten on the way.
    async fn first_delivery(&self, key: &str, at: i64, keep_until: i64) -> StoreResult<bool>;

    /// Forgets `key`, so that a delivery which could not be acted on (the
    /// write it asked for failed) is acted on when it comes again.
    async fn forget_delivery(&self, key: &str) -> StoreResult<()>;

    /// Where the feed `name` was last read up to (Matrix's `/sync` token),
    /// `None` if it never was.
    async fn cursor(&self, name: &str) -> StoreResult<Option<String>>;

    /// Records that the feed `name` was read up to `value`, at `at`.
    async fn set_cursor(&self, name: &str, value: &str, at: i64) -> StoreResult<()>;
}

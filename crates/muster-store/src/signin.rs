//! Failed sign-in guesses, counted per (source, account) and kept in the store
//! so that every instance behind a load balancer throttles the same guesses.
//! The policy (how many are free, how long to wait) is the application's; the
//! store only keeps the count and makes counting atomic across instances.

use crate::StoreResult;
use async_trait::async_trait;

/// The failed guesses at one account from one source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SigninFailures {
    pub failures: u32,
    /// When the last one was counted (microseconds since the epoch).
    pub last_at: i64,
}

#[async_trait]
pub trait SigninStore: Send + Sync {
    async fn signin_failures(
        &self,
        source: &str,
        account: &str,
    ) -> StoreResult<Option<SigninFailures>>;

    /// Sets the record of (`source`, `account`) to `next`, but only if it is
    /// still `seen` (`None`: there is no record). Returns whether it did;
    /// `false` means another attempt was counted in between, on this instance
    /// or another, and the caller must read again. This is what makes "check
    /// the wait, then count the guess" one step, so parallel guesses cannot
    /// all slip through before the first is counted.
    async fn swap_signin_failures(
        &self,
        source: &str,
        account: &str,
        seen: Option<&SigninFailures>,
        next: &SigninFailures,
    ) -> StoreResult<bool>;

    /// Forgets the guesses at `account` from `source` (a correct password).
    async fn clear_signin_failures(&self, source: &str, account: &str) -> StoreResult<()>;

    /// Deletes every record whose last guess is older than `before`; returns
    /// how many went.
    async fn forget_signin_failures(&self, before: i64) -> StoreResult<u64>;
}

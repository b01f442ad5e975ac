//! Signing in with a password. Guesses are throttled per (source, account):
//! after a few wrong passwords for one account from one source, each further
//! guess from that source at that account must wait twice as long as the last
//! (up to five minutes), and a guess during the wait is refused without
//! checking the password. Nothing else is slowed: the account's owner signing
//! in from anywhere else, and other accounts from the guessing source, go
//! straight through, so a guesser cannot keep the incident manager out.
//!
//! The counts live in the store, so every instance on one database throttles
//! the same guesses; counting is a compare-and-swap, so parallel guesses
//! cannot all slip in before the first is counted.

use crate::actor::{self as auth};
use crate::app::App;
use crate::error::AppResult;
use muster_store::{Person, SigninFailures};
use std::net::IpAddr;
use std::time::Duration;

/// Wrong passwords allowed before the waits start.
pub const FREE_GUESSES: u32 = 3;
/// The longest wait between guesses.
pub const MAX_WAIT: Duration = Duration::from_secs(300);
/// Guesses this old are forgotten.
pub const FORGET: Duration = Duration::from_secs(3600);
/// Counting a guess loses only to another guess at the same pair; after this
/// many losses in a row the attempt is refused as throttled.
const SWAP_TRIES: usize = 16;

/// How a sign-in attempt ended.
#[derive(Debug)]
pub enum SignIn {
    /// The password matched the login of this person.
    Accepted(Person),
    /// No login has this email and password. `wait`: how long this source must
    /// wait before its next guess at this account, once the waits have begun.
    Refused { wait: Option<Duration> },
    /// Too many recent wrong guesses at this account from this source: the
    /// password was not checked. Try again after `wait`.
    Throttled { wait: Duration },
}

/// How long a source must wait after `failures` wrong guesses at one account.
pub fn wait_after(failures: u32) -> Duration {
    if failures < FREE_GUESSES {
        return Duration::ZERO;
    }
    Duration::from_secs(1u64 << (failures - FREE_GUESSES).min(16)).min(MAX_WAIT)
}

/// The source a guess is counted against. IPv6 hands a whole /64 to one site,
/// so a guesser could try every address in it: count the /64 as one source.
pub fn source_key(address: Option<IpAddr>) -> String {
    match address.map(|a| a.to_canonical()) {
        None => "unknown".to_owned(),
        Some(IpAddr::V4(v4)) => v4.to_string(),
        Some(IpAddr::V6(v6)) => {
            let s = v6.segments();
            let net = std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0);
            format!("{net}/64")
        }
    }
}

/// A hash of a password nobody has, so that an unknown email costs the same
/// argon2 work as a known one and timing does not reveal who has a login.
fn decoy_hash() -> String {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY
        .get_or_init(|| {
            let mut secret = [0u8; 32];
            let _ = getrandom::fill(&mut secret);
            auth::hash_password(&hex::encode(secret)).unwrap_or_default()
        })
        .clone()
}

fn micros(d: Duration) -> i64 {
    i64::try_from(d.as_micros()).unwrap_or(i64::MAX)
}

/// The guesses that still count at `now`.
fn live(record: Option<&SigninFailures>, now: i64) -> SigninFailures {
    match record {
        Some(r) if now.saturating_sub(r.last_at) <= micros(FORGET) => *r,
        _ => SigninFailures {
            failures: 0,
            last_at: now,
        },
    }
}

impl App {
    /// Checks `password` for the login whose email is `email`, as a guess
    /// from `address` (the client's address, as the adapter established it).
    pub async fn sign_in(
        &self,
        address: Option<IpAddr>,
        email: &str,
        password: String,
    ) -> AppResult<SignIn> {
        let store = &self.inner().store;
        let source = source_key(address);
        let account = email.trim().to_lowercase();
        // Count the guess before checking it, so that guesses sent in
        // parallel are counted (and throttled) one after another.
        let mut counted = None;
        for _ in 0..SWAP_TRIES {
            let now = jiff::Timestamp::now().as_microsecond();
            let seen = store.signin_failures(&source, &account).await?;
            let current = live(seen.as_ref(), now);
            let ready = current
                .last_at
                .saturating_add(micros(wait_after(current.failures)));
            if ready > now {
                let wait = Duration::from_micros(u64::try_from(ready - now).unwrap_or(0));
                return Ok(SignIn::Throttled { wait });
            }
            let next = SigninFailures {
                failures: current.failures.saturating_add(1),
                last_at: now,
            };
            if store
                .swap_signin_failures(&source, &account, seen.as_ref(), &next)
                .await?
            {
                counted = Some(next);
                break;
            }
        }
        let Some(counted) = counted else {
            return Ok(SignIn::Throttled {
                wait: Duration::from_secs(1),
            });
        };

        let person = self.directory().person_by_contact(&account).await?;
        let user = match &person {
            Some(p) => self.logins().user(p.id).await?,
            None => None,
        };
        let phc = user.and_then(|u| u.password_hash);
        let has_password = phc.is_some();
        // argon2 is deliberately slow: keep it off the async workers.
        let matches = tokio::task::spawn_blocking(move || {
            auth::verify_password(&password, &phc.unwrap_or_else(decoy_hash))
        })
        .await
        .unwrap_or(false);
        match person {
            Some(person) if has_password && matches => {
                store.clear_signin_failures(&source, &account).await?;
                Ok(SignIn::Accepted(person))
            }
            _ => {
                // The wait runs from when the guesser hears the answer, not
                // from before the (slow) check. Lost to a parallel guess: that
                // one's count stands, which is as good.
                let finished = SigninFailures {
                    failures: counted.failures,
                    last_at: jiff::Timestamp::now().as_microsecond().max(counted.last_at),
                };
                store
                    .swap_signin_failures(&source, &account, Some(&counted), &finished)
                    .await?;
                // Keep the table to the last hour's guessers.
                let before = finished.last_at.saturating_sub(micros(FORGET));
                if let Err(e) = store.forget_signin_failures(before).await {
                    tracing::warn!(error = %e, "could not forget old sign-in guesses");
                }
                let wait = wait_after(counted.failures);
                Ok(SignIn::Refused {
                    wait: (!wait.is_zero()).then_some(wait),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_start_after_the_free_guesses_double_and_stop_growing() {
        for f in 0..FREE_GUESSES {
            assert_eq!(wait_after(f), Duration::ZERO);
        }
        assert_eq!(wait_after(FREE_GUESSES), Duration::from_secs(1));
        assert_eq!(wait_after(FREE_GUESSES + 1), Duration::from_secs(2));
        assert_eq!(wait_after(FREE_GUESSES + 8), Duration::from_secs(256));
        assert_eq!(wait_after(FREE_GUESSES + 9), MAX_WAIT);
        assert_eq!(wait_after(u32::MAX), MAX_WAIT);
    }

    #[test]
    fn an_ipv6_site_is_one_source_and_mapped_ipv4_is_ipv4() {
        let a: IpAddr = "2001:db8:1:2::1".parse().expect("ip");
        let b: IpAddr = "2001:db8:1:2:ffff::9".parse().expect("ip");
        let c: IpAddr = "2001:db8:1:3::1".parse().expect("ip");
        assert_eq!(source_key(Some(a)), source_key(Some(b)));
        assert_ne!(source_key(Some(a)), source_key(Some(c)));
        let mapped: IpAddr = "::ffff:198.51.100.7".parse().expect("ip");
        assert_eq!(source_key(Some(mapped)), "198.51.100.7");
        assert_eq!(source_key(None), "unknown");
    }
}

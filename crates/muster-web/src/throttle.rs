//! Slows down password guessing. After a few failed sign-ins for one email, or
//! from one address, each further attempt must wait twice as long as the last
//! (up to five minutes); attempts during the wait are refused without checking
//! the password. Kept in memory: a restart forgives, which is acceptable for a
//! speed bump in front of argon2.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failures allowed before the waits start.
const FREE_EMAIL: u32 = 3;
/// Addresses are shared (offices, VPNs): allow more before slowing them down.
const FREE_ADDRESS: u32 = 10;
const MAX_WAIT: Duration = Duration::from_secs(300);
/// Failures this old are forgotten.
const FORGET: Duration = Duration::from_secs(3600);

#[derive(Debug, Clone, Copy)]
struct Record {
    failures: u32,
    last: Instant,
}

#[derive(Default)]
pub struct Throttle {
    emails: Mutex<HashMap<String, Record>>,
    addresses: Mutex<HashMap<IpAddr, Record>>,
}

fn wait_for(record: &Record, free: u32, now: Instant) -> Option<Duration> {
    if record.failures < free || now.duration_since(record.last) > FORGET {
        return None;
    }
    let wait = Duration::from_secs(1u64 << (record.failures - free).min(9)).min(MAX_WAIT);
    let ready = record.last + wait;
    (ready > now).then(|| ready - now)
}

fn fail<K: std::hash::Hash + Eq>(map: &Mutex<HashMap<K, Record>>, key: K, now: Instant) {
    let mut map = map.lock().unwrap_or_else(|e| e.into_inner());
    if map.len() > 50_000 {
        map.retain(|_, r| now.duration_since(r.last) < FORGET);
    }
    let r = map.entry(key).or_insert(Record {
        failures: 0,
        last: now,
    });
    if now.duration_since(r.last) > FORGET {
        r.failures = 0;
    }
    r.failures += 1;
    r.last = now;
}

impl Throttle {
    /// How long this attempt must still wait, if it must.
    pub fn wait(&self, email: &str, address: Option<IpAddr>) -> Option<Duration> {
        let now = Instant::now();
        let by_email = self
            .emails
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(email)
            .and_then(|r| wait_for(r, FREE_EMAIL, now));
        let by_address = address.and_then(|a| {
            self.addresses
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .get(&a)
                .and_then(|r| wait_for(r, FREE_ADDRESS, now))
        });
        by_email.max(by_address)
    }

    pub fn failed(&self, email: &str, address: Option<IpAddr>) {
        let now = Instant::now();
        fail(&self.emails, email.to_owned(), now);
        if let Some(a) = address {
            fail(&self.addresses, a, now);
        }
    }

    /// A correct password clears the email's record (not the address's: one
    /// good account must not unlock guessing at others from the same place).
    pub fn succeeded(&self, email: &str) {
        self.emails
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(email);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_start_after_the_free_failures_and_double() {
        let t = Throttle::default();
        for _ in 0..FREE_EMAIL {
            assert!(t.wait("a@x", None).is_none());
            t.failed("a@x", None);
        }
        let first = t.wait("a@x", None).expect("a wait after three failures");
        assert!(first <= Duration::from_secs(1));
        t.failed("a@x", None);
        let second = t.wait("a@x", None).expect("a longer wait");
        assert!(second > Duration::from_secs(1) && second <= Duration::from_secs(2));
        assert!(t.wait("b@x", None).is_none(), "other emails are not slowed");
        t.succeeded("a@x");
        assert!(t.wait("a@x", None).is_none());
    }
}

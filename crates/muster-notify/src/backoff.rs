//! When to try a failed delivery again: exponential backoff with full jitter
//! (a random wait between half and all of the doubled delay), so that many
//! deliveries failing together do not all retry in the same instant.

use std::time::Duration;

/// The wait before attempt `attempts + 1`, given `attempts` made so far (>= 1).
pub fn delay(attempts: u32, base: Duration, max: Duration) -> Duration {
    let exp = attempts.saturating_sub(1).min(30);
    let full = base.saturating_mul(1u32 << exp).min(max);
    let half = full / 2;
    let mut byte = [0u8; 4];
    // Without randomness fall back to the midpoint: still bounded, still backing off.
    let r = match getrandom::fill(&mut byte) {
        Ok(()) => u32::from_le_bytes(byte),
        Err(_) => u32::MAX / 2,
    };
    half + half.mul_f64(f64::from(r) / f64::from(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_with_jitter_up_to_the_cap() {
        let (base, max) = (Duration::from_secs(10), Duration::from_secs(300));
        for attempts in 1..=10 {
            let full = (base * 2u32.pow(attempts - 1)).min(max);
            let d = delay(attempts, base, max);
            assert!(d >= full / 2 && d <= full, "{attempts}: {d:?} vs {full:?}");
        }
    }
}

//! Conversions between the store's types and the integer columns every
//! backend keeps them in, and the error for a value that does not convert back.

use crate::StoreError;

/// A value read back from the database that does not parse: only a hand-edited
/// or corrupted database can produce one.
pub fn corrupt(what: &str, value: &str, why: impl std::fmt::Display) -> StoreError {
    StoreError::Other(format!("corrupt {what} in the database: {value:?}: {why}"))
}

/// Sequence numbers are u64 in the domain and a signed 64-bit integer in the
/// database; 2^63 entries will not happen, but a negative or huge value must
/// not wrap silently.
pub fn seq_to_db(seq: u64) -> Result<i64, StoreError> {
    i64::try_from(seq).map_err(|_| corrupt("sequence number", &seq.to_string(), "too large"))
}

pub fn seq_from_db(seq: i64) -> Result<u64, StoreError> {
    u64::try_from(seq).map_err(|_| corrupt("sequence number", &seq.to_string(), "negative"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequence_numbers_never_wrap() {
        assert_eq!(seq_to_db(7).ok(), Some(7));
        assert_eq!(seq_from_db(7).ok(), Some(7));
        let too_large = seq_to_db(u64::MAX).map_err(|e| e.to_string());
        assert_eq!(
            too_large,
            Err(format!(
                "store error: corrupt sequence number in the database: \"{}\": too large",
                u64::MAX
            ))
        );
        assert!(seq_from_db(-1).is_err());
    }
}

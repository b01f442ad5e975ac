//! Why a sign-in through the provider failed, in words a person can act on.
//! `Refusal`: the provider's answer was not good enough to sign anyone in
//! (shown as a 4xx); `OidcError`: the provider could not be asked (a 502).

use thiserror::Error;

/// Why an ID token (or the provider's answer around it) was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Refusal {
    #[error("the ID token is malformed: {0}")]
    Malformed(String),
    #[error("the ID token is signed with {0}, which Muster does not accept")]
    Algorithm(String),
    #[error("the ID token's signature does not match the provider's published key")]
    Signature,
    #[error(
        "the ID token is signed by a key the provider does not publish (key id {0:?}), even after fetching its keys again"
    )]
    UnknownKey(Option<String>),
    #[error("{0}")]
    Keys(String),
    #[error("the ID token was issued by {found:?}, not by the configured issuer")]
    Issuer { found: String },
    #[error("the ID token is for another application (audience {found:?}), not this Muster")]
    Audience { found: String },
    #[error("the ID token was issued to another party (azp {found:?}), not this Muster")]
    AuthorizedParty { found: String },
    #[error("the ID token expired {ago} s ago: sign in again")]
    Expired { ago: i64 },
    #[error("the ID token is not valid yet (its time is ahead of this server's clock)")]
    NotYetValid,
    #[error("the ID token's nonce is not the one this sign-in sent: sign in again")]
    Nonce,
    #[error("the provider refused the sign-in code: {0}")]
    Code(String),
    #[error("the provider did not say that the email {0:?} is verified")]
    Unverified(String),
    #[error("the ID token has no {0:?} claim to find you in the directory by")]
    NoClaim(String),
}

/// The provider could not be reached, or answered nonsense.
#[derive(Debug, Error)]
pub enum OidcError {
    #[error("the identity provider could not be reached at {url}: {reason}")]
    Unreachable { url: String, reason: String },
    #[error("the identity provider's {what} is not usable: {reason}")]
    Document { what: &'static str, reason: String },
    #[error(transparent)]
    Refused(#[from] Refusal),
}

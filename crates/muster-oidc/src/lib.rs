//! OpenID Connect sign-on (issue 14): the provider's discovery document, the
//! authorization code flow with PKCE (S256), `state` and `nonce`, the code
//! exchange, and the ID token's checks (signature against the provider's
//! published keys, fetched again when it rotates them; issuer, audience,
//! authorized party, expiry, nonce). It knows nothing of Muster's people: the
//! web adapter turns an [`Identity`] into a signed-in person.
#![forbid(unsafe_code)]

pub mod config;
pub mod error;
pub mod identity;
pub mod keys;
pub mod pkce;
pub mod provider;
pub mod verify;

pub use config::{CALLBACK_PATH, OidcConfig, OidcSettings};
pub use error::{OidcError, Refusal};
pub use identity::{Identity, identity};
pub use provider::{Discovery, Provider};

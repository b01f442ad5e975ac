//! `muster login --sso`: the CLI exchanges the one-time code its loopback
//! listener received for an API token, proving with its PKCE verifier that
//! it is the CLI that started the sign-in.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SsoTokenRequest {
    /// The `code` the server sent to the CLI's loopback address.
    pub code: String,
    /// The PKCE verifier whose S256 challenge the CLI sent as `cli_challenge`.
    pub code_verifier: String,
}

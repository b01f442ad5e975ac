//! What the JSON adapters (the API in `muster-server`, the worker's routes in
//! `muster-notify`) share: the error shape, extractors whose failures speak it,
//! the bearer-token caller and the NUL refusal in front of every route.
#![forbid(unsafe_code)]

pub mod caller;
pub mod error;
pub mod extract;
pub mod headers;
mod locate;
pub mod nul;
pub mod reword;

/// Request bodies larger than this are refused with 413 on every JSON route
/// (the API, Slack's endpoints, the webhook and delivery admin): no command,
/// slash command or event needs more, and it bounds what a client can make the
/// server hold.
pub const BODY_LIMIT: usize = 1024 * 1024;

pub use caller::Caller;
pub use error::{ApiError, ApiResult};
pub use extract::{ApiJson, ApiPath, ApiQuery};

//! What the JSON adapters (the API in `muster-server`, the worker's routes in
//! `muster-notify`) share: the error shape, extractors whose failures speak it,
//! the bearer-token caller and the NUL refusal in front of every route.
#![forbid(unsafe_code)]

pub mod caller;
pub mod error;
pub mod extract;
pub mod headers;
pub mod nul;

pub use caller::Caller;
pub use error::{ApiError, ApiResult};
pub use extract::{ApiJson, ApiPath, ApiQuery};

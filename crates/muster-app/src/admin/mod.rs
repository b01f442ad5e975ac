//! What an administrator does to the installation, once for every adapter:
//! the JSON API's routes and the room's admin pages call these same methods,
//! so a field is checked, a right required and a token cache cleared in one
//! place (the CLI reaches them through the API). Each module is one register:
//! the people directory and their logins (`people`), API tokens (`tokens`),
//! the on-call rota (`rota`) and outbound webhook subscriptions (`webhooks`).

pub mod audit;
pub mod people;
pub mod rota;
pub mod tokens;
pub mod webhooks;

pub use people::{PersonChanges, PersonInput};
pub use webhooks::WebhookInput;

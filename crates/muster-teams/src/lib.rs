//! Microsoft Teams, as Muster uses it, knowing nothing of incidents:
//!
//! * [`token`]: OAuth2 client-credentials tokens from Microsoft Entra ID
//!   (`{login}/{tenant}/oauth2/v2.0/token`), cached until shortly before they expire;
//! * [`graph`]: the Microsoft Graph calls that open and staff a private channel
//!   and read a message back;
//! * [`connector`]: the Bot Connector calls that post into a channel and reply
//!   to an activity (Graph takes channel posts from an application only when
//!   importing history, so a bot posts);
//! * [`activity`]: the incoming activities Muster reads;
//! * [`verify`]: the Bot Framework's JWT on every incoming request, checked
//!   against the keys its OpenID metadata publishes.
//!
//! Every base URL is configurable so the tests can run a local stand-in.
#![forbid(unsafe_code)]

pub mod activity;
pub mod connector;
mod error;
pub mod graph;
pub mod token;
pub mod verify;

pub use error::TeamsError;

/// Microsoft's production endpoints; each may be overridden (tests, national clouds).
pub const LOGIN_BASE: &str = "https://login.microsoftonline.com";
pub const GRAPH_BASE: &str = "https://graph.microsoft.com/v1.0";
pub const BOT_OPENID_METADATA: &str =
    "https://login.botframework.com/v1/.well-known/openidconfiguration";
/// The global Bot Connector for Teams; an activity's own `serviceUrl` wins for replies.
pub const TEAMS_SERVICE_URL: &str = "https://smba.trafficmanager.net/teams/";
/// The scopes of the two tokens Muster asks for.
pub const GRAPH_SCOPE: &str = "https://graph.microsoft.com/.default";
pub const BOT_SCOPE: &str = "https://api.botframework.com/.default";

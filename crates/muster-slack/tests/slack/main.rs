//! The Slack client against a local stand-in of Slack's Web API.

mod standin;

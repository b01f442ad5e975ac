//! API tokens: minted (the secret shown once) and revoked. A calls-feed
//! token is an ordinary token row whose name scopes it: it reads one
//! incident's heartbeat-call calendar and nothing else, so a calendar app
//! that leaks its URL leaks no more than that calendar.

use crate::actor::{Actor, mint_token, require_admin};
use crate::app::App;
use crate::error::{AppError, AppResult};
use muster_api::NewToken;
use muster_store::ApiToken;
use uuid::Uuid;

/// The name every calls-feed token starts with; the incident's reference follows.
pub const CALLS_FEED: &str = "calls feed ";

/// The incident a calls-feed token may read, when `token` is one.
pub fn feed_scope(token: &ApiToken) -> Option<&str> {
    token.name.strip_prefix(CALLS_FEED)
}

impl App {
    /// Mints a token named `name` for the person at `person` (`None`: the
    /// actor); minting for someone else is an administrator's.
    pub async fn mint_token_as(
        &self,
        actor: &Actor,
        person: Option<&str>,
        name: &str,
    ) -> AppResult<NewToken> {
        let name = name.trim();
        if name.is_empty() {
            return Err(AppError::invalid(
                "name",
                "name the token (where it will be used)",
            ));
        }
        if let Some(fault) = muster_domain::text::fault(name, muster_domain::text::Shape::Line) {
            return Err(AppError::invalid("name", fault.message("name")));
        }
        let person = match person.map(str::trim).filter(|k| !k.is_empty()) {
            Some(key) => {
                let p = self.person("person", key).await?;
                if p.id != actor.person.id {
                    require_admin(actor, "mint a token for someone else")?;
                }
                if self.logins().user(p.id).await?.is_none() {
                    return Err(AppError::invalid(
                        "person",
                        format!("{} has no login; give them one first", p.name),
                    ));
                }
                p.id
            }
            None => actor.person.id,
        };
        Ok(mint_token(self.logins(), person, name).await?)
    }

    /// Revokes token `id`: one's own, or anyone's for an administrator. To
    /// anyone else another's token does not exist.
    pub async fn revoke_token_as(&self, actor: &Actor, id: Uuid) -> AppResult<()> {
        let owned = self
            .logins()
            .tokens_of(actor.person.id)
            .await?
            .iter()
            .any(|t| t.id == id);
        if !owned {
            require_admin(actor, "revoke someone else's token")
                .map_err(|_| AppError::NotFound(format!("you have no token {id}")))?;
        }
        self.logins()
            .revoke_token(id, jiff::Timestamp::now().as_microsecond())
            .await?;
        self.forget_tokens();
        Ok(())
    }

    /// A token that reads only the calls feed of `reference`, for the actor,
    /// who must be able to see the incident (rule 10: the read is audited).
    pub async fn mint_feed_token(&self, actor: &Actor, reference: &str) -> AppResult<NewToken> {
        let state = self
            .read(
                actor,
                reference,
                &format!("calls feed token for {reference}"),
            )
            .await?;
        let name = format!("{CALLS_FEED}{}", state.reference);
        Ok(mint_token(self.logins(), actor.person.id, &name).await?)
    }
}

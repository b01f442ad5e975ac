//! Signing in through the organisation's identity provider, once the web
//! adapter has checked the provider's ID token: the person is found in the
//! directory by the email the provider vouches for (or created, when the
//! settings allow), given a login if they have none, and made or unmade an
//! administrator by the provider's group at every sign-in. The one-time
//! grants `muster login --sso` exchanges for a token, and the provider's
//! front-channel logout, live here too.

use crate::actor::{self as auth};
use crate::app::App;
use crate::error::{AppError, AppResult};
use muster_api::NewToken;
use muster_store::{Person, SsoGrant, User};
use uuid::Uuid;

/// Who the provider says signed in.
#[derive(Debug, Clone)]
pub struct SsoPerson {
    /// Lower case.
    pub email: String,
    pub name: Option<String>,
    /// Whether the administrators' group lists them; `None` when
    /// administration does not follow a group.
    pub admin: Option<bool>,
}

/// How long the code the browser carries back to the CLI is good for.
pub const GRANT_LIFETIME_SECS: i64 = 120;

/// The token name `muster login --sso` gets.
pub const CLI_TOKEN_NAME: &str = "muster login --sso";

fn sha256_hex(s: &str) -> String {
    auth::token_hash(s)
}

impl App {
    /// The person `who` is, with a login whose administration follows the
    /// provider's group. `Err(Forbidden)` when the directory has no such
    /// person and `create_people` is off.
    pub async fn sso_sign_in(&self, who: &SsoPerson, create_people: bool) -> AppResult<Person> {
        let now = jiff::Timestamp::now().as_microsecond();
        // By email only: a chat handle is not what the provider vouched for.
        let found = self
            .directory()
            .person_by_contact(&who.email)
            .await?
            .filter(|p| p.email.eq_ignore_ascii_case(&who.email));
        let person = match found {
            Some(p) => p,
            None if create_people => {
                let name = who
                    .name
                    .as_deref()
                    .map(str::trim)
                    .filter(|n| {
                        !n.is_empty()
                            && n.len() <= 320
                            && muster_domain::text::fault(n, muster_domain::text::Shape::Line)
                                .is_none()
                    })
                    .unwrap_or(&who.email)
                    .to_owned();
                let person = Person {
                    id: Uuid::now_v7(),
                    name,
                    email: who.email.clone(),
                    chat_handle: None,
                    slack_id: None,
                    matrix_id: None,
                    teams_id: None,
                    expertise: Vec::new(),
                    team: None,
                    created_at: now,
                };
                self.directory().create_person(&person).await?;
                tracing::info!(person = %person.id, email = %person.email, "sign-on added a person to the directory");
                person
            }
            None => {
                return Err(AppError::Forbidden(format!(
                    "{} is not in Muster's directory: ask an administrator to add you",
                    who.email
                )));
            }
        };
        let user = self.logins().user(person.id).await?;
        let admin_before = user.as_ref().is_some_and(|u| u.admin);
        let admin = who.admin.unwrap_or(admin_before);
        if user.is_none() || admin != admin_before {
            let mut user = user.unwrap_or(User {
                person: person.id,
                admin,
                password_hash: None,
                created_at: now,
            });
            user.admin = admin;
            self.logins().upsert_user(&user).await?;
            // Cached lookups still carry the old administration.
            self.forget_tokens();
            if admin != admin_before {
                tracing::info!(person = %person.id, admin, "sign-on changed administration to follow the provider's group");
            }
        }
        Ok(person)
    }

    /// A one-time code for `person` that `muster login --sso` exchanges,
    /// with the verifier of `challenge`, for an API token.
    pub async fn sso_grant(&self, person: Uuid, challenge: &str) -> AppResult<String> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)
            .map_err(|e| AppError::Unavailable(format!("no randomness: {e}")))?;
        let code = hex::encode(bytes);
        let expires_at = jiff::Timestamp::now().as_microsecond() + GRANT_LIFETIME_SECS * 1_000_000;
        self.sso()
            .put_sso_grant(&SsoGrant {
                code_hash: sha256_hex(&code),
                person,
                challenge: challenge.to_owned(),
                expires_at,
            })
            .await?;
        Ok(code)
    }

    /// Exchanges a grant's code for an API token, if `answers(challenge)`
    /// (the caller's PKCE check) holds. The code is spent either way.
    pub async fn redeem_sso_grant(
        &self,
        code: &str,
        answers: impl FnOnce(&str) -> bool,
    ) -> AppResult<NewToken> {
        let now = jiff::Timestamp::now().as_microsecond();
        let refused = || {
            AppError::Unauthorized(
                "this sign-in code is unknown, used or expired: run `muster login --sso` again"
                    .into(),
            )
        };
        let grant = self
            .sso()
            .take_sso_grant(&sha256_hex(code), now)
            .await?
            .ok_or_else(refused)?;
        if !answers(&grant.challenge) {
            return Err(AppError::Unauthorized(
                "the code_verifier does not match the challenge this sign-in started with".into(),
            ));
        }
        if self.logins().user(grant.person).await?.is_none() {
            return Err(refused());
        }
        Ok(auth::mint_token(self.logins(), grant.person, CLI_TOKEN_NAME).await?)
    }

    /// The provider ended its session `sid`: every web session signed in
    /// through it ends too. Returns how many were ended.
    pub async fn sso_logout(&self, issuer: &str, sid: &str) -> AppResult<usize> {
        let now = jiff::Timestamp::now().as_microsecond();
        let mut ended = 0;
        for token in self.sso().sso_sessions(issuer, sid).await? {
            match self.logins().revoke_token(token, now).await {
                Ok(()) => ended += 1,
                // Already signed out.
                Err(muster_store::StoreError::NotFound(_)) => {}
                Err(e) => return Err(e.into()),
            }
        }
        self.forget_tokens();
        Ok(ended)
    }
}

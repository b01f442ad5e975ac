//! The people directory and logins: adding and changing a person (expertise
//! tags included) and giving them a login, an administrator's right or a new
//! password.

use crate::actor::{Actor, hash_password, require_admin};
use crate::app::App;
use crate::error::{AppError, AppResult};
use muster_store::{Person, User};
use uuid::Uuid;

/// A new person, as typed.
#[derive(Debug, Clone, Default)]
pub struct PersonInput {
    pub name: String,
    pub email: String,
    pub chat_handle: Option<String>,
    pub slack_id: Option<String>,
    /// `@name:server`, for the incident's Matrix room.
    pub matrix_id: Option<String>,
    /// Microsoft Entra object id (a GUID), for the incident's Teams channel.
    pub teams_id: Option<String>,
    pub expertise: Vec<String>,
    pub team: Option<String>,
}

/// Changes to a person; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct PersonChanges {
    pub name: Option<String>,
    pub email: Option<String>,
    pub chat_handle: Option<String>,
    pub slack_id: Option<String>,
    pub matrix_id: Option<String>,
    pub teams_id: Option<String>,
    pub expertise: Option<Vec<String>>,
    pub team: Option<String>,
}

/// The shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// One line of plain text, not empty, at most 320 bytes.
pub fn required(field: &str, value: &str) -> AppResult<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(AppError::invalid(
            field,
            format!("`{field}` must not be empty"),
        ));
    }
    // A person's name, email, handle or team is one line of plain text (the
    // domain's one rule for typed text).
    if let Some(fault) = muster_domain::text::fault(v, muster_domain::text::Shape::Line) {
        return Err(AppError::invalid(field, fault.message(field)));
    }
    if v.len() > 320 {
        return Err(AppError::invalid(
            field,
            format!("`{field}` is longer than 320 bytes"),
        ));
    }
    Ok(v.to_owned())
}

fn email(value: &str) -> AppResult<String> {
    let v = required("email", value)?;
    match v.split_once('@') {
        Some((local, domain))
            if !local.is_empty() && !domain.is_empty() && !v.contains(char::is_whitespace) =>
        {
            Ok(v.to_lowercase())
        }
        _ => Err(AppError::invalid(
            "email",
            format!("`{v}` is not an email address"),
        )),
    }
}

fn optional(field: &str, value: Option<&str>) -> AppResult<Option<String>> {
    value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(|v| required(field, v))
        .transpose()
}

/// Expertise tags are lowercase words joined by hyphens (`security-analyst`).
pub fn tags(values: &[String]) -> AppResult<Vec<String>> {
    let mut out = Vec::new();
    for t in values {
        let t = t.trim().to_lowercase();
        if t.is_empty() || !t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(AppError::invalid(
                "expertise",
                format!(
                    "`{t}` is not a tag: use lowercase letters, digits and hyphens, like security-analyst"
                ),
            ));
        }
        if !out.contains(&t) {
            out.push(t);
        }
    }
    Ok(out)
}

/// A Matrix user id is `@localpart:server` (the spec's user identifier):
/// anything else could never be invited, so it is refused here, by name.
fn matrix_id(value: Option<&str>) -> AppResult<Option<String>> {
    let Some(id) = optional("matrix_id", value)? else {
        return Ok(None);
    };
    let shaped = id
        .strip_prefix('@')
        .and_then(|r| r.split_once(':'))
        .is_some_and(|(local, server)| {
            !local.is_empty()
                && !server.is_empty()
                && !id.chars().any(char::is_whitespace)
                && local == local.to_lowercase()
        });
    if !shaped {
        return Err(AppError::invalid(
            "matrix_id",
            format!("{id:?} is not a Matrix user id: write it as @name:server, in lower case"),
        ));
    }
    Ok(Some(id))
}

/// A Microsoft Entra object id is a GUID; anything else could never match
/// the `aadObjectId` Teams sends, so it is refused rather than stored.
fn entra_id(value: Option<&str>) -> AppResult<Option<String>> {
    let Some(v) = optional("teams_id", value)? else {
        return Ok(None);
    };
    match Uuid::try_parse(&v) {
        Ok(id) => Ok(Some(id.hyphenated().to_string())),
        Err(_) => Err(AppError::invalid(
            "teams_id",
            format!(
                "`{v}` is not a Microsoft Entra object id (a GUID such as 8b081ef6-4792-4def-b2c9-c363a1bf41d5)"
            ),
        )),
    }
}

impl App {
    /// Adds a person to the directory (administrators).
    pub async fn add_person(&self, actor: &Actor, input: PersonInput) -> AppResult<Person> {
        require_admin(actor, "add people to the directory")?;
        let person = Person {
            id: Uuid::now_v7(),
            name: required("name", &input.name)?,
            email: email(&input.email)?,
            chat_handle: optional("chat_handle", input.chat_handle.as_deref())?,
            slack_id: optional("slack_id", input.slack_id.as_deref())?,
            matrix_id: matrix_id(input.matrix_id.as_deref())?,
            teams_id: entra_id(input.teams_id.as_deref())?,
            expertise: tags(&input.expertise)?,
            team: optional("team", input.team.as_deref())?,
            created_at: jiff::Timestamp::now().as_microsecond(),
        };
        self.directory().create_person(&person).await?;
        Ok(person)
    }

    /// Changes the person at `key`: anyone may change their own details, an
    /// administrator anyone's.
    pub async fn change_person(
        &self,
        actor: &Actor,
        key: &str,
        changes: PersonChanges,
    ) -> AppResult<Person> {
        let mut p = self.person_at(key).await?;
        if p.id != actor.person.id {
            require_admin(actor, "change someone else's details")?;
        }
        if let Some(name) = &changes.name {
            p.name = required("name", name)?;
        }
        if let Some(e) = &changes.email {
            p.email = email(e)?;
        }
        if let Some(h) = &changes.chat_handle {
            p.chat_handle = optional("chat_handle", Some(h))?;
        }
        if let Some(s) = &changes.slack_id {
            p.slack_id = optional("slack_id", Some(s))?;
        }
        if let Some(m) = &changes.matrix_id {
            p.matrix_id = matrix_id(Some(m))?;
        }
        if let Some(s) = &changes.teams_id {
            p.teams_id = entra_id(Some(s))?;
        }
        if let Some(t) = &changes.expertise {
            p.expertise = tags(t)?;
        }
        if let Some(t) = &changes.team {
            p.team = optional("team", Some(t))?;
        }
        self.directory().update_person(&p).await?;
        self.forget_tokens();
        Ok(p)
    }

    /// Gives the person at `key` a login, or changes it: whether they are an
    /// administrator and, when `password` is given, a new password (at least
    /// [`MIN_PASSWORD_CHARS`]); without one the old password stays.
    pub async fn set_login(
        &self,
        actor: &Actor,
        key: &str,
        admin: bool,
        password: Option<&str>,
    ) -> AppResult<(Person, User)> {
        require_admin(actor, "give people logins")?;
        let p = self.person_at(key).await?;
        let existing = self.logins().user(p.id).await?;
        if p.id == actor.person.id && !admin {
            return Err(AppError::invalid(
                "admin",
                "you cannot remove your own administrator rights; ask another administrator",
            ));
        }
        let password_hash = match password {
            Some(pw) if pw.chars().count() < MIN_PASSWORD_CHARS => {
                return Err(AppError::invalid(
                    "password",
                    "a password has at least 12 characters",
                ));
            }
            Some(pw) => Some(hash_password(pw).map_err(AppError::Internal)?),
            None => existing.as_ref().and_then(|u| u.password_hash.clone()),
        };
        let user = User {
            person: p.id,
            admin,
            password_hash,
            created_at: existing
                .map(|u| u.created_at)
                .unwrap_or_else(|| jiff::Timestamp::now().as_microsecond()),
        };
        self.logins().upsert_user(&user).await?;
        self.forget_tokens();
        Ok((p, user))
    }

    /// Deactivates the person at `key`: no password, no administrator's
    /// right, every token (web sessions included) revoked, so they can no
    /// longer sign in or act. They stay in the directory, because logs name
    /// them; setting a password gives them their login back.
    pub async fn deactivate(&self, actor: &Actor, key: &str) -> AppResult<(Person, usize)> {
        require_admin(actor, "deactivate people")?;
        let p = self.person_at(key).await?;
        if p.id == actor.person.id {
            return Err(AppError::invalid(
                "person",
                "you cannot deactivate yourself; ask another administrator",
            ));
        }
        let now = jiff::Timestamp::now().as_microsecond();
        let mut revoked = 0;
        for t in self.logins().tokens_of(p.id).await? {
            if t.revoked_at.is_none() {
                self.logins().revoke_token(t.id, now).await?;
                revoked += 1;
            }
        }
        if let Some(user) = self.logins().user(p.id).await? {
            self.logins()
                .upsert_user(&User {
                    admin: false,
                    password_hash: None,
                    ..user
                })
                .await?;
        }
        self.forget_tokens();
        Ok((p, revoked))
    }
}

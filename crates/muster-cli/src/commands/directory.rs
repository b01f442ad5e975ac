//! Who you are, the people directory, tokens, the rota and the audit trail.

use super::{Ctx, print, usage};
use crate::cli::{PeopleCommand, PersonFields, PersonUpdate, RotaCommand, TokenCommand};
use crate::{config, output};
use anyhow::{Context, Result};
use muster_api::{
    LoginRequest, NewPersonRequest, NewShiftRequest, NewTokenRequest, UpdatePersonRequest,
};
use muster_client::Client;
use std::io::Read;
use std::process::ExitCode;

pub async fn me(ctx: &Ctx) -> Result<ExitCode> {
    let me = ctx.client()?.me().await?;
    ctx.emit(&me, output::person)?;
    Ok(ExitCode::SUCCESS)
}

/// Checks the token against the server before saving it, so a typo is caught
/// now rather than at the next incident.
pub async fn login(ctx: &Ctx, token_stdin: bool) -> Result<ExitCode> {
    let token = if token_stdin {
        read_stdin_line().context("cannot read the token from standard input")?
    } else {
        ctx.token_flag()
            .ok_or_else(|| usage("give --token TOKEN, set MUSTER_TOKEN, or use --token-stdin"))?
    };
    if token.is_empty() {
        return Err(usage("the token is empty"));
    }
    let url = ctx
        .url_flag()
        .unwrap_or_else(|| config::DEFAULT_URL.to_owned());
    let me = Client::new(&url, Some(token.clone()))?
        .me()
        .await
        .with_context(|| format!("{url} did not accept the token"))?;
    let path = config::path()?;
    let saved = config::Config {
        url: Some(url.clone()),
        token: Some(token),
    };
    config::save(&path, &saved)?;
    ctx.emit(&me, |me| {
        format!(
            "Signed in to {url} as {} <{}>. Saved to {}.\n",
            output::escape(&me.name),
            output::escape(&me.email),
            path.display()
        )
    })?;
    Ok(ExitCode::SUCCESS)
}

/// One line, without its line ending; the rest of the input is ignored.
fn read_stdin_line() -> Result<String> {
    let mut text = String::new();
    std::io::stdin().take(64 * 1024).read_to_string(&mut text)?;
    Ok(text.lines().next().unwrap_or("").trim().to_owned())
}

pub async fn people(ctx: &Ctx, command: PeopleCommand) -> Result<ExitCode> {
    let client = ctx.client()?;
    match command {
        PeopleCommand::List => {
            let people = client.people().await?;
            ctx.emit(&people, |p| output::people(p))?;
        }
        PeopleCommand::Add(fields) => {
            let person = client.create_person(&new_person(fields)).await?;
            ctx.emit(&person, |p| {
                format!(
                    "Added {} <{}> ({}).\n",
                    output::escape(&p.name),
                    output::escape(&p.email),
                    p.id
                )
            })?;
        }
        PeopleCommand::Show { person } => {
            let person = client.person(&person).await?;
            ctx.emit(&person, output::person)?;
        }
        PeopleCommand::Update { person, fields } => {
            let request = update(fields);
            if request == UpdatePersonRequest::default() {
                return Err(usage(
                    "nothing to change: give --name, --email, --handle, --slack-id, --expertise or --team",
                ));
            }
            let person = client.update_person(&person, &request).await?;
            ctx.emit(&person, output::person)?;
        }
        PeopleCommand::Login {
            person,
            admin,
            password_stdin,
        } => {
            let password = if password_stdin {
                Some(read_stdin_line().context("cannot read the password from standard input")?)
            } else {
                None
            };
            let person = client
                .set_login(&person, &LoginRequest { admin, password })
                .await?;
            ctx.emit(&person, output::person)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn new_person(f: PersonFields) -> NewPersonRequest {
    NewPersonRequest {
        name: f.name,
        email: f.email,
        chat_handle: f.handle,
        slack_id: f.slack_id,
        matrix_id: f.matrix_id,
        teams_id: f.teams_id,
        expertise: tags(f.expertise),
        team: f.team,
    }
}

fn update(f: PersonUpdate) -> UpdatePersonRequest {
    UpdatePersonRequest {
        name: f.name,
        email: f.email,
        chat_handle: f.handle,
        slack_id: f.slack_id,
        matrix_id: f.matrix_id,
        teams_id: f.teams_id,
        expertise: f.expertise.map(tags),
        team: f.team,
    }
}

/// `--expertise "legal, data-privacy"` and repeated flags alike.
fn tags(raw: Vec<String>) -> Vec<String> {
    raw.iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

pub async fn token(ctx: &Ctx, command: TokenCommand) -> Result<ExitCode> {
    let client = ctx.client()?;
    match command {
        TokenCommand::Create { name, person } => {
            let token = client
                .create_token(&NewTokenRequest { name, person })
                .await?;
            ctx.emit(&token, output::new_token)?;
        }
        TokenCommand::List => {
            let tokens = client.tokens().await?;
            ctx.emit(&tokens, |t| output::tokens(t))?;
        }
        TokenCommand::Revoke { id } => {
            client.revoke_token(id).await?;
            done(ctx, &format!("Token {id} revoked."))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn rota(ctx: &Ctx, command: RotaCommand) -> Result<ExitCode> {
    let client = ctx.client()?;
    match command {
        RotaCommand::Show => {
            let rota = client.rota().await?;
            ctx.emit(&rota, output::rota)?;
        }
        RotaCommand::Add { person, from, to } => {
            let request = NewShiftRequest {
                person,
                starts_at: from,
                ends_at: to,
            };
            let shift = client.add_shift(&request).await?;
            ctx.emit(&shift, output::new_shift)?;
        }
        RotaCommand::Remove { id } => {
            client.remove_shift(id).await?;
            done(ctx, &format!("Shift {id} removed."))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn audit(
    ctx: &Ctx,
    incident: Option<&str>,
    person: Option<&str>,
    limit: Option<u32>,
) -> Result<ExitCode> {
    let incident = incident.map(super::reference);
    let rows = ctx
        .client()?
        .audit(incident.as_deref(), person, limit)
        .await?;
    ctx.emit(&rows, |r| output::audit(r))?;
    Ok(ExitCode::SUCCESS)
}

/// A 204 has no body: `--json` prints `{"ok":true}` so scripts still get JSON.
fn done(ctx: &Ctx, message: &str) -> Result<()> {
    if ctx.json {
        print("{\"ok\":true}\n")
    } else {
        print(&format!("{message}\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expertise_tags_are_trimmed_and_empty_ones_dropped() {
        assert_eq!(
            tags(vec![" legal".into(), "".into(), "data-privacy ".into()]),
            ["legal", "data-privacy"]
        );
    }
}

//! Signing in through the organisation's identity provider (OpenID Connect,
//! issue 14): `/auth/oidc/start` sends the browser to the provider with a
//! fresh `state`, `nonce` and PKCE challenge; `/auth/oidc/callback` checks the
//! `state` against this browser's flow cookie, exchanges the code, checks the
//! ID token (`muster_oidc`), finds the person (`App::sso_sign_in`) and starts
//! a web session, or, for `muster login --sso`, sends a one-time code back to
//! the CLI's loopback listener. Every sign-in and every refusal is logged
//! (`sso sign-in`), as password sign-ins are.

use crate::oidc_flow::{CliReturn, Flow};
use crate::session::{SESSION_COOKIE, set_cookie};
use crate::signin::{SESSION_MAX_AGE, safe_next, show};
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use muster_app::App;
use muster_app::actor::{self as auth, WEB_SESSION};
use muster_app::sso::SsoPerson;
use muster_oidc::{OidcError, Provider, Refusal, pkce};
use serde::Deserialize;
use std::sync::Arc;

/// The sign-on this server offers: none, or one provider.
#[derive(Clone, Default)]
pub struct SignOn {
    provider: Option<Arc<Provider>>,
}

impl SignOn {
    pub fn new(provider: Provider) -> SignOn {
        SignOn {
            provider: Some(Arc::new(provider)),
        }
    }

    pub(crate) fn provider(&self) -> Option<&Provider> {
        self.provider.as_deref()
    }

    /// Whether password sign-in is on.
    pub fn passwords(&self) -> bool {
        self.provider().is_none_or(|p| p.config().passwords)
    }

    /// The provider's name for the sign-in button, when there is one.
    pub fn button(&self) -> Option<&str> {
        self.provider().map(|p| p.config().provider_name.as_str())
    }
}

#[derive(Debug, Deserialize)]
pub struct StartQuery {
    next: Option<String>,
    cli_port: Option<String>,
    cli_state: Option<String>,
    cli_challenge: Option<String>,
}

fn refuse(headers: &HeaderMap, sign_on: &SignOn, status: StatusCode, why: &str) -> Response {
    tracing::warn!(
        reason = why,
        status = status.as_u16(),
        "sso sign-in refused"
    );
    let mut response = show(
        headers,
        sign_on,
        status,
        "/".into(),
        String::new(),
        Some(crate::flash::Flash::error(format!(
            "Signing in through {} did not work: {why}",
            sign_on.button().unwrap_or("the identity provider")
        ))),
    );
    response
        .headers_mut()
        .append(header::SET_COOKIE, Flow::clear_cookie(headers));
    response
}

/// The CLI's loopback return, when the start link names one; every part is
/// checked, so that the callback never sends a code anywhere but 127.0.0.1.
fn cli_return(q: &StartQuery) -> Result<Option<CliReturn>, String> {
    match (&q.cli_port, &q.cli_state, &q.cli_challenge) {
        (None, None, None) => Ok(None),
        (Some(port), Some(state), Some(challenge)) => {
            let port: u16 = port
                .parse()
                .ok()
                .filter(|p| *p >= 1024)
                .ok_or("`cli_port` must be a port number from 1024 to 65535")?;
            if !pkce::well_formed(state) {
                return Err("`cli_state` must be 43 to 128 letters, digits or -._~".into());
            }
            if !pkce::well_formed(challenge) {
                return Err(
                    "`cli_challenge` must be an S256 PKCE challenge (43 characters of base64url)"
                        .into(),
                );
            }
            Ok(Some(CliReturn {
                port,
                state: state.clone(),
                challenge: challenge.clone(),
            }))
        }
        _ => Err("`cli_port`, `cli_state` and `cli_challenge` go together".into()),
    }
}

pub async fn start(
    Extension(sign_on): Extension<SignOn>,
    headers: HeaderMap,
    Query(q): Query<StartQuery>,
) -> Response {
    let Some(provider) = sign_on.provider() else {
        return refuse(
            &headers,
            &sign_on,
            StatusCode::NOT_FOUND,
            "sign-on is not configured on this server",
        );
    };
    let cli = match cli_return(&q) {
        Ok(cli) => cli,
        Err(why) => return refuse(&headers, &sign_on, StatusCode::BAD_REQUEST, &why),
    };
    let flow = Flow {
        state: pkce::random_token(),
        nonce: pkce::random_token(),
        verifier: pkce::random_token(),
        next: safe_next(q.next.as_deref()),
        cli,
    };
    let url = match provider
        .authorize_url(&flow.state, &flow.nonce, &pkce::challenge(&flow.verifier))
        .await
    {
        Ok(url) => url,
        Err(e) => return failed(&headers, &sign_on, &e),
    };
    let mut response = Redirect::to(&url).into_response();
    response
        .headers_mut()
        .append(header::SET_COOKIE, flow.set_cookie(&headers));
    response
}

#[derive(Debug, Deserialize)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

/// The page for a failure: the provider unreachable is a 502 (not the
/// person's doing); a refusal is a 4xx saying why.
fn failed(headers: &HeaderMap, sign_on: &SignOn, e: &OidcError) -> Response {
    let status = match e {
        OidcError::Unreachable { .. } | OidcError::Document { .. } => StatusCode::BAD_GATEWAY,
        OidcError::Refused(Refusal::Code(_)) => StatusCode::BAD_REQUEST,
        OidcError::Refused(Refusal::Unverified(_)) => StatusCode::FORBIDDEN,
        OidcError::Refused(_) => StatusCode::UNAUTHORIZED,
    };
    refuse(headers, sign_on, status, &e.to_string())
}

pub async fn callback(
    State(app): State<App>,
    Extension(sign_on): Extension<SignOn>,
    headers: HeaderMap,
    Query(q): Query<CallbackQuery>,
) -> Response {
    let bad = |why: &str| refuse(&headers, &sign_on, StatusCode::BAD_REQUEST, why);
    let Some(provider) = sign_on.provider() else {
        return refuse(
            &headers,
            &sign_on,
            StatusCode::NOT_FOUND,
            "sign-on is not configured on this server",
        );
    };
    if let Some(error) = &q.error {
        let said = q.error_description.as_deref().unwrap_or("no reason given");
        return refuse(
            &headers,
            &sign_on,
            StatusCode::UNAUTHORIZED,
            &format!("the identity provider refused: {error} ({said})"),
        );
    }
    let Some(flow) = Flow::from_cookie(&headers) else {
        return bad("this sign-in has expired or was started in another browser: start again");
    };
    let Some(state) = q.state.as_deref().filter(|s| !s.is_empty()) else {
        return bad("the provider's answer has no `state`: start again");
    };
    if !crate::session::same(state, &flow.state) {
        return bad("the `state` does not match the sign-in this browser started: start again");
    }
    let Some(code) = q.code.as_deref().filter(|c| !c.is_empty()) else {
        return bad("the provider's answer has no `code`: start again");
    };
    let token = match provider.exchange(code, &flow.verifier).await {
        Ok(t) => t,
        Err(e) => return failed(&headers, &sign_on, &e),
    };
    let now = jiff::Timestamp::now().as_second();
    let claims = match provider.verify_id_token(&token, &flow.nonce, now).await {
        Ok(c) => c,
        Err(e) => return failed(&headers, &sign_on, &e),
    };
    let identity = match muster_oidc::identity(&claims, provider.config()) {
        Ok(i) => i,
        Err(e) => return failed(&headers, &sign_on, &e.into()),
    };
    let who = SsoPerson {
        email: identity.email.clone(),
        name: identity.name.clone(),
        admin: identity.admin,
    };
    let person = match app.sso_sign_in(&who, provider.config().create_people).await {
        Ok(p) => p,
        Err(muster_app::AppError::Forbidden(why)) => {
            return refuse(&headers, &sign_on, StatusCode::FORBIDDEN, &why);
        }
        Err(e) => return crate::error::WebError::from(e).into_response(),
    };
    tracing::info!(person = %person.id, issuer = %identity.issuer, subject = %identity.subject, cli = flow.cli.is_some(), "sso sign-in");
    let mut response = match &flow.cli {
        Some(cli) => match app.sso_grant(person.id, &cli.challenge).await {
            Ok(code) => Redirect::to(&format!(
                "http://127.0.0.1:{}/callback?code={code}&state={}",
                cli.port, cli.state
            ))
            .into_response(),
            Err(e) => return crate::error::WebError::from(e).into_response(),
        },
        None => match web_session(&app, person.id, &identity).await {
            Ok(secret) => {
                let mut r = Redirect::to(&flow.next).into_response();
                r.headers_mut().append(
                    header::SET_COOKIE,
                    set_cookie(&headers, SESSION_COOKIE, &secret, SESSION_MAX_AGE),
                );
                r
            }
            Err(e) => return e.into_response(),
        },
    };
    response
        .headers_mut()
        .append(header::SET_COOKIE, Flow::clear_cookie(&headers));
    response
}

/// A web session for the person, remembered with the provider's `sid` so
/// that its front-channel logout can end it.
async fn web_session(
    app: &App,
    person: uuid::Uuid,
    identity: &muster_oidc::Identity,
) -> Result<String, crate::error::WebError> {
    let token = auth::mint_token(app.logins(), person, WEB_SESSION).await?;
    if let Some(sid) = &identity.sid {
        let now = jiff::Timestamp::now().as_microsecond();
        app.sso()
            .record_sso_session(token.id, &identity.issuer, sid, now)
            .await?;
    }
    Ok(token.token)
}

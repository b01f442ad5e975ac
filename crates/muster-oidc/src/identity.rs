//! Who an accepted ID token says the person is, in the terms the directory
//! uses: the email (or configured claim) to find them by, a name for a new
//! entry, and whether the administrators' group lists them.

use crate::config::OidcConfig;
use crate::error::Refusal;
use serde_json::{Map, Value};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub issuer: String,
    pub subject: String,
    /// Lower case: the directory's lookups ignore case.
    pub email: String,
    pub name: Option<String>,
    /// `None` when administration does not follow a group.
    pub admin: Option<bool>,
    /// The provider's session id, for its front-channel logout.
    pub sid: Option<String>,
}

/// Reads the identity out of checked claims.
pub fn identity(claims: &Map<String, Value>, config: &OidcConfig) -> Result<Identity, Refusal> {
    let text = |name: &str| claims.get(name).and_then(Value::as_str).map(str::to_owned);
    let claim = &config.email_claim;
    let email = text(claim)
        .map(|e| e.trim().to_lowercase())
        .filter(|e| e.contains('@'))
        .ok_or_else(|| Refusal::NoClaim(claim.clone()))?;
    // The standard `email` claim is only as good as its verification; a
    // provider's own claim (a UPN, say) is its own to vouch for.
    if claim == "email" {
        let verified = match claims.get("email_verified") {
            Some(Value::Bool(b)) => *b,
            Some(Value::String(s)) => s == "true",
            _ => false,
        };
        if !verified {
            return Err(Refusal::Unverified(email));
        }
    }
    let admin = config
        .admin_group
        .as_ref()
        .map(|(claim, group)| match claims.get(claim) {
            Some(Value::Array(list)) => list.iter().any(|g| g.as_str() == Some(group)),
            Some(Value::String(s)) => s == group,
            _ => false,
        });
    Ok(Identity {
        issuer: text("iss").unwrap_or_default(),
        subject: text("sub").unwrap_or_default(),
        email,
        name: text("name").or_else(|| text("preferred_username")),
        admin,
        sid: text("sid"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::OidcSettings;
    use serde_json::json;

    fn config(admin: bool) -> OidcConfig {
        OidcSettings {
            issuer: Some("https://idp".into()),
            client_id: Some("m".into()),
            client_secret: Some("s".into()),
            public_url: Some("https://m".into()),
            admin_claim: admin.then(|| "groups".into()),
            admin_group: admin.then(|| "muster-admins".into()),
            ..OidcSettings::default()
        }
        .check()
        .expect("ok")
        .expect("configured")
    }

    fn claims(v: Value) -> Map<String, Value> {
        v.as_object().cloned().expect("object")
    }

    #[test]
    fn a_verified_email_in_the_group_is_an_administrator() {
        let c = claims(
            json!({"iss": "https://idp", "sub": "1", "email": "Ana@Example.org",
            "email_verified": true, "groups": ["ops", "muster-admins"], "sid": "s1"}),
        );
        let id = identity(&c, &config(true)).expect("identity");
        assert_eq!(id.email, "ana@example.org");
        assert_eq!(id.admin, Some(true));
        assert_eq!(id.sid.as_deref(), Some("s1"));
        assert_eq!(identity(&c, &config(false)).expect("id").admin, None);
        let out =
            claims(json!({"sub": "1", "email": "a@x", "email_verified": true, "groups": ["ops"]}));
        assert_eq!(
            identity(&out, &config(true)).expect("id").admin,
            Some(false)
        );
    }

    #[test]
    fn an_unverified_or_missing_email_is_refused() {
        let c = claims(json!({"sub": "1", "email": "a@x", "email_verified": false}));
        assert_eq!(
            identity(&c, &config(false)),
            Err(Refusal::Unverified("a@x".into()))
        );
        let c = claims(json!({"sub": "1"}));
        assert_eq!(
            identity(&c, &config(false)),
            Err(Refusal::NoClaim("email".into()))
        );
    }
}

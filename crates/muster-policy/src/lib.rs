//! The organisation policy file (PRODUCT.md: "organisation policy: a policy file
//! with sensible defaults, not code"): the commented default that
//! `muster policy` prints, and loading a file into [`muster_domain::Policy`].
#![forbid(unsafe_code)]

mod obligations;

use muster_domain::Policy;
use std::path::{Path, PathBuf};

/// The default policy, commented, exactly as `muster policy` prints it. It
/// parses to [`Policy::default()`] (a test holds it to that).
pub const DEFAULT_POLICY_TOML: &str = include_str!("default_policy.toml");

#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    #[error("cannot read the policy file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The message names the line and the setting that is wrong.
    #[error("the policy file {path} is not valid: {message}")]
    Invalid { path: PathBuf, message: String },
}

/// Parses policy TOML; `origin` names it in errors. Settings left out take
/// their defaults; unknown settings are refused, so a typo is never ignored.
pub fn parse_policy(toml_text: &str, origin: &Path) -> Result<Policy, PolicyError> {
    let mut policy: Policy = toml::from_str(toml_text).map_err(|e| PolicyError::Invalid {
        path: origin.to_owned(),
        message: e.to_string(),
    })?;
    check(&policy).map_err(|message| PolicyError::Invalid {
        path: origin.to_owned(),
        message,
    })?;
    obligations::load_rules(&mut policy, origin)?;
    Ok(policy)
}

/// Reads and parses the policy file at `path`.
pub fn load_policy(path: impl AsRef<Path>) -> Result<Policy, PolicyError> {
    let path = path.as_ref();
    let text = std::fs::read_to_string(path).map_err(|source| PolicyError::Read {
        path: path.to_owned(),
        source,
    })?;
    parse_policy(&text, path)
}

/// What serde cannot say: a policy the rules could not work with.
fn check(policy: &Policy) -> Result<(), String> {
    if policy.severities.is_empty() {
        return Err("`severities` must name at least one severity".into());
    }
    let mut names: Vec<&str> = policy.severities.iter().map(|s| s.name.as_str()).collect();
    names.sort_unstable();
    if let Some(dup) = names.windows(2).find(|w| w[0] == w[1]) {
        return Err(format!("severity {:?} is listed twice", dup[0]));
    }
    for s in &policy.severities {
        if s.call_cadence_minutes == 0 || s.update_cadence_minutes == 0 {
            return Err(format!(
                "severity {:?}: call_cadence_minutes and update_cadence_minutes must be at least 1",
                s.name
            ));
        }
    }
    obligations::check(&policy.obligations)?;
    indicator_types(policy)?;
    if policy.evidence.max_upload_bytes == 0 {
        return Err("evidence.max_upload_bytes must be at least 1".into());
    }
    chat_routes(policy)?;
    if policy.categories.is_empty() {
        return Err("`categories` must name at least one category".into());
    }
    if let Some(url) = &policy.calls.bridge_url
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        return Err(format!(
            "calls.bridge_url must be an http(s) URL, not {url:?}"
        ));
    }
    Ok(())
}

/// The organisation's indicator types: each pattern compiles and each name
/// is used once, so a bad type is refused at start-up, not at the first
/// indicator of that type.
fn indicator_types(policy: &Policy) -> Result<(), String> {
    let types = &policy.indicators.custom_types;
    for (i, t) in types.iter().enumerate() {
        muster_indicators::IndicatorType::custom(&t.name, &t.pattern)
            .map_err(|e| format!("indicators.custom_types[{i}]: {e}"))?;
        if types[..i].iter().any(|o| o.name == t.name) {
            return Err(format!(
                "indicators.custom_types[{i}]: the type {:?} is defined twice",
                t.name
            ));
        }
    }
    Ok(())
}

/// Each platform is one Muster can open a channel on, and each route names
/// severities and categories the policy has, so a typo cannot silently send
/// an incident to the default platform.
fn chat_routes(policy: &Policy) -> Result<(), String> {
    use muster_domain::policy::ChatPolicy;
    let known = |p: &str| ChatPolicy::PLATFORMS.contains(&p);
    if !known(&policy.chat.platform) {
        return Err(format!(
            "chat.platform must be one of {}, not {:?}",
            ChatPolicy::PLATFORMS.join(", "),
            policy.chat.platform
        ));
    }
    for (i, r) in policy.chat.route.iter().enumerate() {
        if !known(&r.platform) {
            return Err(format!(
                "chat.route[{i}].platform must be one of {}, not {:?}",
                ChatPolicy::PLATFORMS.join(", "),
                r.platform
            ));
        }
        if let Some(s) = r.severity.iter().find(|s| policy.severity(s).is_none()) {
            return Err(format!(
                "chat.route[{i}].severity: {s:?} is not one of the policy's severities"
            ));
        }
        if let Some(c) = r.category.iter().find(|c| !policy.is_category(c)) {
            return Err(format!(
                "chat.route[{i}].category: {c:?} is not one of the policy's categories"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_commented_default_is_the_default() {
        let parsed = parse_policy(DEFAULT_POLICY_TOML, Path::new("default")).unwrap();
        assert_eq!(parsed, Policy::default());
    }

    #[test]
    fn indicator_types_are_loaded_and_a_bad_pattern_or_name_refused() {
        let good =
            "[indicators]\ncustom_types = [{ name = \"ticket\", pattern = \"TKT-[0-9]+\" }]\n";
        let p = parse_policy(good, Path::new("p.toml")).unwrap();
        let t = p.indicators.indicator_type("ticket").unwrap();
        assert!(muster_indicators::normalise(&t, "TKT-42").is_ok());
        let bad = "[indicators]\ncustom_types = [{ name = \"ticket\", pattern = \"TKT-[\" }]\n";
        let e = parse_policy(bad, Path::new("p.toml"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("indicators.custom_types[0]"), "{e}");
        let shadow = "[indicators]\ncustom_types = [{ name = \"ipv4\", pattern = \"x\" }]\n";
        let e = parse_policy(shadow, Path::new("p.toml"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("built-in"), "{e}");
    }

    #[test]
    fn old_files_without_the_notification_settings_still_load() {
        let old = r#"
            security_tags = ["soc"]
            [[severities]]
            name = "P1"
            description = "bad"
            call_cadence_minutes = 30
            update_cadence_minutes = 60
        "#;
        let p = parse_policy(old, Path::new("old.toml")).unwrap();
        assert_eq!(p.security_tags, vec!["soc".to_owned()]);
        assert_eq!(p.reminders, Policy::default().reminders);
        assert!(p.severities[0].notify.is_empty());
    }

    #[test]
    fn an_organisations_rule_file_is_loaded_and_a_broken_one_named() {
        let dir = std::env::temp_dir().join(format!("muster-policy-{}", std::process::id()));
        let rules = dir.join("rules");
        std::fs::create_dir_all(&rules).unwrap();
        let policy = dir.join("policy.toml");
        std::fs::write(&policy, "[obligations]\nrules_dir = \"rules\"\n").unwrap();
        std::fs::write(
            rules.join("acme.toml"),
            "id = \"acme-contract\"\nversion = 1\ntitle = \"Acme's contract\"\nlegal_basis = \"contract\"\ncitation = \"cl. 9\"\neffective = 2020-01-01\nstatus = \"in-force\"\nverified = false\nrecipients = [\"Acme\"]\n\n[applies]\n\n[[stages]]\nid = \"notice\"\nname = \"Notice\"\nanchor = \"aware\"\namount = 2\nunit = \"fortnights\"\n",
        )
        .unwrap();
        let e = load_policy(&policy).unwrap_err().to_string();
        assert!(
            e.contains("acme.toml:") && e.contains("stages[0].unit") && e.contains("fortnights"),
            "{e}"
        );
        let fixed = std::fs::read_to_string(rules.join("acme.toml"))
            .unwrap()
            .replace("fortnights", "calendar-days");
        std::fs::write(rules.join("acme.toml"), fixed).unwrap();
        let p = load_policy(&policy).unwrap();
        assert!(p.obligations.rules.get().get("acme-contract").is_some());
        assert!(p.obligations.rules.get().get("gdpr-art-33").is_some());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn mistakes_are_named() {
        let err = |text: &str| {
            parse_policy(text, Path::new("p.toml"))
                .unwrap_err()
                .to_string()
        };
        let e = err("[reminders]\naction_lead_minute = 5\n");
        assert!(
            e.contains("p.toml") && e.contains("action_lead_minute"),
            "{e}"
        );
        let e = err("severities = []\n");
        assert!(e.contains("at least one severity"), "{e}");
        let e = err("[calls]\nbridge_url = \"zoom room\"\n");
        assert!(e.contains("calls.bridge_url"), "{e}");
        let e = err("[chat]\nplatform = \"irc\"\n");
        assert!(e.contains("chat.platform") && e.contains("irc"), "{e}");
        let e = err("[[chat.route]]\nseverity = [\"SEV-9\"]\nplatform = \"matrix\"\n");
        assert!(
            e.contains("chat.route[0].severity") && e.contains("SEV-9"),
            "{e}"
        );
        let e = err("[[chat.route]]\ncategory = [\"data-breach\"]\nplatform = \"fax\"\n");
        assert!(e.contains("chat.route[0].platform"), "{e}");
        let e = err("[[chat.route]]\ncategory = [\"data-breech\"]\nplatform = \"matrix\"\n");
        assert!(e.contains("chat.route[0].category"), "{e}");
        let ok = "[[chat.route]]\nseverity = [\"SEV-1\"]\ncategory = [\"data-breach\"]\nplatform = \"matrix\"\nencrypt = true\n";
        let p = parse_policy(ok, Path::new("p.toml")).unwrap();
        let c = p.chat.choose("SEV-1", "data-breach");
        assert_eq!((c.platform, c.encrypt), ("matrix", true));
        assert_eq!(p.chat.choose("SEV-2", "data-breach").platform, "slack");
        let e = err("[obligations]\ntime_zone = \"Mars/Olympus\"\n");
        assert!(e.contains("obligations.time_zone"), "{e}");
        let e = err("[obligations]\nmember_state = \"zz\"\n");
        assert!(e.contains("obligations.member_state"), "{e}");
        let e = load_policy("/nonexistent/policy.toml")
            .unwrap_err()
            .to_string();
        assert!(e.contains("/nonexistent/policy.toml"), "{e}");
    }
}

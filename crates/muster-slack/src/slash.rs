//! `/muster` slash commands: Slack POSTs a form (`command`, `text`, `user_id`,
//! `channel_id`, …); the text is parsed here into what the responder asked.

use std::collections::HashMap;

/// The fields of Slack's slash-command form that Muster reads.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SlashRequest {
    pub command: String,
    pub text: String,
    pub user_id: String,
    pub channel_id: String,
    pub team_id: String,
}

impl SlashRequest {
    pub fn parse(body: &[u8]) -> SlashRequest {
        let fields: HashMap<String, String> = form_urlencoded::parse(body).into_owned().collect();
        let get = |k: &str| fields.get(k).cloned().unwrap_or_default();
        SlashRequest {
            command: get("command"),
            text: get("text"),
            user_id: get("user_id"),
            channel_id: get("channel_id"),
            team_id: get("team_id"),
        }
    }
}

/// What the responder asked for, with an incident reference when they named one
/// (needed outside an incident's own channel).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asked {
    pub reference: Option<String>,
    pub verb: Verb,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verb {
    Note(String),
    /// `action <owner> <in> <title>`: owner as `<@U…>` or an email/handle; `in`
    /// like `90m`, `2h` or `1d`.
    Action {
        owner: String,
        minutes: i64,
        title: String,
    },
    /// `finding known|unknown|suspected <text>`.
    Finding {
        kind: String,
        text: String,
    },
    Status,
    RollCall,
    Help,
}

pub const USAGE: &str = "Usage: /muster [INC-…] note <text> | action <@owner> <90m|2h|1d> <title> | finding known|unknown|suspected <text> | status | roll call";

fn is_reference(word: &str) -> bool {
    let w = word.to_ascii_uppercase();
    w.starts_with("INC-") && w.len() > 4
}

/// A Slack mention `<@U123|name>` as its id; anything else as given.
pub fn person_key(word: &str) -> String {
    word.strip_prefix("<@")
        .and_then(|w| w.strip_suffix('>'))
        .map(|w| w.split('|').next().unwrap_or(w).to_owned())
        .unwrap_or_else(|| word.trim_start_matches('@').to_owned())
}

fn duration_minutes(word: &str) -> Option<i64> {
    let (num, unit) = word.split_at(word.find(|c: char| !c.is_ascii_digit())?);
    let n: i64 = num.parse().ok()?;
    let m = match unit {
        "m" | "min" | "mins" => n,
        "h" | "hr" | "hrs" => n * 60,
        "d" => n * 60 * 24,
        _ => return None,
    };
    (m > 0).then_some(m)
}

/// Parses the text after `/muster`; `Err` explains what was wrong.
pub fn parse(text: &str) -> Result<Asked, String> {
    let mut words: Vec<&str> = text.split_whitespace().collect();
    let reference = match words.first() {
        Some(w) if is_reference(w) => Some(words.remove(0).to_ascii_uppercase()),
        _ => None,
    };
    let rest = |from: usize, words: &[&str]| words.get(from..).unwrap_or_default().join(" ");
    let verb = match words.first().map(|w| w.to_ascii_lowercase()).as_deref() {
        None | Some("help") => Verb::Help,
        Some("note") => {
            let text = rest(1, &words);
            if text.is_empty() {
                return Err("`note` needs the text to log".into());
            }
            Verb::Note(text)
        }
        Some("action") => {
            let (Some(owner), Some(when)) = (words.get(1), words.get(2)) else {
                return Err(
                    "`action` needs an owner, a report-back time (90m, 2h, 1d) and a title".into(),
                );
            };
            let minutes = duration_minutes(when).ok_or_else(|| {
                format!("`{when}` is not a report-back time; write it like 90m, 2h or 1d")
            })?;
            let title = rest(3, &words);
            if title.is_empty() {
                return Err("`action` needs a title after the report-back time".into());
            }
            Verb::Action {
                owner: person_key(owner),
                minutes,
                title,
            }
        }
        Some("finding") => {
            let kind = words
                .get(1)
                .map(|k| k.to_ascii_lowercase())
                .unwrap_or_default();
            if !["known", "unknown", "suspected"].contains(&kind.as_str()) {
                return Err("`finding` needs a kind: known, unknown or suspected".into());
            }
            let text = rest(2, &words);
            if text.is_empty() {
                return Err("`finding` needs the text of the finding".into());
            }
            Verb::Finding { kind, text }
        }
        Some("status") => Verb::Status,
        Some("rollcall" | "roll-call") => Verb::RollCall,
        Some("roll") if words.get(1).is_some_and(|w| w.eq_ignore_ascii_case("call")) => {
            Verb::RollCall
        }
        Some(other) => return Err(format!("`{other}` is not a /muster command. {USAGE}")),
    };
    Ok(Asked { reference, verb })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_parse() {
        let a = parse("INC-2026-0007 action <@U024BE7LH|bob> 2h Rotate the keys").unwrap();
        assert_eq!(a.reference.as_deref(), Some("INC-2026-0007"));
        assert_eq!(
            a.verb,
            Verb::Action {
                owner: "U024BE7LH".into(),
                minutes: 120,
                title: "Rotate the keys".into()
            }
        );
        assert_eq!(parse("roll call").unwrap().verb, Verb::RollCall);
        assert_eq!(parse("").unwrap().verb, Verb::Help);
        assert_eq!(
            parse("note  VPN logs   requested").unwrap().verb,
            Verb::Note("VPN logs requested".into())
        );
        assert!(parse("action bob soon Fix").unwrap_err().contains("90m"));
        assert!(
            parse("finding maybe x")
                .unwrap_err()
                .contains("known, unknown or suspected")
        );
        assert!(
            parse("dance")
                .unwrap_err()
                .contains("not a /muster command")
        );
    }
}

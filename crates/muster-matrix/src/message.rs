//! A text message with mentions: the plain `body`, an HTML `formatted_body`
//! where each Matrix user id is a pill (a `matrix.to` link, which clients
//! show as the person's name), and `m.mentions` naming them, so their client
//! notifies them (spec v1.7 intentional mentions).

use serde_json::{Value, json};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub body: String,
    pub mentions: Vec<String>,
}

/// `@localpart:server`: the shape of a Matrix user id (spec: user identifiers).
pub fn is_user_id(word: &str) -> bool {
    let Some(rest) = word.strip_prefix('@') else {
        return false;
    };
    let Some((local, server)) = rest.split_once(':') else {
        return false;
    };
    !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._=-/+".contains(c))
        && !server.is_empty()
        && server
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
}

/// Trailing punctuation a sentence puts after a mention is not part of it.
fn trim_word(word: &str) -> &str {
    word.trim_end_matches([',', ';', '!', '?', ')', '.'])
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}

impl Message {
    /// A message whose text names people by their Matrix user ids.
    pub fn new(text: &str) -> Message {
        let mut mentions: Vec<String> = Vec::new();
        for word in text.split_whitespace().map(trim_word) {
            if is_user_id(word) && !mentions.iter().any(|m| m == word) {
                mentions.push(word.to_owned());
            }
        }
        Message {
            body: text.to_owned(),
            mentions,
        }
    }

    /// The HTML body: the text escaped, each mention a pill.
    pub fn html(&self) -> String {
        let mut html = escape(&self.body);
        for m in &self.mentions {
            let pill = format!("<a href=\"https://matrix.to/#/{m}\">{m}</a>");
            html = html.replace(&escape(m), &pill);
        }
        html
    }

    /// The `m.room.message` content.
    pub fn content(&self) -> Value {
        json!({
            "msgtype": "m.text",
            "body": self.body,
            "format": "org.matrix.custom.html",
            "formatted_body": self.html(),
            "m.mentions": {"user_ids": self.mentions},
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_become_pills_and_are_named_for_notification() {
        let m = Message::new("@ana:example.org, please check <the bucket> with @dev:example.org.");
        assert_eq!(m.mentions, ["@ana:example.org", "@dev:example.org"]);
        let html = m.html();
        assert!(
            html.starts_with(
                "<a href=\"https://matrix.to/#/@ana:example.org\">@ana:example.org</a>,"
            ),
            "{html}"
        );
        assert!(html.contains("&lt;the bucket&gt;"), "{html}");
        assert_eq!(m.content()["m.mentions"]["user_ids"][1], "@dev:example.org");
    }

    #[test]
    fn only_user_ids_are_mentions() {
        for not in [
            "@ana",
            "ana:example.org",
            "@Ana:example.org",
            "@:example.org",
            "@ana:",
        ] {
            assert!(!is_user_id(not), "{not}");
        }
        assert!(is_user_id("@ana.b-c_d:matrix.example.org:8448"));
        assert!(Message::new("no one here").mentions.is_empty());
    }
}

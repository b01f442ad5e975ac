//! The one function every user-supplied string goes through before the CLI
//! prints it as text. The server refuses control characters now
//! (`muster_domain::text`), but a log is never edited: entries written before
//! that refusal, or by another tool, must still not move the cursor, clear the
//! screen, ring the bell, start a new row or reverse a line on the on-call
//! manager's terminal.

use muster_domain::text;
use std::borrow::Cow;
use std::fmt::Write as _;

/// `s` with every control character shown visibly: `\n`, `\t`, `\r`, others as
/// `\u{1b}`; bidirectional controls and invisible line or direction marks as
/// `<U+202E>`. Plain text comes back as it was, unallocated.
pub fn escape(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if text::is_control(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c if needs_escape(c) => {
                let _ = write!(out, "<U+{:04X}>", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A document of several lines, each through [`escape`]: its line breaks
/// stay line breaks, nothing else controls the terminal.
pub fn escape_lines(s: &str) -> String {
    s.split('\n')
        .map(|line| escape(line.strip_suffix('\r').unwrap_or(line)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// What [`escape`] rewrites: what the server refuses, and the invisible marks
/// that change a line's direction or break it without a newline.
fn needs_escape(c: char) -> bool {
    text::is_control(c)
        || text::is_bidi_control(c)
        || matches!(
            c,
            '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{2028}' | '\u{2029}' | '\u{FEFF}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_untouched_and_borrowed() {
        for s in ["VPN logs", "Döner ünlocked — 日本語", "C:\\temp", ""] {
            assert!(matches!(escape(s), Cow::Borrowed(b) if b == s), "{s:?}");
        }
    }

    #[test]
    fn controls_are_shown_not_obeyed() {
        assert_eq!(escape("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(escape("ding\u{7}"), "ding\\u{7}");
        assert_eq!(escape("row\n#99 forged"), "row\\n#99 forged");
        assert_eq!(escape("a\tb\rc"), "a\\tb\\rc");
        assert_eq!(escape("\0\u{7f}\u{9b}"), "\\u{0}\\u{7f}\\u{9b}");
    }

    #[test]
    fn documents_keep_their_lines() {
        assert_eq!(
            escape_lines("# T\u{1b}]0;x\r\n\nok\n"),
            "# T\\u{1b}]0;x\n\nok\n"
        );
    }

    #[test]
    fn bidi_controls_and_invisible_marks_are_named() {
        assert_eq!(escape("invoice\u{202E}fdp.exe"), "invoice<U+202E>fdp.exe");
        assert_eq!(escape("\u{2066}x\u{2069}"), "<U+2066>x<U+2069>");
        assert_eq!(escape("a\u{200F}b\u{2028}c"), "a<U+200F>b<U+2028>c");
    }
}

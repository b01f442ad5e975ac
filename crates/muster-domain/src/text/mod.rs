//! The one rule for the characters a person may type into Muster. Text reaches
//! terminals (`muster reports`, `muster timeline`), chat and exports, so
//! characters that drive a terminal or reorder what is shown are refused at
//! the door, whichever adapter brought them:
//!
//! * everywhere: the C0 controls (U+0000–U+001F) other than newline and tab,
//!   DEL (U+007F), the C1 controls (U+0080–U+009F), and the bidirectional
//!   overrides and isolates (U+202A–U+202E, U+2066–U+2069);
//! * in single-line fields (titles, names, summaries, handles): newline and
//!   tab too.
//!
//! A carriage return directly before a newline is a newline: browsers send a
//! textarea's line breaks as CR LF. A lone CR (which moves a terminal's cursor
//! back over what it printed) is refused.
//!
//! NUL is refused by the same rule (PostgreSQL cannot store it either).

mod command;

use crate::rejection::{Decision, Rejection};
use std::fmt;

/// Whether a field holds one line or may hold several.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Titles, names, summaries, handles, ids: no newline or tab.
    Line,
    /// Descriptions, notes, briefs, updates, reasons, review text.
    Lines,
}

/// The first character of a text that its field does not accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fault {
    pub character: char,
    /// Counted in characters, from 1.
    pub position: usize,
    pub shape: Shape,
}

impl Fault {
    /// "`title` contains a control character (U+001B ESC) at position 6".
    pub fn message(&self, field: &str) -> String {
        let c = self.character;
        let what = if is_bidi_control(c) {
            "a bidirectional control character"
        } else {
            "a control character"
        };
        let mut message = format!(
            "`{field}` contains {what} ({}) at position {}",
            CodePoint(c),
            self.position
        );
        if self.shape == Shape::Line && matches!(c, '\n' | '\t' | '\r') {
            message.push_str("; it is a single line, without line breaks or tabs");
        }
        message
    }
}

/// `U+001B ESC`: the code point and, where it has one, its short name.
pub struct CodePoint(pub char);

impl fmt::Display for CodePoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "U+{:04X}", self.0 as u32)?;
        match name(self.0) {
            Some(name) => write!(f, " {name}"),
            None => Ok(()),
        }
    }
}

/// The first character `value` may not hold as a field of `shape`.
pub fn fault(value: &str, shape: Shape) -> Option<Fault> {
    let mut chars = value.chars().enumerate().peekable();
    while let Some((i, c)) = chars.next() {
        let refused = match c {
            '\n' | '\t' => shape == Shape::Line,
            '\r' => shape == Shape::Line || chars.peek().map(|(_, n)| *n) != Some('\n'),
            c => is_control(c) || is_bidi_control(c),
        };
        if refused {
            return Some(Fault {
                character: c,
                position: i + 1,
                shape,
            });
        }
    }
    None
}

/// Refuses `value` as `field` when it holds a character the field does not accept.
pub fn check(field: &'static str, value: &str, shape: Shape) -> Decision<()> {
    check_at(field, field, value, shape)
}

/// [`check`] for an item of a list: the refusal names the list as its field
/// and the item (`lessons[1]`) in its message.
pub fn check_at(field: &'static str, path: &str, value: &str, shape: Shape) -> Decision<()> {
    match fault(value, shape) {
        Some(f) => Err(Rejection::invalid(field, f.message(path))),
        None => Ok(()),
    }
}

/// C0 controls, DEL and C1 controls (including newline and tab).
pub fn is_control(c: char) -> bool {
    c.is_control()
}

/// The bidirectional embeddings, overrides and isolates, which reorder how the
/// text around them is shown (U+202A–U+202E, U+2066–U+2069).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

const C0: [&str; 32] = [
    "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT", "FF", "CR",
    "SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC",
    "FS", "GS", "RS", "US",
];

const C1: [&str; 32] = [
    "PAD", "HOP", "BPH", "NBH", "IND", "NEL", "SSA", "ESA", "HTS", "HTJ", "VTS", "PLD", "PLU",
    "RI", "SS2", "SS3", "DCS", "PU1", "PU2", "STS", "CCH", "MW", "SPA", "EPA", "SOS", "SGCI",
    "SCI", "CSI", "ST", "OSC", "PM", "APC",
];

/// The short name of a control character (`ESC`, `RLO`), as the standards
/// (ECMA-48, Unicode's bidirectional algorithm) call it.
pub fn name(c: char) -> Option<&'static str> {
    let n = c as usize;
    match c {
        '\0'..='\u{1F}' => Some(C0[n]),
        '\u{7F}' => Some("DEL"),
        '\u{80}'..='\u{9F}' => Some(C1[n - 0x80]),
        '\u{202A}' => Some("LRE"),
        '\u{202B}' => Some("RLE"),
        '\u{202C}' => Some("PDF"),
        '\u{202D}' => Some("LRO"),
        '\u{202E}' => Some("RLO"),
        '\u{2066}' => Some("LRI"),
        '\u{2067}' => Some("RLI"),
        '\u{2068}' => Some("FSI"),
        '\u{2069}' => Some("PDI"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_passes_in_both_shapes() {
        for s in [
            "VPN logs requested",
            "Döner ünlocked — 日本語",
            "a\\u{1b}b",
            "",
        ] {
            assert_eq!(fault(s, Shape::Line), None, "{s:?}");
            assert_eq!(fault(s, Shape::Lines), None, "{s:?}");
        }
    }

    #[test]
    fn controls_are_refused_with_their_name_and_position() {
        let f = fault("Hello\u{1b}[2J", Shape::Lines).unwrap();
        assert_eq!((f.character, f.position), ('\u{1b}', 6));
        assert_eq!(
            f.message("title"),
            "`title` contains a control character (U+001B ESC) at position 6"
        );
        for (s, name) in [
            ("\0", "U+0000 NUL"),
            ("ding\u{7}", "U+0007 BEL"),
            ("x\u{7f}", "U+007F DEL"),
            ("\u{9b}31m", "U+009B CSI"),
            ("\u{85}", "U+0085 NEL"),
            ("back\rover", "U+000D CR"),
        ] {
            let f = fault(s, Shape::Lines).unwrap_or_else(|| panic!("{s:?} passed"));
            assert!(f.message("note").contains(name), "{}", f.message("note"));
        }
    }

    #[test]
    fn bidi_overrides_and_isolates_are_refused() {
        for c in ['\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}'] {
            let s = format!("invoice{c}fdp.exe");
            let f = fault(&s, Shape::Line).unwrap();
            assert_eq!(f.position, 8);
            assert!(
                f.message("title")
                    .starts_with("`title` contains a bidirectional control character (U+")
            );
        }
        assert_eq!(
            fault("x\u{202E}", Shape::Line).unwrap().message("title"),
            "`title` contains a bidirectional control character (U+202E RLO) at position 2"
        );
    }

    #[test]
    fn newlines_and_tabs_only_in_multi_line_fields() {
        for s in ["two\nlines", "a\tb", "web\r\nform"] {
            assert_eq!(fault(s, Shape::Lines), None, "{s:?}");
            let f = fault(s, Shape::Line).unwrap();
            assert!(
                f.message("title")
                    .ends_with("it is a single line, without line breaks or tabs"),
                "{}",
                f.message("title")
            );
        }
        assert_eq!(fault("lone\r", Shape::Lines).unwrap().position, 5);
        assert_eq!(
            fault("a\nb", Shape::Line).unwrap().message("title"),
            "`title` contains a control character (U+000A LF) at position 2; it is a single line, without line breaks or tabs"
        );
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        assert_eq!(fault("ééé\u{7}", Shape::Line).unwrap().position, 4);
    }

    #[test]
    fn refusals_name_the_field_and_the_item() {
        let r = check("title", "a\u{1b}", Shape::Line).unwrap_err();
        assert_eq!(r.field, Some("title"));
        assert_eq!(r.code, "invalid");
        let r = check_at("lessons", "lessons[1]", "a\u{7}", Shape::Lines).unwrap_err();
        assert_eq!(r.field, Some("lessons"));
        assert!(
            r.message.starts_with("`lessons[1]` contains"),
            "{}",
            r.message
        );
    }
}

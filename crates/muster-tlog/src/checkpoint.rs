//! The C2SP `tlog-checkpoint` note text: the tree head a log signs.
//!
//! Parsing is strict: a checkpoint has exactly one spelling, so two parties
//! holding the same tree head hold the same bytes, and a witness's copy can be
//! compared byte for byte.

use crate::hash::Hash;

/// A log's tree head at one size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// The log's identity, e.g. `muster.example.org/log`; also the signing
    /// key's name.
    pub origin: String,
    /// How many leaves the tree has.
    pub size: u64,
    /// The RFC 6962 root of those leaves.
    pub root: Hash,
    /// Opaque extra lines, each non-empty. Muster writes none: monitors
    /// cannot audit them.
    pub extensions: Vec<String>,
}

/// A checkpoint text that is not the one canonical spelling, naming the line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("checkpoint line {line} ({what}): {problem}")]
pub struct CheckpointError {
    /// 1-based line number.
    pub line: usize,
    /// What that line holds: `origin`, `tree size`, `root hash`, `extension`.
    pub what: &'static str,
    pub problem: String,
}

fn line_name(line: usize) -> &'static str {
    match line {
        1 => "origin",
        2 => "tree size",
        3 => "root hash",
        _ => "extension",
    }
}

fn refuse(line: usize, problem: impl Into<String>) -> CheckpointError {
    CheckpointError {
        line,
        what: line_name(line),
        problem: problem.into(),
    }
}

impl Checkpoint {
    /// A checkpoint without extension lines.
    pub fn new(origin: impl Into<String>, size: u64, root: Hash) -> Checkpoint {
        Checkpoint {
            origin: origin.into(),
            size,
            root,
            extensions: Vec::new(),
        }
    }

    /// The note text: origin, decimal size and base64 root, then any
    /// extensions, each line ending in a newline.
    pub fn to_note_text(&self) -> String {
        let mut text = format!(
            "{}\n{}\n{}\n",
            self.origin,
            self.size,
            self.root.to_base64()
        );
        for line in &self.extensions {
            text.push_str(line);
            text.push('\n');
        }
        text
    }

    /// Checks that the fields can be written as a checkpoint that parses back
    /// to themselves (no newline in the origin, no empty extension, …).
    pub fn check(&self) -> Result<(), CheckpointError> {
        let parsed = Checkpoint::parse(&self.to_note_text())?;
        if parsed != *self {
            // Only a line break inside a field can shift the lines this way.
            return Err(refuse(1, "a field holds a line break"));
        }
        Ok(())
    }

    /// Parses a checkpoint note text, refusing anything not canonical.
    pub fn parse(text: &str) -> Result<Checkpoint, CheckpointError> {
        let Some(body) = text.strip_suffix('\n') else {
            let last = text.split('\n').count();
            return Err(refuse(last, "the text does not end in a newline"));
        };
        let lines: Vec<&str> = body.split('\n').collect();
        for (i, line) in lines.iter().enumerate() {
            if line.is_empty() {
                return Err(refuse(i + 1, "empty line"));
            }
            if let Some(c) = line.chars().find(|c| c.is_control()) {
                return Err(refuse(i + 1, format!("control character {c:?}")));
            }
        }
        if lines.len() < 3 {
            return Err(refuse(lines.len() + 1, "missing"));
        }
        let size = parse_size(lines[1]).map_err(|p| refuse(2, p))?;
        let root = Hash::from_base64(lines[2]).ok_or_else(|| {
            refuse(
                3,
                format!(
                    "{:?} is not the padded standard base64 of a 32-byte hash",
                    lines[2]
                ),
            )
        })?;
        Ok(Checkpoint {
            origin: lines[0].to_string(),
            size,
            root,
            extensions: lines[3..].iter().map(|l| l.to_string()).collect(),
        })
    }
}

fn parse_size(line: &str) -> Result<u64, String> {
    if !line.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("{line:?} is not a decimal number"));
    }
    if line.len() > 1 && line.starts_with('0') {
        return Err(format!("{line:?} has a leading zero"));
    }
    line.parse()
        .map_err(|_| format!("{line:?} is too large for a tree size"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::leaf_hash;

    fn sample() -> Checkpoint {
        Checkpoint::new("example.com/log", 42, leaf_hash(b"x"))
    }

    #[test]
    fn the_text_round_trips() {
        let mut cp = sample();
        let text = cp.to_note_text();
        assert_eq!(
            text,
            format!("example.com/log\n42\n{}\n", leaf_hash(b"x").to_base64())
        );
        assert_eq!(Checkpoint::parse(&text).unwrap(), cp);
        cp.extensions.push("ext one".into());
        assert_eq!(Checkpoint::parse(&cp.to_note_text()).unwrap(), cp);
        cp.check().unwrap();
    }

    #[test]
    fn the_c2sp_example_parses() {
        let cp = Checkpoint::parse(
            "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
        )
        .unwrap();
        assert_eq!(cp.origin, "example.com/behind-the-sofa");
        assert_eq!(cp.size, 20852163);
    }

    fn refused(text: &str) -> (usize, &'static str) {
        let e = Checkpoint::parse(text).expect_err(text);
        (e.line, e.what)
    }

    #[test]
    fn anything_not_canonical_is_refused_naming_the_line() {
        let root = leaf_hash(b"x").to_base64();
        let unpadded = root.trim_end_matches('=');
        assert_eq!(refused(&format!("o\n42\n{root}")), (3, "root hash"));
        assert_eq!(refused(&format!("\n42\n{root}\n")), (1, "origin"));
        assert_eq!(refused(&format!("o\n042\n{root}\n")), (2, "tree size"));
        assert_eq!(refused(&format!("o\n+42\n{root}\n")), (2, "tree size"));
        assert_eq!(refused(&format!("o\n 42\n{root}\n")), (2, "tree size"));
        assert_eq!(refused(&format!("o\n\n{root}\n")), (2, "tree size"));
        assert_eq!(refused("o\n18446744073709551616\nx\n"), (2, "tree size"));
        assert_eq!(refused(&format!("o\n42\n{unpadded}\n")), (3, "root hash"));
        assert_eq!(refused("o\n42\nAAAA\n"), (3, "root hash"));
        assert_eq!(refused("o\n42\n"), (3, "root hash"));
        assert_eq!(refused(&format!("o\n42\n{root}\n\n")), (4, "extension"));
        assert_eq!(refused(&format!("o\r\n42\n{root}\n")), (1, "origin"));
        assert_eq!(
            Checkpoint::parse("o\n0\n".to_string().as_str())
                .unwrap_err()
                .line,
            3
        );
        let zero = format!("o\n0\n{}\n", Hash::empty_tree().to_base64());
        assert_eq!(Checkpoint::parse(&zero).unwrap().size, 0);
    }

    #[test]
    fn a_field_with_a_line_break_fails_the_check() {
        let mut cp = sample();
        cp.origin = "evil\n999".into();
        assert!(cp.check().is_err());
        let mut cp = sample();
        cp.extensions.push(String::new());
        assert!(cp.check().is_err());
    }
}

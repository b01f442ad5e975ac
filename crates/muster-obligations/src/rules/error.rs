//! A problem in a rule file, named the way `muster rules check` prints it:
//! `rules/acme.toml:14: stages[1].unit: unknown unit "fortnights"; expected ...`.

use std::fmt;
use std::ops::Range;

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
pub struct RuleFileError {
    pub file: String,
    /// 1-based line, where the problem has a place in the file.
    pub line: Option<usize>,
    /// The field's path within the rule, e.g. `stages[1].unit`.
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for RuleFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ": {field}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Builds errors for one file, turning byte offsets into line numbers.
pub(crate) struct Reporter<'a> {
    pub file: &'a str,
    pub src: &'a str,
    pub errors: Vec<RuleFileError>,
}

impl<'a> Reporter<'a> {
    pub fn new(file: &'a str, src: &'a str) -> Self {
        Reporter {
            file,
            src,
            errors: Vec::new(),
        }
    }

    pub fn at(
        &mut self,
        span: Option<Range<usize>>,
        field: impl Into<String>,
        message: impl Into<String>,
    ) {
        let line = span.map(|s| line_of(self.src, s.start));
        self.errors.push(RuleFileError {
            file: self.file.to_owned(),
            line,
            field: Some(field.into()),
            message: message.into(),
        });
    }

    /// A TOML syntax or shape error from the deserializer, placed by its span.
    pub fn toml(&mut self, err: &toml::de::Error) {
        let offset = err.span().map(|s| s.start);
        self.errors.push(RuleFileError {
            file: self.file.to_owned(),
            line: offset.map(|o| line_of(self.src, o)),
            field: offset.and_then(|o| field_at(self.src, o)),
            message: err.message().trim().to_owned(),
        });
    }

    /// The line of the first occurrence of `needle` at or after `from` (for values that carry
    /// no span of their own, such as entries of an untagged list).
    /// The span of the top-level line assigning `key` (`version = ...`), skipping comments.
    pub fn find_key(&self, key: &str) -> Option<Range<usize>> {
        let mut offset = 0;
        for line in self.src.split_inclusive('\n') {
            if line.starts_with('[') {
                return None;
            }
            let is_key = line
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='));
            if is_key {
                return Some(offset..offset + line.trim_end().len());
            }
            offset += line.len();
        }
        None
    }

    pub fn find(&self, from: usize, needle: &str) -> Option<Range<usize>> {
        let start = self.src.get(from..)?.find(needle)? + from;
        Some(start..start + needle.len())
    }
}

pub(crate) fn line_of(src: &str, offset: usize) -> usize {
    let end = offset.min(src.len());
    src.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// The field path of the key written on the line holding `offset`, from the table headers
/// above it: `[[stages]]` twice then `unit = ...` gives `stages[1].unit`. TOML's own errors
/// carry only a byte span, so this is how a shape error names its field.
pub(crate) fn field_at(src: &str, offset: usize) -> Option<String> {
    let offset = offset.min(src.len());
    let line_start = src[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = src[line_start..].lines().next().unwrap_or("");
    // The key whose value holds the offset, else (for an error on a key itself) the line's key.
    let key = key_before(&src[line_start..offset.max(line_start)])
        .filter(|_| src[line_start..offset.max(line_start)].contains('='))
        .or_else(|| key_before(line.split_once('=').map_or("", |(k, _)| k)))
        .map(|k| match inline_array_entry(src, line_start, line) {
            Some(parent) => format!("{parent}.{k}"),
            None => k,
        });
    let mut counts: Vec<(String, usize)> = Vec::new();
    let mut table: Option<String> = None;
    for header in src[..line_start].lines().map(str::trim) {
        if let Some(name) = header.strip_prefix("[[").and_then(|h| h.split("]]").next()) {
            let name = name.trim().to_owned();
            let n = match counts.iter_mut().find(|(k, _)| *k == name) {
                Some((_, n)) => {
                    *n += 1;
                    *n
                }
                None => {
                    counts.push((name.clone(), 0));
                    0
                }
            };
            table = Some(format!("{name}[{n}]"));
        } else if let Some(name) = header.strip_prefix('[').and_then(|h| h.split(']').next()) {
            table = Some(name.trim().to_owned());
        }
    }
    match (table, key) {
        (Some(t), Some(k)) => Some(format!("{t}.{k}")),
        (None, Some(k)) => Some(k),
        (Some(t), None) => Some(t),
        (None, None) => None,
    }
}

/// The key assigned by the last `=` in `text` (`{ anchor = "aware", amount = ` gives `amount`).
fn key_before(text: &str) -> Option<String> {
    let before = text.rsplit_once('=').map_or(text, |(k, _)| k).trim_end();
    let key: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    (!key.is_empty()).then_some(key)
}

/// For a line that is one `{ ... }` entry of a multi-line array (`earliest_of = [`), the
/// array's key and the entry's index: `earliest_of[1]`.
fn inline_array_entry(src: &str, line_start: usize, line: &str) -> Option<String> {
    if !line.trim_start().starts_with('{') {
        return None;
    }
    let mut index = 0;
    for above in src[..line_start].lines().rev() {
        let t = above.trim();
        if t.starts_with('{') {
            index += 1;
        } else if let Some((k, rest)) = t.split_once('=') {
            return rest
                .trim()
                .starts_with('[')
                .then(|| format!("{}[{index}]", k.trim()));
        } else {
            return None;
        }
    }
    None
}

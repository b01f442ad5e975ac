//! Turns serde's and jiff's refusals of a request into words a person
//! understands, each naming the field by its path in the request
//! (`preventive_actions[1].owner`): "`report_back_at`: not a time; expected
//! RFC 3339, e.g. 2026-12-02T15:00:00Z" rather than "failed to parse four
//! digit integer as year".

/// What was wrong, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The field's path in the request; `None` for the request as a whole.
    pub field: Option<String>,
    pub message: String,
}

/// Joins a parent path and a member name the way paths are written here.
pub fn join(parent: Option<&str>, member: &str) -> String {
    match parent {
        Some(p) if !p.is_empty() => format!("{p}.{member}"),
        _ => member.to_owned(),
    }
}

/// The first text between backticks in `s`, and what follows it.
fn quoted(s: &str) -> Option<(&str, &str)> {
    let start = s.find('`')? + 1;
    let len = s[start..].find('`')?;
    Some((&s[start..start + len], &s[start + len + 1..]))
}

/// serde's "expected one of `a`, `b`" as "a, b".
fn choices(rest: &str) -> String {
    let mut out = Vec::new();
    let mut s = rest;
    while let Some((word, after)) = quoted(s) {
        out.push(word.to_owned());
        s = after;
    }
    out.join(", ")
}

/// serde's name for what it expected, in a person's words.
fn expected(what: &str) -> String {
    let what = what.trim();
    match what {
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number, 0 or more".to_owned(),
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number".to_owned(),
        "f32" | "f64" => "a number".to_owned(),
        "a boolean" => "true or false".to_owned(),
        "a sequence" => "a list".to_owned(),
        "a map" => "an object".to_owned(),
        "a timestamp string" => format!("a time ({})", muster_api::time::EXPECTED),
        "a UUID string" | "UUID" => "an id (a UUID)".to_owned(),
        w if w.starts_with("struct ") => "an object".to_owned(),
        w if w.starts_with("internally tagged enum") || w.starts_with("enum ") => {
            "an object naming its kind".to_owned()
        }
        w => w.to_owned(),
    }
}

/// serde's description of what it got.
fn got(what: &str) -> String {
    match what.trim() {
        "sequence" => "a list".to_owned(),
        "map" => "an object".to_owned(),
        "unit value" => "nothing".to_owned(),
        w => w.to_owned(),
    }
}

/// Whether a message is jiff's (or our own) refusal of a time.
pub fn is_time_error(raw: &str) -> bool {
    raw.contains(muster_api::time::EXPECTED)
        || [
            "failed to parse",
            "failed to find",
            "expected ",
            "parsed ",
            "found ",
        ]
        .iter()
        .any(|p| raw.starts_with(p))
}

fn named(field: &Option<String>) -> String {
    field
        .as_deref()
        .map(|f| format!("`{f}`"))
        .unwrap_or_else(|| "the request".to_owned())
}

/// Rewords `raw`, serde's message about the value at `path` (`None` at the
/// root of the request).
pub fn reword(path: Option<&str>, raw: &str) -> Problem {
    let path = path.filter(|p| !p.is_empty()).map(str::to_owned);
    let at = |m: String| Problem {
        message: format!("{}: {m}", named(&path)),
        field: path.clone(),
    };
    if let Some(rest) = raw.strip_prefix("missing field ") {
        let name = quoted(rest).map(|(w, _)| w).unwrap_or(rest);
        let field = join(path.as_deref(), name);
        return Problem {
            message: format!("`{field}` is required"),
            field: Some(field),
        };
    }
    if let Some(rest) = raw.strip_prefix("duplicate field ") {
        let name = quoted(rest).map(|(w, _)| w).unwrap_or(rest);
        let field = join(path.as_deref(), name);
        return Problem {
            message: format!("`{field}` is given twice"),
            field: Some(field),
        };
    }
    if let Some(rest) = raw.strip_prefix("unknown field ") {
        let (name, after) = quoted(rest).unwrap_or((rest, ""));
        // The path may or may not already end at the unknown member.
        let field = match path.as_deref() {
            Some(p) if p == name || p.ends_with(&format!(".{name}")) => p.to_owned(),
            p => join(p, name),
        };
        let known = choices(after);
        let message = if known.is_empty() {
            format!("`{field}` is not a field here; this object takes no fields")
        } else {
            format!("`{field}` is not a field here; expected one of: {known}")
        };
        return Problem {
            message,
            field: Some(field),
        };
    }
    if let Some(rest) = raw.strip_prefix("unknown variant ") {
        let (value, after) = quoted(rest).unwrap_or((rest, ""));
        return at(format!("`{value}` is not one of: {}", choices(after)));
    }
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = raw.strip_prefix(prefix)
            && let Some((unexp, exp)) = rest.rsplit_once(", expected ")
        {
            let exp = expected(exp);
            if unexp == "null" {
                return at(format!("must not be null; expected {exp}"));
            }
            if unexp.starts_with("integer `-") && exp.contains("0 or more") {
                return at(format!("must be 0 or more, not {}", got(unexp)));
            }
            return at(format!("expected {exp}, not {}", got(unexp)));
        }
    }
    if let Some(rest) = raw.strip_prefix("invalid length ") {
        let exp = rest
            .split_once(", expected ")
            .map(|(_, e)| e)
            .unwrap_or(rest);
        return at(format!("expected {}", expected(exp)));
    }
    match raw {
        "invalid digit found in string" => return at("not a whole number, 0 or more".into()),
        "number too large to fit in target type" => return at("the number is too large".into()),
        "cannot parse integer from empty string" => {
            return at("empty; expected a whole number".into());
        }
        "invalid float literal" => return at("not a number".into()),
        "provided string was not `true` or `false`" => return at("expected true or false".into()),
        _ => {}
    }
    if raw.starts_with("UUID parsing failed") || raw.starts_with("invalid character") {
        return at(
            "not an id; expected a UUID such as 0197f000-0000-7000-8000-000000000000".into(),
        );
    }
    if is_time_error(raw) {
        return at(format!("not a time; {}", muster_api::time::EXPECTED));
    }
    at(raw.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(path: Option<&str>, raw: &str) -> (Option<String>, String) {
        let p = reword(path, raw);
        (p.field, p.message)
    }

    #[test]
    fn names_the_field_in_words() {
        assert_eq!(
            msg(Some("preventive_actions[1]"), "missing field `owner`"),
            (
                Some("preventive_actions[1].owner".into()),
                "`preventive_actions[1].owner` is required".into()
            )
        );
        assert_eq!(
            msg(
                Some("role"),
                "unknown variant `boss`, expected one of `deputy`, `sme`"
            )
            .1,
            "`role`: `boss` is not one of: deputy, sme"
        );
        assert_eq!(
            msg(Some("seq"), "invalid value: integer `-1`, expected u64").1,
            "`seq`: must be 0 or more, not integer `-1`"
        );
        assert_eq!(
            msg(Some("text"), "invalid type: null, expected a string").1,
            "`text`: must not be null; expected a string"
        );
        assert_eq!(
            msg(
                Some("report_back_at"),
                "failed to parse four digit integer as year: invalid digit"
            )
            .1,
            "`report_back_at`: not a time; expected RFC 3339, e.g. 2026-12-02T15:00:00Z"
        );
        assert_eq!(
            msg(None, "unknown field `nmae`, expected `name` or `email`"),
            (
                Some("nmae".into()),
                "`nmae` is not a field here; expected one of: name, email".into()
            )
        );
        assert_eq!(
            msg(Some("limit"), "invalid digit found in string").1,
            "`limit`: not a whole number, 0 or more"
        );
    }
}

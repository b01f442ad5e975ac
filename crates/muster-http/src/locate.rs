//! Finds where in a request body serde's complaint points when serde could not
//! say. A command body is an internally tagged enum, flattened into the
//! request; serde buffers such a body before it reads the fields, so the path
//! to the failing field is lost (a known limit of `serde_path_to_error`). The
//! complaint still says what it found (`null`, `integer -1`, `"boss"`) or
//! which member is missing, and that is found again in the body here.

use serde_json::Value;

/// A path as `serde_path_to_error` writes it: `a.b[1].c`.
fn child(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_owned()
    } else {
        format!("{parent}.{key}")
    }
}

fn index(parent: &str, i: usize) -> String {
    format!("{parent}[{i}]")
}

/// Every value in `v` with its path, parents before children.
fn walk<'a>(v: &'a Value, path: String, out: &mut Vec<(String, Option<&'a str>, &'a Value)>) {
    match v {
        Value::Object(map) => {
            for (k, x) in map {
                let p = child(&path, k);
                out.push((p.clone(), Some(k.as_str()), x));
                walk(x, p, out);
            }
        }
        Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                let p = index(&path, i);
                out.push((p.clone(), None, x));
                walk(x, p, out);
            }
        }
        _ => {}
    }
}

/// Whether `v` is what serde's `Unexpected` text describes.
fn matches(v: &Value, unexp: &str) -> bool {
    let inner = |s: &str| {
        s.split_once('`')
            .and_then(|(_, r)| r.rsplit_once('`'))
            .map(|(x, _)| x.to_owned())
    };
    match v {
        Value::Null => unexp == "null",
        Value::Bool(b) => unexp == format!("boolean `{b}`"),
        Value::Number(n) => {
            (unexp.starts_with("integer ") || unexp.starts_with("floating point "))
                && inner(unexp).is_some_and(|x| x == n.to_string())
        }
        Value::String(s) => unexp
            .strip_prefix("string ")
            .and_then(|q| serde_json::from_str::<String>(q).ok())
            .is_some_and(|x| &x == s),
        Value::Array(_) => unexp == "sequence",
        Value::Object(_) => unexp == "map",
    }
}

/// A time field of Muster's: the name says it (`report_back_at`, `due`, …).
fn is_time_key(key: &str) -> bool {
    key.ends_with("_at") || key == "due"
}

/// The path serde's message `raw` refers to in `body`, in the sense
/// [`crate::reword::reword`] takes it: the failing value's own path, or for a
/// missing member the path of the object that lacks it.
pub fn locate(body: &Value, raw: &str) -> Option<String> {
    let mut all = Vec::new();
    walk(body, String::new(), &mut all);
    let word = |s: &str| {
        s.split_once('`')
            .and_then(|(_, r)| r.split_once('`'))
            .map(|(w, _)| w.to_owned())
    };
    if let Some(rest) = raw.strip_prefix("unknown variant ") {
        let value = word(rest)?;
        return all
            .iter()
            .find(|(_, _, v)| v.as_str() == Some(value.as_str()))
            .map(|(p, _, _)| p.clone());
    }
    if let Some(rest) = raw.strip_prefix("missing field ") {
        let name = word(rest)?;
        // An object in a list that lacks what its siblings have, else the top.
        for (p, _, v) in &all {
            if let Value::Array(items) = v {
                let lacks = |x: &Value| x.as_object().is_some_and(|o| !o.contains_key(&name));
                let has = |x: &Value| x.as_object().is_some_and(|o| o.contains_key(&name));
                if items.iter().any(has)
                    && let Some(i) = items.iter().position(lacks)
                {
                    return Some(index(p, i));
                }
            }
        }
        return None;
    }
    if let Some(rest) = raw.strip_prefix("unknown field ") {
        let name = word(rest)?;
        return all
            .iter()
            .find(|(_, k, _)| *k == Some(name.as_str()))
            .map(|(p, _, _)| p.clone());
    }
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = raw.strip_prefix(prefix) {
            let (unexp, _) = rest.rsplit_once(", expected ")?;
            return all
                .iter()
                .find(|(_, _, v)| matches(v, unexp))
                .map(|(p, _, _)| p.clone());
        }
    }
    if crate::reword::is_time_error(raw) {
        return all
            .iter()
            .find(|(_, k, v)| {
                k.is_some_and(is_time_key)
                    && v.as_str()
                        .is_some_and(|s| s.parse::<jiff::Timestamp>().is_err())
            })
            .map(|(p, _, _)| p.clone());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_what_serde_complained_of() {
        let body = json!({
            "command": "record-review",
            "went_well": "fast",
            "preventive_actions": [
                {"title": "a", "owner": "x@example.org", "due": "2026-12-02T15:00:00Z"},
                {"title": "b", "due": "2026-12-02T15:00:00Z"},
                {"title": "c", "owner": null, "due": "20x6"}
            ]
        });
        assert_eq!(
            locate(&body, "missing field `owner`").as_deref(),
            Some("preventive_actions[1]")
        );
        assert_eq!(
            locate(&body, "invalid type: null, expected a string").as_deref(),
            Some("preventive_actions[2].owner")
        );
        assert_eq!(
            locate(&body, "failed to parse four digit integer as year").as_deref(),
            Some("preventive_actions[2].due")
        );
        assert_eq!(
            locate(&body, "missing field `even_better_if`"),
            None,
            "missing at the top: the caller names it from there"
        );
        let body = json!({"command": "correct", "seq": -1, "text": "x"});
        assert_eq!(
            locate(&body, "invalid value: integer `-1`, expected u64").as_deref(),
            Some("seq")
        );
        let body = json!({"command": "assign-role", "person": "a", "role": "boss"});
        assert_eq!(
            locate(&body, "unknown variant `boss`, expected one of `deputy`").as_deref(),
            Some("role")
        );
    }
}

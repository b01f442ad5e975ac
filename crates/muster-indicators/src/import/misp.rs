//! MISP event import: the event's attributes and its objects' attributes.
//! `to_ids` is the IOC flag; `tlp:` and `PAP:` tags become markings (an
//! attribute's own tag wins over the event's); other tags are kept as tags.
//! Composite types (`filename|sha256`, `domain|ip`) give both indicators.

use super::csv::split_tags;
use super::{Format, Import, ImportedIndicator, Place, RowError, Skipped, ip_type, parse_time};
use crate::{IndicatorError, IndicatorType, Pap, Tlp, normalise};
use serde_json::Value as Json;

/// Reads a MISP event in JSON (`{"Event": {...}}`, or the API's
/// `{"response": [{"Event": ...}]}`, whose events are all read).
pub fn import_misp_event(bytes: &[u8]) -> Result<Import, IndicatorError> {
    let json: Json = serde_json::from_slice(super::strip_bom(bytes)).map_err(|e| {
        IndicatorError::BadDocument(format!("the MISP event is not valid JSON: {e}"))
    })?;
    import_json(&json)
}

/// The events in a MISP document, or `None` if it holds none.
pub(crate) fn events(json: &Json) -> Option<Vec<&Json>> {
    if let Some(event) = json.get("Event").filter(|e| e.is_object()) {
        return Some(vec![event]);
    }
    let listed: Vec<&Json> = json
        .get("response")
        .and_then(Json::as_array)?
        .iter()
        .filter_map(|r| r.get("Event"))
        .filter(|e| e.is_object())
        .collect();
    (!listed.is_empty()).then_some(listed)
}

pub(crate) fn import_json(json: &Json) -> Result<Import, IndicatorError> {
    let events = events(json).ok_or_else(|| {
        IndicatorError::BadDocument(
            "the file is JSON but not a MISP event: it has no `Event`".to_owned(),
        )
    })?;
    let mut import = Import::empty(Format::MispEvent);
    for event in events {
        let inherited = Markings::from_tags(event);
        for (index, attribute) in list(event, "Attribute").iter().enumerate() {
            let place = Place::MispAttribute {
                object: None,
                index,
            };
            read(&mut import, place, attribute, &inherited);
        }
        for (o, object) in list(event, "Object").iter().enumerate() {
            for (index, attribute) in list(object, "Attribute").iter().enumerate() {
                let place = Place::MispAttribute {
                    object: Some(o),
                    index,
                };
                read(&mut import, place, attribute, &inherited);
            }
        }
    }
    Ok(import)
}

fn list<'j>(json: &'j Json, key: &str) -> &'j [Json] {
    json.get(key)
        .and_then(Json::as_array)
        .map_or(&[], Vec::as_slice)
}

#[derive(Clone, Default)]
struct Markings {
    tlp: Option<Tlp>,
    pap: Option<Pap>,
    tags: Vec<String>,
}

impl Markings {
    fn from_tags(json: &Json) -> Self {
        let mut m = Markings::default();
        for name in list(json, "Tag")
            .iter()
            .filter_map(|t| t.get("name")?.as_str())
        {
            let lower = name.trim().to_ascii_lowercase();
            if lower.starts_with("tlp:") {
                // Unknown TLP tags (tlp:ex:chr) are kept as plain tags.
                match name.parse::<Tlp>() {
                    Ok(t) => m.tlp = m.tlp.max(Some(t)),
                    Err(_) => m.tags.push(name.trim().to_owned()),
                }
            } else if lower.starts_with("pap:") {
                match name.parse::<Pap>() {
                    Ok(p) => m.pap = m.pap.max(Some(p)),
                    Err(_) => m.tags.push(name.trim().to_owned()),
                }
            } else {
                m.tags.extend(split_tags(name));
            }
        }
        m
    }
}

/// The Muster types of a MISP attribute type, one per `|`-separated part;
/// `None` for a part that is not an indicator (a port, a registry value).
fn types_of(misp_type: &str, value: &str) -> Option<Vec<Option<IndicatorType>>> {
    use IndicatorType as T;
    let parts: Vec<&str> = value.split('|').collect();
    let ip = |i: usize| Some(ip_type(parts.get(i).copied().unwrap_or_default()));
    let hostname = || {
        Some(if value.contains('.') {
            T::Domain
        } else {
            T::Host
        })
    };
    Some(match misp_type {
        "ip-src" | "ip-dst" => vec![ip(0)],
        "ip-src|port" | "ip-dst|port" => vec![ip(0), None],
        "domain" => vec![Some(T::Domain)],
        "hostname" => vec![hostname()],
        "hostname|port" => vec![hostname(), None],
        "domain|ip" => vec![Some(T::Domain), ip(1)],
        "url" => vec![Some(T::Url)],
        "email" | "email-src" | "email-dst" | "target-email" => vec![Some(T::Email)],
        "md5" => vec![Some(T::Md5)],
        "sha1" => vec![Some(T::Sha1)],
        "sha256" => vec![Some(T::Sha256)],
        "sha512" => vec![Some(T::Sha512)],
        "filename" => vec![Some(T::FileName)],
        "filename|md5" => vec![Some(T::FileName), Some(T::Md5)],
        "filename|sha1" => vec![Some(T::FileName), Some(T::Sha1)],
        "filename|sha256" => vec![Some(T::FileName), Some(T::Sha256)],
        "filename|sha512" => vec![Some(T::FileName), Some(T::Sha512)],
        "user-agent" => vec![Some(T::UserAgent)],
        "vulnerability" => vec![Some(T::Cve)],
        "regkey" => vec![Some(T::RegistryKey)],
        "regkey|value" => vec![Some(T::RegistryKey), None],
        "target-user" => vec![Some(T::Account)],
        "target-machine" => vec![Some(T::Host)],
        _ => return None,
    })
}

fn read(import: &mut Import, place: Place, attribute: &Json, inherited: &Markings) {
    let get = |k: &str| attribute.get(k).and_then(Json::as_str);
    let error = |import: &mut Import, field: &str, message: String| {
        import.errors.push(RowError {
            place: place.clone(),
            field: Some(field.to_owned()),
            message,
        });
    };
    if matches!(attribute.get("deleted"), Some(Json::Bool(true))) {
        return import.skipped.push(Skipped {
            place,
            reason: "the attribute is deleted".to_owned(),
        });
    }
    let Some(misp_type) = get("type") else {
        return error(import, "type", "the attribute has no type".to_owned());
    };
    let Some(value) = get("value") else {
        return error(
            import,
            "value",
            "the attribute has no value string".to_owned(),
        );
    };
    let Some(types) = types_of(misp_type, value) else {
        return import.skipped.push(Skipped {
            place,
            reason: format!("MISP type `{misp_type}` has no Muster indicator type"),
        });
    };
    let parts: Vec<&str> = if types.len() > 1 {
        value.split('|').collect()
    } else {
        vec![value]
    };
    if parts.len() != types.len() {
        return error(
            import,
            "value",
            format!(
                "a `{misp_type}` value has {} parts separated by |; got {}",
                types.len(),
                parts.len()
            ),
        );
    }
    let own = Markings::from_tags(attribute);
    let mut times = [None, None];
    for (slot, field) in times.iter_mut().zip(["first_seen", "last_seen"]) {
        match get(field).filter(|t| !t.is_empty()).map(parse_time) {
            Some(Ok(t)) => *slot = Some(t),
            Some(Err(why)) => return error(import, field, why),
            None => {}
        }
    }
    let ioc = match attribute.get("to_ids") {
        Some(Json::Bool(b)) => *b,
        Some(Json::String(s)) => s == "1" || s.eq_ignore_ascii_case("true"),
        Some(Json::Number(n)) => n.as_u64() == Some(1),
        _ => false,
    };
    let comment = get("comment")
        .filter(|c| !c.trim().is_empty())
        .map(str::to_owned);
    for (ty, raw) in types.into_iter().zip(parts) {
        let Some(ty) = ty else { continue };
        match normalise(&ty, raw) {
            Ok(v) => import.indicators.push(ImportedIndicator {
                tlp: own.tlp.or(inherited.tlp),
                pap: own.pap.or(inherited.pap),
                ioc,
                tags: own.tags.clone(),
                first_seen: times[0],
                last_seen: times[1],
                comment: comment.clone(),
                ..ImportedIndicator::new(ty, v)
            }),
            Err(e) => error(import, "value", e.to_string()),
        }
    }
}

//! STIX 2.1 bundle import: `indicator` objects with value patterns, the
//! observables (SCOs) Muster has types for, and TLP markings through
//! `object_marking_refs`. An indicator's `valid_from` becomes its first
//! seen time and its `labels` its tags; SCOs are observations, not IOCs.

use super::stix_pattern::{PatternProblem, comparisons};
use super::{Format, Import, ImportedIndicator, Place, RowError, Skipped, ip_type, parse_time};
use crate::{IndicatorError, IndicatorType, TLP2_EXTENSION_ID, Tlp, normalise};
use serde_json::Value as Json;
use std::collections::HashMap;

/// Reads a STIX 2.1 bundle.
pub fn import_stix_bundle(bytes: &[u8]) -> Result<Import, IndicatorError> {
    let json: Json = serde_json::from_slice(super::strip_bom(bytes)).map_err(|e| {
        IndicatorError::BadDocument(format!("the STIX bundle is not valid JSON: {e}"))
    })?;
    import_json(&json)
}

pub(crate) fn import_json(json: &Json) -> Result<Import, IndicatorError> {
    if json.get("type").and_then(Json::as_str) != Some("bundle") {
        return Err(IndicatorError::BadDocument(
            "the file is JSON but not a STIX bundle: it has no \"type\": \"bundle\"".to_owned(),
        ));
    }
    let objects = match json.get("objects") {
        None => &[][..],
        Some(Json::Array(objects)) => objects.as_slice(),
        Some(_) => {
            return Err(IndicatorError::BadDocument(
                "the STIX bundle's `objects` is not a list".to_owned(),
            ));
        }
    };
    let markings = markings(objects);
    let mut import = Import::empty(Format::StixBundle);
    for (index, object) in objects.iter().enumerate() {
        let place = Place::StixObject {
            index,
            id: object.get("id").and_then(Json::as_str).map(str::to_owned),
        };
        let kind = object
            .get("type")
            .and_then(Json::as_str)
            .unwrap_or_default();
        let mut read = Read {
            import: &mut import,
            place: &place,
            tlp: tlp_of(object, &markings),
        };
        match kind {
            "marking-definition" => {}
            "indicator" => read.indicator(object),
            "ipv4-addr" | "ipv6-addr" => read.value(object, ip_type_of(object)),
            "domain-name" => read.value(object, IndicatorType::Domain),
            "url" => read.value(object, IndicatorType::Url),
            "email-addr" => read.value(object, IndicatorType::Email),
            "file" => read.file(object),
            "windows-registry-key" => read.field(object, "key", IndicatorType::RegistryKey, false),
            "user-account" => {
                let field = if object.get("user_id").is_some() {
                    "user_id"
                } else {
                    "account_login"
                };
                read.field(object, field, IndicatorType::Account, false);
            }
            "" => read.skip("it has no `type`".to_owned()),
            other => read.skip(format!(
                "`{other}` objects hold no indicator Muster imports"
            )),
        }
    }
    Ok(import)
}

/// TLP levels by marking-definition id: the fixed TLP 1.0 and 2.0 ids, and
/// any TLP marking definitions the bundle itself carries.
fn markings(objects: &[Json]) -> HashMap<String, Tlp> {
    let mut found = HashMap::new();
    for object in objects {
        if object.get("type").and_then(Json::as_str) != Some("marking-definition") {
            continue;
        }
        let Some(id) = object.get("id").and_then(Json::as_str) else {
            continue;
        };
        let named = object
            .pointer("/definition/tlp")
            .or_else(|| {
                object
                    .get("extensions")
                    .and_then(|e| e.get(TLP2_EXTENSION_ID))
                    .and_then(|e| e.get("tlp_2_0"))
            })
            .and_then(Json::as_str)
            .and_then(|name| name.parse::<Tlp>().ok());
        if let Some(tlp) = named.or_else(|| Tlp::from_stix_marking_id(id)) {
            found.insert(id.to_owned(), tlp);
        }
    }
    found
}

/// The narrowest TLP among an object's markings (several markings all
/// apply, so the most restrictive wins).
fn tlp_of(object: &Json, markings: &HashMap<String, Tlp>) -> Option<Tlp> {
    object
        .get("object_marking_refs")
        .and_then(Json::as_array)?
        .iter()
        .filter_map(Json::as_str)
        .filter_map(|id| {
            markings
                .get(id)
                .copied()
                .or_else(|| Tlp::from_stix_marking_id(id))
        })
        .max()
}

fn ip_type_of(object: &Json) -> IndicatorType {
    let value = object
        .get("value")
        .and_then(Json::as_str)
        .unwrap_or_default();
    match (object.get("type").and_then(Json::as_str), ip_type(value)) {
        (_, IndicatorType::Cidr) => IndicatorType::Cidr,
        (Some("ipv6-addr"), _) => IndicatorType::Ipv6,
        _ => IndicatorType::Ipv4,
    }
}

/// The indicator type a pattern's object path names, if Muster has one.
fn path_type(path: &str, value: &str) -> Option<IndicatorType> {
    let lower = path.to_ascii_lowercase();
    let ty = match lower.as_str() {
        "ipv4-addr:value" | "ipv6-addr:value" => ip_type(value),
        "domain-name:value" => IndicatorType::Domain,
        "url:value" => IndicatorType::Url,
        "email-addr:value" | "email-message:from_ref.value" | "email-message:sender_ref.value" => {
            IndicatorType::Email
        }
        "file:name" => IndicatorType::FileName,
        "windows-registry-key:key" => IndicatorType::RegistryKey,
        "user-account:account_login" | "user-account:user_id" => IndicatorType::Account,
        "process:command_line" | "process:image_ref.name" => IndicatorType::Process,
        "network-traffic:extensions.'http-request-ext'.request_header.'user-agent'" => {
            IndicatorType::UserAgent
        }
        _ => hash_type(lower.strip_prefix("file:hashes.")?)?,
    };
    Some(ty)
}

/// A STIX hash algorithm name (`'SHA-256'`, `MD5`, `SHA256`) as a type.
fn hash_type(algorithm: &str) -> Option<IndicatorType> {
    let bare: String = algorithm
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    match bare.as_str() {
        "md5" => Some(IndicatorType::Md5),
        "sha1" => Some(IndicatorType::Sha1),
        "sha256" => Some(IndicatorType::Sha256),
        "sha512" => Some(IndicatorType::Sha512),
        _ => None,
    }
}

struct Read<'a> {
    import: &'a mut Import,
    place: &'a Place,
    tlp: Option<Tlp>,
}

impl Read<'_> {
    fn skip(&mut self, reason: String) {
        self.import.skipped.push(Skipped {
            place: self.place.clone(),
            reason,
        });
    }

    fn error(&mut self, field: &str, message: String) {
        self.import.errors.push(RowError {
            place: self.place.clone(),
            field: Some(field.to_owned()),
            message,
        });
    }

    /// Normalises one value; on success returns the indicator to fill in.
    fn make(
        &mut self,
        field: &str,
        ty: IndicatorType,
        raw: &str,
        ioc: bool,
    ) -> Option<ImportedIndicator> {
        match normalise(&ty, raw) {
            Ok(value) => Some(ImportedIndicator {
                tlp: self.tlp,
                ioc,
                ..ImportedIndicator::new(ty, value)
            }),
            Err(e) => {
                self.error(field, e.to_string());
                None
            }
        }
    }

    fn value(&mut self, object: &Json, ty: IndicatorType) {
        self.field(object, "value", ty, false);
    }

    fn field(&mut self, object: &Json, field: &str, ty: IndicatorType, ioc: bool) {
        match object.get(field).and_then(Json::as_str) {
            Some(raw) => {
                if let Some(found) = self.make(field, ty, raw, ioc) {
                    self.import.indicators.push(found);
                }
            }
            None => self.error(field, format!("the object has no `{field}` string")),
        }
    }

    fn file(&mut self, object: &Json) {
        let before = self.import.indicators.len() + self.import.errors.len();
        if let Some(hashes) = object.get("hashes").and_then(Json::as_object) {
            for (algorithm, raw) in hashes {
                let field = format!("hashes.{algorithm}");
                match (hash_type(&algorithm.to_ascii_lowercase()), raw.as_str()) {
                    (Some(ty), Some(raw)) => {
                        if let Some(found) = self.make(&field, ty, raw, false) {
                            self.import.indicators.push(found);
                        }
                    }
                    (Some(_), None) => self.error(&field, "the hash is not a string".to_owned()),
                    (None, _) => {
                        self.skip(format!("hash algorithm `{algorithm}` has no Muster type"))
                    }
                }
            }
        }
        if object.get("name").is_some() {
            self.field(object, "name", IndicatorType::FileName, false);
        }
        if self.import.indicators.len() + self.import.errors.len() == before {
            self.skip("the file object has no name or hash Muster imports".to_owned());
        }
    }

    fn indicator(&mut self, object: &Json) {
        if object.get("revoked").and_then(Json::as_bool) == Some(true) {
            return self.skip("the indicator is revoked".to_owned());
        }
        match object.get("pattern_type").and_then(Json::as_str) {
            Some("stix") => {}
            Some(other) => return self.skip(format!("its pattern_type is `{other}`, not `stix`")),
            None => {
                return self.error(
                    "pattern_type",
                    "the indicator has no pattern_type".to_owned(),
                );
            }
        }
        let Some(pattern) = object.get("pattern").and_then(Json::as_str) else {
            return self.error("pattern", "the indicator has no pattern".to_owned());
        };
        let found = match comparisons(pattern) {
            Ok(found) => found,
            Err(PatternProblem::Unsupported(why)) => return self.skip(why),
            Err(PatternProblem::Malformed(why)) => {
                return self.error("pattern", format!("not a STIX pattern: {why}"));
            }
        };
        let first_seen = match object
            .get("valid_from")
            .and_then(Json::as_str)
            .map(parse_time)
        {
            Some(Ok(t)) => Some(t),
            Some(Err(why)) => return self.error("valid_from", why),
            None => None,
        };
        let benign = object
            .get("indicator_types")
            .and_then(Json::as_array)
            .is_some_and(|types| types.iter().any(|t| t.as_str() == Some("benign")));
        let tags: Vec<String> = object
            .get("labels")
            .and_then(Json::as_array)
            .map(|labels| {
                labels
                    .iter()
                    .filter_map(Json::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        let comment = ["description", "name"]
            .iter()
            .find_map(|k| object.get(*k).and_then(Json::as_str))
            .map(str::to_owned);
        for comparison in found {
            let Some(ty) = path_type(&comparison.path, &comparison.value) else {
                self.skip(format!(
                    "the pattern compares `{}`, which has no Muster indicator type",
                    comparison.path
                ));
                continue;
            };
            if let Some(indicator) = self.make("pattern", ty, &comparison.value, !benign) {
                self.import.indicators.push(ImportedIndicator {
                    tags: tags.clone(),
                    first_seen,
                    comment: comment.clone(),
                    ..indicator
                });
            }
        }
    }
}

//! What a draft notification of a stage must carry, and how much of it the incident already
//! answers. A rule names fields by key from the catalogue below (or gives its own label), so
//! the draft shows the law's own list and flags what is still missing.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::rules::Stage;

/// One field a notification must contain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftField {
    pub key: String,
    pub label: String,
}

/// A draft with what is known filled in; `missing` lists the keys still to answer, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub fields: Vec<DraftEntry>,
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftEntry {
    pub key: String,
    pub label: String,
    pub value: Option<String>,
}

/// The fields of a stage's draft notification, in the rule's order.
pub fn draft_fields(stage: &Stage) -> &[DraftField] {
    &stage.draft
}

/// Fills a stage's draft from what the incident knows; blank answers count as missing.
pub fn fill_draft(stage: &Stage, known: &BTreeMap<String, String>) -> Draft {
    let mut missing = Vec::new();
    let fields = stage
        .draft
        .iter()
        .map(|f| {
            let value = known.get(&f.key).filter(|v| !v.trim().is_empty()).cloned();
            if value.is_none() {
                missing.push(f.key.clone());
            }
            DraftEntry {
                key: f.key.clone(),
                label: f.label.clone(),
                value,
            }
        })
        .collect();
    Draft { fields, missing }
}

/// The label of a catalogue field, for rules that name fields by key alone.
pub fn catalogue_label(key: &str) -> Option<&'static str> {
    CATALOGUE
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, label)| *label)
}

/// Keys shared across regimes, so that one answer fills every draft that asks for it.
const CATALOGUE: &[(&str, &str)] = &[
    // GDPR Art. 33(3) (and UK GDPR, which keeps the same text).
    ("nature", "Nature of the breach or incident"),
    (
        "data-subject-categories",
        "Categories of data subjects concerned",
    ),
    (
        "data-subject-count",
        "Approximate number of data subjects concerned",
    ),
    (
        "record-categories",
        "Categories of personal data records concerned",
    ),
    (
        "record-count",
        "Approximate number of personal data records concerned",
    ),
    (
        "contact-point",
        "Name and contact details of the data protection officer or other contact point",
    ),
    ("likely-consequences", "Likely consequences of the breach"),
    (
        "measures",
        "Measures taken or proposed to address the breach, including to mitigate its possible adverse effects",
    ),
    ("delay-reasons", "Reasons for any delay beyond the deadline"),
    // NIS2 Art. 23(4) and CRA Art. 14.
    (
        "suspected-malicious",
        "Whether the incident is suspected of being caused by unlawful or malicious acts",
    ),
    (
        "cross-border-impact",
        "Whether the incident could have a cross-border impact",
    ),
    (
        "initial-assessment",
        "Initial assessment of the incident, including its severity and impact",
    ),
    (
        "indicators-of-compromise",
        "Indicators of compromise, where available",
    ),
    (
        "detailed-description",
        "Detailed description of the incident, its severity and impact",
    ),
    (
        "root-cause",
        "Type of threat or root cause that is likely to have triggered the incident",
    ),
    ("mitigation", "Applied and ongoing mitigation measures"),
    (
        "member-states-affected",
        "Member States where the product or service is affected",
    ),
    ("product", "The product with digital elements concerned"),
    (
        "corrective-measures",
        "Corrective or mitigating measures taken and that users can take",
    ),
    // DORA initial notification (ITS under Art. 20; field list summarised, see the rule's note).
    (
        "reporting-entity",
        "Name and LEI of the reporting financial entity",
    ),
    (
        "incident-reference",
        "Incident reference code given by the financial entity",
    ),
    ("detected-at", "Date and time the incident was detected"),
    (
        "classified-at",
        "Date and time the incident was classified as major",
    ),
    ("description", "Description of the incident"),
    (
        "classification-criteria",
        "Classification criteria that triggered the major classification",
    ),
    ("discovery", "How the incident was discovered"),
    (
        "business-continuity",
        "Whether the business continuity plan was activated",
    ),
    // SEC Form 8-K Item 1.05.
    (
        "material-aspects",
        "Material aspects of the nature, scope and timing of the incident",
    ),
    (
        "material-impact",
        "Material impact or reasonably likely material impact on the registrant, including its financial condition and results of operations",
    ),
    // Breach notices to individuals (GDPR Art. 34(2), HIPAA 164.404(c)).
    (
        "what-happened",
        "A brief description of what happened, with the dates of the breach and of its discovery",
    ),
    (
        "steps-for-individuals",
        "Steps individuals should take to protect themselves",
    ),
];

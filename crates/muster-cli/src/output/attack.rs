//! The ATT&CK catalogue as text.

use super::{escape, table};
use muster_api::{AttackCatalogueView, AttackImportResponse};

pub fn attack_import(r: &AttackImportResponse) -> String {
    format!(
        "The ATT&CK catalogue now holds {} tactic(s), {} technique(s) and {} sub-technique(s); \
         {} revoked or deprecated object(s) left out.\n",
        r.tactics, r.techniques, r.sub_techniques, r.retired
    )
}

pub fn attack_catalogue(v: &AttackCatalogueView) -> String {
    if v.entries.is_empty() {
        return "No ATT&CK catalogue has been imported (muster attack import enterprise-attack.json); \
                ids are still checked by form.\n"
            .to_owned();
    }
    let rows: Vec<Vec<String>> = v
        .entries
        .iter()
        .map(|e| {
            vec![
                escape(&e.id).into_owned(),
                escape(&e.full_name).into_owned(),
                escape(&e.tactics.join(", ")).into_owned(),
            ]
        })
        .collect();
    format!(
        "{} entr{} in the ATT&CK catalogue\n{}",
        v.entries.len(),
        if v.entries.len() == 1 { "y" } else { "ies" },
        table(&["id", "name", "tactics"], &rows)
    )
}

//! The organisation's MITRE ATT&CK catalogue (issue 11): imported from the
//! STIX bundle MITRE publishes by an administrator, kept in the store so
//! every instance names techniques alike, and read through a short-lived
//! copy in memory so the room and exports do not query it on every render.

use crate::actor::{Actor, require_admin};
use crate::app::App;
use crate::error::{AppError, AppResult};
use muster_api::{AttackCatalogueView, AttackEntryView, AttackImportResponse, AttackRef};
use muster_indicators::{AttackCatalogue, AttackEntry, AttackId};
use muster_store::{AttackRow, AuditRecord};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// How long an instance trusts its copy: an import on another instance
/// shows here within this long; this instance's own imports at once.
const FRESH_FOR: Duration = Duration::from_secs(30);

/// The largest bundle an import takes. MITRE's enterprise-attack.json is
/// about 45 MiB and grows with each release.
pub const MAX_ATTACK_BUNDLE: usize = 128 * 1024 * 1024;

#[derive(Default)]
pub(crate) struct AttackCache {
    copy: RwLock<Option<(Instant, Arc<AttackCatalogue>)>>,
}

impl AttackCache {
    fn fresh(&self) -> Option<Arc<AttackCatalogue>> {
        let copy = self.copy.read().unwrap_or_else(|e| e.into_inner());
        copy.as_ref()
            .filter(|(at, _)| at.elapsed() < FRESH_FOR)
            .map(|(_, c)| c.clone())
    }

    fn keep(&self, catalogue: Arc<AttackCatalogue>) {
        *self.copy.write().unwrap_or_else(|e| e.into_inner()) = Some((Instant::now(), catalogue));
    }
}

/// An id with its name, when the catalogue has one.
pub fn attack_ref(catalogue: &AttackCatalogue, id: &str) -> AttackRef {
    match AttackId::parse(id) {
        Ok(parsed) => AttackRef {
            id: parsed.to_string(),
            name: catalogue.full_name(parsed),
            url: parsed.url(),
        },
        // Logged before ids were checked by form: shown as written.
        Err(_) => AttackRef {
            id: id.to_owned(),
            name: None,
            url: String::new(),
        },
    }
}

impl App {
    /// The imported catalogue (empty when none was imported).
    pub async fn attack_catalogue(&self) -> AppResult<Arc<AttackCatalogue>> {
        let cache = &self.inner().attack;
        if let Some(c) = cache.fresh() {
            return Ok(c);
        }
        let rows = self.inner().store.attack_catalogue().await?;
        let entries = rows.into_iter().filter_map(|r| {
            AttackId::parse(&r.id).ok().map(|id| AttackEntry {
                id,
                name: r.name,
                tactics: r.tactics,
            })
        });
        let catalogue = Arc::new(AttackCatalogue::from_entries(entries));
        cache.keep(catalogue.clone());
        Ok(catalogue)
    }

    /// The catalogue for the API.
    pub async fn attack_catalogue_view(&self) -> AppResult<AttackCatalogueView> {
        let catalogue = self.attack_catalogue().await?;
        Ok(AttackCatalogueView {
            entries: catalogue
                .entries()
                .map(|e| AttackEntryView {
                    id: e.id.to_string(),
                    name: e.name.clone(),
                    full_name: catalogue.full_name(e.id).unwrap_or_else(|| e.name.clone()),
                    tactics: e.tactics.clone(),
                    url: e.id.url(),
                })
                .collect(),
        })
    }

    /// Replaces the catalogue with MITRE's bundle `bytes` (administrators
    /// only; the import is recorded in the audit trail).
    pub async fn import_attack_catalogue(
        &self,
        actor: &Actor,
        bytes: &[u8],
    ) -> AppResult<AttackImportResponse> {
        require_admin(actor, "import the ATT&CK catalogue")?;
        if bytes.len() > MAX_ATTACK_BUNDLE {
            return Err(AppError::invalid(
                "body",
                format!(
                    "the ATT&CK bundle is {} bytes; at most {MAX_ATTACK_BUNDLE} are taken",
                    bytes.len()
                ),
            ));
        }
        let catalogue = AttackCatalogue::from_stix_bundle(bytes)
            .map_err(|e| AppError::invalid("body", e.to_string()))?;
        if catalogue.is_empty() {
            return Err(AppError::invalid(
                "body",
                "the bundle holds no ATT&CK tactic or technique (objects of type \
                 `x-mitre-tactic` or `attack-pattern` with a `mitre-attack` external id); \
                 the catalogue was left as it was",
            ));
        }
        let rows: Vec<AttackRow> = catalogue
            .entries()
            .map(|e| AttackRow {
                id: e.id.to_string(),
                name: e.name.clone(),
                tactics: e.tactics.clone(),
            })
            .collect();
        self.inner().store.replace_attack_catalogue(&rows).await?;
        let count = |f: fn(&AttackId) -> bool| catalogue.entries().filter(|e| f(&e.id)).count();
        let response = AttackImportResponse {
            tactics: count(|id| matches!(id, AttackId::Tactic(_))),
            techniques: count(|id| matches!(id, AttackId::Technique(_))),
            sub_techniques: count(|id| matches!(id, AttackId::SubTechnique(..))),
            retired: catalogue.retired(),
        };
        let record = AuditRecord {
            id: Uuid::now_v7(),
            at: jiff::Timestamp::now().as_microsecond(),
            person: actor.person.id,
            incident: None,
            what: format!(
                "imported the ATT&CK catalogue ({} tactics, {} techniques, {} sub-techniques)",
                response.tactics, response.techniques, response.sub_techniques
            ),
            source: actor.source.clone(),
            refused: false,
        };
        self.inner().committer.audit(record).await?;
        tracing::info!(
            person = %actor.person.id,
            tactics = response.tactics,
            techniques = response.techniques,
            sub_techniques = response.sub_techniques,
            "the ATT&CK catalogue was imported"
        );
        self.inner().attack.keep(Arc::new(catalogue));
        Ok(response)
    }
}

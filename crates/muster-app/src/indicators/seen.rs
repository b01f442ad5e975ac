//! "Have we seen this before?" across every incident a person may see.
//!
//! The store's seen index (`muster_store::indicators`, written in each
//! commit's transaction) names the incidents and indicators that hold a
//! value; only those incidents' states are read, each from the cache or
//! folded once, so a lookup never folds incidents that do not hold the
//! value and a new instance answers at once. Rule 10 is applied to each
//! hit's state before anything about it is looked at, so a restricted
//! incident the caller is not on is never revealed, not even as a count.

use crate::actor::Actor;
use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::visibility::can_see;
use muster_api::{SeenIncident, SeenResponse};
use muster_indicators::{defang, guess_type, normalise};
use muster_store::SeenRow;
use uuid::Uuid;

impl App {
    /// "Have we seen this before?": every incident `actor` may see that holds
    /// `value` (normalised as `ty`, or as the type it looks like; with no
    /// type given, a stored value of any type matches). Rule 10: an incident
    /// the actor may not see is left out before anything is counted, and a
    /// restricted one that is shown is an audited read.
    pub async fn seen(
        &self,
        actor: &Actor,
        value: &str,
        ty: Option<&str>,
    ) -> AppResult<SeenResponse> {
        let given = ty.is_some();
        let ty = match ty {
            Some(name) => self
                .policy()
                .indicators
                .indicator_type(name)
                .map_err(|e| AppError::invalid("type", e.to_string()))?,
            None => guess_type(value).ok_or_else(|| {
                AppError::invalid(
                    "value",
                    "cannot tell what type of indicator this is; name it with `type`",
                )
            })?,
        };
        let normal =
            normalise(&ty, value).map_err(|e| AppError::invalid("value", e.to_string()))?;
        let normal = normal.as_str();
        let rows = self.inner().store.seen(normal).await?;
        let mut incidents = Vec::new();
        for (id, rows) in by_incident(&rows) {
            let Some(mut state) = self.state(id).await? else {
                continue;
            };
            // Rule 10 before anything about the incident is looked at.
            if !can_see(&state, actor) {
                continue;
            }
            // Committed on another instance after this one last caught up:
            // bring the state up to the store's head once.
            if rows
                .iter()
                .any(|r| state.indicators.get(&r.indicator).is_none())
            {
                if let Some(fresh) = self
                    .inner()
                    .cache
                    .refresh(self.inner().store.as_ref(), id)
                    .await?
                {
                    state = fresh;
                }
                if !can_see(&state, actor) {
                    continue;
                }
            }
            let hits: Vec<SeenIncident> = rows
                .iter()
                .filter(|r| !given || r.ty == ty.name())
                .filter_map(|r| state.indicators.get(&r.indicator))
                .filter(|i| i.value == normal)
                .map(|i| SeenIncident {
                    reference: state.reference.clone(),
                    title: state.title.clone(),
                    phase: state.phase,
                    indicator: i.id.clone(),
                    ty: i.ty.clone(),
                    first_seen: i.first_seen,
                    last_seen: i.last_seen,
                    sightings: i.sightings_count(),
                })
                .collect();
            if hits.is_empty() {
                continue;
            }
            incidents.extend(hits);
            if state.restricted {
                self.audit(
                    actor,
                    &state,
                    &format!("an indicator lookup ({})", ty.name()),
                )
                .await?;
            }
        }
        incidents.sort_by(|a, b| {
            b.last_seen
                .cmp(&a.last_seen)
                .then(a.reference.cmp(&b.reference))
        });
        Ok(SeenResponse {
            value: normal.to_owned(),
            shown: defang(&ty, normal),
            ty: ty.name().to_owned(),
            incidents,
        })
    }
}

/// The store's rows grouped by incident, which they are already sorted by.
fn by_incident(rows: &[SeenRow]) -> Vec<(Uuid, &[SeenRow])> {
    rows.chunk_by(|a, b| a.incident == b.incident)
        .map(|chunk| (chunk[0].incident, chunk))
        .collect()
}

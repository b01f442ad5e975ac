//! The application's face for insight and the preventive actions across
//! incidents. Rule 10 decides which incidents count: the caller's visible
//! incidents, each restricted one an audited read like any list (an
//! administrator sees, and is audited for, every incident); `/metrics`,
//! which has no caller, counts only unrestricted incidents, so not even a
//! count of restricted incidents leaves without a reader.

use crate::actor::Actor;
use crate::app::App;
use crate::error::AppResult;
use crate::insights::{self, FalsePositive};
use crate::views::ts;
use jiff::Timestamp;
use muster_api::{InsightsView, OpenPreventiveAction};
use muster_domain::vocab::ReportStatus;

impl App {
    /// The figures of every incident `actor` may see, and of the false
    /// positives they may see (triagers and administrators: all; anyone
    /// else: those they reported).
    pub async fn insights(&self, actor: &Actor, what: &str) -> AppResult<InsightsView> {
        let now = Timestamp::now();
        let visible = self.visible_incidents(actor, what).await?;
        let all_reports = self.is_triager(actor).await?;
        let false_positives: Vec<FalsePositive> = self
            .inner()
            .store
            .list_reports(Some(ReportStatus::FalsePositive))
            .await?
            .into_iter()
            .filter(|r| all_reports || r.reported_by == actor.person.id)
            .filter_map(|r| {
                Some(FalsePositive {
                    reported_at: ts(r.reported_at),
                    triaged_at: ts(r.triaged_at?),
                })
            })
            .collect();
        Ok(insights::compute(
            visible.iter().map(|(_, s)| s.as_ref()),
            &false_positives,
            now,
        ))
    }

    /// Every open preventive action of the incidents `actor` may see.
    pub async fn preventive_actions(
        &self,
        actor: &Actor,
        what: &str,
    ) -> AppResult<Vec<OpenPreventiveAction>> {
        let visible = self.visible_incidents(actor, what).await?;
        Ok(insights::preventive_actions(
            visible.iter().map(|(_, s)| s.as_ref()),
            Timestamp::now(),
        ))
    }

    /// The duration histograms of `/metrics`, over unrestricted incidents only.
    pub async fn insight_metrics(&self) -> AppResult<String> {
        let mut states = Vec::new();
        for summary in self.incident_summaries().await? {
            if summary.restricted {
                continue;
            }
            if let Some(state) = self.state(summary.id).await?
                && !state.restricted
            {
                states.push(state);
            }
        }
        let view = insights::compute(states.iter().map(|s| s.as_ref()), &[], Timestamp::now());
        Ok(insights::prometheus(&view))
    }
}

//! The on-call rota: shifts added and removed by administrators.

use crate::actor::{Actor, require_admin};
use crate::app::App;
use crate::error::{AppError, AppResult};
use jiff::Timestamp;
use muster_store::{Shift, StoreError};
use uuid::Uuid;

impl App {
    /// Puts the person at `person` on call from `starts_at` to `ends_at`.
    pub async fn add_shift(
        &self,
        actor: &Actor,
        person: &str,
        starts_at: Timestamp,
        ends_at: Timestamp,
    ) -> AppResult<Shift> {
        require_admin(actor, "change the rota")?;
        if ends_at <= starts_at {
            return Err(AppError::invalid("ends_at", "a shift ends after it starts"));
        }
        let person = self.person("person", person).await?;
        let shift = Shift {
            id: Uuid::now_v7(),
            person: person.id,
            starts_at: starts_at.as_microsecond(),
            ends_at: ends_at.as_microsecond(),
        };
        self.rota().add_shift(&shift).await?;
        Ok(shift)
    }

    /// Removes shift `id` from the rota.
    pub async fn remove_shift(&self, actor: &Actor, id: Uuid) -> AppResult<()> {
        require_admin(actor, "change the rota")?;
        match self.rota().remove_shift(id).await {
            Ok(()) => Ok(()),
            Err(StoreError::NotFound(_)) => Err(AppError::NotFound(format!("no shift {id}"))),
            Err(e) => Err(e.into()),
        }
    }
}

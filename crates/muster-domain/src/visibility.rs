//! Rule 10: a restricted incident (the default for security incidents) is
//! visible only to its team and administrators. The server asks this before
//! every read, and audits the read.

use crate::state::IncidentState;
use uuid::Uuid;

/// Whether `person` (an administrator when `admin`) may see `state`. Someone a
/// handover is waiting on counts as team: they are to take command of it.
pub fn can_see(state: &IncidentState, person: Uuid, admin: bool) -> bool {
    !state.restricted
        || admin
        || state.is_member(person)
        || state.handover.as_ref().is_some_and(|h| h.to.id == person)
}

//! Reminders of regulators' deadlines (issue 10): before each running
//! deadline, at each of the policy's lead times, the incident manager, the
//! deputy and the team's privacy and legal members are told; at the deadline,
//! if the stage is still not submitted, the incident manager and deputy are
//! told it was missed. The deadlines are those the log last computed.

use crate::calls::minutes;
use crate::policy::Policy;
use crate::reminders::{Recipient, Reminder, ReminderKind, reminder};
use crate::state::IncidentState;
use crate::vocab::{ObligationStatus, Role};
use jiff::Timestamp;

pub(crate) fn plan(
    state: &IncidentState,
    policy: &Policy,
    now: Timestamp,
    out: &mut Vec<Reminder>,
) {
    let o = &state.obligations;
    let mut to = vec![
        Recipient::Role(Role::IncidentManager),
        Recipient::Role(Role::Deputy),
    ];
    let tags: Vec<&String> = policy
        .privacy_tags
        .iter()
        .chain(&policy.obligations.legal_tags)
        .collect();
    for p in state.members() {
        if p.expertise.iter().any(|e| tags.contains(&e)) {
            to.push(Recipient::Person(p.id));
        }
    }
    let mut leads = policy.obligations.reminder_lead_minutes.clone();
    leads.sort_unstable();
    for d in &o.deadlines {
        let Some(due) = d.due_at else { continue };
        if o.submitted_at(&d.regime, &d.stage).is_some()
            || matches!(
                o.status(&d.regime),
                ObligationStatus::NotRequired
                    | ObligationStatus::Delayed
                    | ObligationStatus::Complete
            )
        {
            continue;
        }
        let what = format!("{} {}", d.regime, d.stage);
        let when = due.strftime("%Y-%m-%d %H:%MZ");
        if due > now {
            // Lead times whose moment has passed are not all sent at once
            // when a clock is recorded late: only the nearest one is, then
            // those still ahead.
            let mut passed_one = false;
            for lead in &leads {
                let at = due - minutes(*lead);
                if at <= now {
                    if passed_one {
                        continue;
                    }
                    passed_one = true;
                }
                out.push(reminder(
                    state,
                    ReminderKind::DeadlineApproaching,
                    &format!("{}/{}/{lead}m", d.regime, d.stage),
                    at,
                    due,
                    to.clone(),
                    format!("{what} is due at {when}: {} left", hours(*lead)),
                ));
            }
        }
        out.push(reminder(
            state,
            ReminderKind::DeadlineMissed,
            &format!("{}/{}", d.regime, d.stage),
            due,
            due,
            vec![
                Recipient::Role(Role::IncidentManager),
                Recipient::Role(Role::Deputy),
            ],
            format!("{what} was due at {when} and is not recorded as submitted; a late notice must give its reasons"),
        ));
    }
}

fn hours(lead: u32) -> String {
    if lead.is_multiple_of(60) {
        format!("{} h", lead / 60)
    } else {
        format!("{lead} min")
    }
}

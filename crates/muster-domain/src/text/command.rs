//! The text fields of a command and of a declaration, each with its shape: the
//! one walk [`crate::decide`] and [`crate::declare`] run before any rule, so
//! the API, the room and Slack all refuse the same characters.

use super::{Shape, check, check_at};
use crate::command::{Command, ReviewInput};
use crate::lifecycle::Declaration;
use crate::rejection::Decision;
use Shape::{Line, Lines};

fn opt(field: &'static str, value: Option<&String>, shape: Shape) -> Decision<()> {
    value.map_or(Ok(()), |v| check(field, v, shape))
}

fn items<'a>(
    field: &'static str,
    values: impl IntoIterator<Item = &'a String>,
    shape: Shape,
) -> Decision<()> {
    for (i, v) in values.into_iter().enumerate() {
        check_at(field, &format!("{field}[{i}]"), v, shape)?;
    }
    Ok(())
}

fn review<P>(r: &ReviewInput<P>) -> Decision<()> {
    check("went_well", &r.went_well, Lines)?;
    check("even_better_if", &r.even_better_if, Lines)?;
    check("causes", &r.causes, Lines)?;
    check("response", &r.response, Lines)?;
    items("lessons", &r.lessons, Lines)?;
    for (i, a) in r.preventive_actions.iter().enumerate() {
        check_at(
            "preventive_actions",
            &format!("preventive_actions[{i}].title"),
            &a.title,
            Line,
        )?;
    }
    Ok(())
}

/// An indicator's texts: its value is checked by its type's own rules
/// (`muster_indicators::normalise`), which refuse control characters too.
fn indicator(i: &crate::indicator::IndicatorInput) -> Decision<()> {
    check("type", &i.ty, Line)?;
    items("tags", &i.tags, Line)?;
    opt("comment", i.comment.as_ref(), Lines)
}

impl<P> Command<P> {
    /// Refuses the command when one of its texts holds a character its field
    /// does not accept (see [`super`]), naming the field and the character.
    /// The people it names are looked up by the application, which checks
    /// their keys the same way.
    pub fn check_text(&self) -> Decision<()> {
        use Command as C;
        match self {
            C::AssignRole { .. } | C::AcknowledgeHandover => Ok(()),
            C::StandDown { reason, .. }
            | C::ChangePhase { reason, .. }
            | C::Resolve { reason }
            | C::Reclassify { reason, .. }
            | C::SetRestricted { reason, .. }
            | C::CancelHandover { reason }
            | C::AssumeCommand { reason }
            | C::Close { reason } => check("reason", reason, Lines),
            C::CreateWorkstream { name, .. } => check("name", name, Line),
            C::AddWorkstreamMember { workstream, .. }
            | C::RemoveWorkstreamMember { workstream, .. } => check("workstream", workstream, Line),
            C::CloseWorkstream { workstream, reason } => {
                check("workstream", workstream, Line)?;
                check("reason", reason, Lines)
            }
            C::AddFinding { text, source, .. } => {
                check("text", text, Lines)?;
                opt("source", source.as_ref(), Line)
            }
            C::DelegateFinding { finding, .. } => check("finding", finding, Line),
            C::ResolveFinding { finding, text, .. } => {
                check("finding", finding, Line)?;
                check("text", text, Lines)
            }
            C::AssessFinding {
                suspected, known, ..
            } => {
                check("suspected", suspected, Line)?;
                check("known", known, Line)
            }
            C::Recommend { text } | C::AddNote { text } | C::Correct { text, .. } => {
                check("text", text, Lines)
            }
            C::Approve {
                recommendation,
                rationale,
                ..
            }
            | C::Reject {
                recommendation,
                rationale,
            } => {
                check("recommendation", recommendation, Line)?;
                check("rationale", rationale, Lines)
            }
            C::CreateAction { title, .. } => check("title", title, Line),
            C::UpdateAction { action, report, .. } => {
                check("action", action, Line)?;
                opt("report", report.as_ref(), Lines)
            }
            C::ReassignAction { action, .. } | C::CarryAction { action, .. } => {
                check("action", action, Line)
            }
            C::CancelAction { action, reason } => {
                check("action", action, Line)?;
                check("reason", reason, Lines)
            }
            C::RecordDecision {
                text, rationale, ..
            } => {
                check("text", text, Lines)?;
                check("rationale", rationale, Lines)
            }
            C::Escalate {
                severity,
                category,
                reason,
                suggestion,
            } => {
                opt("severity", severity.as_ref(), Line)?;
                opt("category", category.as_ref(), Line)?;
                check("reason", reason, Lines)?;
                opt("suggestion", suggestion.as_ref(), Line)
            }
            C::SuggestEscalation {
                severity,
                category,
                reason,
            } => {
                opt("severity", severity.as_ref(), Line)?;
                opt("category", category.as_ref(), Line)?;
                check("reason", reason, Lines)
            }
            C::DeclineEscalation { suggestion, reason } => {
                check("suggestion", suggestion, Line)?;
                check("reason", reason, Lines)
            }
            C::BriefHandover { brief, .. } => check("brief", brief, Lines),
            C::DraftCommunication {
                recipients,
                subject,
                body,
                ..
            } => {
                items("recipients", recipients, Line)?;
                check("subject", subject, Line)?;
                check("body", body, Lines)
            }
            C::AgreeCommunication { communication } => check("communication", communication, Line),
            C::SendCommunication { communication, via } => {
                check("communication", communication, Line)?;
                check("via", via, Line)
            }
            C::RecordBriefing {
                stakeholder,
                summary,
            } => {
                check("stakeholder", stakeholder, Line)?;
                check("summary", summary, Line)
            }
            C::RecordReview(r) => review(r),
            C::UpdatePreventiveAction { id, note, .. } => {
                check("id", id, Line)?;
                opt("note", note.as_ref(), Lines)
            }
            C::ScheduleCalls { bridge, .. } => opt("bridge", bridge.as_ref(), Line),
            C::RecordCall(call) => {
                check("what_happened", &call.what_happened, Lines)?;
                check("what_it_means", &call.what_it_means, Lines)?;
                check("what_we_have_done", &call.what_we_have_done, Lines)?;
                check("what_we_do_next", &call.what_we_do_next, Lines)?;
                items("decisions", &call.decisions, Lines)
            }
            C::RecordAnchor { .. } => Ok(()),
            C::SetJurisdictions {
                jurisdictions,
                sectors,
                reason,
            } => {
                items("jurisdictions", jurisdictions, Line)?;
                items("sectors", sectors, Line)?;
                check("reason", reason, Lines)
            }
            C::AssessObligation {
                regime, rationale, ..
            } => {
                check("regime", regime, Line)?;
                check("rationale", rationale, Lines)
            }
            C::RecordSubmission {
                regime,
                stage,
                reference,
                communication,
                ..
            } => {
                check("regime", regime, Line)?;
                check("stage", stage, Line)?;
                check("reference", reference, Line)?;
                opt("communication", communication.as_ref(), Line)
            }
            // Muster's own entries, never typed by a person.
            C::AddIndicator(i) => indicator(i),
            C::AddIndicators(all) => {
                for (row, i) in all.iter().enumerate() {
                    indicator(i).map_err(|r| {
                        crate::rejection::Rejection::invalid(
                            "indicators",
                            format!("indicators[{row}]: {}", r.message),
                        )
                    })?;
                }
                Ok(())
            }
            C::RecordSighting(s) => {
                check("indicator", &s.indicator, Line)?;
                opt("seen_on", s.seen_on.as_ref(), Line)?;
                opt("source", s.source.as_ref(), Line)?;
                opt("seen_by", s.seen_by.as_ref(), Line)
            }
            C::LinkIndicator {
                indicator, finding, ..
            } => {
                check("indicator", indicator, Line)?;
                check("finding", finding, Line)
            }
            C::CiteInFinding { finding, cites } => {
                check("finding", finding, Line)?;
                items("cites", cites, Line)
            }
            C::AddTimelineEvent(t) => {
                opt("host", t.host.as_ref(), Line)?;
                check("description", &t.description, Lines)?;
                items("indicators", &t.indicators, Line)?;
                items("attack", &t.attack, Line)
            }
            C::AddEvidence(e) => {
                check("description", &e.description, Lines)?;
                check("taken_from", &e.taken_from, Line)?;
                opt("collected_by", e.collected_by.as_ref(), Line)?;
                opt("tool", e.tool.as_ref(), Line)?;
                opt("sha256", e.sha256.as_ref(), Line)?;
                opt("location", e.location.as_ref(), Line)
            }
            C::TransferEvidence {
                evidence,
                reason,
                destination,
                ..
            } => {
                check("evidence", evidence, Line)?;
                check("reason", reason, Lines)?;
                check("destination", destination, Line)
            }
            C::AcknowledgeEvidence { evidence } => check("evidence", evidence, Line),
            C::RecordChatChannel(_) | C::RecordDelivery { .. } => Ok(()),
        }
    }
}

impl Declaration {
    /// [`Command::check_text`] for a declaration's texts.
    pub fn check_text(&self) -> Decision<()> {
        check("title", &self.title, Line)?;
        check("severity", &self.severity, Line)?;
        check("category", &self.category, Line)?;
        check("source", &self.source, Line)?;
        check("hypothesis", &self.hypothesis, Lines)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::PreventiveActionInput;

    fn refused(c: Command<String>) -> (Option<&'static str>, String) {
        let r = c.check_text().unwrap_err();
        (r.field, r.message)
    }

    #[test]
    fn single_line_fields_refuse_newlines_and_multi_line_fields_take_them() {
        let action = |title: &str| Command::<String>::CreateAction {
            title: title.into(),
            owner: "ann".into(),
            report_back_at: "2026-11-27T13:00:00Z".parse().unwrap(),
        };
        assert_eq!(refused(action("Rotate\nkeys")).0, Some("title"));
        assert!(action("Rotate keys").check_text().is_ok());
        let note = |text: &str| Command::<String>::AddNote { text: text.into() };
        assert!(note("line one\nline two\tindented").check_text().is_ok());
        assert_eq!(
            refused(note("ok\u{1b}[2K")),
            (
                Some("text"),
                "`text` contains a control character (U+001B ESC) at position 3".into()
            )
        );
    }

    #[test]
    fn list_items_are_named_by_index() {
        let review = Command::<String>::RecordReview(ReviewInput {
            went_well: "fast".into(),
            even_better_if: "faster".into(),
            causes: String::new(),
            response: String::new(),
            lessons: vec!["one".into(), "two\u{202E}".into()],
            preventive_actions: vec![PreventiveActionInput {
                title: "t".into(),
                owner: "ann".into(),
                due: "2026-11-27T13:00:00Z".parse().unwrap(),
            }],
            thanked: true,
        });
        let (field, message) = refused(review);
        assert_eq!(field, Some("lessons"));
        assert!(
            message.starts_with("`lessons[1]` contains a bidirectional"),
            "{message}"
        );
    }
}

//! The incident verbs with subcommands of their own.

use super::words;
use crate::cli::*;
use muster_api::ApiCommand;

pub fn workstream(command: WorkstreamCommand) -> (String, ApiCommand, At) {
    use ApiCommand as A;
    use WorkstreamCommand as W;
    match command {
        W::Create {
            incident,
            name,
            lead,
            at,
        } => (incident, A::Workstream { name, lead }, at),
        W::Add {
            incident,
            workstream,
            person,
            at,
        } => (incident, A::WorkstreamAdd { workstream, person }, at),
        W::Remove {
            incident,
            workstream,
            person,
            at,
        } => (incident, A::WorkstreamRemove { workstream, person }, at),
        W::Close {
            incident,
            workstream,
            reason,
            at,
        } => (incident, A::WorkstreamClose { workstream, reason }, at),
    }
}

pub fn finding(command: FindingCommand) -> (String, ApiCommand, At) {
    use ApiCommand as A;
    use FindingCommand as F;
    match command {
        F::Add {
            incident,
            text,
            kind,
            source,
            at,
        } => (
            incident,
            A::Finding {
                kind,
                text: words(text),
                source,
            },
            at,
        ),
        F::Delegate {
            incident,
            finding,
            to,
            report_back,
            at,
        } => (
            incident,
            A::Delegate {
                finding,
                to,
                report_back_at: report_back,
            },
            at,
        ),
        F::Settle {
            incident,
            finding,
            status,
            text,
            at,
        } => (
            incident,
            A::Settle {
                finding,
                status,
                text,
            },
            at,
        ),
        F::Assess {
            incident,
            suspected,
            known,
            consistency,
            at,
        } => (
            incident,
            A::Assess {
                suspected,
                known,
                consistency,
            },
            at,
        ),
    }
}

pub fn action(command: ActionCommand) -> (String, ApiCommand, At) {
    use ActionCommand as C;
    use ApiCommand as A;
    match command {
        C::Add {
            incident,
            title,
            owner,
            report_back,
            at,
        } => (
            incident,
            A::Action {
                title: words(title),
                owner,
                report_back_at: report_back,
            },
            at,
        ),
        C::Update {
            incident,
            action,
            status,
            report,
            report_back,
            at,
        } => (
            incident,
            A::ActionUpdate {
                action,
                status,
                report,
                report_back_at: report_back,
            },
            at,
        ),
        C::Reassign {
            incident,
            action,
            owner,
            report_back,
            at,
        } => (
            incident,
            A::ActionReassign {
                action,
                owner,
                report_back_at: report_back,
            },
            at,
        ),
    }
}

pub fn communication(command: CommunicationCommand) -> (String, ApiCommand, At) {
    use ApiCommand as A;
    use CommunicationCommand as C;
    match command {
        C::Draft {
            incident,
            audience,
            recipients,
            subject,
            body,
            at,
        } => (
            incident,
            A::DraftCommunication {
                audience,
                recipients,
                subject,
                body,
            },
            at,
        ),
        C::Agree {
            incident,
            communication,
            at,
        } => (incident, A::AgreeCommunication { communication }, at),
        C::Send {
            incident,
            communication,
            via,
            at,
        } => (incident, A::SendCommunication { communication, via }, at),
    }
}

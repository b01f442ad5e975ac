//! The incident verbs with subcommands of their own.

use super::words;
use crate::cli::*;
use muster_domain::Command;

pub fn workstream(command: WorkstreamCommand) -> (String, Command<String>, At) {
    use WorkstreamCommand as W;
    match command {
        W::Create {
            incident,
            name,
            lead,
            at,
        } => (incident, Command::CreateWorkstream { name, lead }, at),
        W::Add {
            incident,
            workstream,
            person,
            at,
        } => (
            incident,
            Command::AddWorkstreamMember { workstream, person },
            at,
        ),
        W::Remove {
            incident,
            workstream,
            person,
            at,
        } => (
            incident,
            Command::RemoveWorkstreamMember { workstream, person },
            at,
        ),
        W::Close {
            incident,
            workstream,
            reason,
            at,
        } => (
            incident,
            Command::CloseWorkstream { workstream, reason },
            at,
        ),
    }
}

pub fn finding(command: FindingCommand) -> (String, Command<String>, At) {
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
            Command::AddFinding {
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
            Command::DelegateFinding {
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
            Command::ResolveFinding {
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
            Command::AssessFinding {
                suspected,
                known,
                consistency,
            },
            at,
        ),
        F::Cite {
            incident,
            finding,
            cites,
            at,
        } => (incident, Command::CiteInFinding { finding, cites }, at),
    }
}

pub fn action(command: ActionCommand) -> (String, Command<String>, At) {
    use ActionCommand as C;
    match command {
        C::Add {
            incident,
            title,
            owner,
            report_back,
            at,
        } => (
            incident,
            Command::CreateAction {
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
            Command::UpdateAction {
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
            Command::ReassignAction {
                action,
                owner,
                report_back_at: report_back,
            },
            at,
        ),
        C::Cancel {
            incident,
            action,
            reason,
            at,
        } => (incident, Command::CancelAction { action, reason }, at),
        C::Carry {
            incident,
            action,
            due,
            owner,
            at,
        } => (incident, Command::CarryAction { action, due, owner }, at),
    }
}

pub fn communication(command: CommunicationCommand) -> (String, Command<String>, At) {
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
            Command::DraftCommunication {
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
        } => (incident, Command::AgreeCommunication { communication }, at),
        C::Send {
            incident,
            communication,
            via,
            at,
        } => (
            incident,
            Command::SendCommunication { communication, via },
            at,
        ),
    }
}

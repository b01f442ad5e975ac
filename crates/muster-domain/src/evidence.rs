//! The evidence register and its chain of custody (issue 11), as the
//! incident's rules see them. An item is a file uploaded (its bytes live
//! outside the log, which records the hash, size and name) or a thing held
//! elsewhere (a disk image in a safe) with its hash declared. Custody passes
//! as command does in a handover: the holder transfers it, naming who
//! receives it, when, why and where it goes; it passes only when the
//! receiver acknowledges.

use crate::command::Context;
use crate::event::{Event, PersonRef};
use crate::guard;
use crate::permit::{self, Kind};
use crate::rejection::{Decision, Rejection};
use crate::state::IncidentState;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// `add-evidence`: what it is, where it came from, who collected it, when,
/// with what tool, its SHA-256, and where it is kept.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceInput {
    pub description: String,
    /// What it was taken from (a host, a mailbox, a phone).
    pub taken_from: String,
    /// Who collected it, when not the person recording it.
    #[serde(default)]
    pub collected_by: Option<String>,
    pub collected_at: Timestamp,
    /// With what tool (`FTK Imager 4.7`, `dd`).
    #[serde(default)]
    pub tool: Option<String>,
    /// The SHA-256 as declared by whoever collected it (64 hex digits).
    #[serde(default)]
    pub sha256: Option<String>,
    /// Where it is stored, for an item held outside Muster (`safe 2, shelf B`).
    #[serde(default)]
    pub location: Option<String>,
    /// Set by Muster from an upload it hashed itself; never from a body.
    #[serde(skip)]
    pub upload: Option<Upload>,
}

/// What Muster measured of an uploaded file as it streamed it to the blob store.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Upload {
    pub sha256: String,
    pub size: u64,
    pub file_name: String,
}

/// An item as the log records it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceRecord {
    /// `EV1`, `EV2`, …
    pub id: String,
    pub description: String,
    pub taken_from: String,
    pub collected_by: String,
    pub collected_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool: Option<String>,
    pub sha256: String,
    /// The uploaded file, when Muster holds the bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upload: Option<Upload>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// Who holds it first: whoever recorded it.
    pub custodian: PersonRef,
}

pub fn add_evidence(
    state: &IncidentState,
    ctx: &Context,
    input: &EvidenceInput,
) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::AddEvidence)?;
    if let Some(u) = &input.upload {
        file_name(&u.file_name)?;
    }
    let declared = input.sha256.as_deref().map(sha256).transpose()?;
    let sha256 = match (&input.upload, declared) {
        (Some(u), Some(d)) if u.sha256 != d => {
            return Err(Rejection::invalid(
                "sha256",
                format!(
                    "the uploaded file's SHA-256 is {}, not the {d} declared: the file is not the one collected, or it changed on the way",
                    u.sha256
                ),
            ));
        }
        (Some(u), _) => u.sha256.clone(),
        (None, Some(d)) => d,
        (None, None) => {
            return Err(Rejection::invalid(
                "sha256",
                "an item held outside Muster needs its SHA-256, as computed when it was collected",
            ));
        }
    };
    if input.upload.is_none()
        && input
            .location
            .as_deref()
            .is_none_or(|l| l.trim().is_empty())
    {
        return Err(Rejection::invalid(
            "location",
            "say where an item held outside Muster is kept",
        ));
    }
    if input.collected_at > ctx.now + jiff::SignedDuration::from_mins(5) {
        return Err(Rejection::invalid(
            "collected_at",
            format!("`collected_at` ({}) is in the future", input.collected_at),
        ));
    }
    let opt = |field: &'static str, v: &Option<String>| match v.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => guard::text(field, v).map(Some),
    };
    Ok(vec![Event::EvidenceAdded(EvidenceRecord {
        id: guard::next_id("EV", state.evidence.len()),
        description: guard::text("description", &input.description)?,
        taken_from: guard::text("taken_from", &input.taken_from)?,
        collected_by: opt("collected_by", &input.collected_by)?
            .unwrap_or_else(|| ctx.actor.name.clone()),
        collected_at: input.collected_at,
        tool: opt("tool", &input.tool)?,
        sha256,
        upload: input.upload.clone(),
        location: opt("location", &input.location)?,
        custodian: ctx.actor.clone(),
    })])
}

/// The holder hands the item to someone on the team; custody passes when
/// they acknowledge.
pub fn transfer(
    state: &IncidentState,
    ctx: &Context,
    evidence: &str,
    to: PersonRef,
    reason: &str,
    destination: &str,
) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::TransferEvidence)?;
    let item = item(state, evidence)?;
    if item.custodian.id != ctx.actor.id {
        return Err(Rejection::forbidden(format!(
            "{evidence} is held by {}: only its custodian hands it over",
            item.custodian.name
        )));
    }
    if let Some(p) = &item.pending {
        return Err(Rejection::conflict(format!(
            "{evidence} is already being handed to {}, who has not acknowledged it: custody moves one step at a time",
            p.to.name
        )));
    }
    if !state.is_member(to.id) {
        return Err(Rejection::invalid(
            "to",
            format!(
                "{} is not on the team of {}: custody passes only within the team",
                to.name, state.reference
            ),
        ));
    }
    if to.id == ctx.actor.id {
        return Err(Rejection::invalid("to", "you already hold it"));
    }
    Ok(vec![Event::CustodyTransferred {
        evidence: item.id.clone(),
        from: ctx.actor.clone(),
        to,
        reason: guard::text("reason", reason)?,
        destination: guard::text("destination", destination)?,
    }])
}

/// The receiver acknowledges: custody is theirs from this entry on.
pub fn acknowledge(state: &IncidentState, ctx: &Context, evidence: &str) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::AcknowledgeEvidence)?;
    let item = item(state, evidence)?;
    let Some(pending) = &item.pending else {
        return Err(Rejection::conflict(format!(
            "{evidence} is not being handed over; nothing to acknowledge"
        )));
    };
    if pending.to.id != ctx.actor.id {
        return Err(Rejection::forbidden(format!(
            "{evidence} is being handed to {}; only they acknowledge it",
            pending.to.name
        )));
    }
    Ok(vec![Event::CustodyAcknowledged {
        evidence: item.id.clone(),
        by: ctx.actor.clone(),
    }])
}

fn item<'a>(state: &'a IncidentState, id: &str) -> Decision<&'a crate::state::EvidenceItem> {
    state.evidence_item(id).ok_or_else(|| {
        Rejection::not_found(
            "evidence",
            format!("{} has no evidence item {id}", state.reference),
        )
    })
}

/// An uploaded file's name: one line, no folders (it names the download, and
/// a name with `/` or `..` could land outside the folder it is saved in).
fn file_name(name: &str) -> Decision<()> {
    crate::text::check("file_name", name, crate::text::Shape::Line)?;
    let bad = name.trim().is_empty()
        || name.contains(['/', '\\'])
        || name == "."
        || name == ".."
        || name.len() > 255;
    if bad {
        return Err(Rejection::invalid(
            "file_name",
            format!(
                "{name:?} is not a file name: give the name alone (at most 255 bytes), without folders"
            ),
        ));
    }
    Ok(())
}

/// A SHA-256 as 64 hex digits, lower-cased.
fn sha256(text: &str) -> Decision<String> {
    let t = text.trim();
    if t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(t.to_ascii_lowercase())
    } else {
        Err(Rejection::invalid(
            "sha256",
            format!(
                "a SHA-256 is 64 hex digits; got {} characters",
                t.chars().count()
            ),
        ))
    }
}

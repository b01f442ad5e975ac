//! C2SP `signed-note`: a text, a blank line, then one signature line per key,
//! `— <name> <base64(key id || signature)>`. Opening is strict, so a note
//! that Go's `note.Open` would refuse is refused here too, and with a reason.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::checkpoint::{Checkpoint, CheckpointError};
use crate::key::{Signer, Verifier, check_key_name};

/// More signature lines than this is refused (Go's limit; C2SP asks for at
/// least 16), so a hostile note cannot make us verify without end.
pub const MAX_SIGNATURES: usize = 100;

const DASH: &str = "\u{2014} ";

/// Why a note could not be signed or opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    #[error("the note is not UTF-8")]
    NotUtf8,
    #[error("line {line} holds a control character other than newline")]
    ControlCharacter { line: usize },
    #[error("the note text is empty")]
    EmptyText,
    #[error("the note does not end in a newline")]
    NoFinalNewline,
    #[error("no blank line followed by signature lines")]
    NoSignatures,
    #[error("signature line {line}: {problem}")]
    MalformedSignature { line: usize, problem: String },
    #[error("{found} signatures; at most {MAX_SIGNATURES} are read")]
    TooManySignatures { found: usize },
    /// Only when signing: the same key twice would add nothing.
    #[error("key {0} is given twice to sign with")]
    DuplicateSignature(KeyRef),
    #[error("the signature of known key {0} does not verify")]
    BadSignature(KeyRef),
    #[error("no signature by a known key (signed by: {})", list(.signed_by))]
    NoKnownSignature { signed_by: Vec<KeyRef> },
    #[error("nothing to sign with: no signer given")]
    NoSigner,
    #[error(transparent)]
    Checkpoint(#[from] CheckpointError),
}

fn list(keys: &[KeyRef]) -> String {
    keys.iter()
        .map(KeyRef::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A key as a signature line names it: name and key ID.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct KeyRef {
    pub name: String,
    pub key_id: u32,
}

impl fmt::Display for KeyRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}+{:08x}", self.name, self.key_id)
    }
}

/// An opened note: its text, which keys verified it, and which signatures
/// were by keys not asked about (witnesses, a rotated key) and so ignored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenedNote {
    pub text: String,
    pub verified_by: Vec<KeyRef>,
    pub unknown: Vec<KeyRef>,
}

/// The line (1-based) of the first control character other than newline.
fn control_character_line(text: &str) -> Option<usize> {
    text.split('\n')
        .position(|line| line.chars().any(|c| (c as u32) < 0x20))
        .map(|i| i + 1)
}

fn check_text(text: &str) -> Result<(), NoteError> {
    if text.is_empty() {
        return Err(NoteError::EmptyText);
    }
    if let Some(line) = control_character_line(text) {
        return Err(NoteError::ControlCharacter { line });
    }
    if !text.ends_with('\n') {
        return Err(NoteError::NoFinalNewline);
    }
    Ok(())
}

/// Signs `text` with each signer, returning the whole note. A rotation signs
/// with the old and the new key at once.
pub fn sign(text: &str, signers: &[&Signer]) -> Result<String, NoteError> {
    check_text(text)?;
    if signers.is_empty() {
        return Err(NoteError::NoSigner);
    }
    let mut note = String::with_capacity(text.len() + 1 + signers.len() * 110);
    note.push_str(text);
    note.push('\n');
    let mut seen = Vec::with_capacity(signers.len());
    for signer in signers {
        let key = KeyRef {
            name: signer.name().to_string(),
            key_id: signer.key_id(),
        };
        if seen.contains(&key) {
            return Err(NoteError::DuplicateSignature(key));
        }
        let mut payload = Vec::with_capacity(68);
        payload.extend_from_slice(&signer.key_id().to_be_bytes());
        payload.extend_from_slice(&signer.sign(text.as_bytes()));
        note.push_str(DASH);
        note.push_str(signer.name());
        note.push(' ');
        note.push_str(&STANDARD.encode(payload));
        note.push('\n');
        seen.push(key);
    }
    Ok(note)
}

/// One parsed signature line.
struct Line {
    key: KeyRef,
    signature: Vec<u8>,
}

fn parse_line(line: &str, number: usize) -> Result<Line, NoteError> {
    let malformed = |problem: &str| NoteError::MalformedSignature {
        line: number,
        problem: problem.to_string(),
    };
    let rest = line
        .strip_prefix(DASH)
        .ok_or_else(|| malformed("does not start with an em dash and a space"))?;
    let (name, b64) = rest
        .split_once(' ')
        .ok_or_else(|| malformed("no space between the key name and the signature"))?;
    check_key_name(name).map_err(|e| malformed(&e.to_string()))?;
    let bytes = match STANDARD.decode(b64) {
        Ok(bytes) if STANDARD.encode(&bytes) == b64 => bytes,
        _ => return Err(malformed("the signature is not canonical standard base64")),
    };
    if bytes.len() < 5 {
        return Err(malformed(
            "the signature is shorter than a key ID and one byte",
        ));
    }
    let (id, signature) = bytes.split_at(4);
    Ok(Line {
        key: KeyRef {
            name: name.to_string(),
            key_id: u32::from_be_bytes([id[0], id[1], id[2], id[3]]),
        },
        signature: signature.to_vec(),
    })
}

/// Opens a signed note: checks its format strictly, verifies every signature
/// by a key in `verifiers` (any bad one refuses the note) and ignores the
/// others. At least one known key must have signed.
pub fn open(note: impl AsRef<[u8]>, verifiers: &[Verifier]) -> Result<OpenedNote, NoteError> {
    let note = std::str::from_utf8(note.as_ref()).map_err(|_| NoteError::NotUtf8)?;
    if let Some(line) = control_character_line(note) {
        return Err(NoteError::ControlCharacter { line });
    }
    if !note.ends_with('\n') {
        return Err(NoteError::NoFinalNewline);
    }
    // The text may hold blank lines itself; the last one separates it.
    let split = note.rfind("\n\n").ok_or(NoteError::NoSignatures)?;
    let (text, signatures) = (&note[..=split], &note[split + 2..]);
    if signatures.is_empty() {
        return Err(NoteError::NoSignatures);
    }
    let lines: Vec<&str> = signatures[..signatures.len() - 1].split('\n').collect();
    if lines.len() > MAX_SIGNATURES {
        return Err(NoteError::TooManySignatures { found: lines.len() });
    }
    let first_line = text.matches('\n').count() + 2;
    let parsed = lines
        .iter()
        .enumerate()
        .map(|(i, line)| parse_line(line, first_line + i))
        .collect::<Result<Vec<Line>, NoteError>>()?;
    let mut opened = OpenedNote {
        text: text.to_string(),
        verified_by: Vec::new(),
        unknown: Vec::new(),
    };
    for line in parsed {
        // A key is known only by name and ID together (C2SP): a stranger
        // sharing one of them is ignored, not taken for ours.
        let known = verifiers
            .iter()
            .find(|v| v.name() == line.key.name && v.key_id() == line.key.key_id);
        // A key may sign twice (Go's note.Open drops the repeat); each of a
        // known key's signatures is still checked, and listed once.
        let seen = match known {
            Some(v) if v.verify(text.as_bytes(), &line.signature) => &mut opened.verified_by,
            Some(_) => return Err(NoteError::BadSignature(line.key)),
            None => &mut opened.unknown,
        };
        if !seen.contains(&line.key) {
            seen.push(line.key);
        }
    }
    if opened.verified_by.is_empty() {
        return Err(NoteError::NoKnownSignature {
            signed_by: opened.unknown,
        });
    }
    Ok(opened)
}

/// Signs a checkpoint, after checking it writes as the text it stands for.
pub fn sign_checkpoint(checkpoint: &Checkpoint, signers: &[&Signer]) -> Result<String, NoteError> {
    checkpoint.check()?;
    sign(&checkpoint.to_note_text(), signers)
}

/// Opens a signed checkpoint with the log's keys and parses its text.
pub fn open_checkpoint(
    note: impl AsRef<[u8]>,
    verifiers: &[Verifier],
) -> Result<Checkpoint, NoteError> {
    let opened = open(note, verifiers)?;
    Ok(Checkpoint::parse(&opened.text)?)
}

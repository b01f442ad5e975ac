//! Signed notes against the Go sumdb `note` package's documented example,
//! and the refusals a verifier outside the server relies on.

use muster_tlog::{
    Checkpoint, KeyRef, MemoryTree, NoteError, Signer, Verifier, open, open_checkpoint, sign,
    sign_checkpoint,
};

const SKEY: &str = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
const VKEY: &str = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const TEXT: &str = "If you think cryptography is the answer to your problem,\n\
                    then you don't know what your problem is.\n";
const NOTE: &str = "If you think cryptography is the answer to your problem,\n\
                    then you don't know what your problem is.\n\
                    \n\
                    \u{2014} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

fn peter() -> (Signer, Verifier) {
    (Signer::parse(SKEY).unwrap(), Verifier::parse(VKEY).unwrap())
}

fn peter_ref() -> KeyRef {
    KeyRef {
        name: "PeterNeumann".into(),
        key_id: 0xc74f20a3,
    }
}

#[test]
fn signing_the_go_example_gives_the_go_note_byte_for_byte() {
    let (signer, _) = peter();
    assert_eq!(sign(TEXT, &[&signer]).unwrap(), NOTE);
}

#[test]
fn the_go_example_note_opens() {
    let (_, verifier) = peter();
    let opened = open(NOTE, &[verifier]).unwrap();
    assert_eq!(opened.text, TEXT);
    assert_eq!(opened.verified_by, vec![peter_ref()]);
    assert!(opened.unknown.is_empty());
}

#[test]
fn a_changed_text_or_signature_is_refused() {
    let (_, verifier) = peter();
    let tampered = NOTE.replace("cryptography", "cryptographY");
    assert_eq!(
        open(&tampered, std::slice::from_ref(&verifier)),
        Err(NoteError::BadSignature(peter_ref()))
    );
    let bad_sig = NOTE.replace("x08go/ZJ", "x08go/ZK");
    assert_eq!(
        open(&bad_sig, &[verifier]),
        Err(NoteError::BadSignature(peter_ref()))
    );
}

#[test]
fn unknown_keys_are_ignored_but_one_known_key_must_sign() {
    let (peter, peter_v) = peter();
    let witness = Signer::generate("witness.example/w1").unwrap();
    let note = sign(TEXT, &[&peter, &witness]).unwrap();
    let opened = open(&note, std::slice::from_ref(&peter_v)).unwrap();
    assert_eq!(opened.verified_by, vec![peter_ref()]);
    assert_eq!(opened.unknown.len(), 1);
    assert_eq!(opened.unknown[0].name, "witness.example/w1");

    let stranger = Signer::generate("stranger.example").unwrap();
    match open(&note, &[stranger.verifier()]) {
        Err(NoteError::NoKnownSignature { signed_by }) => assert_eq!(signed_by.len(), 2),
        other => panic!("opened with a stranger's key: {other:?}"),
    }
    // A key sharing the name but not the ID is someone else's.
    let namesake = Signer::generate("PeterNeumann").unwrap();
    assert!(matches!(
        open(NOTE, &[namesake.verifier()]),
        Err(NoteError::NoKnownSignature { .. })
    ));
}

#[test]
fn the_format_is_checked_strictly() {
    let (_, v) = peter();
    let vs = std::slice::from_ref(&v);
    let no_newline = NOTE.trim_end_matches('\n');
    assert_eq!(open(no_newline, vs), Err(NoteError::NoFinalNewline));
    let no_blank = NOTE.replacen("is.\n\n", "is.\n", 1);
    assert!(matches!(
        open(&no_blank, vs),
        Err(NoteError::NoSignatures | NoteError::MalformedSignature { .. })
    ));
    assert_eq!(
        open(TEXT.to_string() + "\n", vs),
        Err(NoteError::NoSignatures)
    );
    let hyphen = NOTE.replace('\u{2014}', "--");
    assert!(matches!(
        open(&hyphen, vs),
        Err(NoteError::MalformedSignature { line: 4, .. })
    ));
    let cr = NOTE.replace("problem,\n", "problem,\r\n");
    assert_eq!(open(&cr, vs), Err(NoteError::ControlCharacter { line: 1 }));
    assert_eq!(open(b"\xff\n\n".as_slice(), vs), Err(NoteError::NotUtf8));
    // A repeated signature is listed once, as Go's note.Open does; a bad
    // repeat still refuses the note.
    let line = NOTE.lines().last().unwrap();
    let twice = format!("{NOTE}{line}\n");
    assert_eq!(open(&twice, vs).unwrap().verified_by, vec![peter_ref()]);
    let bad_repeat = format!("{NOTE}{}\n", line.replace("x08go/ZJ", "x08go/ZK"));
    assert_eq!(
        open(&bad_repeat, vs),
        Err(NoteError::BadSignature(peter_ref()))
    );
    let (signer, _) = peter();
    assert_eq!(
        sign(TEXT, &[&signer, &signer]),
        Err(NoteError::DuplicateSignature(peter_ref()))
    );
    let short = format!("{TEXT}\n\u{2014} PeterNeumann AAAA\n");
    assert!(matches!(
        open(&short, vs),
        Err(NoteError::MalformedSignature { line: 4, .. })
    ));
    assert_eq!(
        sign("no newline", &[&peter().0]),
        Err(NoteError::NoFinalNewline)
    );
    assert_eq!(sign(TEXT, &[]), Err(NoteError::NoSigner));
}

#[test]
fn a_checkpoint_signed_by_two_keys_opens_with_either_for_rotation() {
    let mut tree = MemoryTree::new();
    for i in 0..10u32 {
        tree.append(&i.to_be_bytes());
    }
    let checkpoint = Checkpoint::new("muster.example/log", tree.size(), tree.root());
    let old = Signer::generate("muster.example/log").unwrap();
    let new = Signer::generate("muster.example/log").unwrap();
    let note = sign_checkpoint(&checkpoint, &[&old, &new]).unwrap();
    assert!(note.starts_with(&checkpoint.to_note_text()));
    assert_eq!(
        open_checkpoint(&note, &[old.verifier()]).unwrap(),
        checkpoint
    );
    assert_eq!(
        open_checkpoint(&note, &[new.verifier()]).unwrap(),
        checkpoint
    );
    let both = open(&note, &[old.verifier(), new.verifier()]).unwrap();
    assert_eq!(both.verified_by.len(), 2);

    let mut bad = checkpoint.clone();
    bad.origin = "two\nlines".into();
    assert!(matches!(
        sign_checkpoint(&bad, &[&old]),
        Err(NoteError::Checkpoint(_))
    ));
    // A signed text that is not a checkpoint opens as a note but not as one.
    let prose = sign(TEXT, &[&old]).unwrap();
    assert!(matches!(
        open_checkpoint(&prose, &[old.verifier()]),
        Err(NoteError::Checkpoint(_))
    ));
}

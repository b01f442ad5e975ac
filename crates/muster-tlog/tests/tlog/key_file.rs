//! The key file on a real file system: created 0600, never overwritten, and
//! refused when others could read it.

use std::fs;
use std::os::unix::fs::PermissionsExt as _;

use muster_tlog::{KeyFileError, Signer, read_key_file, write_key_file};

#[test]
fn a_written_key_reads_back_and_is_private() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log.key");
    let signer = Signer::generate("muster.example/log").unwrap();
    write_key_file(&path, &signer).unwrap();
    let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o7777;
    assert_eq!(mode, 0o600);
    let text = fs::read_to_string(&path).unwrap();
    assert_eq!(text, format!("{}\n", *signer.to_key_text()));
    let back = read_key_file(&path).unwrap();
    assert_eq!(back.verifier(), signer.verifier());
}

#[test]
fn an_existing_file_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log.key");
    let first = Signer::generate("muster.example/log").unwrap();
    write_key_file(&path, &first).unwrap();
    let second = Signer::generate("muster.example/log").unwrap();
    let err = write_key_file(&path, &second).unwrap_err();
    assert!(matches!(err, KeyFileError::Exists { .. }), "{err}");
    assert!(err.to_string().contains("never overwritten"));
    assert_eq!(read_key_file(&path).unwrap().verifier(), first.verifier());
}

#[test]
fn a_file_others_can_read_is_refused_naming_its_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log.key");
    let signer = Signer::generate("muster.example/log").unwrap();
    write_key_file(&path, &signer).unwrap();
    for mode in [0o640, 0o604, 0o644, 0o660] {
        fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
        match read_key_file(&path) {
            Err(KeyFileError::Permissions { mode: found, .. }) => assert_eq!(found, mode),
            other => panic!("mode {mode:o} accepted: {other:?}"),
        }
    }
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    let message = read_key_file(&path).unwrap_err().to_string();
    assert!(message.contains("0644"), "{message}");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o400)).unwrap();
    read_key_file(&path).unwrap();
}

#[test]
fn a_file_that_is_not_a_key_is_refused_without_echoing_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log.key");
    fs::write(&path, "PRIVATE+KEY+name+00000000+c2VjcmV0LXNlY3JldA==\n").unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
    let err = read_key_file(&path).unwrap_err();
    assert!(matches!(err, KeyFileError::Key { .. }), "{err}");
    assert!(!err.to_string().contains("c2VjcmV0"), "{err}");
    let missing = read_key_file(&dir.path().join("absent")).unwrap_err();
    assert!(matches!(missing, KeyFileError::Io { .. }));
}

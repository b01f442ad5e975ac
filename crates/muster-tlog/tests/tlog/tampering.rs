//! Any change to a signed checkpoint, anywhere, is refused: no byte of the
//! note is outside what the signature and the strict format cover. And no
//! input makes the parsers or verifiers panic.

use muster_tlog::{
    Checkpoint, Hash, MemoryTree, Signer, leaf_hash, open_checkpoint, sign_checkpoint,
    verify_consistency, verify_inclusion,
};

#[test]
fn every_changed_or_dropped_byte_of_a_signed_checkpoint_is_refused() {
    let mut tree = MemoryTree::new();
    for i in 0..1000u32 {
        tree.append(&i.to_le_bytes());
    }
    let signer = Signer::from_seed("muster.example/log", &[7; 32]).unwrap();
    let verifiers = [signer.verifier()];
    let checkpoint = Checkpoint::new("muster.example/log", tree.size(), tree.root());
    let note = sign_checkpoint(&checkpoint, &[&signer])
        .unwrap()
        .into_bytes();
    assert_eq!(open_checkpoint(&note, &verifiers).unwrap(), checkpoint);

    for at in 0..note.len() {
        for bit in [0x01u8, 0x20, 0x80] {
            let mut changed = note.clone();
            changed[at] ^= bit;
            assert!(
                open_checkpoint(&changed, &verifiers).is_err(),
                "byte {at} xor {bit:#04x} was accepted"
            );
        }
        let mut dropped = note.clone();
        dropped.remove(at);
        assert!(
            open_checkpoint(&dropped, &verifiers).is_err(),
            "byte {at} dropped was accepted"
        );
        assert!(
            open_checkpoint(&note[..at], &verifiers).is_err(),
            "cut at {at}"
        );
    }
}

#[test]
fn hostile_sizes_and_proofs_are_refused_without_panicking() {
    let h = leaf_hash(b"x");
    let long: Vec<Hash> = vec![h; 200];
    for size in [1, 2, 3, u64::MAX / 2, u64::MAX - 1, u64::MAX] {
        for index in [0, 1, size / 2, size - 1, size] {
            for len in [0, 1, 63, 64, 65, 200] {
                let r = verify_inclusion(index, size, &h, &long[..len], &h);
                // Only a one-leaf tree, whose root is its leaf, can pass.
                let valid = size == 1 && index == 0 && len == 0;
                assert_eq!(r.is_ok(), valid, "{index} of {size}, {len}");
            }
        }
        for m in [0, 1, size / 2, size - 1, size] {
            for len in [0, 1, 64, 128, 200] {
                let r = verify_consistency(m, size, &h, &h, &long[..len]);
                // Only a tree against itself with an empty proof can pass.
                assert_eq!(r.is_ok(), m == size && len == 0, "{m} -> {size}, {len}");
            }
        }
    }
    for text in [
        "",
        "\n",
        "\n\n",
        "\u{2014} \n",
        "a\n\n\u{2014} a \n",
        "a\n\n\u{2014}  x\n",
    ] {
        assert!(open_checkpoint(text, &[]).is_err(), "{text:?}");
        assert!(Checkpoint::parse(text).is_err(), "{text:?}");
    }
}

#!/usr/bin/env python3
"""Verify an exported Muster incident log without Muster's code.

Usage: python3 verify_log.py EXPORT.json

Implements docs/log-format.md with the Python 3 standard library only. Prints
`OK: <n> entries, head hash <hex>` and exits 0 when the chain is whole, or
`BROKEN at seq <n>: <reason>` (the first entry where it goes wrong) and exits 1.
A file that is not a log export at all gets `ERROR: <reason>` and exit status 1.
"""

import hashlib
import json
import sys

GENESIS_HASH = "0" * 64

# The fields whose canonical encoding is hashed, in the order the encoding
# writes them: sorted by their UTF-8 bytes.
STRING_FIELDS = ("actor", "actor_name", "incident", "kind", "recorded_at")
INTEGER_FIELDS = ("seq", "v")


class Broken(Exception):
    def __init__(self, seq, reason):
        super().__init__(reason)
        self.seq = seq
        self.reason = reason


class NotAnExport(Exception):
    pass


def json_string(s):
    # The same bytes as serde_json: `"` and `\` escaped, \b \f \n \r \t as
    # short escapes, other control characters as \u00xx, everything else
    # (including non-ASCII) as itself.
    return json.dumps(s, ensure_ascii=False)


def canonical(entry):
    """The canonical UTF-8 bytes of an entry: what its hash covers after the
    previous hash."""
    occurred_at = entry["occurred_at"]
    members = [
        ("actor", json_string(entry["actor"])),
        ("actor_name", json_string(entry["actor_name"])),
        ("incident", json_string(entry["incident"])),
        ("kind", json_string(entry["kind"])),
        ("occurred_at", "null" if occurred_at is None else json_string(occurred_at)),
        # The payload is already canonical JSON text: it goes in verbatim.
        ("payload", entry["payload"]),
        ("recorded_at", json_string(entry["recorded_at"])),
        ("seq", str(entry["seq"])),
        ("v", str(entry["v"])),
    ]
    text = "{" + ",".join(json_string(k) + ":" + v for k, v in members) + "}"
    return text.encode("utf-8")


def entry_hash(entry):
    digest = hashlib.sha256()
    digest.update(bytes.fromhex(entry["prev_hash"]))
    digest.update(canonical(entry))
    return digest.hexdigest()


def is_integer(x):
    return isinstance(x, int) and not isinstance(x, bool) and x >= 0


def check_shape(entry, expected_seq):
    """Every field present with its type; anything else is a broken entry."""
    at = expected_seq
    if not isinstance(entry, dict):
        raise Broken(at, "the entry is not a JSON object")
    for field in STRING_FIELDS + ("payload", "prev_hash", "hash"):
        if not isinstance(entry.get(field), str):
            raise Broken(at, f"field `{field}` is missing or not a string")
    for field in INTEGER_FIELDS:
        if not is_integer(entry.get(field)):
            raise Broken(at, f"field `{field}` is missing or not a non-negative integer")
    if "occurred_at" not in entry or not (
        entry["occurred_at"] is None or isinstance(entry["occurred_at"], str)
    ):
        raise Broken(at, "field `occurred_at` is missing or neither a string nor null")
    try:
        payload = json.loads(entry["payload"])
    except ValueError as e:
        raise Broken(at, f"field `payload` is not JSON text: {e}")
    if not isinstance(payload, dict):
        raise Broken(at, "field `payload` is not the JSON text of an object")


def verify(log):
    """Checks the chain; returns (count, head_hash) or raises Broken."""
    expected_seq = 1
    head = GENESIS_HASH
    for entry in log["entries"]:
        check_shape(entry, expected_seq)
        seq = entry["seq"]
        if seq != expected_seq:
            raise Broken(
                min(seq, expected_seq),
                f"expected entry {expected_seq} but found entry {seq}: "
                "an entry is missing or out of order",
            )
        if entry["prev_hash"] != head:
            raise Broken(
                seq,
                f"prev_hash {entry['prev_hash']} does not match the hash of entry "
                f"{seq - 1} ({head})",
            )
        try:
            actual = entry_hash(entry)
        except (UnicodeEncodeError, ValueError) as e:
            raise Broken(seq, f"the entry cannot be encoded: {e}")
        if actual != entry["hash"]:
            raise Broken(
                seq,
                f"stored hash {entry['hash']} but the entry's contents hash to "
                f"{actual}: the entry was altered",
            )
        head = entry["hash"]
        expected_seq += 1
    count = expected_seq - 1

    # A chain cut short is still a whole chain: the export's own totals show it.
    stated = log["entries_count"]
    if stated != count:
        first = min(stated, count) + 1
        raise Broken(
            first,
            f"the export says the log holds {stated} entries but it holds {count}: "
            "entries are missing from the end, or were added",
        )
    if log["head_hash"] != head:
        raise Broken(
            count,
            f"the export's head_hash {log['head_hash']} is not the hash of its last "
            f"entry ({head})",
        )
    return count, head


def no_duplicate_keys(pairs):
    obj = {}
    for key, value in pairs:
        if key in obj:
            raise NotAnExport(f"duplicate key `{key}` in a JSON object")
        obj[key] = value
    return obj


def load(path):
    try:
        with open(path, "rb") as f:
            doc = json.loads(f.read().decode("utf-8"), object_pairs_hook=no_duplicate_keys)
    except OSError as e:
        raise NotAnExport(f"cannot read {path}: {e.strerror}")
    except (UnicodeDecodeError, ValueError) as e:
        raise NotAnExport(f"{path} is not UTF-8 JSON: {e}")
    log = doc.get("log") if isinstance(doc, dict) else None
    if not isinstance(log, dict):
        raise NotAnExport("the export has no top-level `log` object")
    if not isinstance(log.get("entries"), list):
        raise NotAnExport("the export's `log.entries` is missing or not an array")
    if not is_integer(log.get("entries_count")):
        raise NotAnExport("the export's `log.entries_count` is missing or not an integer")
    if not isinstance(log.get("head_hash"), str):
        raise NotAnExport("the export's `log.head_hash` is missing or not a string")
    return log


def main(argv):
    if len(argv) != 2:
        print("usage: verify_log.py EXPORT.json", file=sys.stderr)
        return 2
    try:
        count, head = verify(load(argv[1]))
    except NotAnExport as e:
        print(f"ERROR: {e}")
        return 1
    except Broken as b:
        print(f"BROKEN at seq {b.seq}: {b.reason}")
        return 1
    print(f"OK: {count} entries, head hash {head}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

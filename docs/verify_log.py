#!/usr/bin/env python3
"""Verify an exported Muster incident log without Muster's code.

Usage: python3 verify_log.py EXPORT.json

Implements docs/log-format.md with the Python 3 standard library only. Prints
`OK: <n> entries, head hash <hex>` and exits 0 when the chain holds (followed
by one `acknowledged: …` line per break an administrator acknowledged, §6), or
`BROKEN at seq <n>: <reason>` (the first break nobody acknowledged) and exits
1. A file that is not a log export at all gets `ERROR: <reason>` and exit
status 1.
"""

import hashlib
import json
import re
import sys

GENESIS_HASH = "0" * 64
ACKNOWLEDGED_KIND = "break-acknowledged"
MAX_DEPTH = 64
U64_MAX = 2**64 - 1
U32_MAX = 2**32 - 1
I64_MIN = -(2**63)
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
MEMBERS = ("incident", "seq", "recorded_at", "occurred_at", "actor", "actor_name",
           "kind", "v", "payload", "prev_hash", "hash")


class NotAnExport(Exception):
    pass


class NotAnEntry(Exception):
    pass


class Break:
    def __init__(self, seq, reason, expected="", found=""):
        self.seq, self.reason, self.expected, self.found = seq, reason, expected, found


# JSON as every verifier reads it (§1): numbers that fit a double, `-0` a
# number that is not an integer, no NaN or Infinity.
class BadNumber(ValueError):
    pass


def json_int(text):
    if text == "-0":
        return -0.0
    n = int(text)
    try:
        float(n)
    except OverflowError:
        raise BadNumber(f"the number {text[:20]}… is out of range")
    return n


def json_float(text):
    f = float(text)
    if f in (float("inf"), float("-inf")):
        raise BadNumber(f"the number {text} is out of range")
    return f


def json_constant(text):
    raise BadNumber(f"{text} is not JSON")


def parse(text, **hooks):
    return json.loads(text, parse_int=json_int, parse_float=json_float,
                      parse_constant=json_constant, **hooks)


def json_string(s):
    # The same bytes as serde_json: `"` and `\` escaped, \b \f \n \r \t as
    # short escapes, other control characters as \u00xx, everything else
    # (including non-ASCII) as itself.
    return json.dumps(s, ensure_ascii=False)


def canonical_json(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


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
        # The payload's stored text goes in verbatim.
        ("payload", entry["payload"]),
        ("recorded_at", json_string(entry["recorded_at"])),
        ("seq", str(entry["seq"])),
        ("v", str(entry["v"])),
    ]
    text = "{" + ",".join(json_string(k) + ":" + v for k, v in members) + "}"
    return text.encode("utf-8")


HEX64 = re.compile(r"[0-9a-fA-F]{64}")


def entry_hash(entry, prev):
    # §4: a prev_hash that is not 64 hexadecimal digits stands for 32 zero
    # bytes (it can only follow a broken entry).
    digest = hashlib.sha256()
    digest.update(bytes.fromhex(prev) if HEX64.fullmatch(prev) else bytes(32))
    digest.update(canonical(entry))
    return digest.hexdigest()


def is_integer(x, top):
    return isinstance(x, int) and not isinstance(x, bool) and 0 <= x <= top


def walk(value):
    """Yields (depth, value) for every value; containers count one level."""
    stack = [(1, value)]
    while stack:
        depth, v = stack.pop()
        yield depth, v
        if isinstance(v, dict):
            stack.extend((depth + 1, x) for x in v.values())
            stack.extend((depth + 1, k) for k in v.keys())
        elif isinstance(v, list):
            stack.extend((depth + 1, x) for x in v)


def payload_problem(text):
    """Why a payload is not the canonical JSON text of an object (§3)."""
    try:
        value = parse(text)
    except (ValueError, RecursionError) as e:
        return f"the payload is not JSON text: {e}"
    if not isinstance(value, dict):
        return "the payload is not the JSON text of an object"
    for depth, v in walk(value):
        if isinstance(v, (dict, list)) and depth > MAX_DEPTH:
            return f"the payload is nested more than {MAX_DEPTH} levels deep"
        if isinstance(v, float) or (
            isinstance(v, int) and not isinstance(v, bool) and not I64_MIN <= v <= U64_MAX
        ):
            return f"the payload holds {v}, which is not a 64-bit integer"
    if canonical_json(value) != text:
        return "the payload is not in the canonical form of §3"
    return None


def shape(entry):
    """Check 1: an entry's members and their types, in §2's order."""
    if not isinstance(entry, dict):
        raise NotAnEntry("the entry is not a JSON object")

    def text(field):
        if not isinstance(entry.get(field), str):
            raise NotAnEntry(f"field `{field}` is missing or not a string")

    def uuid(field):
        text(field)
        if not UUID.fullmatch(entry[field]):
            raise NotAnEntry(f"field `{field}` is not a lowercase hyphenated UUID")

    def integer(field, top):
        if not is_integer(entry.get(field), top):
            raise NotAnEntry(f"field `{field}` is missing or not an integer from 0 to {top}")

    uuid("incident")
    integer("seq", U64_MAX)
    text("recorded_at")
    if "occurred_at" not in entry or not (
        entry["occurred_at"] is None or isinstance(entry["occurred_at"], str)
    ):
        raise NotAnEntry("field `occurred_at` is missing or neither a string nor null")
    uuid("actor")
    text("actor_name")
    text("kind")
    integer("v", U32_MAX)
    for field in ("payload", "prev_hash", "hash"):
        text(field)
    for key in entry:
        if key not in MEMBERS:
            raise NotAnEntry(f"member `{key}` is not part of an entry")


class Verifier:
    """§5's walk: a break re-anchors the walk on the broken entry, so that a
    later acknowledgement (§6) of it can be matched."""

    def __init__(self):
        self.expected_seq = 1
        self.head = GENESIS_HASH
        self.entries = 0
        self.pending = []
        self.acknowledged = []
        self.stopped = None

    def push(self, entry):
        self.entries += 1
        problem = self.check(entry)
        if problem is not None:
            self.pending.append(problem)
        elif entry["kind"] == ACKNOWLEDGED_KIND:
            self.acknowledge(entry)
        self.expected_seq = min(entry["seq"] + 1, U64_MAX)
        self.head = entry["hash"]

    def check(self, entry):
        seq = entry["seq"]
        if seq != self.expected_seq:
            return Break(min(seq, self.expected_seq),
                         f"expected entry {self.expected_seq} but found entry {seq}: "
                         "an entry is missing or out of order",
                         self.head, entry["prev_hash"])
        if entry["prev_hash"] != self.head:
            return Break(seq,
                         f"prev_hash {entry['prev_hash']} does not match the hash of entry "
                         f"{seq - 1} ({self.head})",
                         self.head, entry["prev_hash"])
        actual = entry_hash(entry, entry["prev_hash"])
        problem = payload_problem(entry["payload"])
        if problem is not None:
            return Break(seq, problem, actual, entry["hash"])
        if actual != entry["hash"]:
            return Break(seq,
                         f"stored hash {entry['hash']} but the entry's contents hash to "
                         f"{actual}: the entry was altered",
                         actual, entry["hash"])
        return None

    def acknowledge(self, entry):
        payload = parse(entry["payload"])
        seq, expected, found = (payload.get(k) for k in ("seq", "expected", "found"))
        if not (is_integer(seq, U64_MAX) and isinstance(expected, str)
                and isinstance(found, str)):
            return
        self.pending = [b for b in self.pending
                        if (b.seq, b.expected, b.found) != (seq, expected, found)]
        self.acknowledged.append((seq, entry["seq"], entry["actor_name"],
                                  payload.get("reason", ""), payload.get("problem", "")))

    def first_break(self):
        return self.pending[0] if self.pending else self.stopped


def verify(log):
    """Checks the chain and the export's totals; returns the Verifier and the
    first unacknowledged break (or None)."""
    v = Verifier()
    for entry in log["entries"]:
        try:
            shape(entry)
        except NotAnEntry as e:
            v.stopped = Break(v.expected_seq, str(e))
            break
        v.push(entry)
    first = v.first_break()
    if first is not None:
        return v, first
    # A chain cut short is still a chain: the export's totals show it, the
    # count first, then the head.
    stated, count = log["entries_count"], v.entries
    if stated != count:
        return v, Break(min(stated, count) + 1,
                        f"the export says the log holds {stated} entries but it holds {count}: "
                        "entries are missing from the end, or were added")
    if log["head_hash"] != v.head:
        return v, Break(v.expected_seq - 1,
                        f"the export's head_hash {log['head_hash']} is not the hash of its "
                        f"last entry ({v.head})")
    return v, None


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
            doc = parse(f.read().decode("utf-8"), object_pairs_hook=no_duplicate_keys)
        for depth, v in walk(doc):
            if isinstance(v, (dict, list)) and depth > MAX_DEPTH:
                raise NotAnExport(f"the file is nested more than {MAX_DEPTH} levels deep")
            if isinstance(v, str):
                # A lone surrogate (`"\ud800"`) is no Unicode text.
                v.encode("utf-8")
    except OSError as e:
        raise NotAnExport(f"cannot read {path}: {e.strerror}")
    except (UnicodeError, ValueError, RecursionError) as e:
        raise NotAnExport(f"{path} is not UTF-8 JSON: {e}")
    log = doc.get("log") if isinstance(doc, dict) else None
    if not isinstance(log, dict):
        raise NotAnExport("the export has no top-level `log` object")
    if not isinstance(log.get("entries"), list):
        raise NotAnExport("the export's `log.entries` is missing or not an array")
    if not is_integer(log.get("entries_count"), U64_MAX):
        raise NotAnExport("the export's `log.entries_count` is missing or not an integer")
    if not isinstance(log.get("head_hash"), str):
        raise NotAnExport("the export's `log.head_hash` is missing or not a string")
    return log


def main(argv):
    if len(argv) != 2:
        print("usage: verify_log.py EXPORT.json", file=sys.stderr)
        return 2
    try:
        v, first = verify(load(argv[1]))
    except NotAnExport as e:
        print(f"ERROR: {e}")
        return 1
    if first is not None:
        print(f"BROKEN at seq {first.seq}: {first.reason}")
        return 1
    print(f"OK: {v.entries} entries, head hash {v.head}")
    for seq, at, by, reason, problem in v.acknowledged:
        print(f"acknowledged: the break at seq {seq} ({problem}), by {by} at seq {at}: {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

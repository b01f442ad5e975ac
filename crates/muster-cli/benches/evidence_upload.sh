#!/usr/bin/env bash
# Uploading and hashing a 1 GiB evidence file through the real server (issue
# 11), beside `sha256sum` on the same file in the same run, and importing
# 10,000 indicators from CSV end to end (parse, decide, one commit).
#
#   crates/muster-cli/benches/evidence_upload.sh [path/to/muster] [MiB]
#
# The server runs on 127.0.0.1 over a fresh SQLite file in a temporary
# directory (the blob store beside it, on the same disk as the file read).
# Each figure is the median of 3 runs; the file is read once first so that
# both sides read it from the page cache.
set -euo pipefail
BIN=${1:-target/release/muster}
MIB=${2:-1024}
DIR=$(mktemp -d "${TMPDIR:-/tmp}/muster-bench-XXXXXX")
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$DIR"' EXIT

median() { sort -n | sed -n 2p; }
secs() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); echo "$e - $s" | bc; }

head -c "$((MIB << 20))" /dev/urandom > "$DIR/evidence.bin"
cat "$DIR/evidence.bin" > /dev/null
SHA=$(sha256sum "$DIR/evidence.bin" | cut -d' ' -f1)

export MUSTER_SETTINGS=/dev/null
TOKEN=$("$BIN" --json admin init --db "$DIR/m.db" --name "Ada Admin" --email ada@example.org | sed -n 's/.*"token": *"\([^"]*\)".*/\1/p')
"$BIN" serve --listen 127.0.0.1:0 --db "$DIR/m.db" --body-timeout-secs 600 > "$DIR/serve.out" 2> "$DIR/serve.err" &
SERVER=$!
for _ in $(seq 1 100); do grep -q http:// "$DIR/serve.out" && break; sleep 0.1; done
export MUSTER_URL=$(grep -o 'http://[0-9.:]*' "$DIR/serve.out" | head -1) MUSTER_TOKEN=$TOKEN MUSTER_CONFIG=$DIR/none.toml
REP=$("$BIN" --json report "bench" --source bench | sed -n 's/.*"reference": *"\([^"]*\)".*/\1/p' | head -1)
"$BIN" rota add --person ada@example.org --from -1m --to +1h > /dev/null
INC=$("$BIN" --json triage "$REP" --declare --severity SEV-3 --category other --personal-data no \
    --hypothesis bench --no-security | sed -n 's/.*"incident": *"\([^"]*\)".*/\1/p' | head -1)

base=(); up=(); curl_up=()
for i in 1 2 3; do
    base+=("$(secs sha256sum "$DIR/evidence.bin")")
    # Each upload is a new blob: the same bytes would be kept once, but the
    # server still streams, hashes and writes all of them before it knows.
    up+=("$(secs "$BIN" evidence add "$INC" "$DIR/evidence.bin" --taken-from bench --sha256 "$SHA")")
    # -T streams the file (--data-binary @file would read it all into memory).
    curl_up+=("$(secs curl -sf -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/octet-stream' \
        -H 'Expect:' -T "$DIR/evidence.bin" \
        "$MUSTER_URL/api/incidents/$INC/evidence/upload?file_name=c$i.bin&description=bench&taken_from=bench")")
done
b=$(printf '%s\n' "${base[@]}" | median)
u=$(printf '%s\n' "${up[@]}" | median)
c=$(printf '%s\n' "${curl_up[@]}" | median)
echo "file: $MIB MiB"
echo "baseline sha256sum:            ${b} s"
echo "muster evidence add (upload):  ${u} s  ($(echo "scale=2; $u / $b" | bc)x)"
echo "curl -T (upload):              ${c} s  ($(echo "scale=2; $c / $b" | bc)x)"

kept=$("$BIN" --json evidence list "$INC" | grep -c '"file_name": "')
[ "$kept" = 6 ] || { echo "expected 6 uploaded items, found $kept" >&2; exit 1; }

# 10,000 indicators from CSV, end to end.
{ echo "type,value,tlp"; for n in $(seq 0 9999); do echo "ipv4,10.$((n / 65536)).$(((n / 256) % 256)).$((n % 256)),green"; done; } > "$DIR/ten-thousand.csv"
imp=()
for i in 1 2 3; do
    INC2=$("$BIN" --json triage "$("$BIN" --json report "import $i" --source bench | sed -n 's/.*"reference": *"\([^"]*\)".*/\1/p' | head -1)" \
        --declare --severity SEV-3 --category other --personal-data no --hypothesis bench --no-security \
        | sed -n 's/.*"incident": *"\([^"]*\)".*/\1/p' | head -1)
    imp+=("$(secs "$BIN" indicator import "$INC2" "$DIR/ten-thousand.csv")")
done
echo "muster indicator import, 10,000 rows: $(printf '%s\n' "${imp[@]}" | median) s"

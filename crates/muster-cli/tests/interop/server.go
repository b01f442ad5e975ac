// Command server holds a running Muster server's transparency log against the
// Go checksum database's own packages (golang.org/x/mod/sumdb/note and
// .../tlog), over the HTTP contract of issue 12, as an outsider's monitor
// would: it pins the served key, opens the signed checkpoints with note.Open,
// and checks every inclusion proof with tlog.CheckRecord and the consistency
// proof with tlog.CheckTree. The e2e test `tlog_go` starts the server and runs
// this with `go run` in GOPATH mode (GO111MODULE=off,
// GOPATH=/usr/share/gocode), from Debian's golang-go and
// golang-golang-x-mod-dev.
//
// Usage: server URL TOKEN INCIDENT ENTRIES OLD NEW
//
// ENTRIES is how many entries INCIDENT has; OLD and NEW are the sizes of two
// signed checkpoints, NEW the latest.
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

var base, token string

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "go server check: "+format+"\n", args...)
	os.Exit(1)
}

func get(path string) []byte {
	req, err := http.NewRequest("GET", base+path, nil)
	if err != nil {
		fail("%v", err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fail("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		fail("GET %s: %d %s", path, resp.StatusCode, body)
	}
	return body
}

func num(s string) int64 {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		fail("number %q: %v", s, err)
	}
	return n
}

func hashes(in []string) []tlog.Hash {
	var out []tlog.Hash
	for _, s := range in {
		h, err := tlog.ParseHash(s)
		if err != nil {
			fail("hash %q: %v", s, err)
		}
		out = append(out, h)
	}
	return out
}

// open checks a signed checkpoint against the pinned key and returns its
// size and root (C2SP tlog-checkpoint: origin, size, base64 root).
func open(msg []byte, known note.Verifiers, origin string) (int64, tlog.Hash) {
	n, err := note.Open(msg, known)
	if err != nil {
		fail("checkpoint does not open with the pinned key: %v\n%s", err, msg)
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) != 4 || lines[3] != "" || lines[0] != origin {
		fail("not a checkpoint of %s: %q", origin, n.Text)
	}
	return num(lines[1]), hashes(lines[2:3])[0]
}

type inclusion struct {
	LeafIndex  int64    `json:"leaf_index"`
	TreeSize   int64    `json:"tree_size"`
	LeafHash   string   `json:"leaf_hash"`
	Hashes     []string `json:"hashes"`
	EntryHash  string   `json:"entry_hash"`
	Checkpoint string   `json:"checkpoint"`
}

type consistency struct {
	From           int64    `json:"from"`
	To             int64    `json:"to"`
	Hashes         []string `json:"hashes"`
	FromCheckpoint string   `json:"from_checkpoint"`
	ToCheckpoint   string   `json:"to_checkpoint"`
}

func decode(body []byte, v interface{}) {
	if err := json.Unmarshal(body, v); err != nil {
		fail("%v: %s", err, body)
	}
}

func main() {
	base, token = os.Args[1], os.Args[2]
	incident, entries := os.Args[3], num(os.Args[4])
	old, latest := num(os.Args[5]), num(os.Args[6])

	vkey := strings.TrimSpace(string(get("/api/log/key")))
	verifier, err := note.NewVerifier(vkey)
	if err != nil {
		fail("the served key %q: %v", vkey, err)
	}
	known := note.VerifierList(verifier)
	origin := verifier.Name()

	size, root := open(get("/api/log/checkpoint"), known, origin)
	if size != latest {
		fail("the latest checkpoint has %d entries, not %d", size, latest)
	}

	seen := map[int64]bool{}
	for seq := int64(1); seq <= entries; seq++ {
		q := url.Values{"incident": {incident}, "seq": {fmt.Sprint(seq)}, "size": {fmt.Sprint(latest)}}
		var p inclusion
		decode(get("/api/log/proof/inclusion?"+q.Encode()), &p)
		if n, r := open([]byte(p.Checkpoint), known, origin); n != latest || r != root || p.TreeSize != latest {
			fail("entry %d is proved against another tree (%d)", seq, n)
		}
		data, err := hex.DecodeString(p.EntryHash)
		if err != nil || len(data) != 32 {
			fail("entry %d's hash %q", seq, p.EntryHash)
		}
		leaf := tlog.RecordHash(data)
		if base64.StdEncoding.EncodeToString(leaf[:]) != p.LeafHash {
			fail("entry %d: leaf_hash is not RFC 6962's leaf hash of the entry's hash", seq)
		}
		proof := tlog.RecordProof(hashes(p.Hashes))
		if err := tlog.CheckRecord(proof, p.TreeSize, root, p.LeafIndex, leaf); err != nil {
			fail("inclusion of entry %d (leaf %d of %d): %v", seq, p.LeafIndex, p.TreeSize, err)
		}
		if seen[p.LeafIndex] {
			fail("two entries claim leaf %d", p.LeafIndex)
		}
		seen[p.LeafIndex] = true
		// The check can fail: the same proof for another leaf does not hold.
		other := tlog.RecordHash(bytes.Repeat([]byte{0xff}, 32))
		if tlog.CheckRecord(proof, p.TreeSize, root, p.LeafIndex, other) == nil {
			fail("entry %d's proof also proves a leaf that is not in the tree", seq)
		}
	}

	q := url.Values{"from": {fmt.Sprint(old)}, "to": {fmt.Sprint(latest)}}
	var c consistency
	decode(get("/api/log/proof/consistency?"+q.Encode()), &c)
	oldSize, oldRoot := open([]byte(c.FromCheckpoint), known, origin)
	newSize, newRoot := open([]byte(c.ToCheckpoint), known, origin)
	if oldSize != old || newSize != latest || c.From != old || c.To != latest || newRoot != root {
		fail("the consistency proof is about other checkpoints: %d -> %d", oldSize, newSize)
	}
	if err := tlog.CheckTree(tlog.TreeProof(hashes(c.Hashes)), newSize, newRoot, oldSize, oldRoot); err != nil {
		fail("consistency %d -> %d: %v", oldSize, newSize, err)
	}
	if tlog.CheckTree(tlog.TreeProof(hashes(c.Hashes)), newSize, newRoot, oldSize, root) == nil && oldSize != newSize {
		fail("the consistency proof also holds for a root the old checkpoint does not sign")
	}
	fmt.Printf("go server check: ok: %d inclusion proofs in %d, consistency %d -> %d\n", entries, latest, old, latest)
}

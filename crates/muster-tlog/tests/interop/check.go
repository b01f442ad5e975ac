// Command check holds muster-tlog's output against the Go checksum
// database's own packages (golang.org/x/mod/sumdb/note and .../tlog), so that
// existing tools are known to verify Muster's log. The Rust test
// `interop::go_tools_agree` writes the files this reads and runs this with
// `go run` in GOPATH mode (GO111MODULE=off, GOPATH=/usr/share/gocode), where
// Debian's golang-go and golang-golang-x-mod-dev put the packages.
//
// Usage: check DIR. DIR holds:
//
//	leaves       one leaf's data per line, in hex
//	stored       Muster's stored hashes, base64, one per line, in index order
//	roots        the root of the first k leaves on line k (k = 1..n)
//	inclusion    "index size proof..." per line (hashes base64)
//	consistency  "m n proof..." per line
//	vkey         the verifier key text
//	skey         the signer key text
//	checkpoint   a checkpoint note signed by Muster
//	text         a text for Go to sign; Go writes go-note beside it
package main

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

func lines(dir, name string) [][]string {
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		fail("%v", err)
	}
	defer f.Close()
	var out [][]string
	s := bufio.NewScanner(f)
	s.Buffer(make([]byte, 1<<20), 1<<20)
	for s.Scan() {
		out = append(out, strings.Fields(s.Text()))
	}
	return out
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "go check: "+format+"\n", args...)
	os.Exit(1)
}

func hash(s string) tlog.Hash {
	h, err := tlog.ParseHash(s)
	if err != nil {
		fail("hash %q: %v", s, err)
	}
	return h
}

func num(s string) int64 {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		fail("number %q: %v", s, err)
	}
	return n
}

func read(dir, name string) []byte {
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		fail("%v", err)
	}
	return b
}

func main() {
	dir := os.Args[1]

	// Go builds its own store from the same leaves; it must be Muster's.
	var store []tlog.Hash
	reader := tlog.HashReaderFunc(func(indexes []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(indexes))
		for i, x := range indexes {
			out[i] = store[x]
		}
		return out, nil
	})
	for n, l := range lines(dir, "leaves") {
		data, err := hex.DecodeString(strings.Join(l, ""))
		if err != nil {
			fail("leaf %d: %v", n, err)
		}
		hs, err := tlog.StoredHashes(int64(n), data, reader)
		if err != nil {
			fail("stored hashes of leaf %d: %v", n, err)
		}
		store = append(store, hs...)
	}
	stored := lines(dir, "stored")
	if len(stored) != len(store) {
		fail("Muster stored %d hashes, Go %d", len(stored), len(store))
	}
	for i, l := range stored {
		if hash(l[0]) != store[i] {
			fail("stored hash %d differs", i)
		}
	}
	for k, l := range lines(dir, "roots") {
		size := int64(k + 1)
		th, err := tlog.TreeHash(size, reader)
		if err != nil || th != hash(l[0]) {
			fail("root of %d leaves differs (%v)", size, err)
		}
	}

	for _, l := range lines(dir, "inclusion") {
		index, size := num(l[0]), num(l[1])
		var proof tlog.RecordProof
		for _, h := range l[2:] {
			proof = append(proof, hash(h))
		}
		th, _ := tlog.TreeHash(size, reader)
		leaf := store[tlog.StoredHashIndex(0, index)]
		if err := tlog.CheckRecord(proof, size, th, index, leaf); err != nil {
			fail("inclusion of %d in %d: %v", index, size, err)
		}
		mine, err := tlog.ProveRecord(size, index, reader)
		if err != nil || fmt.Sprint(mine) != fmt.Sprint(proof) {
			fail("inclusion proof of %d in %d differs from Go's (%v)", index, size, err)
		}
	}
	for _, l := range lines(dir, "consistency") {
		m, n := num(l[0]), num(l[1])
		var proof tlog.TreeProof
		for _, h := range l[2:] {
			proof = append(proof, hash(h))
		}
		hm, _ := tlog.TreeHash(m, reader)
		hn, _ := tlog.TreeHash(n, reader)
		if err := tlog.CheckTree(proof, n, hn, m, hm); err != nil {
			fail("consistency %d -> %d: %v", m, n, err)
		}
		mine, err := tlog.ProveTree(n, m, reader)
		if err != nil || fmt.Sprint(mine) != fmt.Sprint(proof) {
			fail("consistency proof %d -> %d differs from Go's (%v)", m, n, err)
		}
	}

	vkey := strings.TrimSpace(string(read(dir, "vkey")))
	verifier, err := note.NewVerifier(vkey)
	if err != nil {
		fail("verifier key: %v", err)
	}
	known := note.VerifierList(verifier)
	msg := read(dir, "checkpoint")
	n, err := note.Open(msg, known)
	if err != nil {
		fail("Muster's checkpoint does not open: %v", err)
	}
	body := strings.Split(n.Text, "\n")
	th, _ := tlog.TreeHash(num(body[1]), reader)
	if body[2] != th.String() {
		fail("the checkpoint's root is not Go's root of %s leaves", body[1])
	}
	tampered := strings.Replace(string(msg), body[1]+"\n", body[1]+"0\n", 1)
	if _, err := note.Open([]byte(tampered), known); err == nil {
		fail("a tampered checkpoint opened")
	}

	signer, err := note.NewSigner(strings.TrimSpace(string(read(dir, "skey"))))
	if err != nil {
		fail("signer key: %v", err)
	}
	signed, err := note.Sign(&note.Note{Text: string(read(dir, "text"))}, signer)
	if err != nil {
		fail("sign: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go-note"), signed, 0o644); err != nil {
		fail("%v", err)
	}
	fmt.Println("go check: ok")
}

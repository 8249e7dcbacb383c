// Command interop checks Custodia's C2SP output with Go's golang.org/x/mod/sumdb (note and tlog), and
// produces C2SP logs with them for Custodia to check. It is test code: the independent implementation
// is x/mod; the few lines here only map C2SP paths and the tlog-proof text onto it.
//
//	interop make DIR N ORIGIN            write a tlog-tiles log of N records, signed by a fixed test key
//	interop fetch URL TOKEN CAFILE DIR   mirror a live log over HTTPS (Go's net/http) into DIR
//	interop verify DIR VKEY [PROOF ENTRY [OLDCHECKPOINT CONSISTENCY]]
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"crypto/tls"
	"crypto/x509"
	"io"
	"net/http"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "interop:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	switch {
	case len(args) == 4 && args[0] == "make":
		n, err := strconv.ParseInt(args[2], 10, 64)
		if err != nil {
			return err
		}
		return makeLog(args[1], n, args[3])
	case len(args) == 5 && args[0] == "fetch":
		return fetch(args[1], args[2], args[3], args[4])
	case (len(args) == 3 || len(args) == 5 || len(args) == 7) && args[0] == "verify":
		return verify(args[1:])
	}
	return errors.New("usage: make DIR N ORIGIN | fetch URL TOKEN CAFILE DIR | verify DIR VKEY [PROOF ENTRY [OLDCHECKPOINT CONSISTENCY]]")
}

// c2spPath maps x/mod's sumdb tile paths (tile/8/L/N, tile/8/data/N) to C2SP tlog-tiles paths.
func c2spPath(t tlog.Tile) string {
	p := t.Path()
	p = strings.Replace(p, "tile/8/data/", "tile/entries/", 1)
	return strings.Replace(p, "tile/8/", "tile/", 1)
}

func record(i int64) []byte {
	return []byte(fmt.Sprintf("go-record-%d {\"event\":\"interop\"}", i))
}

func write(dir, rel string, data []byte) error {
	path := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

func makeLog(dir string, n int64, origin string) error {
	skey, vkey, err := note.GenerateKey(bytes.NewReader(bytes.Repeat([]byte{7}, 64)), origin)
	if err != nil {
		return err
	}
	signer, err := note.NewSigner(skey)
	if err != nil {
		return err
	}
	var hashes []tlog.Hash
	hr := tlog.HashReaderFunc(func(idx []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(idx))
		for i, x := range idx {
			out[i] = hashes[x]
		}
		return out, nil
	})
	for i := int64(0); i < n; i++ {
		hs, err := tlog.StoredHashes(i, record(i), hr)
		if err != nil {
			return err
		}
		hashes = append(hashes, hs...)
	}
	root, err := tlog.TreeHash(n, hr)
	if err != nil {
		return err
	}
	for _, t := range tlog.NewTiles(8, 0, n) {
		data, err := tlog.ReadTileData(t, hr)
		if err != nil {
			return err
		}
		if err := write(dir, c2spPath(t), data); err != nil {
			return err
		}
	}
	for k := int64(0); k*256 < n; k++ {
		w := n - k*256
		if w > 256 {
			w = 256
		}
		var bundle []byte
		for i := k * 256; i < k*256+w; i++ {
			bundle = binary.BigEndian.AppendUint16(bundle, uint16(len(record(i))))
			bundle = append(bundle, record(i)...)
		}
		if err := write(dir, c2spPath(tlog.Tile{H: 8, L: -1, N: k, W: int(w)}), bundle); err != nil {
			return err
		}
	}
	text := fmt.Sprintf("%s\n%d\n%s\n", origin, n, base64.StdEncoding.EncodeToString(root[:]))
	signed, err := note.Sign(&note.Note{Text: text}, signer)
	if err != nil {
		return err
	}
	if err := write(dir, "checkpoint", signed); err != nil {
		return err
	}
	index := n / 2
	proof, err := tlog.ProveRecord(n, index, hr)
	if err != nil {
		return err
	}
	var p strings.Builder
	fmt.Fprintf(&p, "c2sp.org/tlog-proof@v1\nindex %d\n", index)
	for _, h := range proof {
		p.WriteString(base64.StdEncoding.EncodeToString(h[:]) + "\n")
	}
	p.WriteString("\n")
	p.Write(signed)
	if err := write(dir, "../proof.tlog-proof", []byte(p.String())); err != nil {
		return err
	}
	if err := write(dir, "../entry", record(index)); err != nil {
		return err
	}
	return write(dir, "../vkey", []byte(vkey+"\n"))
}

// fetch mirrors the checkpoint, every hash tile and every entry bundle of a live tlog-tiles log.
func fetch(base, token, caFile, dir string) error {
	pem, err := os.ReadFile(caFile)
	if err != nil {
		return err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return errors.New("no certificate in " + caFile)
	}
	client := &http.Client{Timeout: 30 * time.Second,
		Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
	get := func(rel string) ([]byte, error) {
		req, err := http.NewRequest("GET", strings.TrimSuffix(base, "/")+"/"+rel, nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := client.Do(req)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		if resp.StatusCode != 200 {
			return nil, fmt.Errorf("GET %s: %s", rel, resp.Status)
		}
		return io.ReadAll(io.LimitReader(resp.Body, 32<<20))
	}
	signed, err := get("checkpoint")
	if err != nil {
		return err
	}
	lines := strings.Split(string(signed), "\n")
	if len(lines) < 3 {
		return errors.New("short checkpoint")
	}
	n, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil {
		return err
	}
	if err := write(dir, "checkpoint", signed); err != nil {
		return err
	}
	// x/mod 0.7 lists every intermediate width of a partial tile; the log serves the widest.
	widest := map[[2]int64]tlog.Tile{}
	for _, t := range tlog.NewTiles(8, 0, n) {
		key := [2]int64{int64(t.L), t.N}
		if t.W > widest[key].W {
			widest[key] = t
		}
	}
	var paths []string
	for _, t := range widest {
		paths = append(paths, c2spPath(t))
	}
	for k := int64(0); k*256 < n; k++ {
		w := n - k*256
		if w > 256 {
			w = 256
		}
		paths = append(paths, c2spPath(tlog.Tile{H: 8, L: -1, N: k, W: int(w)}))
	}
	for _, p := range paths {
		data, err := get(p)
		if err != nil {
			return err
		}
		if err := write(dir, p, data); err != nil {
			return err
		}
	}
	fmt.Printf("fetched %d files for size %d\n", len(paths)+1, n)
	return nil
}

type dirTiles struct{ dir string }

func (d dirTiles) Height() int { return 8 }

func (d dirTiles) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		data, err := os.ReadFile(filepath.Join(d.dir, filepath.FromSlash(c2spPath(t))))
		if errors.Is(err, os.ErrNotExist) && t.W < 256 {
			full := t
			full.W = 256
			data, err = os.ReadFile(filepath.Join(d.dir, filepath.FromSlash(c2spPath(full))))
			if err == nil && len(data) >= t.W*32 {
				data = data[:t.W*32]
			}
		}
		if err != nil {
			return nil, err
		}
		out[i] = data
	}
	return out, nil
}

func (d dirTiles) SaveTiles([]tlog.Tile, [][]byte) {}

func openCheckpoint(signed []byte, verifier note.Verifier) (origin string, tree tlog.Tree, err error) {
	n, err := note.Open(signed, note.VerifierList(verifier))
	if err != nil {
		return "", tree, err
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) < 4 {
		return "", tree, errors.New("short checkpoint")
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil {
		return "", tree, err
	}
	root, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(root) != 32 {
		return "", tree, errors.New("bad root")
	}
	tree.N = size
	copy(tree.Hash[:], root)
	return lines[0], tree, nil
}

func hashLines(lines []string) ([]tlog.Hash, error) {
	var out []tlog.Hash
	for _, l := range lines {
		b, err := base64.StdEncoding.DecodeString(l)
		if err != nil || len(b) != 32 {
			return nil, fmt.Errorf("bad hash line %q", l)
		}
		var h tlog.Hash
		copy(h[:], b)
		out = append(out, h)
	}
	return out, nil
}

func verify(args []string) error {
	dir, vkey := args[0], args[1]
	var proofFile, entryFile string
	if len(args) >= 4 {
		proofFile, entryFile = args[2], args[3]
	}
	verifier, err := note.NewVerifier(vkey)
	if err != nil {
		return err
	}
	signed, err := os.ReadFile(filepath.Join(dir, "checkpoint"))
	if err != nil {
		return err
	}
	origin, tree, err := openCheckpoint(signed, verifier)
	if err != nil {
		return fmt.Errorf("checkpoint: %v", err)
	}
	// TileHashReader authenticates every tile it reads against the tree hash.
	hr := tlog.TileHashReader(tree, dirTiles{dir})
	root, err := tlog.TreeHash(tree.N, hr)
	if err != nil || root != tree.Hash {
		return fmt.Errorf("tree hash from tiles: %v", err)
	}
	for k := int64(0); k*256 < tree.N; k++ {
		w := tree.N - k*256
		if w > 256 {
			w = 256
		}
		bundle, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(c2spPath(tlog.Tile{H: 8, L: -1, N: k, W: int(w)}))))
		if err != nil {
			return err
		}
		for i := k * 256; i < k*256+w; i++ {
			if len(bundle) < 2 {
				return fmt.Errorf("bundle %d truncated", k)
			}
			size := int(binary.BigEndian.Uint16(bundle))
			entry := bundle[2 : 2+size]
			bundle = bundle[2+size:]
			stored, err := hr.ReadHashes([]int64{tlog.StoredHashIndex(0, i)})
			if err != nil {
				return err
			}
			if tlog.RecordHash(entry) != stored[0] {
				return fmt.Errorf("entry %d does not match its tile", i)
			}
		}
		if len(bundle) != 0 {
			return fmt.Errorf("bundle %d has trailing bytes", k)
		}
	}
	if len(args) == 2 {
		fmt.Printf("ok origin=%s size=%d\n", origin, tree.N)
		return nil
	}
	proofText, err := os.ReadFile(proofFile)
	if err != nil {
		return err
	}
	head, checkpoint, found := strings.Cut(string(proofText), "\n\n")
	lines := strings.Split(head, "\n")
	if !found || lines[0] != "c2sp.org/tlog-proof@v1" || !strings.HasPrefix(lines[1], "index ") {
		return errors.New("malformed tlog-proof")
	}
	index, err := strconv.ParseInt(strings.TrimPrefix(lines[1], "index "), 10, 64)
	if err != nil {
		return err
	}
	proof, err := hashLines(lines[2:])
	if err != nil {
		return err
	}
	_, proofTree, err := openCheckpoint([]byte(checkpoint), verifier)
	if err != nil {
		return fmt.Errorf("tlog-proof checkpoint: %v", err)
	}
	entry, err := os.ReadFile(entryFile)
	if err != nil {
		return err
	}
	if err := tlog.CheckRecord(proof, proofTree.N, proofTree.Hash, index, tlog.RecordHash(entry)); err != nil {
		return fmt.Errorf("tlog-proof: %v", err)
	}
	if len(args) == 6 {
		old, err := os.ReadFile(args[4])
		if err != nil {
			return err
		}
		_, oldTree, err := openCheckpoint(old, verifier)
		if err != nil {
			return fmt.Errorf("old checkpoint: %v", err)
		}
		text, err := os.ReadFile(args[5])
		if err != nil {
			return err
		}
		consistency, err := hashLines(strings.Fields(string(text)))
		if err != nil {
			return err
		}
		if err := tlog.CheckTree(consistency, tree.N, tree.Hash, oldTree.N, oldTree.Hash); err != nil {
			return fmt.Errorf("consistency %d -> %d: %v", oldTree.N, tree.N, err)
		}
	}
	fmt.Printf("ok origin=%s size=%d\n", origin, tree.N)
	return nil
}

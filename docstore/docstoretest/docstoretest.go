// Package docstoretest is the one test suite every document storage backend passes, so
// that the PostgreSQL table and an S3 bucket are interchangeable behind docstore.Backend.
package docstoretest

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"sync"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/docstore"
)

// Run runs the suite on backends that newBackend makes: each subtest gets its own, which
// may share its storage with the others (keys are unique per subtest).
func Run(t *testing.T, newBackend func(t *testing.T) docstore.Backend) {
	t.Run("PutGetRoundTrip", func(t *testing.T) { putGetRoundTrip(t, newBackend(t)) })
	t.Run("GetMissingIsNotFound", func(t *testing.T) { getMissing(t, newBackend(t)) })
	t.Run("PutAgainReplaces", func(t *testing.T) { putAgain(t, newBackend(t)) })
	t.Run("EmptyFile", func(t *testing.T) { emptyFile(t, newBackend(t)) })
	t.Run("LargeBinaryFile", func(t *testing.T) { largeFile(t, newBackend(t)) })
	t.Run("DeleteThenNotFound", func(t *testing.T) { deleteThenNotFound(t, newBackend(t)) })
	t.Run("ConcurrentPutsKeepTheirOwnBytes", func(t *testing.T) { concurrentPuts(t, newBackend(t)) })
	t.Run("ShortReaderIsRefused", func(t *testing.T) { shortReader(t, newBackend(t)) })
	t.Run("KeysPagesThroughWhatWasWrittenBefore", func(t *testing.T) { keysBefore(t, newBackend(t)) })
	t.Run("StringSaysWhere", func(t *testing.T) {
		if newBackend(t).String() == "" {
			t.Fatal("String() is empty: the log would not say where documents are kept")
		}
	})
}

func ctxOf(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// key is a fresh key in the document ID's form, so that repeated runs never meet.
func key(t *testing.T) string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("DOC-%x", b)
}

func put(t *testing.T, b docstore.Backend, k string, content []byte) {
	t.Helper()
	if err := b.Put(ctxOf(t), k, bytes.NewReader(content), int64(len(content)), "application/pdf"); err != nil {
		t.Fatalf("Put %s: %v", k, err)
	}
}

// get reads key whole and checks that the size Get tells is the size read.
func get(t *testing.T, b docstore.Backend, k string) []byte {
	t.Helper()
	r, size, err := b.Get(ctxOf(t), k)
	if err != nil {
		t.Fatalf("Get %s: %v", k, err)
	}
	defer r.Close()
	got, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("read %s: %v", k, err)
	}
	if int64(len(got)) != size {
		t.Fatalf("Get %s told size %d but gave %d bytes", k, size, len(got))
	}
	return got
}

func requireNotFound(t *testing.T, b docstore.Backend, k string) {
	t.Helper()
	r, _, err := b.Get(ctxOf(t), k)
	if r != nil {
		_ = r.Close()
	}
	if !errors.Is(err, docstore.ErrNotFound) {
		t.Fatalf("Get %s = %v, want docstore.ErrNotFound", k, err)
	}
}

func putGetRoundTrip(t *testing.T, b docstore.Backend) {
	k := key(t)
	content := []byte("%PDF-1.7\n신청서 내용\n%%EOF\n")
	put(t, b, k, content)
	if got := get(t, b, k); !bytes.Equal(got, content) {
		t.Fatalf("Get = %q, want %q", got, content)
	}
}

func getMissing(t *testing.T, b docstore.Backend) {
	requireNotFound(t, b, key(t))
}

func putAgain(t *testing.T, b docstore.Backend) {
	k := key(t)
	put(t, b, k, []byte("first"))
	put(t, b, k, []byte("second, longer"))
	if got := get(t, b, k); string(got) != "second, longer" {
		t.Fatalf("Get after a second Put = %q", got)
	}
}

func emptyFile(t *testing.T, b docstore.Backend) {
	k := key(t)
	put(t, b, k, nil)
	if got := get(t, b, k); len(got) != 0 {
		t.Fatalf("Get of an empty file = %d bytes", len(got))
	}
}

// largeFile is past the sizes at which clients switch to multipart uploads and chunked
// reads, with every byte value in it.
func largeFile(t *testing.T, b docstore.Backend) {
	k := key(t)
	content := make([]byte, 6<<20+123)
	if _, err := rand.Read(content); err != nil {
		t.Fatal(err)
	}
	put(t, b, k, content)
	if got := get(t, b, k); !bytes.Equal(got, content) {
		t.Fatalf("Get of %d random bytes returned %d different bytes", len(content), len(got))
	}
}

func deleteThenNotFound(t *testing.T, b docstore.Backend) {
	k := key(t)
	put(t, b, k, []byte("to be removed"))
	if err := b.Delete(ctxOf(t), k); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	requireNotFound(t, b, k)
	if err := b.Delete(ctxOf(t), k); err != nil {
		t.Fatalf("Delete of nothing: %v", err)
	}
}

func concurrentPuts(t *testing.T, b docstore.Backend) {
	const n = 8
	keys := make([]string, n)
	for i := range keys {
		keys[i] = key(t)
	}
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i, k := range keys {
		wg.Go(func() {
			content := bytes.Repeat([]byte{byte('a' + i)}, 1000+i)
			errs[i] = b.Put(ctxOf(t), k, bytes.NewReader(content), int64(len(content)), "image/png")
		})
	}
	wg.Wait()
	for i, k := range keys {
		if errs[i] != nil {
			t.Fatalf("Put %d: %v", i, errs[i])
		}
		if got := get(t, b, k); !bytes.Equal(got, bytes.Repeat([]byte{byte('a' + i)}, 1000+i)) {
			t.Fatalf("key %d holds %d bytes of another put", i, len(got))
		}
	}
}

// shortReader: a body that ends before the size it was announced with is an error, and
// leaves nothing readable under the key.
func shortReader(t *testing.T, b docstore.Backend) {
	k := key(t)
	err := b.Put(ctxOf(t), k, bytes.NewReader([]byte("only ten b")), 100, "application/pdf")
	if err == nil {
		t.Fatal("Put of 10 bytes announced as 100 succeeded")
	}
	requireNotFound(t, b, k)
}

// keysBefore: Keys pages through the keys in order, from after, and passes over bytes
// written since its instant: the housekeeping must not take an upload whose row is being
// written.
func keysBefore(t *testing.T, b docstore.Backend) {
	k := key(t)
	base := k[:len(k)-2] // no other key starts with it
	k1, k2 := base+"00", base+"01"
	put(t, b, k1, []byte("first"))
	put(t, b, k2, []byte("second"))
	later := time.Now().Add(time.Minute)
	keys := func(after string, before time.Time, limit int) []string {
		t.Helper()
		got, err := b.Keys(ctxOf(t), after, before, limit)
		if err != nil {
			t.Fatalf("Keys(%q, %v, %d): %v", after, before, limit, err)
		}
		return got
	}
	if got := keys(base, later, 1); len(got) != 1 || got[0] != k1 {
		t.Fatalf("first page of one = %q, want [%s]", got, k1)
	}
	if got := keys(k1, later, 1); len(got) != 1 || got[0] != k2 {
		t.Fatalf("the page after %s = %q, want [%s]", k1, got, k2)
	}
	if got := keys(base, later, 10); len(got) < 2 || got[0] != k1 || got[1] != k2 {
		t.Fatalf("a page of ten from %s = %q, want %s and %s first", base, got, k1, k2)
	}
	for _, k := range keys(base, time.Now().Add(-time.Hour), 10) {
		if k == k1 || k == k2 {
			t.Fatalf("Keys before an hour ago lists %s, written just now", k)
		}
	}
}

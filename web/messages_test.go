package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dsmarket/dsmarket/models"
)

// fileKeys reads a message file's keys in the order they are written, which
// json.Unmarshal hides: it keeps the last of two equal keys without a word.
func fileKeys(t *testing.T, name string) []string {
	t.Helper()
	b, err := fs.ReadFile(messageFS, name)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("%s: not a JSON object (%v, %v)", name, tok, err)
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		keys = append(keys, tok.(string))
		var text string
		if err := dec.Decode(&text); err != nil {
			t.Fatalf("%s: the text of %q: %v", name, keys[len(keys)-1], err)
		}
	}
	if _, err := dec.Token(); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		t.Fatalf("%s: something after the object", name)
	}
	return keys
}

// TestMessageFiles: each language's file has the same keys as the others, each once and
// in sorted order, so that a diff of the catalog shows only what changed and no text
// hides behind another of the same key.
func TestMessageFiles(t *testing.T) {
	if messagesErr != nil {
		t.Errorf("the catalog does not load: %v", messagesErr)
	}
	byLang := map[string][]string{}
	for _, lang := range catalogLangs {
		name := "messages/" + lang + ".json"
		keys := fileKeys(t, name)
		for i := 1; i < len(keys); i++ {
			if keys[i] <= keys[i-1] {
				t.Errorf("%s: %q after %q: keys must be sorted and appear once", name, keys[i], keys[i-1])
			}
		}
		byLang[lang] = keys
	}
	ko, en := byLang[langKO], byLang[langEN]
	for _, k := range ko {
		if !slices.Contains(en, k) {
			t.Errorf("%q is in messages/ko.json and not in messages/en.json", k)
		}
	}
	for _, k := range en {
		if !slices.Contains(ko, k) {
			t.Errorf("%q is in messages/en.json and not in messages/ko.json", k)
		}
	}
	if len(messages) != len(ko) {
		t.Errorf("the catalog has %d keys, messages/ko.json %d", len(messages), len(ko))
	}
}

// TestLoadCatalog: the loader refuses a catalog the pages could not show, naming the file
// and, for a JSON error, the line.
func TestLoadCatalog(t *testing.T) {
	files := func(ko, en string) fstest.MapFS {
		m := fstest.MapFS{}
		if ko != "" {
			m["messages/ko.json"] = &fstest.MapFile{Data: []byte(ko)}
		}
		if en != "" {
			m["messages/en.json"] = &fstest.MapFile{Data: []byte(en)}
		}
		return m
	}
	const ko = "{\n  \"a\": \"가\",\n  \"b\": \"나\"\n}\n"
	const en = "{\n  \"a\": \"A\",\n  \"b\": \"B\"\n}\n"
	t.Run("OK", func(t *testing.T) {
		got, err := loadCatalog(files(ko, en))
		if err != nil {
			t.Fatal(err)
		}
		want := map[string][2]string{"a": {"가", "A"}, "b": {"나", "B"}}
		if len(got) != len(want) || got["a"] != want["a"] || got["b"] != want["b"] {
			t.Errorf("got %v, want %v", got, want)
		}
	})
	for _, tc := range []struct {
		name   string
		fsys   fstest.MapFS
		errHas string
	}{
		{"ErrMalformed", files(ko, "{\n  \"a\": \"A\"\n  \"b\": \"B\"\n}\n"), "messages/en.json:3: invalid character"},
		{"ErrNotText", files("{\n  \"a\": \"가\",\n  \"b\": 2\n}\n", en), "messages/ko.json:3: json: cannot unmarshal number"},
		{"ErrNotAnObject", files(ko, `["A", "B"]`), "messages/en.json:1: json: cannot unmarshal array"},
		{"ErrEmpty", files(ko, "{}"), "messages/en.json: no messages"},
		{"ErrNull", files("null", en), "messages/ko.json: no messages"},
		{"ErrNoFile", files(ko, ""), "messages/en.json"},
		{"ErrKeyOnlyInKorean", files(ko, "{\"a\": \"A\"}"), `"b" has no en text`},
		{"ErrKeyOnlyInEnglish", files("{\"b\": \"나\"}", en), `"a" has no ko text`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := loadCatalog(tc.fsys)
			if err == nil {
				t.Fatalf("loaded %v, want an error", got)
			}
			if !strings.Contains(err.Error(), tc.errHas) {
				t.Errorf("error %q does not say %q", err, tc.errHas)
			}
		})
	}
}

// TestNewRefusesBrokenCatalog: a catalog that does not load stops the program at start-up.
func TestNewRefusesBrokenCatalog(t *testing.T) {
	_, broken := loadCatalog(fstest.MapFS{"messages/ko.json": {Data: []byte("{")}})
	if broken == nil {
		t.Fatal("a malformed file loaded")
	}
	// No test runs in parallel with this one (none calls t.Parallel), so swapping the
	// package's catalog error for its duration is seen by this test alone.
	saved := messagesErr
	messagesErr = broken
	t.Cleanup(func() { messagesErr = saved })
	if _, err := New(nil, Config{DevSignIn: true, SessionSecret: bytes.Repeat([]byte("k"), 32)}); !errors.Is(err, broken) {
		t.Errorf("New answered %v, want the catalog's error %v", err, broken)
	}
}

// TestCatalogsShareNoKey: a page says a domain text asking the domain's catalog first and
// the UI's second, so a key in both would show the domain's text where a page meant its own.
func TestCatalogsShareNoKey(t *testing.T) {
	for _, k := range models.DomainKeys() {
		if _, ok := messages[k]; ok {
			t.Errorf("%q is in models/messages and in web/messages", k)
		}
	}
}

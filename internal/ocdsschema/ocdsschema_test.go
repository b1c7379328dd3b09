package ocdsschema_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/dsmarket/dsmarket/internal/ocdsschema"
)

// TestSchemasMatchShared: the copies are the shared schemas, byte for byte, where the
// shared directory exists (it does on the project's machines; a clean clone elsewhere
// relies on the copies).
func TestSchemasMatchShared(t *testing.T) {
	shared := filepath.Join("..", "..", "..", "shared", "ocds")
	if _, err := os.Stat(shared); err != nil {
		t.Skipf("no %s: %v", shared, err)
	}
	for _, name := range append(ocdsschema.Files, "LICENSE") {
		want, err := os.ReadFile(filepath.Join(shared, name))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s: copy it again", name, filepath.Join(shared, name))
		}
	}
}

// TestValidator: the schemas compile, and they refuse what the standard refuses.
func TestValidator(t *testing.T) {
	v, err := ocdsschema.New()
	if err != nil {
		t.Fatal(err)
	}
	good := `{"ocid":"ocds-xxxxxx-SVC-0001","id":"SVC-0001-1","date":"2026-12-03T10:00:00+09:00","tag":["award"],"initiationType":"tender"}`
	if err := v.Release([]byte(good)); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{
		`{"ocid":"x","id":"1","date":"2026-12-03T10:00:00+09:00","tag":["auction"],"initiationType":"tender"}`,
		`{"ocid":"x","id":"1","date":"yesterday","tag":["award"],"initiationType":"tender"}`,
		`{"ocid":"x","id":"1","date":"2026-12-03T10:00:00+09:00","tag":["award"],"initiationType":"tender",
		  "awards":[{"id":"a","value":{"amount":1,"currency":"WON"}}]}`,
		`{"id":"1","date":"2026-12-03T10:00:00+09:00","tag":["award"],"initiationType":"tender"}`,
	} {
		if v.Release([]byte(bad)) == nil {
			t.Errorf("accepted %s", bad)
		}
	}
	pkg := `{"uri":"http://localhost/api/v1/ocds/releases","publisher":{"name":"p"},"publishedDate":"2026-12-03T10:00:00+09:00",
	  "version":"1.1","releases":[` + good + `]}`
	if err := v.ReleasePackage([]byte(pkg)); err != nil {
		t.Fatal(err)
	}
	empty := `{"uri":"http://localhost/","publisher":{"name":"p"},"publishedDate":"2026-12-03T10:00:00+09:00","version":"1.1","releases":[]}`
	if v.ReleasePackage([]byte(empty)) == nil {
		t.Error("accepted a package without releases (the schema's minItems)")
	}
	record := `{"uri":"http://localhost/","publisher":{"name":"p"},"publishedDate":"2026-12-03T10:00:00+09:00","version":"1.1",
	  "records":[{"ocid":"ocds-xxxxxx-SVC-0001","releases":[` + good + `],"compiledRelease":` + good + `}]}`
	if err := v.RecordPackage([]byte(record)); err != nil {
		t.Fatal(err)
	}
	if v.RecordPackage([]byte(`{"records":[{"ocid":"x","releases":[{"id":1}]}]}`)) == nil {
		t.Error("accepted a record package without its fields and with a bad release")
	}
}

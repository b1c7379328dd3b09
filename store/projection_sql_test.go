package store

import (
	"fmt"
	"testing"
)

// The statement is spelled out once here, so that a change to its shape is seen in review.
func TestProjectionUpsert(t *testing.T) {
	p := projection{table: "things", key: col("thing_id", "T-1"), version: 3, columns: []column{
		col("kind", "a").writtenOnce(), col("status", "open"), col("price", "1.50").as("numeric"),
	}}
	sql, args := p.upsert([]byte(`{"x":1}`))
	want := `INSERT INTO things (thing_id, kind, status, price, version, updated_at, doc) ` +
		`VALUES (?, ?, ?, ?::numeric, ?, now(), ?::jsonb) ON CONFLICT (thing_id) DO UPDATE SET ` +
		`status = EXCLUDED.status, price = EXCLUDED.price, version = EXCLUDED.version, ` +
		`updated_at = EXCLUDED.updated_at, doc = EXCLUDED.doc WHERE things.version < EXCLUDED.version`
	if sql != want {
		t.Fatalf("sql\n%s\nwant\n%s", sql, want)
	}
	if got := fmt.Sprint(args); got != `[T-1 a open 1.50 3 {"x":1}]` {
		t.Fatalf("args %s", got)
	}
}

package docstore

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"time"
)

// Postgres keeps the bytes in the table document_contents (migration 00013) of the
// database the rest of dsmarket uses: one bytea per document. Files are at most 20 MiB
// (models.MaxUploadBytes), well within what a bytea holds, and are read whole either way.
type Postgres struct{ db *sql.DB }

// NewPostgres is the backend over db, whose schema store.Migrate has brought up to date.
func NewPostgres(db *sql.DB) *Postgres { return &Postgres{db: db} }

// Put stores the bytes; a key written again gets the new bytes.
func (p *Postgres) Put(ctx context.Context, key string, r io.Reader, size int64, _ string) error {
	content, err := io.ReadAll(io.LimitReader(r, size+1))
	if err != nil {
		return fmt.Errorf("docstore: read %s: %w", key, err)
	}
	if int64(len(content)) != size {
		return fmt.Errorf("docstore: %s: got %d bytes, expected %d", key, len(content), size)
	}
	_, err = p.db.ExecContext(ctx, `INSERT INTO document_contents (key, content, written_at) VALUES ($1, $2, now())
		ON CONFLICT (key) DO UPDATE SET content = EXCLUDED.content, written_at = EXCLUDED.written_at`, key, content)
	if err != nil {
		return fmt.Errorf("docstore: put %s: %w", key, err)
	}
	return nil
}

// Get reads the bytes whole.
func (p *Postgres) Get(ctx context.Context, key string) (io.ReadCloser, int64, error) {
	var content []byte
	err := p.db.QueryRowContext(ctx, `SELECT content FROM document_contents WHERE key = $1`, key).Scan(&content)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, ErrNotFound
	}
	if err != nil {
		return nil, 0, fmt.Errorf("docstore: get %s: %w", key, err)
	}
	return io.NopCloser(bytes.NewReader(content)), int64(len(content)), nil
}

// Delete removes the row, if any.
func (p *Postgres) Delete(ctx context.Context, key string) error {
	if _, err := p.db.ExecContext(ctx, `DELETE FROM document_contents WHERE key = $1`, key); err != nil {
		return fmt.Errorf("docstore: delete %s: %w", key, err)
	}
	return nil
}

// Keys reads the keys in order from the table's primary key.
func (p *Postgres) Keys(ctx context.Context, after string, before time.Time, limit int) ([]string, error) {
	rows, err := p.db.QueryContext(ctx, `SELECT key FROM document_contents WHERE key > $1 AND written_at < $2
		ORDER BY key LIMIT $3`, after, before, limit)
	if err != nil {
		return nil, fmt.Errorf("docstore: list keys: %w", err)
	}
	defer func() { _ = rows.Close() }()
	keys := []string{}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, fmt.Errorf("docstore: list keys: %w", err)
		}
		keys = append(keys, k)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("docstore: list keys: %w", err)
	}
	return keys, nil
}

func (p *Postgres) String() string { return "postgres (table document_contents)" }

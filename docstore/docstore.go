// Package docstore keeps the bytes of uploaded documents, behind one interface with two
// backends: a PostgreSQL table (the default: nothing more to install or run) and an
// S3-compatible bucket (production, DOCUMENT_STORE=s3://bucket/prefix). What a document is
// (its name, digest, uploader) is kept in PostgreSQL in either case, by the store package;
// a backend only maps a key to bytes.
package docstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"
)

// ErrNotFound is what Get answers for a key that holds nothing.
var ErrNotFound = errors.New("docstore: no object under this key")

// Backend keeps bytes under keys. Keys are document IDs: the app layer never writes two
// different contents under one key, so a Put repeated after a crash writes the same bytes
// again and is harmless.
type Backend interface {
	// Put stores size bytes read from r under key, replacing what was there.
	Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error
	// Get opens what key holds and tells its size; ErrNotFound if nothing. The caller
	// closes the reader.
	Get(ctx context.Context, key string) (io.ReadCloser, int64, error)
	// Delete removes what key holds; deleting nothing is not an error.
	Delete(ctx context.Context, key string) error
	// Keys lists in order up to limit keys greater than after ("" for the first) whose
	// bytes were written before before: the housekeeping finds with it the bytes that no
	// document's row names, which a crash between the two writes of an upload leaves.
	Keys(ctx context.Context, after string, before time.Time, limit int) ([]string, error)
	// String says where the bytes are, for the log, without credentials.
	String() string
}

// Config is how the binary chooses and reaches a backend; ConfigFromEnv reads it.
type Config struct {
	// URL is DOCUMENT_STORE: empty or "postgres" for the database's own table, or
	// s3://bucket/prefix for an S3-compatible bucket.
	URL string
	// The S3 endpoint (host[:port]; Amazon S3 when empty), its keys (the AWS and MinIO
	// environment variables and an instance role are tried when empty), its region, and
	// whether it speaks plain HTTP (a MinIO on a private network).
	S3Endpoint  string
	S3AccessKey string
	S3SecretKey string
	S3Region    string
	S3Insecure  bool
}

// ConfigFromEnv reads DOCUMENT_STORE and the S3_* variables.
func ConfigFromEnv(getenv func(string) string) Config {
	return Config{
		URL:         strings.TrimSpace(getenv("DOCUMENT_STORE")),
		S3Endpoint:  strings.TrimSpace(getenv("S3_ENDPOINT")),
		S3AccessKey: getenv("S3_ACCESS_KEY"),
		S3SecretKey: getenv("S3_SECRET_KEY"),
		S3Region:    strings.TrimSpace(getenv("S3_REGION")),
		S3Insecure:  getenv("S3_INSECURE") == "1" || strings.EqualFold(getenv("S3_INSECURE"), "true"),
	}
}

// location is a parsed DOCUMENT_STORE.
type location struct {
	s3             bool
	bucket, prefix string
}

// Check parses DOCUMENT_STORE without connecting to anything, so that the binary refuses
// a mistyped value at start.
func (c Config) Check() error {
	_, err := c.location()
	return err
}

func (c Config) location() (location, error) {
	if c.URL == "" || c.URL == "postgres" {
		return location{}, nil
	}
	u, err := url.Parse(c.URL)
	if err != nil || u.Scheme != "s3" || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return location{}, fmt.Errorf("DOCUMENT_STORE=%q: must be empty, \"postgres\" or s3://bucket/prefix", c.URL)
	}
	if c.S3AccessKey != "" && c.S3SecretKey == "" || c.S3AccessKey == "" && c.S3SecretKey != "" {
		return location{}, errors.New("S3_ACCESS_KEY and S3_SECRET_KEY go together: set both or neither")
	}
	return location{s3: true, bucket: u.Host, prefix: strings.Trim(u.Path, "/")}, nil
}

// Open builds the backend c names: the PostgreSQL table in db, or the S3 bucket, whose
// existence it checks so that a wrong name or key fails at start, not at the first upload.
func Open(ctx context.Context, c Config, db *sql.DB) (Backend, error) {
	loc, err := c.location()
	if err != nil {
		return nil, err
	}
	if !loc.s3 {
		if db == nil {
			return nil, errors.New("docstore: the PostgreSQL backend needs the database")
		}
		return NewPostgres(db), nil
	}
	return openS3(ctx, c, loc)
}

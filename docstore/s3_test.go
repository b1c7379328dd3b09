package docstore_test

import (
	"context"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/dsmarket/dsmarket/docstore"
	"github.com/dsmarket/dsmarket/docstore/docstoretest"
)

// fakeS3 serves an in-memory S3 on a free port of 127.0.0.1 for the test, with bucket
// made, and returns its host:port.
func fakeS3(t *testing.T, bucket string) string {
	t.Helper()
	mem := s3mem.New()
	if err := mem.CreateBucket(bucket); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen for the S3 server: %v", err)
	}
	srv := &http.Server{Handler: gofakes3.New(mem).Server(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return ln.Addr().String()
}

func s3Config(endpoint, url string) docstore.Config {
	return docstore.Config{URL: url, S3Endpoint: endpoint, S3AccessKey: "dsmarket-test", S3SecretKey: "dsmarket-test-secret",
		S3Region: "us-east-1", S3Insecure: true}
}

func TestS3Backend(t *testing.T) {
	endpoint := fakeS3(t, "dsmarket-docs")
	b, err := docstore.Open(context.Background(), s3Config(endpoint, "s3://dsmarket-docs/prod/documents"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "s3://dsmarket-docs/prod/documents") {
		t.Fatalf("String() = %q", b.String())
	}
	docstoretest.Run(t, func(t *testing.T) docstore.Backend { return b })
}

func TestS3Backend_MissingBucketFailsAtOpen(t *testing.T) {
	endpoint := fakeS3(t, "dsmarket-docs")
	_, err := docstore.Open(context.Background(), s3Config(endpoint, "s3://no-such-bucket/x"), nil)
	if err == nil || !strings.Contains(err.Error(), `bucket "no-such-bucket" does not exist`) {
		t.Fatalf("Open with a missing bucket = %v", err)
	}
}

func TestConfig(t *testing.T) {
	env := map[string]string{"DOCUMENT_STORE": " s3://docs/a/b ", "S3_ENDPOINT": "minio:9000", "S3_ACCESS_KEY": "k",
		"S3_SECRET_KEY": "s", "S3_REGION": "ap-northeast-2", "S3_INSECURE": "1"}
	c := docstore.ConfigFromEnv(func(k string) string { return env[k] })
	want := docstore.Config{URL: "s3://docs/a/b", S3Endpoint: "minio:9000", S3AccessKey: "k", S3SecretKey: "s",
		S3Region: "ap-northeast-2", S3Insecure: true}
	if c != want {
		t.Fatalf("ConfigFromEnv = %+v, want %+v", c, want)
	}
	if err := c.Check(); err != nil {
		t.Fatal(err)
	}
	for _, ok := range []string{"", "postgres", "s3://bucket", "s3://bucket/"} {
		if err := (docstore.Config{URL: ok}).Check(); err != nil {
			t.Errorf("DOCUMENT_STORE=%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"s3://", "s3:///prefix", "file:///tmp/docs", "https://bucket/x", "s3://u:p@bucket/x", "pg"} {
		if err := (docstore.Config{URL: bad}).Check(); err == nil || !strings.Contains(err.Error(), "DOCUMENT_STORE") {
			t.Errorf("DOCUMENT_STORE=%q accepted (%v)", bad, err)
		}
	}
	if err := (docstore.Config{URL: "s3://b/p", S3AccessKey: "only-the-key"}).Check(); err == nil {
		t.Error("an access key without its secret was accepted")
	}
}

func TestOpen_PostgresNeedsTheDatabase(t *testing.T) {
	if _, err := docstore.Open(context.Background(), docstore.Config{}, nil); err == nil {
		t.Fatal("the PostgreSQL backend opened without a database")
	}
}

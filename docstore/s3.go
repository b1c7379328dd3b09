package docstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// S3 keeps the bytes as objects of one bucket, under a prefix, through a client that is
// built once and kept (it holds the connection pool and the signing keys).
type S3 struct {
	client         *minio.Client
	bucket, prefix string
	endpoint       string
}

// defaultS3Endpoint is Amazon S3's, for a DOCUMENT_STORE without S3_ENDPOINT.
const defaultS3Endpoint = "s3.amazonaws.com"

// openTimeout bounds the bucket check at start: a wrong endpoint fails in seconds.
const openTimeout = 15 * time.Second

func openS3(ctx context.Context, c Config, loc location) (*S3, error) {
	endpoint := c.S3Endpoint
	if endpoint == "" {
		endpoint = defaultS3Endpoint
	}
	creds := credentials.NewStaticV4(c.S3AccessKey, c.S3SecretKey, "")
	if c.S3AccessKey == "" {
		// Keys from the environment of the platform: AWS_*/MINIO_* variables, or the role of
		// the instance or pod, so that production need not put keys in dsmarket's settings.
		creds = credentials.NewChainCredentials([]credentials.Provider{
			&credentials.EnvAWS{}, &credentials.EnvMinio{}, &credentials.IAM{Client: &http.Client{Timeout: 10 * time.Second}},
		})
	}
	client, err := minio.New(endpoint, &minio.Options{Creds: creds, Secure: !c.S3Insecure, Region: c.S3Region})
	if err != nil {
		return nil, fmt.Errorf("DOCUMENT_STORE: S3 endpoint %q: %w", endpoint, err)
	}
	s := &S3{client: client, bucket: loc.bucket, prefix: loc.prefix, endpoint: endpoint}
	ctx, cancel := context.WithTimeout(ctx, openTimeout)
	defer cancel()
	exists, err := client.BucketExists(ctx, loc.bucket)
	if err != nil {
		return nil, fmt.Errorf("DOCUMENT_STORE: check bucket %q at %s: %w", loc.bucket, endpoint, err)
	}
	if !exists {
		return nil, fmt.Errorf("DOCUMENT_STORE: bucket %q does not exist at %s; create it first", loc.bucket, endpoint)
	}
	return s, nil
}

func (s *S3) object(key string) string {
	if s.prefix == "" {
		return key
	}
	return path.Join(s.prefix, key)
}

// Put uploads the object with its content type, so that the bucket's own tools show it
// rightly.
func (s *S3) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error {
	opts := minio.PutObjectOptions{ContentType: contentType}
	// Over plain HTTP the client signs the payload in chunks, and for an empty one it then
	// sends no Content-Length, which S3 servers refuse; an empty body has nothing to sign.
	opts.DisableContentSha256 = size == 0
	_, err := s.client.PutObject(ctx, s.bucket, s.object(key), r, size, opts)
	if err != nil {
		return fmt.Errorf("docstore: put %s: %w", s.object(key), err)
	}
	return nil
}

// Get streams the object: a large file is not held in memory on its way to the client.
func (s *S3) Get(ctx context.Context, key string) (io.ReadCloser, int64, error) {
	obj, err := s.client.GetObject(ctx, s.bucket, s.object(key), minio.GetObjectOptions{})
	if err != nil {
		return nil, 0, s.failed("get", key, err)
	}
	info, err := obj.Stat()
	if err != nil {
		_ = obj.Close()
		return nil, 0, s.failed("get", key, err)
	}
	return obj, info.Size, nil
}

// Delete removes the object; S3 answers a missing one as removed.
func (s *S3) Delete(ctx context.Context, key string) error {
	if err := s.client.RemoveObject(ctx, s.bucket, s.object(key), minio.RemoveObjectOptions{}); err != nil {
		return s.failed("delete", key, err)
	}
	return nil
}

// Keys lists the objects under the prefix in key order (S3 lists keys in UTF-8 order, and
// the prefix is the same for all), passing over those written since before.
func (s *S3) Keys(ctx context.Context, after string, before time.Time, limit int) ([]string, error) {
	ctx, cancel := context.WithCancel(ctx) // stops the listing once the page is full
	defer cancel()
	dir := ""
	if s.prefix != "" {
		dir = s.prefix + "/"
	}
	opts := minio.ListObjectsOptions{Prefix: dir, Recursive: true}
	if after != "" {
		opts.StartAfter = s.object(after)
	}
	keys := []string{}
	for obj := range s.client.ListObjects(ctx, s.bucket, opts) {
		if obj.Err != nil {
			return nil, fmt.Errorf("docstore: list %s: %w", dir, obj.Err)
		}
		if !obj.LastModified.Before(before) {
			continue
		}
		if keys = append(keys, strings.TrimPrefix(obj.Key, dir)); len(keys) == limit {
			break
		}
	}
	return keys, nil
}

func (s *S3) failed(op, key string, err error) error {
	var resp minio.ErrorResponse
	if errors.As(err, &resp) && resp.Code == minio.NoSuchKey {
		return ErrNotFound
	}
	return fmt.Errorf("docstore: %s %s: %w", op, s.object(key), err)
}

func (s *S3) String() string {
	return fmt.Sprintf("s3://%s/%s at %s", s.bucket, s.prefix, s.endpoint)
}

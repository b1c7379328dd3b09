package activities_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/testsuite"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/docstore"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/store/storetest"
)

// TestPurgeUnattachedDocuments: the night removes the bytes of a file no request named
// within the period, and only those: an attached file and a recent one keep theirs. The
// purged file's record stays, no request can take it after, a purge interrupted between
// its mark and its deletion is finished by the next night, and a second night purges
// nothing more.
func TestPurgeUnattachedDocuments(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 6, 3, 0, 0, 0, models.Seoul)
	st, bytesOf, env := documentsOn(t, func() time.Time { return now })

	old := now.AddDate(0, 0, -models.UnattachedDocumentDays-1)
	upload := func(name string, at time.Time) string {
		id := fmt.Sprintf("DOC-%032x", len(name)*1000+at.YearDay())
		content := []byte("%PDF-1.4 " + name)
		require.NoError(t, bytesOf.Put(ctx, id, bytes.NewReader(content), int64(len(content)), "application/pdf"))
		require.NoError(t, st.CreateDocument(ctx, models.StoredDocument{ID: id, Filename: name + ".pdf",
			SHA256: fmt.Sprintf("%064x", len(name)), Size: int64(len(content)), ContentType: "application/pdf",
			UploadedBy: "jung.provider", UploaderRole: models.RoleProvider, UploaderOrg: "PV-0001", CreatedAt: at}))
		return id
	}
	forgotten, submitted, recent, interrupted := upload("forgotten", old), upload("submitted-file", old),
		upload("recent-file-x", now.AddDate(0, 0, -5)), upload("interrupted-purge", old)
	purged, err := st.AttachDocuments(ctx, []string{submitted}, old.Add(time.Hour))
	require.NoError(t, err)
	require.Empty(t, purged)
	// A run that marked a file and stopped before deleting its bytes.
	marked, err := st.PurgeUnattachedDocuments(ctx, old.Add(time.Second), now.Add(-24*time.Hour), 1)
	require.NoError(t, err)
	require.Len(t, marked, 1)
	require.Contains(t, []string{forgotten, interrupted}, marked[0])

	var a *activities.Activities
	v, err := env.ExecuteActivity(a.PurgeUnattachedDocuments)
	require.NoError(t, err)
	var n int64
	require.NoError(t, v.Get(&n))
	require.EqualValues(t, 1, n, "the file marked tonight; the other was marked the night before")

	for _, id := range []string{forgotten, interrupted} {
		d, err := st.GetDocument(ctx, id)
		require.NoError(t, err, "the record stays")
		require.NotNil(t, d.PurgedAt)
		_, _, err = bytesOf.Get(ctx, id)
		require.True(t, errors.Is(err, docstore.ErrNotFound), "the bytes of %s are gone: %v", id, err)
	}
	for _, id := range []string{submitted, recent} {
		d, err := st.GetDocument(ctx, id)
		require.NoError(t, err)
		require.Nil(t, d.PurgedAt)
		r, _, err := bytesOf.Get(ctx, id)
		require.NoError(t, err, "the bytes of %s are kept", id)
		b, _ := io.ReadAll(r)
		_ = r.Close()
		require.NotEmpty(t, b)
	}
	purged, err = st.AttachDocuments(ctx, []string{forgotten, recent}, now)
	require.NoError(t, err)
	require.Equal(t, []string{forgotten}, purged, "a purged file cannot be taken; a recent one can")

	v, err = env.ExecuteActivity(a.PurgeUnattachedDocuments)
	require.NoError(t, err)
	require.NoError(t, v.Get(&n))
	require.Zero(t, n)
	left, err := st.DocumentsToEmpty(ctx, 10)
	require.NoError(t, err)
	require.Empty(t, left)
}

// TestPurgeUnattachedDocuments_NoStorageKeepsEverything: a worker given no document storage
// cannot delete bytes, so it marks nothing either.
func TestPurgeUnattachedDocuments_NoStorageKeepsEverything(t *testing.T) {
	ctx := context.Background()
	st := storetest.New(t)
	const id = "DOC-0000000000000000000000000000000a"
	require.NoError(t, st.CreateDocument(ctx, models.StoredDocument{ID: id, Filename: "old.pdf", SHA256: fmt.Sprintf("%064x", 1),
		Size: 1, ContentType: "application/pdf", UploadedBy: "jung.provider", UploaderRole: models.RoleProvider,
		UploaderOrg: "PV-0001", CreatedAt: time.Now().AddDate(-1, 0, 0)}))
	var s testsuite.WorkflowTestSuite
	env := s.NewTestActivityEnvironment()
	env.RegisterActivity(&activities.Activities{Store: st, Logger: slog.New(slog.DiscardHandler)})
	var a *activities.Activities
	v, err := env.ExecuteActivity(a.PurgeUnattachedDocuments)
	require.NoError(t, err)
	var n int64
	require.NoError(t, v.Get(&n))
	require.Zero(t, n)
	d, err := st.GetDocument(ctx, id)
	require.NoError(t, err)
	require.Nil(t, d.PurgedAt, "a year-old unattached file is kept by a worker that cannot delete its bytes")
}

// documentsOn is a fresh store, its table of file bytes, and an activity environment whose
// Activities keep their files there, at the time clock tells (nil: now).
func documentsOn(t *testing.T, clock func() time.Time) (*store.Store, *docstore.Postgres, *testsuite.TestActivityEnvironment) {
	t.Helper()
	st := storetest.New(t)
	db, err := st.DB().DB()
	require.NoError(t, err)
	bytesOf := docstore.NewPostgres(db)
	var s testsuite.WorkflowTestSuite
	env := s.NewTestActivityEnvironment()
	env.RegisterActivity(&activities.Activities{Store: st, Logger: slog.New(slog.DiscardHandler), Documents: bytesOf, Clock: clock})
	return st, bytesOf, env
}

// failingDeletes is a document storage whose deletions fail while down is set, as a
// bucket out of reach would.
type failingDeletes struct {
	docstore.Backend
	down bool
}

func (f *failingDeletes) Delete(ctx context.Context, key string) error {
	if f.down {
		return errors.New("storage unreachable")
	}
	return f.Backend.Delete(ctx, key)
}

// TestPurgeUnattachedDocuments_StorageDownIsRetried: a deletion that fails fails the
// activity (Temporal retries it; nothing is lost), the file stays marked and unusable, and
// the next attempt deletes its bytes and records it.
func TestPurgeUnattachedDocuments_StorageDownIsRetried(t *testing.T) {
	ctx := context.Background()
	st := storetest.New(t)
	db, err := st.DB().DB()
	require.NoError(t, err)
	storage := &failingDeletes{Backend: docstore.NewPostgres(db), down: true}
	now := time.Now()
	const id = "DOC-0000000000000000000000000000000b"
	content := []byte("%PDF-1.4 old")
	require.NoError(t, storage.Put(ctx, id, bytes.NewReader(content), int64(len(content)), "application/pdf"))
	require.NoError(t, st.CreateDocument(ctx, models.StoredDocument{ID: id, Filename: "old.pdf", SHA256: fmt.Sprintf("%064x", 2),
		Size: int64(len(content)), ContentType: "application/pdf", UploadedBy: "jung.provider", UploaderRole: models.RoleProvider,
		UploaderOrg: "PV-0001", CreatedAt: now.AddDate(0, 0, -models.UnattachedDocumentDays-1)}))
	var s testsuite.WorkflowTestSuite
	env := s.NewTestActivityEnvironment()
	env.RegisterActivity(&activities.Activities{Store: st, Logger: slog.New(slog.DiscardHandler), Documents: storage})
	var a *activities.Activities

	_, err = env.ExecuteActivity(a.PurgeUnattachedDocuments)
	require.Error(t, err, "the storage is down")
	left, err := st.DocumentsToEmpty(ctx, 10)
	require.NoError(t, err)
	require.Equal(t, []string{id}, left, "marked, its bytes still to delete")
	purged, err := st.AttachDocuments(ctx, []string{id}, now)
	require.NoError(t, err)
	require.Equal(t, []string{id}, purged, "a marked file cannot be taken meanwhile")

	storage.down = false
	_, err = env.ExecuteActivity(a.PurgeUnattachedDocuments)
	require.NoError(t, err)
	left, err = st.DocumentsToEmpty(ctx, 10)
	require.NoError(t, err)
	require.Empty(t, left)
	_, _, err = storage.Get(ctx, id)
	require.True(t, errors.Is(err, docstore.ErrNotFound), "%v", err)
}

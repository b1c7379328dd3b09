package api_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/docstore"
	"github.com/dsmarket/dsmarket/internal/systest"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/worker"
	"github.com/dsmarket/dsmarket/workflows"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// TestDocuments_UnattachedFileIsPurged: a file a request named is kept; one no accepted
// request named (refused ones did) loses its bytes to the night's purge, after which its
// uploader hears why it cannot download it, everyone else hears only "not found", and a
// request naming it is refused on its field. The files the application took are served as
// before.
func TestDocuments_UnattachedFileIsPurged(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	docs := h.uploadedDocuments(h.provider(), models.RequiredDocuments(models.TypeCloud, false, false)...)
	forgotten := h.uploaded(h.provider(), "잊힌 파일.pdf", "")
	// A request that names it but is refused leaves it as it was: not attached.
	refused := applicationInput(pv1BusinessNo, append([]models.DocumentInput{{Kind: "application_form", DocumentID: forgotten}}, docs[1:]...)...)
	refused.Provider.CreditRating = "ZZZ"
	h.do("POST", "/api/v1/applications", h.provider(), refused).problem(t, http.StatusUnprocessableEntity)
	svc := h.ownService("")
	change := changeBody(map[string]any{"description": "새 소개"})
	change["documents"] = []map[string]any{{"kind": "no_such_kind", "document_id": forgotten}}
	h.do("POST", "/api/v1/services/"+svc+"/change-requests", h.provider(), change).problem(t, http.StatusUnprocessableEntity)
	r := h.do("POST", "/api/v1/applications", h.provider(), applicationInput(pv1BusinessNo, docs...))
	require.Equal(t, http.StatusCreated, r.status, r.String())

	// The night's purge, as though every file here were past the period.
	now := time.Now()
	purged, err := h.store.PurgeUnattachedDocuments(ctx, now.Add(time.Second), now, 100)
	require.NoError(t, err)
	require.Equal(t, []string{forgotten}, purged, "only the file no request named")

	days := strconv.Itoa(models.UnattachedDocumentDays)
	p := h.do("GET", "/api/v1/documents/"+forgotten, h.provider(), nil, "Accept-Language", "ko").problem(t, http.StatusNotFound)
	require.Contains(t, p.Detail, days+"일이 지나")
	p = h.do("GET", "/api/v1/documents/"+forgotten, h.agency(), nil).problem(t, http.StatusNotFound)
	require.NotContains(t, p.Detail, days, "another organization does not learn the file existed")

	again := applicationInput(pv1BusinessNo, append([]models.DocumentInput{{Kind: "application_form", DocumentID: forgotten}}, docs[1:]...)...)
	p = h.do("POST", "/api/v1/applications", h.provider(), again).problem(t, http.StatusUnprocessableEntity)
	require.Len(t, p.Errors, 1)
	require.Equal(t, "documents[0].document_id", p.Errors[0].Field)
	require.Contains(t, p.Errors[0].Message, "within "+days+" days")

	got := h.do("GET", "/api/v1/documents/"+docs[0].DocumentID, h.provider(), nil)
	require.Equal(t, http.StatusOK, got.status, got.String())
	d, err := h.store.GetDocument(ctx, docs[0].DocumentID)
	require.NoError(t, err)
	require.NotNil(t, d.AttachedAt, "a file the application named is attached for good")
}

// TestUnattachedDocumentsPurgedAtNight: the nightly housekeeping, run by a worker whose
// clock stands past the period, removes the bytes of the file no request named and keeps
// the application's. With -record it writes the run's history for the replay test
// (`go test ./api -run TestUnattachedDocumentsPurgedAtNight -record`).
func TestUnattachedDocumentsPurgedAtNight(t *testing.T) {
	h := newHarness(t)
	docs := h.uploadedDocuments(h.provider(), models.RequiredDocuments(models.TypeCloud, false, false)...)
	forgotten := h.uploaded(h.provider(), "잊힌 파일.pdf", "")
	r := h.do("POST", "/api/v1/applications", h.provider(), applicationInput(pv1BusinessNo, docs...))
	require.Equal(t, http.StatusCreated, r.status, r.String())

	bytesOf := h.fileBytes(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	id := "housekeeping-documents-" + forgotten
	res := h.housekeepingAt(ctx, t, id, time.Now().AddDate(0, 0, models.UnattachedDocumentDays+1), bytesOf)
	require.EqualValues(t, 1, res.PurgedDocuments)

	_, _, err := bytesOf.Get(ctx, forgotten)
	require.True(t, errors.Is(err, docstore.ErrNotFound), "the forgotten file's bytes: %v", err)
	for _, d := range docs {
		rc, _, err := bytesOf.Get(ctx, d.DocumentID)
		require.NoError(t, err, "the application's %s", d.Kind)
		_ = rc.Close()
	}
	h.do("GET", "/api/v1/documents/"+forgotten, h.provider(), nil).problem(t, http.StatusNotFound)

	h.recordHistory(t, ctx, id, "housekeeping_documents", housekeepingBudget)
}

// TestStrayContentsRemovedAtNight: the nightly housekeeping, run by a worker whose clock
// stands past the grace period, removes bytes that no document's row names (a crash
// between an upload's two writes) and keeps every document's bytes. With -record it writes
// the run's history for the replay test
// (`go test ./api -run TestStrayContentsRemovedAtNight -record`).
func TestStrayContentsRemovedAtNight(t *testing.T) {
	h := newHarness(t)
	docs := h.uploadedDocuments(h.provider(), models.RequiredDocuments(models.TypeCloud, false, false)...)
	r := h.do("POST", "/api/v1/applications", h.provider(), applicationInput(pv1BusinessNo, docs...))
	require.Equal(t, http.StatusCreated, r.status, r.String())

	bytesOf := h.fileBytes(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	stray := fmt.Sprintf("DOC-%032x", time.Now().UnixNano())
	content := []byte("%PDF-1.4 bytes whose row a crash never wrote")
	require.NoError(t, bytesOf.Put(ctx, stray, bytes.NewReader(content), int64(len(content)), "application/pdf"))

	id := "housekeeping-stray-" + stray
	res := h.housekeepingAt(ctx, t, id, time.Now().Add(48*time.Hour), bytesOf)
	require.EqualValues(t, 1, res.PurgedStrayContents)

	_, _, err := bytesOf.Get(ctx, stray)
	require.True(t, errors.Is(err, docstore.ErrNotFound), "the stray bytes: %v", err)
	for _, d := range docs {
		got := h.do("GET", "/api/v1/documents/"+d.DocumentID, h.provider(), nil)
		require.Equal(t, http.StatusOK, got.status, "the application's %s: %s", d.Kind, got.String())
	}

	h.recordHistory(t, ctx, id, "housekeeping_stray_contents", housekeepingBudget)
}

// housekeepingAt runs the nightly Housekeeping as id on a worker of its own whose clock
// stands at night and which keeps files in bytesOf, and returns what it did.
func (h *harness) housekeepingAt(ctx context.Context, t *testing.T, id string, night time.Time, bytesOf docstore.Backend) flow.HousekeepingResult {
	t.Helper()
	tq := "night-" + fmt.Sprint(time.Now().UnixNano())
	w := worker.NewOn(h.tc, tq, &activities.Activities{Store: h.store, Logger: systest.Quiet, Temporal: h.tc,
		Documents: bytesOf, Clock: func() time.Time { return night }})
	require.NoError(t, w.Start())
	t.Cleanup(w.Stop)
	run, err := h.tc.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: tq}, workflows.Housekeeping)
	require.NoError(t, err)
	var res flow.HousekeepingResult
	require.NoError(t, run.Get(ctx, &res))
	return res
}

// fileBytes is the table of file bytes of the harness's database, which its app keeps
// uploads in.
func (h *harness) fileBytes(t *testing.T) *docstore.Postgres {
	t.Helper()
	db, err := h.store.DB().DB()
	require.NoError(t, err)
	return docstore.NewPostgres(db)
}

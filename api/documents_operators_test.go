package api_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
)

// TestDocuments_OperatorsReadTheFilesOfTheirProcesses: the operators see no orders, so a
// file that only a proposal holds is not theirs to read (404, as API.md gives a file to
// those who may see a case that references it); the same file sent again with a change
// request, a case of theirs, is.
func TestDocuments_OperatorsReadTheFilesOfTheirProcesses(t *testing.T) {
	h := newHarness(t)
	order := h.newOrder()
	docs := h.uploadedDocuments(h.provider(), models.DocSupporting)
	id := docs[0].DocumentID
	r := h.do("POST", "/api/v1/orders/"+order+"/proposal", h.provider(),
		map[string]any{"price_krw": 110_000_000, "summary": "IaaS", "documents": docs})
	require.Equal(t, http.StatusOK, r.status, r.String())
	h.do("GET", "/api/v1/documents/"+id, h.operator(), nil).problem(t, http.StatusNotFound)

	body := changeBody(map[string]any{"description": "본점 이전에 따른 소개 갱신"})
	body["documents"] = []map[string]any{{"kind": "supporting", "document_id": id}}
	r = h.do("POST", "/api/v1/services/"+h.ownService("")+"/change-requests", h.provider(), body)
	require.Equal(t, http.StatusCreated, r.status, r.String())
	require.Eventually(t, func() bool {
		return h.do("GET", "/api/v1/documents/"+id, h.operator(), nil).status == http.StatusOK
	}, 15e9, 50e6, "the change request's file is the operators' to read")
	require.Equal(t, http.StatusOK, h.do("GET", "/api/v1/documents/"+id+"/downloads", h.operator(), nil).status)

	// Where each download came from is the auditors' to read, not the operators'.
	downloads := func(token string) []any {
		r := h.do("GET", "/api/v1/documents/"+id+"/downloads", token, nil)
		require.Equal(t, http.StatusOK, r.status, r.String())
		return r.json(t)["items"].([]any)
	}
	require.NotEmpty(t, downloads(h.auditor()))
	for _, d := range downloads(h.auditor()) {
		require.Equal(t, "127.0.0.1", d.(map[string]any)["client_ip"])
	}
	for _, d := range downloads(h.operator()) {
		require.NotContains(t, d.(map[string]any), "client_ip")
	}
}

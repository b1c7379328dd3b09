package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
)

// TestDocuments_ContractChangeByDocumentID: a contract's change is registered with its
// files (the amended contract) by document_id, as the contract itself is; its provider then
// reads them and no other provider or agency does. A file of another kind, or a contract
// the caller may not see, is refused before anything is recorded; a retry under the same
// key makes no second change.
func TestDocuments_ContractChangeByDocumentID(t *testing.T) {
	h := newHarness(t)
	id := h.newContract(contractBody("SVC-0001", 3))
	path := "/api/v1/contracts/" + id
	change := func(docs []models.DocumentInput) map[string]any {
		return map[string]any{"changed_on": day(0), "reason": "과업 범위 조정", "amount_krw": 52_000_000, "documents": docs}
	}

	p := h.do("PATCH", path, h.agency(), change(h.uploadedDocuments(h.agency(), models.DocCorporateRegistry))).
		problem(t, http.StatusUnprocessableEntity)
	require.Equal(t, []string{"documents[0].kind"}, fieldsOf(p), "an application's form is not a contract's file")
	h.do("PATCH", path, h.agency2(), change(h.uploadedDocuments(h.agency2(), models.DocContract))).
		problem(t, http.StatusNotFound)

	docs := h.uploadedDocuments(h.agency(), models.DocContract)
	r := h.do("PATCH", path, h.agency(), change(docs), "Idempotency-Key", "change-with-its-file")
	require.Equal(t, http.StatusOK, r.status, r.String())
	again := h.do("PATCH", path, h.agency(), change(docs), "Idempotency-Key", "change-with-its-file")
	require.Equal(t, http.StatusOK, again.status, again.String())
	changes := again.json(t)["changes"].([]any)
	require.Len(t, changes, 1, "the retry made no second change")
	got := changes[0].(map[string]any)["documents"].([]any)
	require.Len(t, got, 1)
	require.Equal(t, docs[0].DocumentID, got[0].(map[string]any)["document_id"])
	require.Equal(t, "contract", got[0].(map[string]any)["kind"])
	// The auditor's timeline says what the change brought.
	hist := h.do("GET", "/api/v1/cases/contract-"+id+"/history", h.auditor(), nil).json(t)["decisions"].([]any)
	require.True(t, strings.HasSuffix(hist[len(hist)-1].(map[string]any)["note"].(string), "; files: "+got[0].(map[string]any)["filename"].(string)),
		"the change's step names its file: %v", hist[len(hist)-1])

	// The provider's news of the change names the file, so it knows there is one to read.
	filename := got[0].(map[string]any)["filename"].(string)
	require.Eventually(t, func() bool {
		r := h.do("GET", "/api/v1/me/notifications?page_size=50", h.provider(), nil)
		return r.status == http.StatusOK && strings.Contains(string(r.body), "Files: "+filename) && strings.Contains(string(r.body), id)
	}, 15*time.Second, 50*time.Millisecond, "the provider's news of the change names its file")

	doc := docs[0].DocumentID
	require.Eventually(t, func() bool {
		return h.do("GET", "/api/v1/documents/"+doc, h.provider(), nil).status == http.StatusOK
	}, 15*time.Second, 50*time.Millisecond, "the contract's provider reads the change's file")
	// The operators see no contracts, so not their files either.
	for _, token := range []string{h.provider2(), h.agency2(), h.operator()} {
		h.do("GET", "/api/v1/documents/"+doc, token, nil).problem(t, http.StatusNotFound)
	}
	require.Contains(t, h.downloadsOf(doc), "provider PV-0001 jung.provider", "the provider's download is recorded")
}

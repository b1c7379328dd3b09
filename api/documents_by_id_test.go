package api_test

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/api"
	"github.com/dsmarket/dsmarket/models"
)

// TestDocuments_ApplicationByDocumentID: an application whose documents are uploaded files,
// referenced by ID, opens like any other; its files are then readable by those who may
// see it: committee members, the experts assigned to it (not the others), the operator.
func TestDocuments_ApplicationByDocumentID(t *testing.T) {
	h := newHarness(t)
	docs := h.uploadedDocuments(h.provider(), models.RequiredDocuments(models.TypeCloud, false, false)...)

	// Another organization's file is not the applicant's to reference.
	foreign := h.uploaded(h.provider2(), "남의 신청서.pdf", "application_form")
	bad := applicationInput(pv1BusinessNo, append([]models.DocumentInput{{Kind: "application_form", DocumentID: foreign}}, docs[1:]...)...)
	p := h.do("POST", "/api/v1/applications", h.provider(), bad).problem(t, http.StatusUnprocessableEntity)
	require.Equal(t, "documents[0].document_id", p.Errors[0].Field)

	r := h.do("POST", "/api/v1/applications", h.provider(), applicationInput(pv1BusinessNo, docs...))
	require.Equal(t, http.StatusCreated, r.status, r.String())
	require.Equal(t, "document_check", r.json(t)["status"])
	id := r.json(t)["id"].(string)
	a := h.application(id)
	form := a["documents"].([]any)[0].(map[string]any)
	require.Equal(t, docs[0].DocumentID, form["document_id"])
	require.Equal(t, "application_form 서류.pdf", form["filename"])
	sum := sha256.Sum256(pdfOf("application_form 서류.pdf"))
	require.Equal(t, hex.EncodeToString(sum[:]), form["sha256"])

	file := "/api/v1/documents/" + docs[0].DocumentID
	h.do("GET", file, h.expert("cho.expert"), nil).problem(t, http.StatusNotFound)
	require.Equal(t, http.StatusOK, h.do("GET", file, h.member("song.committee"), nil).status)

	check := h.openTask(h.operator(), id, models.TaskDocumentCheck)
	a = h.complete(h.operator(), check, map[string]any{"outcome": "accept"})
	assign := a["open_tasks"].([]any)[0].(map[string]any)["id"].(string)
	h.complete(h.operator(), assign, map[string]any{"experts": []string{"cho.expert"}})

	got := h.do("GET", file, h.expert("cho.expert"), nil)
	require.Equal(t, http.StatusOK, got.status, got.String())
	require.Equal(t, pdfOf("application_form 서류.pdf"), got.body)
	h.do("GET", file, h.expert("yoo.expert"), nil).problem(t, http.StatusNotFound)
	h.do("GET", file, h.provider2(), nil).problem(t, http.StatusNotFound)
	h.do("GET", file, h.agency(), nil).problem(t, http.StatusNotFound)
	require.Equal(t, http.StatusOK, h.do("GET", file, h.operator(), nil).status, "the operators check the application's documents")

	require.Equal(t, []string{"committee MSIT song.committee", "expert ETRI cho.expert", "operator NIA park.operator"},
		h.downloadsOf(docs[0].DocumentID))
}

// TestDocuments_SupplementByDocumentID: a supplement takes uploaded files by ID too.
func TestDocuments_SupplementByDocumentID(t *testing.T) {
	h := newHarness(t)
	kinds := models.RequiredDocuments(models.TypeCloud, false, false)
	id := h.newApplication(documents(kinds[:len(kinds)-1]...)...)
	require.Eventually(t, func() bool { return h.application(id)["status"] == "supplement_requested" }, 10e9, 50e6)

	sla := h.uploadedDocuments(h.provider(), models.DocSLAPolicy)
	foreign := h.uploaded(h.provider2(), "SLA.pdf", "sla_policy")
	p := h.do("POST", "/api/v1/applications/"+id+"/documents", h.provider(),
		api.SupplementInput{Documents: []models.DocumentInput{{Kind: "sla_policy", DocumentID: foreign}}}).problem(t, http.StatusUnprocessableEntity)
	require.Equal(t, "documents[0].document_id", p.Errors[0].Field)

	r := h.do("POST", "/api/v1/applications/"+id+"/documents", h.provider(), api.SupplementInput{Documents: sla})
	require.Equal(t, http.StatusOK, r.status, r.String())
	require.Equal(t, "document_check", r.json(t)["status"])
	last := r.json(t)["documents"].([]any)
	require.Equal(t, sla[0].DocumentID, last[len(last)-1].(map[string]any)["document_id"])
}

// TestDocuments_QualityReportByDocumentID: a quality report takes uploaded files by ID,
// as an application does.
func TestDocuments_QualityReportByDocumentID(t *testing.T) {
	h := newHarness(t)
	svc := h.ownQualityService()
	r := h.do("POST", "/api/v1/quality-cycles", h.operator(), nil)
	require.Equal(t, http.StatusAccepted, r.status, r.String())
	require.Eventually(t, func() bool {
		r := h.do("GET", "/api/v1/quality-cases?service_id="+svc, h.operator(), nil)
		return r.status == http.StatusOK && len(r.json(t)["items"].([]any)) == 1
	}, 30e9, 100e6, "the cycle opens the case of %s", svc)

	report := "/api/v1/services/" + svc + "/quality-reports"
	body := func(docs []models.DocumentInput) map[string]any {
		return map[string]any{"summary": "연간 가용성 99.95%", "availability_pct": 99.95, "incidents": 0, "documents": docs}
	}
	foreign := h.uploaded(h.provider2(), "SLA.pdf", "sla_policy")
	p := h.do("POST", report, h.provider(), body([]models.DocumentInput{{Kind: "sla_policy", DocumentID: foreign}})).
		problem(t, http.StatusUnprocessableEntity)
	require.Equal(t, "documents[0].document_id", p.Errors[0].Field)

	sla := h.uploadedDocuments(h.provider(), models.DocSLAPolicy)
	r = h.do("POST", report, h.provider(), body(sla))
	require.Equal(t, http.StatusOK, r.status, r.String())
	doc := r.json(t)["report"].(map[string]any)["documents"].([]any)[0].(map[string]any)
	require.Equal(t, sla[0].DocumentID, doc["document_id"])
	require.Equal(t, "sla_policy 서류.pdf", doc["filename"])
	require.Eventually(t, func() bool {
		return h.do("GET", "/api/v1/documents/"+sla[0].DocumentID, h.operator(), nil).status == http.StatusOK
	}, 15e9, 50e6, "the operators read the report's file, to pre-review it")
}

// TestDocuments_ChangeRequestByDocumentID: a change request carries its evidence by
// document_id (API.md, "Documents"), resolved to the file's name and digest; a file of
// another organization is refused on the field and opens nothing.
func TestDocuments_ChangeRequestByDocumentID(t *testing.T) {
	h := newHarness(t)
	svc := h.ownService("")
	path := "/api/v1/services/" + svc + "/change-requests"
	mine := h.uploaded(h.provider(), "법인등기부등본.pdf", "corporate_registry")
	theirs := h.uploaded(h.provider2(), "other.pdf", "corporate_registry")

	body := changeBody(map[string]any{"description": "본점 이전에 따른 소개 갱신"})
	body["documents"] = []map[string]any{{"kind": "corporate_registry", "document_id": theirs}}
	p := h.do("POST", path, h.provider(), body).problem(t, http.StatusUnprocessableEntity)
	require.Equal(t, "documents[0].document_id", p.Errors[0].Field)

	body["documents"] = []map[string]any{{"kind": "corporate_registry", "document_id": mine}}
	r := h.do("POST", path, h.provider(), body)
	require.Equal(t, http.StatusCreated, r.status, r.String())
	cr := h.do("GET", "/api/v1/change-requests/"+r.json(t)["id"].(string), h.operator(), nil).json(t)
	docs := cr["documents"].([]any)
	require.Len(t, docs, 1)
	d := docs[0].(map[string]any)
	require.Equal(t, mine, d["document_id"])
	require.Equal(t, "법인등기부등본.pdf", d["filename"])
	require.Regexp(t, `^[0-9a-f]{64}$`, d["sha256"])
}

// TestDocuments_ProposalByDocumentID: a catalog order's proposal carries its files by
// document_id; the order's agency then reads them, another agency learns nothing of them,
// and a file of the proposal's own kinds is all it takes.
func TestDocuments_ProposalByDocumentID(t *testing.T) {
	h := newHarness(t)
	order := h.newOrder()
	proposal := "/api/v1/orders/" + order + "/proposal"
	body := func(docs []models.DocumentInput) map[string]any {
		return map[string]any{"price_krw": 110_000_000, "summary": "IaaS 4 vCPU x 20, 36개월", "documents": docs}
	}
	registry := h.uploadedDocuments(h.provider(), models.DocCorporateRegistry)
	p := h.do("POST", proposal, h.provider(), body(registry)).problem(t, http.StatusUnprocessableEntity)
	require.Equal(t, "documents[0].kind", p.Errors[0].Field, "an application's form is not a proposal's file")
	// Another provider's order is not found, before its files are looked at.
	h.do("POST", proposal, h.provider2(), body(h.uploadedDocuments(h.provider2(), models.DocProposal))).
		problem(t, http.StatusNotFound)

	docs := h.uploadedDocuments(h.provider(), models.DocProposal, models.DocPriceSheet)
	r := h.do("POST", proposal, h.provider(), body(docs))
	require.Equal(t, http.StatusOK, r.status, r.String())
	got := r.json(t)["proposal"].(map[string]any)["documents"].([]any)
	require.Len(t, got, 2)
	require.Equal(t, docs[0].DocumentID, got[0].(map[string]any)["document_id"])

	id := docs[0].DocumentID
	require.Equal(t, http.StatusOK, h.do("GET", "/api/v1/documents/"+id, h.agency(), nil).status, "the order's agency reads it")
	// The operators see no orders: a proposal's file is not theirs to read, nor who read it.
	for _, token := range []string{h.token(models.RoleAgency, "AG-0002", "choi.agency"), h.provider2(), h.expert("cho.expert"), h.operator()} {
		h.do("GET", "/api/v1/documents/"+id, token, nil).problem(t, http.StatusNotFound)
	}
	h.do("GET", "/api/v1/documents/"+id+"/downloads", h.operator(), nil).problem(t, http.StatusNotFound)
	require.Equal(t, http.StatusOK, h.do("GET", "/api/v1/documents/"+id, h.auditor(), nil).status, "the auditor reads every case")
	require.Contains(t, h.downloadsOf(id), "agency AG-0001 kim.agency", "the agency's download is recorded")
}

// TestDocuments_ContractByDocumentID: a direct contract is registered with its files by
// document_id; its provider then reads them and no other provider does. The terms' and the
// files' refusals are said together, and a retry under the same key, files and all, answers
// the first registration.
func TestDocuments_ContractByDocumentID(t *testing.T) {
	h := newHarness(t)
	body := contractBody("SVC-0001", 3)
	body["amount_krw"] = -1
	body["documents"] = h.uploadedDocuments(h.agency(), models.DocCorporateRegistry)
	p := h.do("POST", "/api/v1/contracts", h.agency(), body).problem(t, http.StatusUnprocessableEntity)
	var fields []string
	for _, e := range p.Errors {
		fields = append(fields, e.Field)
	}
	require.ElementsMatch(t, []string{"amount_krw", "documents[0].kind"}, fields)
	refused := body["documents"].([]models.DocumentInput)[0].DocumentID
	d, err := h.store.GetDocument(t.Context(), refused)
	require.NoError(t, err)
	require.Nil(t, d.AttachedAt, "a refused registration leaves its file unattached")

	body = contractBody("SVC-0001", 3)
	body["documents"] = h.uploadedDocuments(h.agency(), models.DocContract)
	r := h.do("POST", "/api/v1/contracts", h.agency(), body, "Idempotency-Key", "contract-with-its-file")
	require.Equal(t, http.StatusCreated, r.status, r.String())
	id := r.json(t)["id"].(string)
	again := h.do("POST", "/api/v1/contracts", h.agency(), body, "Idempotency-Key", "contract-with-its-file")
	require.Equal(t, http.StatusOK, again.status, again.String())
	require.Equal(t, id, again.json(t)["id"], "the retry answers the first registration")

	var doc string
	require.Eventually(t, func() bool {
		r := h.do("GET", "/api/v1/contracts/"+id, h.provider(), nil)
		if r.status != http.StatusOK {
			return false
		}
		docs, _ := r.json(t)["documents"].([]any)
		if len(docs) != 1 {
			return false
		}
		doc, _ = docs[0].(map[string]any)["document_id"].(string)
		return doc != ""
	}, 15*time.Second, 50*time.Millisecond, "the contract keeps its file")
	require.Equal(t, http.StatusOK, h.do("GET", "/api/v1/documents/"+doc, h.provider(), nil).status, "its provider reads it")
	for _, token := range []string{h.provider2(), h.token(models.RoleAgency, "AG-0002", "choi.agency")} {
		h.do("GET", "/api/v1/documents/"+doc, token, nil).problem(t, http.StatusNotFound)
	}
}

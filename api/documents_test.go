package api_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"mime"
	"mime/multipart"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/api"
	"github.com/dsmarket/dsmarket/models"
)

// uploadBody is a multipart body with the parts given as name, value pairs; a part named
// "file" is a file part whose file name is filename.
func uploadBody(t *testing.T, filename string, parts ...string) (body []byte, contentType string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for i := 0; i+1 < len(parts); i += 2 {
		var err error
		if parts[i] == "file" {
			var f interface{ Write([]byte) (int, error) }
			f, err = w.CreateFormFile("file", filename)
			require.NoError(t, err)
			_, err = f.Write([]byte(parts[i+1]))
		} else {
			err = w.WriteField(parts[i], parts[i+1])
		}
		require.NoError(t, err)
	}
	require.NoError(t, w.Close())
	return b.Bytes(), w.FormDataContentType()
}

// upload sends one file with an optional kind.
func (h *harness) upload(token, filename, kind string, content []byte, headers ...string) response {
	h.t.Helper()
	parts := []string{"file", string(content)}
	if kind != "" {
		parts = append(parts, "kind", kind)
	}
	body, ct := uploadBody(h.t, filename, parts...)
	return h.do("POST", "/api/v1/documents", token, body, append([]string{"Content-Type", ct}, headers...)...)
}

// pdfOf is a small PDF whose bytes differ by text.
func pdfOf(text string) []byte {
	return []byte("%PDF-1.7\n% " + text + "\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
}

// uploaded uploads a PDF and returns the document's ID.
func (h *harness) uploaded(token, filename, kind string) string {
	h.t.Helper()
	r := h.upload(token, filename, kind, pdfOf(filename))
	require.Equal(h.t, http.StatusCreated, r.status, r.String())
	return r.json(h.t)["id"].(string)
}

// uploadedDocuments uploads one PDF per kind as token and references each by its ID.
func (h *harness) uploadedDocuments(token string, kinds ...models.DocumentKind) []models.DocumentInput {
	h.t.Helper()
	out := make([]models.DocumentInput, len(kinds))
	for i, k := range kinds {
		out[i] = models.DocumentInput{Kind: string(k), DocumentID: h.uploaded(token, string(k)+" 서류.pdf", string(k))}
	}
	return out
}

// downloadsOf is who downloaded the document, oldest first, as an auditor reads the record.
func (h *harness) downloadsOf(id string) []string {
	h.t.Helper()
	r := h.do("GET", "/api/v1/documents/"+id+"/downloads?page_size=100", h.auditor(), nil)
	require.Equal(h.t, http.StatusOK, r.status, r.String())
	var out []string
	for _, it := range r.json(h.t)["items"].([]any) {
		d := it.(map[string]any)
		out = append(out, fmt.Sprintf("%s %s %s", d["role"], d["org"], d["sub"]))
	}
	slices.Reverse(out)
	return out
}

func TestDocuments_Upload201(t *testing.T) {
	h := newHarness(t)
	content := pdfOf("신청서")
	r := h.upload(h.provider(), "신청서 (최종).pdf", "application_form", content, "Idempotency-Key", "upload-1")
	require.Equal(t, http.StatusCreated, r.status, r.String())
	doc := r.json(t)
	sum := sha256.Sum256(content)
	require.Regexp(t, models.DocumentIDPattern, doc["id"])
	require.Equal(t, "/api/v1/documents/"+doc["id"].(string), r.header.Get("Location"))
	require.Equal(t, "신청서 (최종).pdf", doc["filename"])
	require.Equal(t, hex.EncodeToString(sum[:]), doc["sha256"], "the server computes the digest")
	require.EqualValues(t, len(content), doc["size"])
	require.Equal(t, "application/pdf", doc["content_type"])
	require.Equal(t, "application_form", doc["kind"])
	require.Equal(t, "PV-0001", doc["uploader_org"])

	again := h.upload(h.provider(), "신청서 (최종).pdf", "application_form", content, "Idempotency-Key", "upload-1")
	require.Equal(t, http.StatusOK, again.status, again.String())
	require.Equal(t, doc["id"], again.json(t)["id"])
	h.upload(h.provider(), "신청서 (최종).pdf", "application_form", pdfOf("다른 파일"), "Idempotency-Key", "upload-1").
		problem(t, http.StatusUnprocessableEntity)

	// Every signed-in role may upload.
	r = h.upload(h.expert("cho.expert"), "검토의견.pdf", "", pdfOf("의견"))
	require.Equal(t, http.StatusCreated, r.status, r.String())
	require.NotContains(t, r.json(t), "kind")
}

// TestDocuments_UploadUpTo20MiB: the body limit of the other routes (1 MiB) does not
// apply to an upload; 20 MiB does.
func TestDocuments_UploadUpTo20MiB(t *testing.T) {
	h := newHarness(t)
	big := append(pdfOf("큰 파일"), bytes.Repeat([]byte("0123456789abcdef"), (models.MaxUploadBytes-200)/16)...)
	r := h.upload(h.provider(), "big.pdf", "", big)
	require.Equal(t, http.StatusCreated, r.status, r.String())
	require.EqualValues(t, len(big), r.json(t)["size"])
	id := r.json(t)["id"].(string)
	got := h.do("GET", "/api/v1/documents/"+id, h.provider(), nil)
	require.Equal(t, http.StatusOK, got.status)
	require.True(t, bytes.Equal(big, got.body), "the download is the upload")

	p := h.upload(h.provider(), "too-big.pdf", "", append(big, make([]byte, 300)...)).problem(t, http.StatusRequestEntityTooLarge)
	require.Contains(t, p.Detail, "20 MiB")
}

func TestDocuments_UploadRefusals(t *testing.T) {
	h := newHarness(t)
	exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00"), make([]byte, 64)...)
	p := h.upload(h.provider(), "setup.pdf", "", exe).problem(t, http.StatusUnsupportedMediaType)
	require.Equal(t, "지원하지 않는 파일 형식 (Unsupported media type)", p.Title)
	require.Contains(t, p.Detail, "PDF, PNG, JPEG, HWP, HWPX, ZIP")
	require.Equal(t, "file", p.Errors[0].Field)
	h.upload(h.provider(), "notes.txt", "", []byte("plain text is not a document\n")).problem(t, http.StatusUnsupportedMediaType)

	p = h.upload(h.provider(), "a.pdf", "brochure", pdfOf("a")).problem(t, http.StatusUnprocessableEntity)
	require.Equal(t, "kind", p.Errors[0].Field)
	body, ct := uploadBody(t, "", "kind", "application_form")
	p = h.do("POST", "/api/v1/documents", h.provider(), body, "Content-Type", ct).problem(t, http.StatusUnprocessableEntity)
	require.Equal(t, "file", p.Errors[0].Field)
	body, ct = uploadBody(t, "a.pdf", "file", string(pdfOf("a")), "comment", "hi")
	p = h.do("POST", "/api/v1/documents", h.provider(), body, "Content-Type", ct).problem(t, http.StatusUnprocessableEntity)
	require.Equal(t, "comment", p.Errors[0].Field)
	body, ct = uploadBody(t, "a.pdf", "file", string(pdfOf("a")), "file", string(pdfOf("b")))
	h.do("POST", "/api/v1/documents", h.provider(), body, "Content-Type", ct).problem(t, http.StatusUnprocessableEntity)
	p = h.upload(h.provider(), "", "", pdfOf("a")).problem(t, http.StatusUnprocessableEntity)
	require.Equal(t, "file", p.Errors[0].Field)

	h.do("POST", "/api/v1/documents", h.provider(), map[string]any{"file": "a.pdf"}).problem(t, http.StatusBadRequest)
	h.do("POST", "/api/v1/documents", h.provider(), "--x\r\n", "Content-Type", "multipart/form-data").problem(t, http.StatusBadRequest)
	h.upload("", "a.pdf", "", pdfOf("a")).problem(t, http.StatusUnauthorized)

	var n int64
	require.NoError(t, h.store.DB().Raw(`SELECT count(*) FROM documents`).Scan(&n).Error)
	require.Zero(t, n, "a refused upload stores nothing")
}

func TestDocuments_DownloadByTheUploadersOrganization(t *testing.T) {
	h := newHarness(t)
	content := pdfOf("법인등기부")
	r := h.upload(h.provider(), "법인 등기부등본.pdf", "corporate_registry", content)
	require.Equal(t, http.StatusCreated, r.status, r.String())
	id := r.json(t)["id"].(string)

	colleague := h.token(models.RoleProvider, "PV-0001", "lee.provider")
	got := h.do("GET", "/api/v1/documents/"+id, colleague, nil)
	require.Equal(t, http.StatusOK, got.status, got.String())
	require.Equal(t, content, got.body)
	require.Equal(t, "application/pdf", got.header.Get("Content-Type"))
	require.Equal(t, "nosniff", got.header.Get("X-Content-Type-Options"))
	require.Equal(t, `attachment; filename="document.pdf"; filename*=UTF-8''%EB%B2%95%EC%9D%B8%20%EB%93%B1%EA%B8%B0%EB%B6%80%EB%93%B1%EB%B3%B8.pdf`,
		got.header.Get("Content-Disposition"))
	disposition, params, err := mime.ParseMediaType(got.header.Get("Content-Disposition"))
	require.NoError(t, err)
	require.Equal(t, "attachment", disposition)
	require.Equal(t, "법인 등기부등본.pdf", params["filename"])

	// Another organization, an agency, an expert and a member of no case that references it
	// learn nothing, as for a document that does not exist; nor do the operators, while no
	// case of theirs holds it (API.md: a file is for those who may see a case that
	// references it).
	for _, token := range []string{h.provider2(), h.agency(), h.expert("cho.expert"), h.member("song.committee"), h.operator()} {
		h.do("GET", "/api/v1/documents/"+id, token, nil).problem(t, http.StatusNotFound)
	}
	h.do("GET", "/api/v1/documents/DOC-"+strings.Repeat("0", 32), h.operator(), nil).problem(t, http.StatusNotFound)
	h.do("GET", "/api/v1/documents/not-an-id", h.operator(), nil).problem(t, http.StatusNotFound)
	h.do("GET", "/api/v1/documents/"+id, "", nil).problem(t, http.StatusUnauthorized)

	require.Equal(t, http.StatusOK, h.do("GET", "/api/v1/documents/"+id, h.auditor(), nil).status)
	require.Equal(t, []string{"provider PV-0001 lee.provider", "auditor BAI lee.auditor"},
		h.downloadsOf(id), "every download is recorded, and only downloads")
}

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

func TestContentDisposition(t *testing.T) {
	for name, want := range map[string]string{
		"report.pdf":          `attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`,
		"사업자등록증.hwp":          `attachment; filename="document.hwp"; filename*=UTF-8''%EC%82%AC%EC%97%85%EC%9E%90%EB%93%B1%EB%A1%9D%EC%A6%9D.hwp`,
		`a "quoted" name.pdf`: `attachment; filename="document.pdf"; filename*=UTF-8''a%20%22quoted%22%20name.pdf`,
		"100%.pdf":            `attachment; filename="document.pdf"; filename*=UTF-8''100%25.pdf`,
		"신청서.한글":              `attachment; filename="document"; filename*=UTF-8''%EC%8B%A0%EC%B2%AD%EC%84%9C.%ED%95%9C%EA%B8%80`,
	} {
		require.Equal(t, want, api.ContentDisposition(name), name)
		_, params, err := mime.ParseMediaType(want)
		require.NoError(t, err, name)
		require.Equal(t, name, params["filename"], "a client reads back the name")
	}
}

// exerciseDocuments is the documents' part of TestOpenAPI_LiveResponses: an upload and its
// retry, its refusals, and downloads, each answer checked against the document.
func exerciseDocuments(t *testing.T, h *harness, call caller) {
	t.Helper()
	upload := func(token, filename string, content []byte, want int, headers ...string) response {
		body, ct := uploadBody(t, filename, "file", string(content), "kind", "application_form")
		return call("POST", "/api/v1/documents", token, body, want, append([]string{"Content-Type", ct}, headers...)...)
	}
	id := upload(h.provider(), "신청서.pdf", pdfOf("openapi"), 201, "Idempotency-Key", "openapi-doc").json(t)["id"].(string)
	upload(h.provider(), "신청서.pdf", pdfOf("openapi"), 200, "Idempotency-Key", "openapi-doc")
	upload(h.provider(), "신청서.pdf", pdfOf("another"), 422, "Idempotency-Key", "openapi-doc")
	upload(h.provider(), "setup.exe", []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00"), 415)
	upload(h.provider(), "big.pdf", append(pdfOf("big"), make([]byte, models.MaxUploadBytes)...), 413)
	call("POST", "/api/v1/documents", h.provider(), map[string]any{"file": "신청서.pdf"}, 400)
	upload("", "신청서.pdf", pdfOf("anonymous"), 401)

	call("GET", "/api/v1/documents/"+id, h.provider(), nil, 200)
	call("GET", "/api/v1/documents/"+id, h.provider2(), nil, 404)
	call("GET", "/api/v1/documents/"+id+"/downloads?page_size=1", h.auditor(), nil, 200)
	call("GET", "/api/v1/documents/"+id+"/downloads", h.provider(), nil, 403) // the uploader does not read who else did
	call("GET", "/api/v1/documents/DOC-"+strings.Repeat("0", 32)+"/downloads", h.auditor(), nil, 404)
	call("GET", "/api/v1/documents/"+id, "", nil, 401)
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

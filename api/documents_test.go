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

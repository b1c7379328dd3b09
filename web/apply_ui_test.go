package web_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
)

// minimalPDF is a small valid PDF, which the type sniffer accepts as application/pdf; text
// makes each one's bytes its own.
func minimalPDF(text string) []byte {
	return []byte("%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n" +
		"% " + text + "\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
}

// upload is one file of a multipart form.
type upload struct {
	name    string
	content []byte
}

// postFiles sends a multipart form as a browser without JavaScript does: the fields, the
// session's CSRF token unless the form has one, and the files.
func (v *visitor) postFiles(path string, form url.Values, files map[string]upload) pageResp {
	v.h.t.Helper()
	if form.Get("csrf_token") == "" {
		form.Set("csrf_token", v.csrf())
	}
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for k, vs := range form {
		for _, x := range vs {
			require.NoError(v.h.t, w.WriteField(k, x))
		}
	}
	for field, f := range files {
		part, err := w.CreateFormFile(field, f.name)
		require.NoError(v.h.t, err)
		_, err = part.Write(f.content)
		require.NoError(v.h.t, err)
	}
	require.NoError(v.h.t, w.Close())
	req, err := http.NewRequest(http.MethodPost, v.h.url+path, &body)
	require.NoError(v.h.t, err)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Origin", v.h.url)
	res, err := v.c.Do(req)
	require.NoError(v.h.t, err)
	return read(v.h.t, res)
}

var (
	keyPattern  = regexp.MustCompile(`name="idempotency_key" value="([^"]+)"`)
	keptPattern = regexp.MustCompile(`name="(document_id\.[a-z_]+|documents\[\d\]\.document_id)" value="(DOC-[0-9a-f]{32})"`)
)

// hiddenFields are the form's key and the IDs of the files it keeps, as the page has them.
func hiddenFields(t *testing.T, body string) url.Values {
	t.Helper()
	out := url.Values{}
	m := keyPattern.FindStringSubmatch(body)
	require.NotNil(t, m, "no idempotency key on the page")
	out.Set("idempotency_key", m[1])
	for _, k := range keptPattern.FindAllStringSubmatch(body, -1) {
		out.Set(k[1], k[2])
	}
	return out
}

func applyForm(name string) url.Values {
	return url.Values{"service.name": {name}, "service.type": {"support"}, "service.subtype": {"consulting"},
		"service.description": {"공공기관 클라우드 전환 컨설팅"}, "provider.business_no": {pv1BusinessNo}, "provider.name": {"(주)한빛클라우드"},
		"provider.founded_on": {"2015-04-01"}, "provider.credit_rating": {"BBB"}, "provider.business_status": {"active"},
		"provider.size": {"sme"}}
}

// TestApplyWithoutJavaScript: a provider applies with files as a browser without
// JavaScript sends them. A refused form keeps the file it uploaded and says why the other
// was refused beside it; the corrected form applies, and the same form sent twice makes one
// application. Its files are downloaded by those who may read them, and the supplement the
// missing documents bring is uploaded the same way.
func TestApplyWithoutJavaScript(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	v := h.visitor()
	v.signIn("jung.provider")

	page := v.get("/ui/applications/new")
	require.Equal(t, http.StatusOK, page.status, page.body)
	require.Contains(t, page.body, `name="provider.business_no" value="`+pv1BusinessNo+`"`, "the registry's facts fill the form")

	form, pdf, overview := applyForm(""), minimalPDF("신청서"), minimalPDF("서비스 개요서")
	form.Set("idempotency_key", hiddenFields(t, page.body).Get("idempotency_key"))
	r := v.postFiles("/ui/applications", form, map[string]upload{
		"documents.application_form": {"신청서.pdf", pdf},
		"documents.service_overview": {"overview.exe", []byte("MZ\x90\x00 this is no document")},
	})
	require.Equal(t, http.StatusUnprocessableEntity, r.status, r.body)
	require.Regexp(t, `id="e-service\.name">[^<]+<`, r.body, "the error beside the name")
	require.Contains(t, r.body, `id="e-documents.service_overview">이 형식의 파일은 받지 않습니다`, "the refused file's error beside it")
	kept := hiddenFields(t, r.body)
	formID := kept.Get("document_id.application_form")
	require.Regexp(t, `^DOC-[0-9a-f]{32}$`, formID, "the accepted file is kept")
	require.Contains(t, r.body, "신청서.pdf", "the kept file is named")
	require.NotEqual(t, form.Get("idempotency_key"), kept.Get("idempotency_key"), "the refused form comes back with a fresh key")

	// A business number other than the registry's is refused beside it, in Korean.
	other := applyForm("한빛 전환 컨설팅")
	other.Set("provider.business_no", "220-81-12345")
	other.Set("idempotency_key", kept.Get("idempotency_key"))
	r = v.postFiles("/ui/applications", other, nil)
	require.Equal(t, http.StatusUnprocessableEntity, r.status, r.body)
	require.Contains(t, r.body, `id="e-provider.business_no">소속 기관에 등록된 사업자등록번호(`+pv1BusinessNo+`)와 다릅니다`)

	form = applyForm("한빛 전환 컨설팅")
	form.Set("service.name_en", "Hanbit Transition Consulting")
	for k, x := range kept {
		form[k] = x
	}
	files := map[string]upload{"documents.service_overview": {"서비스 개요서.pdf", overview}}
	r = v.postFiles("/ui/applications", form, files)
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	appID := strings.TrimPrefix(strings.Split(r.location, "?")[0], "/ui/applications/")
	require.Regexp(t, `^APP-\d{4}-\d+$`, appID)
	again := v.postFiles("/ui/applications", form, files)
	require.Equal(t, http.StatusSeeOther, again.status, again.body)
	require.Equal(t, r.location, again.location, "the same form sent twice is one application")
	mine, _, err := h.apps.List(ctx, jungProvider, "", 100, "")
	require.NoError(t, err)
	require.Equal(t, 1, countFunc(mine, func(a models.Application) bool { return a.Service.Name == "한빛 전환 컨설팅" }))

	a, err := h.apps.Get(ctx, jungProvider, appID)
	require.NoError(t, err)
	require.Len(t, a.Documents, 2)
	require.Equal(t, "Hanbit Transition Consulting", a.Service.NameEn)
	ko := v.get("/ui/applications/" + appID).body
	require.Contains(t, ko, "<h1>한빛 전환 컨설팅 ")
	require.Contains(t, ko, "한빛 전환 컨설팅 (클라우드 지원서비스/컨설팅 (지원서비스)), 서류 2건", "the timeline names the type in Korean")
	v.get("/ui/lang?to=en&back=/ui/")
	en := v.get("/ui/applications/" + appID).body
	require.Contains(t, en, "<h1>Hanbit Transition Consulting ", "the English page names it in English")
	require.Contains(t, en, "Hanbit Transition Consulting (Cloud support/Consulting (support)), 2 documents")
	v.get("/ui/lang?to=ko&back=/ui/")
	byKind := map[models.DocumentKind]models.Document{}
	for _, d := range a.Documents {
		byKind[d.Kind] = d
	}
	require.Equal(t, formID, byKind[models.DocApplicationForm].DocumentID, "the kept file is the one referenced")
	overviewID := byKind[models.DocServiceOverview].DocumentID
	require.NotEmpty(t, overviewID)

	// Downloads: the provider and the operator get the bytes, an agency the 404 page.
	got := v.get("/ui/documents/" + overviewID)
	require.Equal(t, http.StatusOK, got.status)
	require.Equal(t, string(overview), got.body)
	require.Equal(t, "application/pdf", got.header.Get("Content-Type"))
	require.Contains(t, got.header.Get("Content-Disposition"), `attachment; filename="document.pdf"; filename*=UTF-8''%EC%84%9C`)
	op := h.visitor()
	op.signIn("park.operator")
	require.Contains(t, op.get("/ui/applications/"+appID).body, `href="/ui/documents/`+formID+`"`, "the operator opens it from the case")
	got = op.get("/ui/documents/" + formID)
	require.Equal(t, http.StatusOK, got.status)
	require.Equal(t, string(pdf), got.body)
	ag := h.visitor()
	ag.signIn("kim.agency")
	require.Equal(t, http.StatusNotFound, ag.get("/ui/documents/"+formID).status)
	// An expert reads the application but opens its files only once assigned to review it:
	// the page names them without the links that would answer 404.
	ex := h.visitor()
	ex.signIn("cho.expert")
	page = ex.get("/ui/applications/" + appID)
	require.Equal(t, http.StatusOK, page.status)
	require.Contains(t, page.body, `id="files-closed"`)
	require.Contains(t, page.body, "서비스 개요서.pdf")
	require.NotContains(t, page.body, `href="/ui/documents/`)
	require.Equal(t, http.StatusNotFound, ex.get("/ui/documents/"+formID).status)
	require.NotContains(t, op.get("/ui/applications/"+appID).body, `id="files-closed"`)

	// The operator reads who downloaded a file, newest first; the provider's page has no
	// link to that record and the record's page is not theirs.
	record := op.get("/ui/documents/" + formID + "/downloads")
	require.Equal(t, http.StatusOK, record.status, record.body)
	require.Contains(t, record.body, `<td>박지훈 <span class="muted">(park.operator)</span></td><td>운영기관</td>`)
	require.NotContains(t, record.body, `(jung.provider)</span></td>`, "the provider downloaded another file")
	require.Equal(t, http.StatusOK, op.get("/ui/documents/"+overviewID).status)
	record = op.get("/ui/documents/" + overviewID + "/downloads")
	provider, operator := `<td>정하늘 <span class="muted">(jung.provider)</span></td>`, `<td>박지훈 <span class="muted">(park.operator)</span></td>`
	require.Contains(t, record.body, provider)
	require.Contains(t, record.body, operator)
	require.Less(t, strings.Index(record.body, operator), strings.Index(record.body, provider))
	require.NotContains(t, v.get("/ui/applications/"+appID).body, "/downloads\"")
	require.Equal(t, http.StatusForbidden, v.get("/ui/documents/"+formID+"/downloads").status)

	// The missing documents are asked for at once; a supplement uploads them.
	require.Eventually(t, func() bool {
		a, err := h.apps.Get(ctx, jungProvider, appID)
		return err == nil && a.Status == models.AppSupplementRequested
	}, 15*time.Second, 50*time.Millisecond)
	page = v.get("/ui/applications/" + appID)
	sup := url.Values{"idempotency_key": {hiddenFields(t, page.body).Get("idempotency_key")},
		"documents[0].kind": {"corporate_registry"}, "documents[1].kind": {"business_registration"}}
	r = v.postFiles("/ui/applications/"+appID+"/documents", sup, map[string]upload{
		"documents[0].file": {"등기부.pdf", minimalPDF("등기부")}})
	require.Equal(t, http.StatusUnprocessableEntity, r.status, "a row with a kind and no file")
	require.Contains(t, r.body, `id="e-documents[1].file">파일을 고르십시오.<`)
	sup = hiddenFields(t, r.body)
	require.NotEmpty(t, sup.Get("documents[0].document_id"), "the uploaded row's file is kept")
	sup.Set("documents[0].kind", "corporate_registry")
	sup.Set("documents[1].kind", "business_registration")
	r = v.postFiles("/ui/applications/"+appID+"/documents", sup, map[string]upload{
		"documents[1].file": {"사업자등록증.pdf", minimalPDF("사업자등록증")}})
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	a, err = h.apps.Get(ctx, jungProvider, appID)
	require.NoError(t, err)
	require.Len(t, a.Documents, 4)
	for _, d := range a.Documents {
		require.NotEmpty(t, d.DocumentID, "%s references its uploaded file", d.Kind)
	}
}

// TestApplyPreview: "show the required documents" applies nothing; it shows the documents
// the chosen type and flags require, and keeps the files chosen so far.
func TestApplyPreview(t *testing.T) {
	h := newHarness(t)
	v := h.visitor()
	v.signIn("jung.provider")
	form := applyForm("미리보기")
	form.Set("service.type", "cloud")
	form.Set("school_education_only", "true")
	form.Set("preview", "1")
	r := v.postFiles("/ui/applications", form, map[string]upload{"documents.sla_policy": {"SLA.pdf", minimalPDF("SLA")}})
	require.Equal(t, http.StatusOK, r.status, r.body)
	summary, _, _ := strings.Cut(r.body[strings.Index(r.body, `id="required-summary"`):], "</div>")
	require.Contains(t, summary, "서비스 수준(SLA) 정책", "a cloud service requires its SLA policy")
	require.NotContains(t, summary, "CSAP 보안인증서", "no CSAP certificate for a service given to schools only")
	require.NotEmpty(t, hiddenFields(t, r.body).Get("document_id.sla_policy"))
	mine, _, err := h.apps.List(context.Background(), jungProvider, "", 100, "")
	require.NoError(t, err)
	require.Zero(t, countFunc(mine, func(a models.Application) bool { return a.Service.Name == "미리보기" }))
}

func countFunc[T any](s []T, f func(T) bool) int {
	n := 0
	for _, x := range s {
		if f(x) {
			n++
		}
	}
	return n
}

// TestApplyWithLargeFiles: a form's files may together exceed the 1 MiB of a JSON body (the
// API's limit covers /ui too, except the upload forms'): a 3 MiB PDF applies, a file past
// 20 MiB is refused beside its field, and a form past the form's own limit is a 413 page,
// not the "form expired" refusal it once got.
func TestApplyWithLargeFiles(t *testing.T) {
	h := newHarness(t)
	v := h.visitor()
	v.signIn("jung.provider")
	page := v.get("/ui/applications/new")
	require.Equal(t, http.StatusOK, page.status, page.body)
	pad := func(n int) []byte {
		return append(minimalPDF("큰 파일"), bytes.Repeat([]byte("% padding\n"), n/10)...)
	}

	form := applyForm("한빛 대용량 첨부 컨설팅")
	form.Set("idempotency_key", hiddenFields(t, page.body).Get("idempotency_key"))
	r := v.postFiles("/ui/applications", form, map[string]upload{"documents.application_form": {"신청서.pdf", pad(3 << 20)}})
	require.Equal(t, http.StatusSeeOther, r.status, r.body)

	form = applyForm("한빛 초과 첨부 컨설팅")
	form.Set("idempotency_key", hiddenFields(t, v.get("/ui/applications/new").body).Get("idempotency_key"))
	r = v.postFiles("/ui/applications", form, map[string]upload{"documents.application_form": {"big.pdf", pad(21 << 20)}})
	require.Equal(t, http.StatusUnprocessableEntity, r.status)
	require.Contains(t, r.body, `id="e-documents.application_form"`, "the refusal beside the file")
}

// TestApplyWithCatalog: the form's two boxes are the catalog of POST /applications, read
// as the change request's are. A price line that does not read, or that the validator
// refuses, comes back beside the price box with the boxes as typed, and nothing is applied
// for; the corrected form's application carries the catalog, which its page shows.
func TestApplyWithCatalog(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	v := h.visitor()
	v.signIn("jung.provider")
	count := func() int {
		mine, _, err := h.apps.List(ctx, jungProvider, "", 100, "")
		require.NoError(t, err)
		return countFunc(mine, func(a models.Application) bool { return a.Service.Name == "카탈로그 컨설팅" })
	}
	features := "행정기관 SSO 연동\n웹 접근성 인증"
	for _, bad := range []string{"표준 요금제 | person-month | 만원", "표준 요금제 | person-month | -1"} {
		form := applyForm("카탈로그 컨설팅")
		form.Set("service.features", features)
		form.Set("service.prices", bad)
		r := v.postFiles("/ui/applications", form, nil)
		require.Equal(t, http.StatusUnprocessableEntity, r.status, r.body)
		require.Regexp(t, `id="e-service\.prices">[^<]+<`, r.body, "the error beside the price box: %s", bad)
		require.Contains(t, r.body, `aria-describedby="e-service.prices">`+bad+`</textarea>`, "the box keeps the line")
		require.Contains(t, r.body, ">"+features+"</textarea>", "the features are kept")
		require.NotContains(t, r.body, `id="e-service.features"`)
		require.Zero(t, count(), "nothing is applied for: %s", bad)
	}

	form := applyForm("카탈로그 컨설팅")
	form.Set("service.features", features+"\n")
	form.Set("service.prices", "컨설팅 | person-month | 9,500,000원 | 최소 2개월\n\n착수 보고서|project|1200000")
	r := v.postFiles("/ui/applications", form, nil)
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	appID := strings.TrimPrefix(strings.Split(r.location, "?")[0], "/ui/applications/")
	a, err := h.apps.Get(ctx, jungProvider, appID)
	require.NoError(t, err)
	require.Equal(t, []string{"행정기관 SSO 연동", "웹 접근성 인증"}, a.Service.Features)
	require.Equal(t, []models.PriceLine{{Item: "컨설팅", Unit: "person-month", UnitPriceKRW: 9_500_000, Conditions: "최소 2개월"},
		{Item: "착수 보고서", Unit: "project", UnitPriceKRW: 1_200_000}}, a.Service.Prices)
	page := v.get("/ui/applications/" + appID).body
	for _, want := range []string{`<li>웹 접근성 인증</li>`, `<td class="num">9,500,000원</td><td>최소 2개월</td>`,
		`<td class="num">1,200,000원</td><td>—</td>`} {
		require.Contains(t, page, want)
	}
}

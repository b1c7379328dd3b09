package web

import (
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/dsmarket/dsmarket/models"
)

// The golden cases of the information changes' pages.

// changesGoldenCases: the information changes' pages, and the change form on a service's page.
func changesGoldenCases() []goldenCase {
	var cs []goldenCase
	add := func(name, tmpl string, p page, check func(*testing.T, string, *html.Node)) {
		cs = append(cs, goldenCase{name: name, tmpl: tmpl, p: p, check: check})
	}

	// Information changes: the operator's decision on an approval-path request, the list,
	// and the provider's change form on its service's page with the applied history.
	cr := &models.ChangeRequest{ID: "CR-2026-000001", WorkflowID: "change-CR-2026-000001", Path: models.ChangeApproval,
		Status: models.ChangeSubmitted, ServiceID: "SVC-0001", ServiceName: "한빛 민원 접수 클라우드", ProviderOrg: "PV-0001",
		Changes: []models.FieldChange{{Field: "description", Old: "온라인 민원 접수", New: "온라인 민원 접수와 처리 현황 안내"}},
		Reason:  "기능 추가", RequestedBy: "jung.provider", RequestedAt: at(26, 11, 0),
		Steps: []models.Step{{At: at(26, 11, 0), Actor: models.Actor{Sub: "jung.provider", Role: models.RoleProvider, Org: "PV-0001"},
			Action: models.ActionChangeRequested, Status: string(models.ChangeSubmitted), Note: "description; awaits the operator's approval"}},
		Pins: fxPins(models.RuleChangeApprovalDays, "14"),
		// The operator opens what backs the change before deciding it.
		Documents: []models.Document{{Kind: models.DocServiceOverview, Filename: "서비스 개요서 v2.pdf", SHA256: sha('e'), Size: 2048,
			DocumentID: "DOC-" + strings.Repeat("e", 32), UploadedBy: "jung.provider", UploadedAt: at(26, 11, 0)}}}
	p := fxPage(langKO, fxOperator, "h.changerequest", "/ui/changes/CR-2026-000001")
	p.Form = fxForm(url.Values{"approve": {"false"}}, models.FieldError{Field: "reason", Message: "say why the change is rejected"})
	p.Data = changeView{Request: cr, CanDecide: true}
	add("change_request_operator_errors", "change_request", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `action="/ui/changes/CR-2026-000001/decision"`, `id="e-reason">say why the change is rejected<`,
			`<td>설명</td><td>온라인 민원 접수</td>`, `<code>change_request.approval_days@2024-01-01</code></a> = <strong>14</strong> <span class="muted">정보 변경 승인 기한</span>`)
		mustContain(t, body, `id="change-documents"`, `<a href="/ui/documents/DOC-`+strings.Repeat("e", 32)+`" data-document="DOC-`+strings.Repeat("e", 32)+`">서비스 개요서 v2.pdf</a>`)
	})
	// A catalog change reads as lines and prices, a type by its name: the record keeps
	// them as JSON text, which an operator deciding it should not have to read.
	catalog := *cr
	catalog.ID, catalog.Changes = "CR-2026-000003", []models.FieldChange{
		{Field: "features_en", Old: `["Online filing"]`, New: `["Online filing","Status by text message"]`},
		{Field: "prices", Old: `[]`, New: `[{"item":"기본 요금","unit":"user-month","unit_price_krw":12000,"conditions":"연 약정","item_en":"Base fee"}]`},
		{Field: "subtype", Old: "saas", New: "convergence"}}
	p = withPeople(fxPage(langEN, fxOperator, "h.changerequest", "/ui/changes/CR-2026-000003"))
	p.Form = fxForm(nil)
	p.Data = changeView{Request: &catalog, CanDecide: true}
	add("change_request_catalog_en", "change_request", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `<ul class="changes"><li>Online filing</li><li>Status by text message</li></ul>`,
			`<li>Base fee · `+translate(langEN, "priceunit.user-month")+` · 12,000 KRW <span class="muted">(연 약정)</span></li>`,
			`<span class="muted">`+translate(langEN, "msg.none")+`</span>`,
			`<td>`+label(langEN, "subtype", "convergence")+`</td>`)
		mustNotContain(t, body, `[&#34;`, `unit_price_krw`)
		mustContain(t, body, `<dd>정하늘 <span class="muted">(jung.provider)</span> · 2026-`) // who asked, by name
	})
	// A criterion change waits for its re-review: its provider reads what decides it.
	waiting := &models.ChangeRequest{ID: "CR-2026-000002", WorkflowID: "change-CR-2026-000002", Path: models.ChangeRereview,
		Status: models.ChangeRereviewStarted, ServiceID: "SVC-0001", ServiceName: "한빛 민원 접수 클라우드", ProviderOrg: "PV-0001",
		Changes: []models.FieldChange{{Field: "sla", New: "월 가용성 99.95%"}}, Criteria: []string{"sla"},
		RereviewApplicationID: "APP-2026-000042", Reason: "이중화 완료", RequestedBy: "jung.provider", RequestedAt: at(26, 11, 0)}
	p = fxPage(langEN, fxProvider, "h.changerequest", "/ui/changes/CR-2026-000002")
	p.Data = changeView{Request: waiting}
	add("change_request_rereview_provider_en", "change_request", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `id="change-awaits-rereview"`, `href="/ui/applications/APP-2026-000042"`, `<td>월 가용성 99.95%</td>`)
		mustNotContain(t, body, `/decision"`)
	})
	p = fxPage(langEN, fxAuditor, "h.changerequests", "/ui/changes")
	p.Data = changesView{Requests: []models.ChangeRequest{*cr}}
	add("change_requests_auditor_en", "change_requests", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `href="/ui/changes/CR-2026-000001"`, `<td>Operator&#39;s approval</td>`)
	})
	p = fxPage(langKO, fxProvider, "h.service", "/ui/services/SVC-0001")
	p.Form = fxForm(nil)
	p.Data = serviceView{Service: fxService, Today: "2026-11-26", CanRequestChange: true, CanOpenChanges: true, ChangeFields: changeFields,
		Pending: []models.ChangeRequest{*waiting},
		History: []models.ServiceChange{{ServiceID: "SVC-0001", ChangeRequestID: "CR-2026-000001", Field: "description",
			Old: "온라인 민원 접수", New: "온라인 민원 접수와 처리 현황 안내", RequestedBy: "jung.provider", ApprovedBy: "park.operator",
			AppliedAt: at(26, 12, 0)}},
		fileRows: fileRows{DocumentKinds: models.ChangeRequestDocumentKinds, DocumentRows: []int{0, 1, 2}, MaxMiB: 20}}
	add("service_provider_change", "service", p, func(t *testing.T, body string, doc *html.Node) {
		// what backs the change goes with it
		mustContain(t, body, `enctype="multipart/form-data"`, `<option value="csap_certificate">`, `name="documents[0].file"`,
			`<script src="/ui/static/upload.js" defer></script>`)
		mustContain(t, body, `action="/ui/services/SVC-0001/change-requests"`, `id="service-changes"`, `type="date" id="f-csap_valid_until"`,
			`<textarea id="f-description"`, `<textarea id="f-prices"`, `<textarea id="f-features"`,
			`<td><a href="/ui/changes/CR-2026-000001">CR-2026-000001</a></td>`, // the provider opens its request
			// and reads what it asked that is not decided yet
			`<tr data-change="CR-2026-000002"><td><a href="/ui/changes/CR-2026-000002">CR-2026-000002</a></td><td>`+
				label(langKO, "status", "rereview_started")+`</td><td>`+label(langKO, "cfield", "sla")+`</td>`)
		mustNotContain(t, body, `id="inspect-h"`)
	})
	return cs
}

package web

import (
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/dsmarket/dsmarket/models"
)

// The golden cases of the applications' pages.

// applicationsGoldenCases: the application list and an application's page, for the
// provider, the auditor and an expert.
func applicationsGoldenCases() []goldenCase {
	var cs []goldenCase
	add := func(name, tmpl string, p page, check func(*testing.T, string, *html.Node)) {
		cs = append(cs, goldenCase{name: name, tmpl: tmpl, p: p, check: check})
	}

	p := fxPage(langKO, fxProvider, "h.apps", "/ui/applications")
	a1 := fxApplication().Application
	a2 := fxApplication().Application
	a2.ID, a2.Status, a2.AppliedAt = "APP-2026-000002", models.AppSelected, at(1, 10, 0)
	a2.Rereview = &models.RereviewRef{ServiceID: "SVC-0001", From: models.RereviewFromInspection, CaseRef: "service-SVC-0001/rereview-1"}
	p.Data = applicationsView{Applications: []models.Application{a1, a2}, NextToken: "QVBQLTI"}
	p.Filter = &statusFilter{Path: "/ui/applications", Statuses: []string{"document_check", "selected"}, Current: "selected"}
	add("applications", "applications", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `<form method="get" action="/ui/applications" class="filter" id="status-filter">`,
			`<option value="selected" selected>선정</option>`, `<a href="/ui/applications?page_token=QVBQLTI&amp;status=selected">`)
		mustContain(t, body, `<tr data-application="APP-2026-000002">`, `<td><span class="status">선정</span></td>`,
			`<a href="/ui/applications/APP-2026-000002">APP-2026-000002</a> <span class="badge badge-rereview">재심사</span></td>`)
		if n := strings.Count(body, "badge-rereview"); n != 1 {
			t.Errorf("%d re-review badges, want the re-review's one", n)
		}
	})

	// The provider with a supplement request: the supplement and withdraw forms.
	a := fxApplication()
	a.Status, a.MissingKinds = models.AppSupplementRequested, []models.DocumentKind{models.DocCSAPCertificate, models.DocSLAPolicy}
	a.SupplementDue, a.SupplementDeadline = datep("2026-03-20"), atp(21, 0, 0)
	a.OpenTasks = nil
	a.Steps = append(a.Steps, models.Step{At: at(3, 10, 0), Actor: models.Actor{Sub: "park.operator", Role: models.RoleOperator, Org: "NIA"},
		Action: models.ActionSupplementRequest, Status: string(models.AppSupplementRequested), Note: "csap_certificate, sla_policy"})
	p = fxPage(langKO, fxProvider, "h.app", "/ui/applications/"+a.ID)
	p.Title = a.ID + " · " + p.Title
	p.Form, p.Data = fxForm(nil), fxApplicationView(a, fxProvider)
	add("application_supplement_provider", "application", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `action="/ui/applications/APP-2026-000001/documents"`, `action="/ui/applications/APP-2026-000001/withdraw"`,
			`<dt>보완 기한</dt><dd>2026-03-20</dd>`, `<option value="sla_policy">`)
		mustNotContain(t, body, `<option value="application_form">`)
	})
	p = fxPage(langKO, fxProvider, "h.app", "/ui/applications/"+a.ID)
	p.Title = a.ID + " · " + p.Title
	p.Form = fxForm(url.Values{"documents[0].kind": {""}, "documents[0].filename": {"sla.pdf"}, "documents[0].sha256": {sha('c')},
		"documents[0].size": {"12kb"}},
		models.FieldError{Field: "documents[0].size", Message: "must be a whole number of bytes"},
		models.FieldError{Field: "documents[0].kind", Message: "is not a document kind"})
	av := fxApplicationView(a, fxProvider)
	av.Action = "documents"
	p.Data = av
	add("application_supplement_errors", "application", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `<p class="field-error" id="e-documents[0].size">must be a whole number of bytes</p>`,
			`value="12kb" aria-invalid="true" aria-describedby="e-documents[0].size">`,
			`<select id="f-documents[0].kind" name="documents[0].kind" aria-invalid="true" aria-describedby="e-documents[0].kind">`,
			`<a href="#f-documents">서류 1: must be a whole number of bytes</a>`)
		mustNotContain(t, body, `id="f-cancel-reason"`)
	})

	// An application in expert review read by the auditor: one review in, one overdue.
	a = fxApplication()
	a.Status = models.AppExpertReview
	a.Experts = []string{"cho.expert", "kang.expert"}
	a.Reviews = []models.ExpertReview{{Expert: "cho.expert", Opinion: "suitable", SiteVisit: true, Comment: "운영 체계 양호", At: at(6, 15, 0)}}
	review := fxTask(models.TaskExpertReview)
	review.ID, review.Assignee, review.DueAt, review.Overdue = "APP-2026-000001-T04", models.Assignee{Role: models.RoleExpert, Sub: "kang.expert"}, at(9, 23, 59), true
	a.OpenTasks = []models.Task{review}
	a.Pins = fxPins(models.RuleSupplementDays, "10", models.RuleCommitteeQuorum, "majority")
	p = fxPage(langKO, fxAuditor, "h.app", "/ui/applications/"+a.ID)
	p.Title = a.ID + " · " + p.Title
	p.Form, p.Data = fxForm(nil), fxApplicationView(a, fxAuditor)
	add("application_readonly_auditor", "application", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `<a href="/ui/cases/application-APP-2026-000001">`, `<dd>cho.expert, kang.expert</dd>`,
			`<li><strong>cho.expert</strong>: 적합 · 현장실사·기업면담 요청 — 운영 체계 양호</li>`,
			`<li>전문가 검토 · 전문가 검토위원 kang.expert · 기한 2026-03-09 23:59 <strong class="badge badge-overdue">기한 경과</strong></li>`,
			`<li data-rule="selection.supplement_days"><a href="/ui/rules#rule-selection.supplement_days%402024-01-01"><code>selection.supplement_days@2024-01-01</code></a> = <strong>10</strong> <span class="muted">서류 보완 기한</span></li>`,
			`<li data-rule="committee.quorum"><a href="/ui/rules#rule-committee.quorum%402024-01-01">`)
		mustNotContain(t, body, `id="application-rules-current"`)
	})

	// A re-review an expert reads: where its ground came from, and the ground in the
	// page's language.
	for _, lang := range []string{langKO, langEN} {
		a = fxApplication()
		a.Status, a.ServiceID, a.Experts = models.AppExpertReview, "SVC-0001", []string{"cho.expert"}
		a.Rereview = &models.RereviewRef{ServiceID: "SVC-0001", From: models.RereviewFromQuality, CaseRef: "quality-SVC-0001-2026",
			Ground: "round 1 (in writing): rereview: SLA 미달", GroundText: models.Msg("quality.on_site_continues")}
		p = fxPage(lang, fxExpert, "h.app", "/ui/applications/"+a.ID)
		p.Form, p.Data = fxForm(nil), fxApplicationView(a, fxExpert)
		add("application_rereview_expert_"+lang, "application", p, func(t *testing.T, body string, doc *html.Node) {
			mustContain(t, body, `<dd id="rereview-ground">`+translate(lang, "rfrom.quality")+` <span class="muted">quality-SVC-0001-2026</span>: `+
				say(lang, models.Msg("quality.on_site_continues"), "")+`</dd>`)
		})
	}

	// A selected application seen by its provider: final, so no forms.
	a = fxApplication()
	a.Status, a.OpenTasks, a.NoticeNo, a.ServiceID = models.AppSelected, nil, "NIA-2026-001", "SVC-0001"
	a.SelectedOn, a.ClosedAt = datep("2026-03-27"), atp(27, 17, 0)
	p = fxPage(langKO, fxProvider, "h.app", "/ui/applications/"+a.ID)
	p.Title = a.ID + " · " + p.Title
	p.Form, p.Data = fxForm(nil), fxApplicationView(a, fxProvider)
	add("application_selected_provider", "application", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `<dt>선정 통보 번호</dt><dd>NIA-2026-001</dd>`, `<dd><a href="/ui/services/SVC-0001">SVC-0001</a></dd>`)
		mustContain(t, body, `<dd id="application-rules"><span class="hint" id="application-rules-current">`+translate(langKO, "msg.pins.current")+`</span></dd>`)
		mustNotContain(t, body, `action="/ui/applications/`, translate(langKO, "msg.noforms.auditor"))
	})
	return cs
}

package web

import (
	"html/template"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/dsmarket/dsmarket/models"
)

// The golden cases of the inbox and the task pages.

// inboxGoldenCases: in each language, the inboxes of the roles and the organizations, and
// a task page of every kind, refused, done, someone else's, or completed elsewhere.
func inboxGoldenCases() []goldenCase {
	var cs []goldenCase
	add := func(name, tmpl string, p page, check func(*testing.T, string, *html.Node)) {
		cs = append(cs, goldenCase{name: name, tmpl: tmpl, p: p, check: check})
	}

	for _, lang := range []string{langKO, langEN} {
		// The inbox: one overdue task, one not, and the operator's filter.
		p := fxPage(lang, fxOperator, "h.inbox", "/ui/inbox?done=APP-2026-000003-T01")
		p.Flash = "APP-2026-000003-T01" // a task just completed
		overdue := fxTask(models.TaskDocumentCheck)
		overdue.DueAt, overdue.Overdue = at(9, 23, 59), true
		// A task opened before titles were keyed shows its REST title.
		later := fxTask(models.TaskSiteVisit)
		later.ID, later.CaseID, later.Title = "APP-2026-000002-T04", "APP-2026-000002", fxTitles[models.TaskSiteVisit]+fxService2.Name
		later.TitleText = nil
		// Two reports wait for the pre-review of 3: one past its due time, one without a
		// report (the finding that none came).
		late := models.QualityCase{ID: "QC-2026-0007", ServiceID: "SVC-0007", ServiceName: "한빛 민원 접수 클라우드",
			Status: models.QualityReportSubmitted, PreReviewDueAt: atp(8, 0, 0), Report: &models.QualityReport{Summary: "보고"}}
		missing := models.QualityCase{ID: "QC-2026-0009", ServiceID: "SVC-0009", ServiceName: "누리 데이터 전환",
			Status: models.QualityReportSubmitted, PreReviewDueAt: atp(12, 0, 0)}
		// Two information changes of 21 wait for an approval: one asked for nine days ago,
		// past the seven days after which the operators are reminded, one this morning.
		lateChange := models.ChangeRequest{ID: "CR-2026-000004", ServiceID: "SVC-0007", ServiceName: "한빛 민원 접수 클라우드",
			Path: models.ChangeApproval, Status: models.ChangeSubmitted, RequestedAt: at(1, 10, 0),
			Changes: []models.FieldChange{{Field: "description", New: "새 소개"}, {Field: "prices", New: "[]"}}}
		newChange := models.ChangeRequest{ID: "CR-2026-000009", ServiceID: "SVC-0009", ServiceName: "누리 데이터 전환",
			Path: models.ChangeApproval, Status: models.ChangeSubmitted, RequestedAt: at(10, 8, 30),
			Changes: []models.FieldChange{{Field: "name_en", New: "Nuri Data Migration"}}}
		p.Data = inboxView{Tasks: []models.Task{overdue, later}, Kinds: kindsOf[models.RoleOperator], NextToken: "tok-2",
			PreReviews: []models.QualityCase{late, missing}, PreReviewCount: 3,
			Decisions: []models.ChangeRequest{lateChange, newChange}, DecisionCount: 21, Now: at(10, 9, 0)}
		add("inbox_"+lang, "inbox", p, func(t *testing.T, body string, doc *html.Node) {
			lateRow := findOne(t, doc, `tr[data-quality="QC-2026-0007"]`)
			if attr(lateRow, "class") != "overdue" || len(find(lateRow, "strong.badge-overdue")) != 1 {
				t.Error("the report past its pre-review's due time is not marked overdue")
			}
			if row := findOne(t, doc, `tr[data-quality="QC-2026-0009"]`); attr(row, "class") != "" || !strings.Contains(textOf(row), translate(lang, "msg.report_missing")) {
				t.Error("the case without a report is marked overdue or not as missing its report")
			}
			mustContain(t, body, `<a href="/ui/quality?status=report_submitted">`+translate(lang, "btn.allprereviews")+`</a>`)
			if row := findOne(t, doc, `tr[data-change="CR-2026-000004"]`); attr(row, "class") != "overdue" ||
				!strings.Contains(textOf(row), translate(lang, "cfield.description")+", "+translate(lang, "cfield.prices")) {
				t.Error("the change waiting past its reminder is not marked overdue, or its fields are not named")
			}
			if row := findOne(t, doc, `tr[data-change="CR-2026-000009"]`); attr(row, "class") != "" {
				t.Error("the change asked for this morning is marked overdue")
			}
			mustContain(t, body, `<a href="/ui/changes/CR-2026-000004">CR-2026-000004</a>`,
				`<a href="/ui/changes?status=submitted">`+translate(lang, "btn.alldecisions")+`</a>`)
			row := findOne(t, doc, `tr[data-task="APP-2026-000001-T01"]`)
			if attr(row, "class") != "overdue" {
				t.Errorf("the overdue task's row has class %q, want overdue", attr(row, "class"))
			}
			badge := find(row, "strong.badge-overdue")
			if len(badge) != 1 || textOf(badge[0]) != translate(lang, "msg.overdue") {
				t.Errorf("the overdue task's row has no badge %q", translate(lang, "msg.overdue"))
			}
			other := findOne(t, doc, `tr[data-task="APP-2026-000002-T04"]`)
			if attr(other, "class") != "" || len(find(other, "strong.badge-overdue")) != 0 {
				t.Error("a task that is not overdue is marked overdue")
			}
			title := map[string]string{langKO: "서류 확인: ", langEN: "Document check: "}[lang] + fxService.Name
			mustContain(t, body, `<a href="/ui/tasks/APP-2026-000001-T01">`+title+`</a>`,
				`<a href="/ui/tasks/APP-2026-000002-T04">현장실사 Site visit: `+fxService2.Name+`</a>`)
			mustContain(t, body, `href="/ui/inbox?kind=&amp;page_token=tok-2"`, `<option value="quality_inspection">`,
				`<div class="flash" role="status">`+translate(lang, "msg.done")+`: APP-2026-000003-T01</div>`)
		})

		p = fxPage(lang, fxExpert, "h.inbox", "/ui/inbox?kind=expert_review")
		p.Data = inboxView{Kind: models.TaskExpertReview, Kinds: kindsOf[models.RoleExpert]}
		add("inbox_empty_"+lang, "inbox", p, func(t *testing.T, body string, doc *html.Node) {
			mustContain(t, body, `<p class="empty">`+translate(lang, "msg.inbox.empty")+`</p>`, `<option value="expert_review" selected>`)
			if len(find(doc, "table#tasks")) != 0 {
				t.Error("an empty inbox has a task table")
			}
		})

		// A provider's inbox: a proposal past its deadline, a quality report due later, of
		// 23 turns; an agency's with nothing waiting.
		p = fxPage(lang, fxProvider, "h.inbox", "/ui/inbox")
		p.Data = inboxView{Organization: true, TurnCount: 23, TurnsNext: "tok-turns", Now: at(10, 9, 0), Turns: []models.Turn{
			{Kind: models.TurnProposal, CaseID: "ORD-2026-000004", Title: "민원포털 클라우드 전환", ServiceID: fxService.ID,
				ServiceName: fxService.Name, DueAt: atp(10, 0, 0)},
			{Kind: models.TurnQualityReport, CaseID: "QC-2026-0001", ServiceID: fxService.ID, ServiceName: fxService.Name,
				DueAt: atp(31, 0, 0)},
		}}
		add("inbox_provider_"+lang, "inbox", p, func(t *testing.T, body string, doc *html.Node) {
			if row := findOne(t, doc, `tr[data-turn="ORD-2026-000004"]`); attr(row, "class") != "overdue" ||
				!strings.Contains(textOf(row), translate(lang, "turn.proposal")) {
				t.Error("the proposal past its deadline is not marked overdue, or not said as the proposal to submit")
			}
			if row := findOne(t, doc, `tr[data-turn="QC-2026-0001"]`); attr(row, "class") != "" {
				t.Error("the report due later is marked overdue")
			}
			mustContain(t, body, `<a href="/ui/orders/ORD-2026-000004">ORD-2026-000004</a>`,
				`<a href="/ui/quality/QC-2026-0001">QC-2026-0001</a>`, map[string]string{langKO: "모두 23건", langEN: "23 in all"}[lang],
				`<a href="/ui/inbox?page_token=tok-turns" id="turns-next">`)
			mustNotContain(t, body, `action="/ui/inbox"`)
		})
		p = fxPage(lang, fxAgency, "h.inbox", "/ui/inbox")
		p.Data = inboxView{Organization: true, TurnCount: 1, Now: at(10, 9, 0), Turns: []models.Turn{
			{Kind: models.TurnSearch, CaseID: "SR-2026-000003", Title: "민원 포털 수의계약 검토"}}}
		add("inbox_agency_"+lang, "inbox", p, func(t *testing.T, body string, doc *html.Node) {
			row := findOne(t, doc, `tr[data-turn="SR-2026-000003"]`)
			if attr(row, "class") != "" || !strings.Contains(textOf(row), translate(lang, "turn.search")) ||
				len(find(row, `a[href="/ui/searches/SR-2026-000003"]`)) != 1 {
				t.Error("the saved search is not the agency's turn, linked to its page")
			}
		})
		p = fxPage(lang, fxAgency, "h.inbox", "/ui/inbox")
		p.Data = inboxView{Organization: true, Turns: []models.Turn{}, Now: at(10, 9, 0)}
		add("inbox_agency_empty_"+lang, "inbox", p, func(t *testing.T, body string, doc *html.Node) {
			mustContain(t, body, translate(lang, "msg.turns.none"))
		})

		// A task of every kind, open and assigned to the visitor.
		for _, tc := range []struct {
			kind models.TaskKind
			who  *session
			// fields are the names the form must send.
			fields []string
		}{
			{models.TaskDocumentCheck, fxOperator, []string{"outcome", "missing_kinds", "note"}},
			{models.TaskAssignExperts, fxOperator, []string{"experts"}},
			{models.TaskExpertReview, fxExpert, []string{"opinion", "criteria.eligibility", "criteria.management",
				"criteria.security", "criteria.stability", "criteria.support", "site_visit", "comment"}},
			{models.TaskSiteVisit, fxOperator, []string{"held_on", "report"}},
			{models.TaskCommitteeVote, fxCommittee, []string{"vote", "recuse", "reason"}},
			{models.TaskQualityInspection, fxOperator, []string{"outcome", "reason", "due"}},
		} {
			task := fxTask(tc.kind)
			p := fxPage(lang, tc.who, "kind."+string(tc.kind), "/ui/tasks/"+task.ID)
			p.Form, p.Data = fxForm(nil), fxTaskView(task, tc.who)
			add("task_"+string(tc.kind)+"_"+lang, "task", p, func(t *testing.T, body string, doc *html.Node) {
				f := findOne(t, doc, `form[action="/ui/tasks/`+task.ID+`"]`)
				for _, name := range tc.fields {
					if len(find(f, `[name="`+name+`"]`)) == 0 {
						t.Errorf("the %s form has no field %s", tc.kind, name)
					}
				}
				mustNotContain(t, body, `class="error-summary"`)
				mustContain(t, body, `<dd>`+say(lang, task.TitleText, "")+`</dd>`)
				if task.CaseType == "application" {
					mustContain(t, body, `<a href="/ui/applications/APP-2026-000001">APP-2026-000001</a></h2>`)
				} else if len(find(doc, `section[aria-labelledby="case-h"]`)) != 0 {
					t.Error("a case summary for a task that is not an application's")
				}
			})
		}

		// A refused expert review: each error beside its field and in the summary.
		task := fxTask(models.TaskExpertReview)
		p = fxPage(lang, fxExpert, "kind.expert_review", "/ui/tasks/"+task.ID)
		p.Form = fxForm(url.Values{"criteria.eligibility": {"pass"}, "criteria.management": {"pass"}, "criteria.security": {"pass"},
			"criteria.stability": {"fail"}, "criteria.support": {"pass"}, "comment": {""}},
			models.FieldError{Field: "opinion", Message: "must be suitable or unsuitable"},
			models.FieldError{Field: "criteria.security", Message: "must be na: the CSAP certificate replaces the security review"},
			models.FieldError{Field: "comment", Message: "is required when a criterion fails or the opinion is unsuitable"})
		p.Data = fxTaskView(task, fxExpert)
		add("task_expert_review_errors_"+lang, "task", p, func(t *testing.T, body string, doc *html.Node) {
			mustContain(t, body,
				`<fieldset class="choices has-error" id="f-opinion" aria-describedby="e-opinion">`,
				`<p class="field-error" id="e-opinion">must be suitable or unsuitable</p>`,
				`<fieldset class="choices has-error" id="f-criteria.security" aria-describedby="e-criteria.security">`,
				`<textarea id="f-comment" name="comment" rows="4" aria-invalid="true" aria-describedby="e-comment">`,
				`<a href="#f-criteria.security">`+translate(lang, "field.criteria.security")+`: must be na`,
				`id="f-criteria.stability-1" name="criteria.stability" value="fail" checked>`,
				`<h2>`+translate(lang, "h.errorsummary")+`</h2>`)
			mustNotContain(t, body, `id="f-criteria.eligibility-1" name="criteria.eligibility" value="fail" checked`)
		})

		// A done task read by the auditor: no form.
		done := fxTask(models.TaskDocumentCheck)
		done.Status, done.CompletedBy, done.CompletedAt = models.TaskDone, "park.operator", atp(5, 16, 20)
		done.Note, done.NoteText = "accepted", models.Msg("task.note.accepted")
		p = fxPage(lang, fxAuditor, "kind.document_check", "/ui/tasks/"+done.ID)
		p.Form, p.Data = fxForm(nil), fxTaskView(done, fxAuditor)
		add("task_done_auditor_"+lang, "task", p, func(t *testing.T, body string, doc *html.Node) {
			mustContain(t, body, `<p class="hint">`+translate(lang, "msg.noforms.auditor")+`</p>`,
				`<dd>park.operator · 2026-03-05 16:20</dd>`, translate(lang, "taskstatus.done"))
		})

		// Someone else's open task: no form, and why.
		other := fxTask(models.TaskExpertReview)
		other.Assignee.Sub = "kang.expert"
		p = fxPage(lang, fxExpert, "kind.expert_review", "/ui/tasks/"+other.ID)
		p.Form, p.Data = fxForm(nil), fxTaskView(other, fxExpert)
		add("task_not_assignee_"+lang, "task", p, func(t *testing.T, body string, doc *html.Node) {
			mustContain(t, body, `<p class="hint">`+translate(lang, "msg.notassignee")+`</p>`, `<dd>`+translate(lang, "role.expert")+` · kang.expert</dd>`,
				`id="files-closed"`)
			mustNotContain(t, body, `<form method="post" action="/ui/tasks/`)
		})

		// A task completed elsewhere while the form was open: a notice, no form.
		p = fxPage(lang, fxOperator, "kind.document_check", "/ui/tasks/"+done.ID)
		p.Notice = "cannot complete the task: the case is expert_review"
		p.Form, p.Data = fxForm(nil), fxTaskView(done, fxOperator)
		add("task_notice_"+lang, "task", p, func(t *testing.T, body string, doc *html.Node) {
			mustContain(t, body, `<div class="notice" role="alert"><p>`+template.HTMLEscapeString(translate(lang, "msg.conflict"))+
				`</p><p class="detail">cannot complete the task: the case is expert_review</p></div>`,
				`<p class="notice-text">`+template.HTMLEscapeString(translate(lang, "msg.task.closed"))+`</p>`)
			mustNotContain(t, body, `action="/ui/tasks/`)
		})
	}
	return cs
}

package web

import (
	"bytes"
	"flag"
	"fmt"
	"html/template"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
)

// The golden tests render every page template with fixed data, built by hand, and compare
// the HTML with web/testdata/golden/<name>.html. After a deliberate change to a template,
// rewrite the files and read the diff:
//
//	go test ./web/ -run Golden -update
var update = flag.Bool("update", false, "rewrite golden files")

const (
	fixtureCSRF = "csrf-fixture"
	fixtureKey  = "ui-key-fixture"
	goldenDir   = "testdata/golden"
)

// at is a fixed instant of March 2026 in Seoul.
func at(day, hour, minute int) time.Time {
	return time.Date(2026, time.March, day, hour, minute, 0, 0, models.Seoul)
}

func atp(day, hour, minute int) *time.Time { t := at(day, hour, minute); return &t }

func date(s string) models.Date {
	d, err := models.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func datep(s string) *models.Date { d := date(s); return &d }

func krwp(n int64) *models.KRW { k := models.KRW(n); return &k }

// The people of the fixtures: the seeded users of the development sign-in.
var (
	fxOperator  = &session{Sub: "park.operator", Role: models.RoleOperator, Org: "NIA", Name: "박지훈", CSRF: fixtureCSRF}
	fxExpert    = &session{Sub: "cho.expert", Role: models.RoleExpert, Org: "ETRI", Name: "조예린", CSRF: fixtureCSRF}
	fxCommittee = &session{Sub: "song.committee", Role: models.RoleCommittee, Org: "MSIT", Name: "송재원", CSRF: fixtureCSRF}
	fxAgency    = &session{Sub: "kim.agency", Role: models.RoleAgency, Org: "AG-0001", Name: "김민준", CSRF: fixtureCSRF}
	fxProvider  = &session{Sub: "jung.provider", Role: models.RoleProvider, Org: "PV-0001", Name: "정하늘", CSRF: fixtureCSRF}
	fxAuditor   = &session{Sub: "lee.auditor", Role: models.RoleAuditor, Org: "BAI", Name: "이도현", CSRF: fixtureCSRF}
)

// fxOrgs are the seeded organizations the fixtures name; PV-0002 is left out, to show a
// code whose name cannot be read.
var fxOrgs = map[string]models.Organization{
	"AG-0001": {Org: "AG-0001", Kind: models.OrgAgency, Name: "행정안전부", NameEn: "Ministry of the Interior and Safety"},
	"AG-0002": {Org: "AG-0002", Kind: models.OrgAgency, Name: "과학기술정보통신부", NameEn: "Ministry of Science and ICT"},
	"PV-0001": {Org: "PV-0001", Kind: models.OrgProvider, Name: "(주)한빛클라우드", NameEn: "Hanbit Cloud Co., Ltd."},
}

// fxPage is a page as pageFor starts it, without a request.
func fxPage(lang string, u *session, titleKey, path string) page {
	p := page{Lang: lang, User: u, CSRF: fixtureCSRF, Path: path}
	p.Title = p.T(titleKey)
	if u != nil {
		p.orgs = func(code string) (models.Organization, bool) { o, ok := fxOrgs[code]; return o, ok }
		p.services = func(id string) (models.Service, bool) { return fxService, id == fxService.ID }
	}
	return p
}

// withPeople lets p name the fixtures' people by their sub, as a signed-in page does.
func withPeople(p page) page {
	p.users = func(sub string) (models.User, bool) {
		for _, s := range []*session{fxOperator, fxExpert, fxCommittee, fxAgency, fxProvider, fxAuditor} {
			if s.Sub == sub {
				return models.User{Sub: s.Sub, Name: s.Name, Role: s.Role, Org: s.Org}, true
			}
		}
		return models.User{}, false
	}
	return p
}

// fxForm is a form with the fixed key: newForm draws a random one.
func fxForm(values url.Values, errs ...models.FieldError) *form {
	f := newForm(values)
	f.Key = fixtureKey
	f.Errors = errs
	return f
}

func sha(c byte) string { return strings.Repeat(string(c), 64) }

var fxService = models.Service{ID: "SVC-0001", Name: "한빛 민원 접수 클라우드", NameEn: "Hanbit Civil Petition Cloud",
	Type: models.TypeCloud, Subtype: models.SubSaaS, Status: models.ServiceRegistered, SelectedOn: datep("2025-11-20"),
	CSAPValidUntil: datep("2027-06-30"),
	Provider:       models.Provider{Org: "PV-0001", Name: "(주)한빛클라우드", BusinessNo: "101-81-12341", Size: models.SizeSME},
	Version:        2, Features: []string{"행정기관 SSO 연동", "웹 접근성 인증"},
	Prices: []models.PriceLine{{Item: "표준 요금제", Unit: "user-month", UnitPriceKRW: 12500, Conditions: "최소 10명"},
		{Item: "기관 연간 라이선스", Unit: "license-year", UnitPriceKRW: 12_000_000}}}

var fxService2 = models.Service{ID: "SVC-0002", Name: "누리 데이터 전환 컨설팅", Type: models.TypeSupport,
	Subtype: models.SubMigration, Status: models.ServiceRegistered,
	Provider: models.Provider{Org: "PV-0002", Name: "누리정보(주)", BusinessNo: "202-81-45678", Size: models.SizeMidsize}}

var fxSystemStep = models.Step{At: at(2, 9, 0), Actor: models.SystemActor, Action: models.ActionEligibilityChecked,
	Status: string(models.AppDocumentCheck), Note: "credit rating BBB meets BB-; business active; not debarred"}

// fxApplication is an application in document_check with two of its documents missing.
func fxApplication() *app.ApplicationView {
	a := models.Application{
		ID: "APP-2026-000001", WorkflowID: "application-APP-2026-000001", Status: models.AppDocumentCheck,
		Service: models.ApplicationService{Name: "한빛 민원 접수 클라우드", Type: models.TypeCloud, Subtype: models.SubSaaS,
			Description: "온라인 민원 접수와 처리 현황 안내"},
		Provider: models.Applicant{Org: "PV-0001", BusinessNo: "101-81-12341", Name: "(주)한빛클라우드",
			FoundedOn: date("2015-04-01"), CreditRating: "BBB", BusinessStatus: models.BusinessActive, Size: models.SizeSME},
		AppliedAt:     at(2, 9, 0),
		AppliedBy:     "jung.provider",
		RequiredKinds: models.RequiredDocuments(models.TypeCloud, false, false),
		Documents: []models.Document{
			{Kind: models.DocApplicationForm, Filename: "신청서.pdf", SHA256: sha('a'), Size: 1 << 20, UploadedBy: "jung.provider", UploadedAt: at(2, 9, 0)},
			{Kind: models.DocCSAPCertificate, Filename: "csap.pdf", SHA256: sha('b'), Size: 2 << 20, ValidUntil: datep("2027-06-30"),
				UploadedBy: "jung.provider", UploadedAt: at(2, 9, 0)},
		},
		Experts: []string{}, Reviews: []models.ExpertReview{},
		Steps: []models.Step{
			{At: at(2, 9, 0), Actor: models.Actor{Sub: "jung.provider", Role: models.RoleProvider, Org: "PV-0001"},
				Action: models.ActionApplied, Status: string(models.AppDocumentCheck), Note: "한빛 민원 접수 클라우드 (cloud/saas), 2 documents"},
			fxSystemStep,
		},
	}
	return &app.ApplicationView{Application: a, OpenTasks: []models.Task{fxTask(models.TaskDocumentCheck)}}
}

// fxTitles begin the REST titles of the fixtures' tasks, as the domain writes them.
var fxTitles = map[models.TaskKind]string{
	models.TaskDocumentCheck:     "서류 확인 Document check: ",
	models.TaskAssignExperts:     "검토위원 배정 Assign experts: ",
	models.TaskExpertReview:      "전문가 검토 Expert review: ",
	models.TaskSiteVisit:         "현장실사 Site visit: ",
	models.TaskCommitteeVote:     "심사위원회 의결 Committee vote: ",
	models.TaskQualityInspection: "품질점검 Quality inspection 2026/1: ",
}

// fxTask is an open task of the kind on APP-2026-000001 (a quality case for a quality
// inspection), due on 12 March, with its title keyed.
func fxTask(kind models.TaskKind) models.Task {
	t := models.Task{ID: "APP-2026-000001-T01", Kind: kind, CaseType: "application", CaseID: "APP-2026-000001",
		WorkflowID: "application-APP-2026-000001", Title: fxTitles[kind] + fxService.Name,
		TitleText: models.Msg("task.title."+string(kind), "name", fxService.Name), DueAt: at(12, 23, 59),
		CreatedAt: at(2, 9, 0), Status: models.TaskOpen, Assignee: models.Assignee{Role: models.RoleOperator}}
	switch kind {
	case models.TaskAssignExperts:
		t.ID = "APP-2026-000001-T02"
	case models.TaskExpertReview:
		t.ID, t.Assignee = "APP-2026-000001-T03", models.Assignee{Role: models.RoleExpert, Sub: "cho.expert"}
	case models.TaskSiteVisit:
		t.ID = "APP-2026-000001-T04"
	case models.TaskCommitteeVote:
		t.ID, t.Assignee, t.SessionID = "APP-2026-000001-T05", models.Assignee{Role: models.RoleCommittee, Sub: "song.committee"}, "CS-2026-0001"
	case models.TaskQualityInspection:
		t.ID, t.CaseType, t.CaseID, t.WorkflowID = "QC-2026-0001-T01", "quality", "QC-2026-0001", "quality-QC-2026-0001"
		t.TitleText.Args["year"], t.TitleText.Args["round"] = "2026", "1"
	}
	return t
}

// fxTaskView is what showTask builds for the visitor: the form when the task is theirs and open.
func fxTaskView(t models.Task, who *session) taskView {
	v := taskView{Task: &t, Criteria: reviewCriteria, Today: "2026-03-10", Assigned: t.AssignedTo(who.actor())}
	v.CanComplete = t.Status == models.TaskOpen && v.Assigned && who.Role != models.RoleAuditor
	if t.CaseType == "application" {
		v.Application = fxApplication()
		v.DocumentKinds = v.Application.RequiredKinds
		if t.Kind == models.TaskExpertReview {
			// A review task is its expert's because the application assigned them.
			v.Application.Experts = []string{t.Assignee.Sub}
		}
	}
	if v.CanComplete && t.Kind == models.TaskAssignExperts {
		v.Experts = []models.User{
			{Sub: "kang.expert", Name: "강도윤", Role: models.RoleExpert, Org: "KISA"},
			{Sub: "cho.expert", Name: "조예린", Role: models.RoleExpert, Org: "ETRI"},
		}
		v.OpenReviews = map[string]int{"cho.expert": 2}
		left := models.DateOf(time.Date(2025, 6, 30, 0, 0, 0, 0, models.Seoul))
		v.Conflicts = map[string]*models.Text{"kang.expert": models.ConflictText(models.ConflictOf([]models.Relation{
			{BusinessNo: "101-81-12341", Kind: models.RelationEmployment, Until: &left}}, "101-81-12341",
			models.DateOf(time.Date(2026, 3, 10, 0, 0, 0, 0, models.Seoul))))}
	}
	return v
}

// fxOrder is an order on SVC-0001 in the status, with the steps that led there.
func fxOrder(status models.OrderStatus) *models.Order {
	agency := models.Actor{Sub: "kim.agency", Role: models.RoleAgency, Org: "AG-0001"}
	provider := models.Actor{Sub: "jung.provider", Role: models.RoleProvider, Org: "PV-0001"}
	o := &models.Order{ID: "ORD-2026-000001", WorkflowID: "order-ORD-2026-000001", Status: status, Title: "민원포털 클라우드 전환",
		ServiceID: "SVC-0001", ServiceName: "한빛 민원 접수 클라우드", ServiceType: models.TypeCloud, AgencyOrg: "AG-0001",
		ProviderOrg: "PV-0001", BudgetKRW: 120_000_000, ProposalDue: date("2026-03-17"), ProposalDeadline: at(18, 0, 0),
		RequestedAt: at(10, 9, 30),
		Steps: []models.Step{{At: at(10, 9, 30), Actor: agency, Action: models.ActionProposalRequested,
			Status: string(models.OrderProposalRequested), Note: "proposal due 2026-03-17 (Asia/Seoul)"}}}
	if status == models.OrderProposalRequested {
		return o
	}
	o.Proposal = &models.Proposal{PriceKRW: 110_000_000, Summary: "SaaS 구독 12개월, 이관 지원 포함", SubmittedAt: at(12, 14, 0), SubmittedBy: "jung.provider",
		Documents: []models.Document{{Kind: models.DocProposal, Filename: "제안서.pdf", SHA256: sha('p'), Size: 2048,
			DocumentID: "DOC-" + strings.Repeat("a", 32), UploadedBy: "jung.provider", UploadedAt: at(12, 13, 0)}}}
	o.ProposalSubmittedAt = &o.Proposal.SubmittedAt
	o.Steps = append(o.Steps, models.Step{At: at(12, 14, 0), Actor: provider, Action: models.ActionProposalSubmitted,
		Status: string(models.OrderProposalSubmitted), Note: "price 110000000 KRW"})
	if status == models.OrderProposalSubmitted {
		return o
	}
	total := models.Points(8750)
	o.EvaluationTotal, o.EvaluatedAt, o.NegotiationDeadline = &total, atp(13, 10, 0), atp(24, 0, 0)
	o.Steps = append(o.Steps, models.Step{At: at(13, 10, 0), Actor: agency, Action: models.ActionEvaluated,
		Status: string(models.OrderNegotiating), Note: "total 87.5 ≥ 85 points; negotiate by 2026-03-24T00:00:00+09:00"})
	if status == models.OrderNegotiating {
		return o
	}
	o.FinalPriceKRW, o.Terms, o.ContractID = krwp(105_000_000), "12개월, 월 1회 정기점검", "CT-2026-0001"
	o.DeliveryRequestedAt, o.ClosedAt = atp(16, 11, 0), atp(16, 11, 0)
	o.Steps = append(o.Steps,
		models.Step{At: at(16, 11, 0), Actor: agency, Action: models.ActionNegotiationAgreed, Status: string(models.OrderNegotiating),
			Note: "final price 105000000 KRW"},
		models.Step{At: at(16, 11, 0), Actor: models.SystemActor, Action: models.ActionDeliveryRequested,
			Status: string(models.OrderDeliveryRequested), Note: "delivery requested; contract CT-2026-0001 concluded"})
	return o
}

// fxOrderView is what showOrder builds for the visitor.
func fxOrderView(o *models.Order, who *session) orderView {
	v := orderView{Order: o, ScoreRows: []int{0, 1, 2, 3, 4}}
	switch who.Role {
	case models.RoleProvider:
		v.CanPropose = o.Status == models.OrderProposalRequested
		v.DocumentKinds, v.DocumentRows, v.MaxMiB = models.ProposalDocumentKinds, []int{0, 1, 2}, 20
	case models.RoleAgency:
		v.CanEvaluate = o.Status == models.OrderProposalSubmitted
		v.CanNegotiate = o.Status == models.OrderNegotiating
		v.CanCancel = !o.Status.Final()
	}
	return v
}

// fxApplicationView is what showApplication builds for the visitor.
func fxApplicationView(a *app.ApplicationView, who *session) applicationView {
	v := applicationView{Application: a, fileRows: fileRows{DocumentKinds: models.ApplicationDocumentKinds, DocumentRows: []int{0, 1, 2}, MaxMiB: 20}}
	if who.Role == models.RoleProvider {
		v.CanSupplement = a.Status == models.AppSupplementRequested
		v.CanWithdraw = !a.Status.Final()
		if len(a.MissingKinds) > 0 {
			v.DocumentKinds = a.MissingKinds
		}
	}
	return v
}

type goldenCase struct {
	name string
	tmpl string
	p    page
	// check asserts what the fixture says the page must show, beyond the golden compare.
	check func(t *testing.T, body string, doc *html.Node)
}

func goldenCases() []goldenCase {
	var cs []goldenCase
	add := func(name, tmpl string, p page, check func(*testing.T, string, *html.Node)) {
		cs = append(cs, goldenCase{name: name, tmpl: tmpl, p: p, check: check})
	}

	// Sign-in.
	{
		p := fxPage(langKO, nil, "h.signin", "/ui/login?next=%2Fui%2Finbox")
		p.Data = loginView{Next: "/ui/inbox", Dev: true, Users: []roleUsers{
			{Role: models.RoleOperator, Users: []models.User{{Sub: "park.operator", Name: "박지훈", Role: models.RoleOperator, Org: "NIA"}}},
			{Role: models.RoleAuditor, Users: []models.User{{Sub: "lee.auditor", Name: "이도현", Role: models.RoleAuditor, Org: "BAI"}}},
		}}
		add("login_dev", "login", p, func(t *testing.T, body string, doc *html.Node) {
			mustContain(t, body, `data-sub="park.operator"`, `data-sub="lee.auditor"`, `<input type="hidden" name="next" value="/ui/inbox">`)
			mustNotContain(t, body, `id="oidc-signin"`)
		})
		p = fxPage(langKO, nil, "h.signin", "/ui/login")
		p.Data = loginView{Next: "/ui/inbox", OIDC: true, Error: "the sign-in took too long or was started elsewhere; sign in again"}
		add("login_oidc", "login", p, func(t *testing.T, body string, doc *html.Node) {
			mustContain(t, body, `<a class="button primary" href="/ui/login/oidc?next=%2fui%2finbox" id="oidc-signin">`,
				`<div class="error-summary" role="alert"><p>the sign-in took too long`)
			mustNotContain(t, body, `data-sub=`, `action="/ui/login/dev"`)
		})
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

	// Orders.
	{
		p := fxPage(langKO, fxAgency, "h.orders", "/ui/orders")
		cancelled := fxOrder(models.OrderProposalRequested)
		cancelled.ID, cancelled.Status, cancelled.Title = "ORD-2026-000002", models.OrderCancelled, "취소된 주문"
		p.Data = ordersView{Orders: []models.Order{*fxOrder(models.OrderProposalRequested), *fxOrder(models.OrderNegotiating), *cancelled},
			NextToken: "tok-o2"}
		add("orders_agency", "orders", p, func(t *testing.T, body string, doc *html.Node) {
			mustContain(t, body, `<a class="button" href="/ui/services">`, `<td>2026-03-18 00:00</td>`, `<td>2026-03-24 00:00</td>`,
				`<td class="num">120,000,000원</td>`, `<td>—</td>`, `href="/ui/orders?page_token=tok-o2"`)
			// The agency knows itself: its name is in the header, not in a column.
			mustContain(t, body, `(이용기관 · 행정안전부 <span class="muted">AG-0001</span>)`)
			mustNotContain(t, body, `<th scope="col">이용기관</th>`, `<td>행정안전부`)
		})
		// The provider learns from its list which agency asked.
		p = fxPage(langEN, fxProvider, "h.orders", "/ui/orders")
		p.Data = ordersView{Orders: []models.Order{*fxOrder(models.OrderProposalRequested)}}
		add("orders_provider_en", "orders", p, func(t *testing.T, body string, doc *html.Node) {
			mustContain(t, body, `<th scope="col">Agency</th>`, `<td>Ministry of the Interior and Safety <span class="muted">AG-0001</span></td>`)
			mustNotContain(t, body, `<a class="button" href="/ui/services">`)
		})

		p = fxPage(langKO, fxAgency, "h.neworder", "/ui/orders/new?service=SVC-0001")
		p.Form = fxForm(url.Values{"service_id": {"SVC-0001"}, "title": {""}, "budget_krw": {"1억"}, "proposal_due": {"2026-03-01"}},
			models.FieldError{Field: "title", Message: "is required"},
			models.FieldError{Field: "budget_krw", Message: "must be a whole number of won"},
			models.FieldError{Field: "proposal_due", Message: "must not be before today (2026-03-10, Asia/Seoul)"})
		svc := fxService
		p.Data = newOrderView{Service: &svc, Today: "2026-03-10"}
		add("order_new_errors", "order_new", p, func(t *testing.T, body string, doc *html.Node) {
			mustContain(t, body, `id="e-budget_krw">must be a whole number of won<`,
				`<input type="text" id="f-budget_krw" name="budget_krw" value="1억" aria-invalid="true" aria-describedby="e-budget_krw">`,
				`<input type="text" id="f-service_id" name="service_id" value="SVC-0001">`,
				`<a href="#f-proposal_due">제안서 제출 기한: must not be before today`, `<dd>(주)한빛클라우드 <span class="muted">PV-0001</span></dd>`,
				`<dd>`+label(langKO, "svcstatus", "registered")+`</dd>`) // the service's status by its name, not its code
		})

		for _, tc := range []struct {
			name   string
			status models.OrderStatus
			who    *session
			forms  []string // the actions of the forms shown
		}{
			{"order_proposal_requested_provider", models.OrderProposalRequested, fxProvider, []string{"proposal"}},
			{"order_proposal_submitted_agency", models.OrderProposalSubmitted, fxAgency, []string{"evaluation", "cancel"}},
			{"order_negotiating_agency", models.OrderNegotiating, fxAgency, []string{"negotiation", "cancel"}},
			{"order_delivery_requested_auditor", models.OrderDeliveryRequested, fxAuditor, nil},
		} {
			o := fxOrder(tc.status)
			p := fxPage(langKO, tc.who, "h.order", "/ui/orders/"+o.ID)
			p.Title = o.ID + " · " + p.Title
			p.Form, p.Data = fxForm(nil), fxOrderView(o, tc.who)
			add(tc.name, "order", p, func(t *testing.T, body string, doc *html.Node) {
				var got []string
				for _, f := range find(doc, "form") {
					if a, ok := strings.CutPrefix(attr(f, "action"), "/ui/orders/"+o.ID+"/"); ok {
						got = append(got, a)
					}
				}
				if !slices.Equal(got, tc.forms) {
					t.Errorf("forms %v, want %v", got, tc.forms)
				}
				mustContain(t, body, `data-status="`+string(tc.status)+`"`)
				switch {
				case tc.status == models.OrderProposalRequested:
					// The proposal's files are the order's own kinds, uploaded with the form.
					mustContain(t, body, `enctype="multipart/form-data"`, `<option value="proposal">제안서</option>`,
						`<script src="/ui/static/upload.js" defer></script>`)
					mustNotContain(t, body, `<option value="application_form">`)
				case tc.who == fxAgency:
					// The agency reads the proposal's file.
					mustContain(t, body, `id="proposal-documents"`, `<a href="/ui/documents/DOC-`+strings.Repeat("a", 32)+`"`)
				}
			})
		}
		// A refused evaluation: the row's error beside its cell; a refused negotiation: its
		// reason is not the cancel form's.
		o := fxOrder(models.OrderProposalSubmitted)
		p = fxPage(langKO, fxAgency, "h.order", "/ui/orders/"+o.ID)
		p.Title = o.ID + " · " + p.Title
		p.Form = fxForm(url.Values{"scores[0].criterion": {"기술"}, "scores[0].score": {"40"}, "scores[0].max": {"50"},
			"scores[1].criterion": {"가격"}, "scores[1].score": {"abc"}, "scores[1].max": {"50"}},
			models.FieldError{Field: "scores[1].score", Message: "must be a number"})
		v := fxOrderView(o, fxAgency)
		v.Action = "evaluation"
		p.Data = v
		add("order_evaluation_errors", "order", p, func(t *testing.T, body string, doc *html.Node) {
			mustContain(t, body, `name="scores[1].score" value="abc" aria-label="점수 2" aria-invalid="true" aria-describedby="e-scores[1].score">`,
				`<p class="field-error" id="e-scores[1].score">must be a number</p>`, `<a href="#f-scores">점수 2: must be a number</a>`)
		})
		o = fxOrder(models.OrderNegotiating)
		p = fxPage(langKO, fxAgency, "h.order", "/ui/orders/"+o.ID)
		p.Title = o.ID + " · " + p.Title
		p.Form = fxForm(url.Values{"agreed": {"false"}, "reason": {""}},
			models.FieldError{Field: "reason", Message: "is required"})
		v = fxOrderView(o, fxAgency)
		v.Action = "negotiation"
		p.Data = v
		add("order_negotiation_errors", "order", p, func(t *testing.T, body string, doc *html.Node) {
			mustContain(t, body, `id="f-agreed-1" name="agreed" value="false" checked>`)
			neg := findOne(t, doc, `form[action="/ui/orders/ORD-2026-000001/negotiation"]`)
			cancel := findOne(t, doc, `form[action="/ui/orders/ORD-2026-000001/cancel"]`)
			if len(find(neg, "p.field-error")) != 1 {
				t.Error("the refused negotiation form does not show its error")
			}
			if n := len(find(cancel, "p.field-error")); n != 0 {
				t.Errorf("the cancel form shows %d errors of the negotiation form", n)
			}
			mustContain(t, body, `<textarea id="f-reason" name="reason" rows="4" aria-invalid="true" aria-describedby="e-reason"></textarea>`,
				`<textarea id="f-cancel-reason" name="reason" rows="4"></textarea>`, `<a href="#f-reason">사유: is required</a>`)
		})
		p = fxPage(langKO, fxAgency, "h.order", "/ui/orders/"+o.ID)
		p.Title = o.ID + " · " + p.Title
		p.Form = fxForm(url.Values{"final_price_krw": {""}}, models.FieldError{Field: "agreed", Message: "is required (true or false)"})
		v = fxOrderView(o, fxAgency)
		v.Action = "negotiation"
		p.Data = v
		add("order_negotiation_agreed_missing", "order", p, func(t *testing.T, body string, doc *html.Node) {
			mustContain(t, body, `<fieldset class="choices has-error" id="f-agreed" aria-describedby="e-agreed">`,
				`<a href="#f-agreed">협상 결과: is required (true or false)</a>`)
		})
		// A refused cancellation: its errors link to its own reason.
		o = fxOrder(models.OrderProposalRequested)
		p = fxPage(langKO, fxAgency, "h.order", "/ui/orders/"+o.ID)
		p.Title = o.ID + " · " + p.Title
		p.Form = fxForm(url.Values{"reason": {" "}}, models.FieldError{Field: "reason", Message: "is required"})
		v = fxOrderView(o, fxAgency)
		v.Action = "cancel"
		p.Data = v
		add("order_cancel_errors", "order", p, func(t *testing.T, body string, doc *html.Node) {
			mustContain(t, body, `<a href="#f-cancel-reason">사유: is required</a>`,
				`<p class="field-error" id="e-cancel-reason">is required</p>`,
				`<textarea id="f-cancel-reason" name="reason" rows="4" aria-invalid="true" aria-describedby="e-cancel-reason"> </textarea>`)
		})
	}

	// Applications.
	{
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
	}

	// The auditor's pages.
	{
		p := fxPage(langKO, fxAuditor, "h.audit", "/ui/audit")
		p.Data = auditView{Orders: []models.Order{*fxOrder(models.OrderNegotiating)}, Applications: []models.Application{fxApplication().Application},
			Sessions: []models.CommitteeSession{{ID: "CS-2026-0001", WorkflowID: "committee-CS-2026-0001", HeldOn: date("2026-03-25"),
				Members: []string{"song.committee", "lim.committee"}, Status: models.SessionOpen}},
			Names: map[string]string{"song.committee": "송재원"}}
		add("audit", "audit", p, func(t *testing.T, body string, doc *html.Node) {
			// A member the roster names is shown by name, one it does not by sub.
			mustContain(t, body, `<a href="/ui/cases/order-ORD-2026-000001">`, `<a href="/ui/cases/application-APP-2026-000001">`,
				`<a href="/ui/cases/committee-CS-2026-0001">`, `<td>송재원 <span class="muted">(song.committee)</span>, lim.committee</td>`)
		})

		o := fxOrder(models.OrderDeliveryRequested)
		h := &app.CaseHistory{WorkflowID: o.WorkflowID, CaseType: "order", CaseID: o.ID, Status: string(o.Status), Decisions: o.Steps,
			TemporalUIURL: "http://localhost:8233/namespaces/default/workflows/" + o.WorkflowID}
		p = fxPage(langKO, fxAuditor, "h.timeline", "/ui/cases/"+o.WorkflowID)
		p.Title = o.ID + " · " + p.Title
		p.Data = caseView{History: h, CasePath: "/ui/orders/" + o.ID}
		add("case", "case", p, func(t *testing.T, body string, doc *html.Node) {
			rows := find(doc, "table.timeline tbody tr")
			if len(rows) != len(o.Steps) {
				t.Fatalf("%d timeline rows, want %d", len(rows), len(o.Steps))
			}
			if who := textOf(find(rows[0], "td")[1]); !strings.HasPrefix(who, "kim.agency") || !strings.Contains(who, "이용기관") {
				t.Errorf("a human step shows who as %q", who)
			}
			if who := textOf(find(rows[len(rows)-1], "td")[1]); who != translate(langKO, "msg.system") {
				t.Errorf("a system step shows who as %q", who)
			}
			mustContain(t, body, `<time datetime="2026-03-10T09:30:00&#43;09:00">2026-03-10 09:30</time>`,
				`id="temporal-link"`, `<a href="/api/v1/cases/order-ORD-2026-000001/history" id="json-link">`)
		})

		p = fxPage(langKO, fxAgency, "h.services", "/ui/services?q=%ED%81%B4%EB%9D%BC%EC%9A%B0%EB%93%9C")
		p.Data = servicesView{Services: []models.Service{fxService, fxService2}, NextToken: "tok-s2",
			Sent: url.Values{"q": {"클라우드"}, "price_item": {"요금제"}, "max_unit_price_krw": {"15,000"}, "type": {"cloud"}, "csap": {"true"}}}
		add("services_agency", "services", p, func(t *testing.T, body string, doc *html.Node) {
			mustContain(t, body, `<a href="/ui/orders/new?service=SVC-0001">`, `<a href="/ui/orders/new?service=SVC-0002">`,
				`name="price_item" value="요금제"`, `<option value="cloud" selected>`, `<option value="true" selected>예</option>`,
				`<input type="hidden" name="type" value="cloud">`, `<input type="hidden" name="csap" value="true">`,
				`href="/ui/services?csap=true&amp;max_unit_price_krw=15%2C000&amp;page_token=tok-s2&amp;price_item=%EC%9A%94%EA%B8%88%EC%A0%9C&amp;q=%ED%81%B4%EB%9D%BC%EC%9A%B0%EB%93%9C&amp;type=cloud"`,
				`<input type="search" id="f-q" name="q" value="클라우드">`, `<td>2027-06-30</td>`)
		})
		p = fxPage(langEN, fxAgency, "h.services", "/ui/services")
		p.Data = servicesView{}
		add("services_empty_en", "services", p, func(t *testing.T, body string, doc *html.Node) {
			row := findOne(t, doc, "table#services tbody tr td")
			if got, want := attr(row, "colspan"), fmt.Sprint(len(find(doc, "table#services thead th"))); got != want {
				t.Errorf("the empty row spans %s columns of %s", got, want)
			}
		})

		// A service's page: the operator with its inspection record and a refused fact; the
		// public without the record; the notice board.
		removed := fxService2
		removed.Status = models.ServiceRemoved
		watch := &models.ServiceWatch{ServiceID: "SVC-0001", Status: models.WatchRereviewRequired, CSAPValidUntil: datep("2027-06-30"),
			Events: []models.InspectionEvent{{Kind: models.InspectCreditRating, Value: "CCC+", EffectiveOn: date("2026-11-20"),
				Source: "NICE평가정보 등급 공시", RecordedAt: at(20, 10, 0), RecordedBy: "park.operator"}},
			Findings: []models.InspectionFinding{{At: at(20, 10, 0), Outcome: models.InspectionRereview,
				Reason: "credit rating CCC+ is below B-", By: models.Actor{Sub: "park.operator", Role: models.RoleOperator, Org: "NIA"}}}}
		p = fxPage(langKO, fxOperator, "h.service", "/ui/services/SVC-0001")
		p.Form = fxForm(url.Values{"kind": {"debarment"}, "value": {"2026-13-01"}, "effective_on": {"2026-11-25"}},
			models.FieldError{Field: "value", Message: "must be the debarment's last day, YYYY-MM-DD"},
			models.FieldError{Field: "source", Message: "is required"})
		p.Data = serviceView{Service: fxService, Watch: watch, ShowInspect: true, CanRecord: true, Today: "2026-11-26",
			Kinds: []string{"credit_rating", "business_status", "debarment", "csap"}}
		add("service_operator_errors", "service", p, func(t *testing.T, body string, doc *html.Node) {
			mustContain(t, body, `action="/ui/services/SVC-0001/events"`, `id="watch-status">재심사 필요<`,
				`<option value="debarment" selected>`, `id="e-value">must be the debarment&#39;s last day`, `id="e-source">is required<`)
		})
		p = fxPage(langEN, nil, "h.service", "/ui/services/SVC-0002")
		p.Form = fxForm(nil)
		p.Data = serviceView{Service: removed, Today: "2026-11-26"}
		add("service_public_removed_en", "service", p, func(t *testing.T, body string, doc *html.Node) {
			mustContain(t, body, `data-status="removed">Removed<`)
			mustNotContain(t, body, `id="inspect-h"`, `/events"`)
		})
		p = fxPage(langEN, nil, "h.service", "/ui/services/SVC-0001")
		p.Form = fxForm(nil)
		p.Data = serviceView{Service: fxService, Today: "2026-11-26", OCID: "ocds-xxxxxx-" + fxService.ID}
		add("service_catalog_en", "service", p, func(t *testing.T, body string, doc *html.Node) {
			mustContain(t, body, `<li>행정기관 SSO 연동</li>`, `<td class="num">12,500 KRW</td>`, `<td class="num">12,000,000 KRW</td>`,
				`<td>최소 10명</td>`, `id="service-version">2 <a href="/api/v1/ocds/records/ocds-xxxxxx-SVC-0001" id="service-ocds">open data (OCDS)</a><`)
		})
		// Given in English too, the features and the first line read in English; the second
		// line, which has no English, stays as it was written.
		bilingual := fxService
		bilingual.FeaturesEn = []string{"Single sign-on with government systems", "Web accessibility certified"}
		bilingual.Prices = slices.Clone(fxService.Prices)
		bilingual.Prices[0].ItemEn, bilingual.Prices[0].ConditionsEn = "Standard plan", "At least 10 users"
		p = fxPage(langEN, nil, "h.service", "/ui/services/SVC-0001")
		p.Form = fxForm(nil)
		p.Data = serviceView{Service: bilingual, Today: "2026-11-26"}
		add("service_catalog_bilingual_en", "service", p, func(t *testing.T, body string, doc *html.Node) {
			mustContain(t, body, `<li>Web accessibility certified</li>`, `<td>Standard plan</td>`, `<td>At least 10 users</td>`,
				`<td>기관 연간 라이선스</td>`)
			mustNotContain(t, body, `<li>행정기관 SSO 연동</li>`, `<td>최소 10명</td>`)
		})
		p = fxPage(langKO, fxAuditor, "h.service", "/ui/services/SVC-0001")
		p.Form = fxForm(nil)
		p.Data = serviceView{Service: fxService, Watch: watch, ShowInspect: true, Today: "2026-11-26"}
		add("service_auditor", "service", p, func(t *testing.T, body string, doc *html.Node) {
			mustContain(t, body, `id="findings"`, `href="/ui/cases/service-SVC-0001"`, `<td class="num">12,500원</td>`)
			mustNotContain(t, body, `/events"`)
		})
		// The ground's re-review selected the service again: the watch is back to watching.
		cleared := *watch
		cleared.Status = models.WatchWatching
		cleared.RereviewsConfirmed = []models.RereviewConfirmation{{CaseRef: "service-SVC-0001/rereview-1",
			ApplicationID: "APP-2026-000100", At: at(24, 15, 0), AfterFindings: 1}}
		p = fxPage(langKO, fxAuditor, "h.service", "/ui/services/SVC-0001")
		p.Form = fxForm(nil)
		p.Data = serviceView{Service: fxService, Watch: &cleared, ShowInspect: true, Today: "2026-11-26"}
		add("service_auditor_rereview_confirmed", "service", p, func(t *testing.T, body string, doc *html.Node) {
			mustContain(t, body, `id="watch-status">점검 중<`,
				`<ul id="rereviews-confirmed"><li>2026-03-24 15:00 · <a href="/ui/applications/APP-2026-000100">APP-2026-000100</a></li></ul>`)
		})
		// A finding the system made (a deadline, another process's verdict) names no person.
		unfit := *watch
		unfit.Status = models.WatchUnfit
		unfit.Findings = append(slices.Clone(watch.Findings), models.InspectionFinding{At: at(25, 9, 0), Outcome: models.InspectionUnfit,
			Reason: "CSAP certificate expired on 2027-06-30", By: models.SystemActor})
		p = fxPage(langKO, fxAuditor, "h.service", "/ui/services/SVC-0001")
		p.Form = fxForm(nil)
		p.Data = serviceView{Service: fxService, Watch: &unfit, ShowInspect: true, Today: "2026-11-26"}
		add("service_auditor_system_finding", "service", p, func(t *testing.T, body string, doc *html.Node) {
			rows := find(doc, "table#findings tbody tr")
			if who := textOf(find(rows[len(rows)-1], "td")[3]); who != translate(langKO, "msg.system") {
				t.Errorf("the system's finding names %q", who)
			}
		})
		p = fxPage(langKO, nil, "h.notices", "/ui/notices")
		p.Data = noticesView{Notices: []models.UnfitNotice{{ServiceID: "SVC-0002", Name: "누리 데이터 전환 컨설팅",
			Provider: "누리정보(주)", Reason: "business closed (국세청 휴폐업 조회)", From: date("2026-11-20"), Until: date("2026-12-10")}}}
		add("notices", "notices", p, func(t *testing.T, body string, doc *html.Node) {
			mustContain(t, body, `data-service="SVC-0002"`, `<td>2026-12-10</td>`)
		})
		// A notice the system found reads in the page's language: its names and its reason.
		closed := models.Msg("inspection.closed", "on", "2026-11-19")
		keyedNotice := []models.UnfitNotice{{ServiceID: "SVC-0002", Name: "누리 데이터 전환 컨설팅", NameEn: "Nuri Data Migration Consulting",
			Provider: "누리정보(주)", ProviderEn: "Nuri Information Co., Ltd.", Reason: closed.English(), ReasonText: closed,
			From: date("2026-11-20"), Until: date("2026-12-10")}}
		for _, lang := range []string{langKO, langEN} {
			p = fxPage(lang, nil, "h.notices", "/ui/notices")
			p.Data = noticesView{Notices: keyedNotice}
			want := map[string][]string{
				langKO: {`<td>누리 데이터 전환 컨설팅 <span class="muted">SVC-0002</span></td><td>누리정보(주)</td><td>폐업 (2026-11-19부터)</td>`},
				langEN: {`<td>Nuri Data Migration Consulting <span class="muted">SVC-0002</span></td><td>Nuri Information Co., Ltd.</td><td>폐업 (business closed, effective 2026-11-19)</td>`},
			}[lang]
			add("notices_keyed_"+lang, "notices", p, func(t *testing.T, body string, doc *html.Node) {
				mustContain(t, body, want...)
			})
		}

		// Direct contracts: the agency's list, the registration form refused, a late
		// contract with an announced change, and the auditor's read.
		late := &models.DirectContract{ID: "CT-2026-000001", WorkflowID: "contract-CT-2026-000001", Status: models.ContractChangePending,
			Method: models.MethodDirect, ServiceID: "SVC-0001", ServiceName: "한빛 민원 접수 클라우드", AgencyOrg: "AG-0001",
			ProviderOrg: "PV-0001", Title: "민원포털 유지관리 수의계약", AmountKRW: 48_000_000, ContractedOn: date("2026-10-17"),
			PeriodFrom: date("2026-10-17"), PeriodTo: date("2027-10-16"), RegisteredAt: at(26, 10, 0),
			RegistrationDue: date("2026-11-16"), Late: true, Pins: fxPins(models.RuleDirectContractDays, "30"),
			Changes: []models.ContractChange{{No: 1, ChangedOn: date("2026-11-26"), Reason: "계약 기간 연장 합의",
				AnnouncedAt: atp(26, 10, 5), RegistrationDue: date("2026-12-26"), Status: models.ChangePending}},
			Steps: []models.Step{{At: at(26, 10, 0), Actor: models.Actor{Sub: "kim.agency", Role: models.RoleAgency, Org: "AG-0001"},
				Action: models.ActionContractRegistered, Status: string(models.ContractRegistered), Note: "registered late: due 2026-11-16"}}}
		// A contract with a change announced is due when the change's details are; one
		// without says whether it was itself registered late.
		settled := *late
		settled.ID, settled.WorkflowID, settled.Status, settled.Changes = "CT-2026-000002", "contract-CT-2026-000002", models.ContractRegistered, nil
		p = fxPage(langKO, fxAgency, "h.contracts", "/ui/contracts")
		p.Data = contractsView{Contracts: []models.DirectContract{*late, settled}}
		add("contracts_agency", "contracts", p, func(t *testing.T, body string, doc *html.Node) {
			mustContain(t, body, `href="/ui/contracts/CT-2026-000001"`, `href="/ui/contracts/new"`,
				`<td>2026-12-26 <span class="muted">1차 변경</span></td>`, `<td>2026-11-16 <strong class="badge badge-overdue">지연 등록</strong></td>`)
		})
		// The provider, who did not register it, reads which agency did.
		p = fxPage(langKO, fxProvider, "h.contracts", "/ui/contracts")
		p.Data = contractsView{Contracts: []models.DirectContract{*late}}
		add("contracts_provider", "contracts", p, func(t *testing.T, body string, doc *html.Node) {
			mustContain(t, body, `<th scope="col">이용기관</th>`, `<td>행정안전부 <span class="muted">AG-0001</span></td>`)
			mustNotContain(t, body, `href="/ui/contracts/new"`)
		})
		p = fxPage(langKO, fxAgency, "h.newcontract", "/ui/contracts/new?service=SVC-0001")
		p.Form = fxForm(url.Values{"service_id": {"SVC-0001"}, "title": {"민원포털 유지관리"}, "contracted_on": {"2026-11-27"}},
			models.FieldError{Field: "contracted_on", Message: "must not be after today (2026-11-26, Asia/Seoul)"},
			models.FieldError{Field: "amount_krw", Message: "must be a whole number of won"})
		p.Data = newContractView{Service: &fxService, Today: "2026-11-26", fileRows: fileRows{DocumentKinds: models.ContractDocumentKinds,
			DocumentRows: []int{0, 1, 2}, MaxMiB: 20}}
		add("contract_new_errors", "contract_new", p, func(t *testing.T, body string, doc *html.Node) {
			mustContain(t, body, `id="e-contracted_on">must not be after today`, `id="e-amount_krw">must be a whole number of won<`,
				// the contract's file goes with its registration
				`enctype="multipart/form-data"`, `<option value="contract">계약서</option>`, `<script src="/ui/static/upload.js" defer></script>`)
		})
		p = fxPage(langKO, fxAgency, "h.contract", "/ui/contracts/CT-2026-000001")
		p.Form = fxForm(nil)
		withFile := *late
		withFile.Documents = []models.Document{{Kind: models.DocContract, Filename: "계약서.pdf", SHA256: sha('c'), Size: 4096,
			DocumentID: "DOC-" + strings.Repeat("c", 32), UploadedBy: "kim.agency", UploadedAt: at(26, 10, 0)}}
		// The announced change came with the amended contract, and the form takes a change's files.
		withFile.Changes = slices.Clone(late.Changes)
		withFile.Changes[0].Documents = []models.Document{{Kind: models.DocContract, Filename: "변경계약서.pdf", SHA256: sha('d'),
			Size: 2048, DocumentID: "DOC-" + strings.Repeat("d", 32), UploadedBy: "kim.agency", UploadedAt: at(26, 10, 5)}}
		p.Data = contractView{Contract: &withFile, CanChange: true, Today: "2026-11-26",
			fileRows: fileRows{DocumentKinds: models.ContractDocumentKinds, DocumentRows: []int{0, 1, 2}, MaxMiB: 20}}
		add("contract_agency", "contract", p, func(t *testing.T, body string, doc *html.Node) {
			mustContain(t, body, `id="contract-documents"`, `<a href="/ui/documents/DOC-`+strings.Repeat("c", 32)+`"`)
			mustContain(t, body, `<span class="muted">계약서:</span> <a href="/ui/documents/DOC-`+strings.Repeat("d", 32)+`" data-document="DOC-`+strings.Repeat("d", 32)+`">변경계약서.pdf</a>`,
				`<form method="post" action="/ui/contracts/CT-2026-000001/changes" enctype="multipart/form-data"`, `name="documents[0].file"`,
				`<script src="/ui/static/upload.js" defer></script>`)
			mustContain(t, body, `id="contract-late"`, `data-status="change_pending"`, `action="/ui/contracts/CT-2026-000001/changes"`,
				`<td>세부 내용 대기</td>`, `<a href="/ui/rules#rule-direct_contract.registration_days%402024-01-01"><code>direct_contract.registration_days@2024-01-01</code></a> = <strong>30</strong> <span class="muted">수의계약 등록 기한</span>`)
		})
		p = fxPage(langEN, fxAuditor, "h.contract", "/ui/contracts/CT-2026-000001")
		p.Form = fxForm(nil)
		p.Data = contractView{Contract: late, Today: "2026-11-26"}
		add("contract_auditor_en", "contract", p, func(t *testing.T, body string, doc *html.Node) {
			mustContain(t, body, `href="/ui/cases/contract-CT-2026-000001"`, `>Change announced<`, `<dt>Rules applied</dt><dd id="contract-rules">`)
			mustNotContain(t, body, `/ui/contracts/CT-2026-000001/changes"`)
		})

		// Quality: the provider's report form refused, and the operator's pre-review of a
		// case whose report did not come (a finding).
		qc := &models.QualityCase{ID: "QC-2026-0001", WorkflowID: "quality-SVC-0001-2026", Year: 2026,
			Status: models.QualityReportRequested, ServiceID: "SVC-0001", ServiceName: "한빛 민원 접수 클라우드",
			ProviderOrg: "PV-0001", SelectedOn: date("2024-01-10"), ReportDue: date("2026-12-26"),
			ReportDeadline: at(27, 0, 0), OpenedAt: at(26, 9, 0), Findings: []models.QualityFinding{},
			Steps: []models.Step{{At: at(26, 9, 0), Actor: models.SystemActor, Action: models.ActionQualityReportRequested,
				Status: string(models.QualityReportRequested), Note: "report due 2026-12-26"}},
			Pins: fxPins(models.RuleQualityReportDays, "30")}
		p = fxPage(langKO, fxProvider, "h.qualitycase", "/ui/quality/QC-2026-0001")
		p.Form = fxForm(url.Values{"summary": {"연간 가용성"}, "availability_pct": {"abc"}},
			models.FieldError{Field: "availability_pct", Message: "must be a number"})
		p.Data = qualityView{Case: qc, CanReport: true, Action: "report", fileRows: fileRows{DocumentKinds: models.QualityDocumentKinds, DocumentRows: []int{0, 1, 2},
			MaxMiB: models.MaxUploadBytes >> 20}}
		add("quality_report_errors", "quality_case", p, func(t *testing.T, body string, doc *html.Node) {
			mustContain(t, body, `action="/ui/quality/QC-2026-0001/report"`, `id="e-availability_pct">must be a number<`,
				`<script src="/ui/static/upload.js" defer></script>`,
				`data-status="report_requested">보고서 제출요청<`, `<code>quality.report_days@2024-01-01</code></a> = <strong>30</strong> <span class="muted">품질 보고서 제출 기한</span>`)
			// A report's files are of the quality process, not an application's forms.
			mustContain(t, body, `<option value="quality_report">품질적합성 자가점검 보고서</option>`)
			mustNotContain(t, body, `<option value="application_form">`)
		})
		missed := *qc
		missed.Status, missed.Pins = models.QualityReportSubmitted, nil
		missed.Findings = []models.QualityFinding{{Kind: models.QualityFindingNoReport, Note: "no report by 2026-12-26", By: "dsmarket", At: at(27, 0, 0)}}
		p = fxPage(langEN, fxOperator, "h.qualitycase", "/ui/quality/QC-2026-0001")
		p.Form = fxForm(nil)
		p.Data = qualityView{Case: &missed, CanPreReview: true, fileRows: fileRows{DocumentKinds: models.QualityDocumentKinds, DocumentRows: []int{0, 1, 2}}}
		add("quality_prereview_en", "quality_case", p, func(t *testing.T, body string, doc *html.Node) {
			mustContain(t, body, `action="/ui/quality/QC-2026-0001/prereview"`, `No report by the due date`,
				`id="quality-rules-current">Started before cases kept their rule versions: follows the current rule table.<`)
			mustNotContain(t, body, `/report"`)
		})
		// A finding the system keyed reads in the page's language.
		keyed := missed
		note := models.Msg("quality.report_missing", "due", "2026-12-26")
		keyed.Findings = []models.QualityFinding{{Kind: models.QualityFindingNoReport, Note: note.English(), NoteText: note, By: "dsmarket", At: at(27, 0, 0)}}
		p = fxPage(langKO, fxOperator, "h.qualitycase", "/ui/quality/QC-2026-0001")
		p.Form = fxForm(nil)
		p.Data = qualityView{Case: &keyed, CanPreReview: true, fileRows: fileRows{DocumentKinds: models.QualityDocumentKinds, DocumentRows: []int{0, 1, 2}}}
		add("quality_prereview_keyed_finding_ko", "quality_case", p, func(t *testing.T, body string, doc *html.Node) {
			mustContain(t, body, `제출기한 2026-12-26까지 품질보고서가 제출되지 않음 (Asia/Seoul)`)
			mustNotContain(t, body, `no quality report by`)
		})
		// The operator's pre-review of a report that came with an uploaded file: the file is
		// opened from the case.
		reported := *qc
		reported.Status, reported.Pins = models.QualityReportSubmitted, nil
		reported.Report = &models.QualityReport{Summary: "연간 가용성 99.95%, 장애 2건", AvailabilityPct: 9995, Incidents: 2,
			SubmittedAt: at(28, 10, 0), SubmittedBy: "jung.provider", Documents: []models.Document{{Kind: models.DocSLAPolicy,
				DocumentID: "DOC-0123456789abcdef0123456789abcdef", Filename: "가용성.pdf", SHA256: strings.Repeat("ab", 32),
				UploadedBy: "jung.provider", UploadedAt: at(28, 9, 58)}}}
		p = fxPage(langKO, fxOperator, "h.qualitycase", "/ui/quality/QC-2026-0001")
		p.Form = fxForm(nil)
		p.Data = qualityView{Case: &reported, CanPreReview: true, fileRows: fileRows{DocumentKinds: models.QualityDocumentKinds, DocumentRows: []int{0, 1, 2}}}
		add("quality_prereview_report", "quality_case", p, func(t *testing.T, body string, doc *html.Node) {
			mustContain(t, body, `action="/ui/quality/QC-2026-0001/prereview"`,
				`<a href="/ui/documents/DOC-0123456789abcdef0123456789abcdef" data-document="DOC-0123456789abcdef0123456789abcdef">가용성.pdf</a>`,
				`<td>서비스 수준(SLA) 정책</td>`)
			mustNotContain(t, body, `/report"`)
		})
		// The provider's remediation form of a case whose first round asked for one, and the
		// second round it opened as the auditor reads it, with the report's file.
		remediating := reported
		remediating.Status, remediating.Round = models.QualityRemediating, 1
		rdue := date("2027-01-31")
		rdeadline := time.Date(2027, 2, 1, 0, 0, 0, 0, models.Seoul)
		remediating.RemediationDue, remediating.RemediationDeadline = &rdue, &rdeadline
		remediating.Inspections = []models.QualityInspection{{Round: 1, Outcome: models.QualityOutcomeRemediate,
			Reason: "백업 복구 훈련 미실시", Due: &rdue, By: "park.operator", At: at(29, 10, 0)}}
		for _, lang := range []string{langKO, langEN} {
			p = fxPage(lang, fxProvider, "h.qualitycase", "/ui/quality/QC-2026-0001")
			p.Form = fxForm(nil)
			p.Data = qualityView{Case: &remediating, CanRemediate: true, fileRows: fileRows{DocumentKinds: models.QualityDocumentKinds, DocumentRows: []int{0, 1, 2},
				MaxMiB: models.MaxUploadBytes >> 20}}
			add("quality_remediation_form_"+lang, "quality_case", p, func(t *testing.T, body string, doc *html.Node) {
				mustContain(t, body, `action="/ui/quality/QC-2026-0001/remediation"`, translate(lang, "msg.remediation"),
					`<script src="/ui/static/upload.js" defer></script>`)
				mustNotContain(t, body, `/report"`, `id="quality-remediations"`)
			})
		}
		reinspecting := remediating
		reinspecting.Status, reinspecting.Round = models.QualityInspecting, 2
		reinspecting.Remediations = []models.RemediationReport{{Round: 1, Summary: "분기 복구 훈련을 시행했습니다", By: "jung.provider",
			At: at(30, 14, 0), Documents: []models.Document{{Kind: models.DocSLAPolicy, DocumentID: "DOC-fedcba9876543210fedcba9876543210",
				Filename: "복구훈련.pdf", SHA256: strings.Repeat("cd", 32), UploadedBy: "jung.provider", UploadedAt: at(30, 13, 58)}}}}
		p = fxPage(langKO, fxAuditor, "h.qualitycase", "/ui/quality/QC-2026-0001")
		p.Form = fxForm(nil)
		p.Data = qualityView{Case: &reinspecting}
		add("quality_remediation_reported", "quality_case", p, func(t *testing.T, body string, doc *html.Node) {
			row := findOne(t, doc, `#quality-remediations li[data-round="1"]`)
			if !strings.Contains(textOf(row), "분기 복구 훈련을 시행했습니다") || len(find(row, `a[data-document="DOC-fedcba9876543210fedcba9876543210"]`)) != 1 {
				t.Error("the remediation report or its file is not shown")
			}
			mustNotContain(t, body, `/remediation"`)
		})

		p = fxPage(langKO, fxAuditor, "h.quality", "/ui/quality")
		p.Data = qualityListView{Cases: []models.QualityCase{missed}}
		add("quality_cases_auditor", "quality_cases", p, func(t *testing.T, body string, doc *html.Node) {
			mustContain(t, body, `href="/ui/quality/QC-2026-0001"`, `<td>사전검토 대기</td>`)
		})

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
		p = fxPage(langKO, fxOperator, "h.changerequest", "/ui/changes/CR-2026-000001")
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

		p = fxPage(langKO, nil, "h.error", "/ui/nowhere")
		p.Data = errorView{Status: 404, Code: models.ENOTFOUND, Message: "없는 자원입니다: /ui/nowhere"}
		add("error_404", "error", p, func(t *testing.T, body string, doc *html.Node) {
			mustContain(t, body, `<h1>오류 404</h1>`, `<p>찾을 수 없습니다.</p>`, `<p class="detail">없는 자원입니다: /ui/nowhere</p>`,
				`<a href="/ui/login">로그인</a>`)
		})
	}
	cs = append(cs, directoryGoldenCases()...)
	cs = append(cs, rulesGoldenCases()...)
	cs = append(cs, searchesGoldenCases()...)
	cs = append(cs, auditLogGoldenCases()...)
	cs = append(cs, statsGoldenCases()...)
	return append(cs, applyGoldenCases()...)
}

// TestGoldenPages renders every page and compares it with its golden file, then checks
// what every page must be: well-formed, in the visitor's language, with a label for every
// field, unique ids, errors beside their fields, no form for the auditor.
func TestGoldenPages(t *testing.T) {
	ps, err := parsePages()
	if err != nil {
		t.Fatal(err)
	}
	seen, covered := map[string]bool{}, map[string]bool{}
	for _, gc := range goldenCases() {
		if seen[gc.name] {
			t.Fatalf("two golden cases named %s", gc.name)
		}
		seen[gc.name], covered[gc.tmpl] = true, true
		t.Run(gc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := ps.render(&buf, gc.tmpl, gc.p); err != nil {
				t.Fatal(err)
			}
			body := buf.String()
			compareGolden(t, filepath.Join(goldenDir, gc.name+".html"), buf.Bytes())

			doc, err := html.Parse(strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			checkWellFormed(t, body)
			checkPage(t, gc.p, body, doc)
			if gc.check != nil {
				gc.check(t, body, doc)
			}
		})
	}
	// Every page template has a case.
	for name := range ps.sets {
		if !covered[name] {
			t.Errorf("page %s has no golden case", name)
		}
	}
}

// TestGoldenFilesHaveCases finds golden files left behind by a renamed or removed case.
func TestGoldenFilesHaveCases(t *testing.T) {
	names := map[string]bool{}
	for _, gc := range goldenCases() {
		names[gc.name+".html"] = true
	}
	entries, err := os.ReadDir(goldenDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !names[e.Name()] {
			if *update {
				if err := os.Remove(filepath.Join(goldenDir, e.Name())); err != nil {
					t.Fatal(err)
				}
				continue
			}
			t.Errorf("golden file %s has no case; remove it or run with -update", e.Name())
		}
	}
}

func compareGolden(t *testing.T, file string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (run with -update after checking the change):\n%s", file, lineDiff(string(want), string(got)))
	}
}

// lineDiff shows the first differing line of want and got with a few lines around it.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	i := 0
	for i < len(w) && i < len(g) && w[i] == g[i] {
		i++
	}
	var b strings.Builder
	fmt.Fprintf(&b, "first difference at line %d (golden %d lines, rendered %d lines)\n", i+1, len(w), len(g))
	from := max(0, i-2)
	for j := from; j < i; j++ {
		fmt.Fprintf(&b, "  %s\n", w[j])
	}
	for j := i; j < min(len(w), i+3); j++ {
		fmt.Fprintf(&b, "- %s\n", w[j])
	}
	for j := i; j < min(len(g), i+3); j++ {
		fmt.Fprintf(&b, "+ %s\n", g[j])
	}
	return b.String()
}

// checker is the part of *testing.T the page checks use, so that a test of the checks can
// record what they find.
type checker interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
}

// voidElements have no end tag.
var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

// checkWellFormed requires every element but the void ones to be closed, in order: the
// templates write complete markup, without relying on the parser's repairs.
func checkWellFormed(t checker, body string) {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(body))
	var stack []string
	line := 1
	for {
		tt := z.Next()
		raw := string(z.Raw())
		switch tt {
		case html.ErrorToken:
			if len(stack) > 0 {
				t.Errorf("unclosed elements at the end: %v", stack)
			}
			return
		case html.StartTagToken:
			name, _ := z.TagName()
			if !voidElements[string(name)] {
				stack = append(stack, string(name))
			}
		case html.SelfClosingTagToken:
			name, _ := z.TagName()
			if !voidElements[string(name)] {
				t.Errorf("line %d: self-closing <%s/>", line, name)
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if voidElements[string(name)] {
				t.Errorf("line %d: end tag of void element </%s>", line, name)
				break
			}
			if len(stack) == 0 || stack[len(stack)-1] != string(name) {
				t.Errorf("line %d: </%s> closes %v", line, name, stack)
				return
			}
			stack = stack[:len(stack)-1]
		}
		line += strings.Count(raw, "\n")
	}
}

// catalogKey is what a translation key looks like when the catalog lacks it.
var catalogKey = regexp.MustCompile(`(?:^|[\s(>:])(?:app|nav|role|kind|taskstatus|casetype|status|action|doc|opt|field|h|col|filter|btn|msg|lang)\.[a-z][a-z_.]*\b`)

// checkPage asserts what holds for every page.
func checkPage(t checker, p page, body string, doc *html.Node) {
	t.Helper()
	if !strings.Contains(body, `<html lang="`+p.Lang+`">`) {
		t.Errorf(`no <html lang="%s">`, p.Lang)
	}
	if got := textOf(findOne(t, doc, "title")); !strings.HasPrefix(got, p.Title+" · ") {
		t.Errorf("title %q does not start with %q", got, p.Title)
	}

	// Ids are unique, and every reference to one finds it.
	ids := map[string]int{}
	walk(doc, func(n *html.Node) {
		if id := attr(n, "id"); id != "" {
			ids[id]++
		}
	})
	for id, n := range ids {
		if n > 1 {
			t.Errorf("id %q is used %d times", id, n)
		}
	}
	walk(doc, func(n *html.Node) {
		for _, a := range []string{"for", "aria-describedby", "aria-labelledby"} {
			for _, ref := range strings.Fields(attr(n, a)) {
				if ids[ref] == 0 {
					t.Errorf("<%s %s=%q> refers to no element", n.Data, a, ref)
				}
			}
		}
		if n.Data == "a" {
			if ref, ok := strings.CutPrefix(attr(n, "href"), "#"); ok && ids[ref] == 0 {
				t.Errorf("link to #%s, which is no element", ref)
			}
		}
	})

	// Every field a person fills in has a label: <label for>, aria-label or an enclosing label.
	labelled := map[string]bool{}
	for _, l := range find(doc, "label") {
		labelled[attr(l, "for")] = true
	}
	for _, n := range find(doc, "input", "textarea", "select") {
		switch attr(n, "type") {
		case "hidden", "submit", "button":
			continue
		}
		if attr(n, "aria-label") != "" || (attr(n, "id") != "" && labelled[attr(n, "id")]) || hasAncestor(n, "label") {
			continue
		}
		t.Errorf("<%s name=%q id=%q> has no label", n.Data, attr(n, "name"), attr(n, "id"))
	}

	// Every post form carries the session's CSRF token; an action form also its key.
	for _, f := range find(doc, "form") {
		if attr(f, "method") != "post" {
			continue
		}
		action := attr(f, "action")
		if v, ok := hiddenValue(f, csrfField); !ok || v != fixtureCSRF {
			t.Errorf("form %s has no CSRF token", action)
		}
		if isActionForm(action) {
			if v, ok := hiddenValue(f, "idempotency_key"); !ok || v != fixtureKey {
				t.Errorf("form %s has idempotency key %q, want %q", action, v, fixtureKey)
			}
			if !hasAttr(f, "novalidate") {
				t.Errorf("form %s is validated by the browser, not the server", action)
			}
		}
	}

	// The auditor reads and changes nothing: the sign-out is the only form that posts.
	if p.ReadOnly() {
		for _, f := range find(doc, "form") {
			// A form that only reads (a list's filter) may share its address with one that acts.
			if attr(f, "method") == "post" && isActionForm(attr(f, "action")) {
				t.Errorf("the auditor gets the form %s", attr(f, "action"))
			}
			// The what-if posts a question, not a step: it changes nothing.
			if attr(f, "method") == "post" && attr(f, "action") != "/ui/logout" && attr(f, "action") != "/ui/rules/what-if" {
				t.Errorf("the auditor gets a post form %s", attr(f, "action"))
			}
		}
	}

	// A refused form's errors are in the summary and beside their fields, each tied to its
	// field by aria-describedby.
	if p.Form != nil && len(p.Form.Errors) > 0 {
		summary := find(doc, "div.error-summary")
		if len(summary) != 1 {
			t.Fatalf("%d error summaries, want 1", len(summary))
		}
		for _, e := range p.Form.Errors {
			if !strings.Contains(textOf(summary[0]), e.Message) {
				t.Errorf("the summary lacks %s: %s", e.Field, e.Message)
			}
			var beside *html.Node
			for _, n := range find(doc, "p.field-error") {
				if strings.Contains(textOf(n), e.Message) {
					beside = n
				}
			}
			if beside == nil {
				t.Errorf("no error beside the field %s: %s", e.Field, e.Message)
				continue
			}
			id := attr(beside, "id")
			described := false
			walk(doc, func(n *html.Node) {
				described = described || slices.Contains(strings.Fields(attr(n, "aria-describedby")), id)
			})
			if id == "" || !described {
				t.Errorf("the error %q beside %s describes no field (id %q)", e.Message, e.Field, id)
			}
		}
	} else if strings.Contains(body, `class="error-summary" role="alert" tabindex="-1"`) {
		t.Errorf("an error summary without errors")
	}

	// No catalog key shows untranslated.
	walk(doc, func(n *html.Node) {
		if n.Type == html.TextNode {
			if m := catalogKey.FindString(n.Data); m != "" {
				t.Errorf("untranslated key %q in %q", strings.TrimSpace(m), strings.TrimSpace(n.Data))
			}
		}
	})
}

// isActionForm is whether a form's action changes a case.
func isActionForm(action string) bool {
	for _, prefix := range []string{"/ui/tasks/", "/ui/orders/", "/ui/applications/", "/ui/organizations", "/ui/people", "/ui/me/"} {
		if strings.HasPrefix(action, prefix) {
			return true
		}
	}
	return action == "/ui/orders" || action == "/ui/applications" || strings.HasPrefix(action, "/ui/committee")
}

func hiddenValue(f *html.Node, name string) (string, bool) {
	for _, n := range find(f, "input") {
		if attr(n, "type") == "hidden" && attr(n, "name") == name {
			return attr(n, "value"), true
		}
	}
	return "", false
}

func mustContain(t *testing.T, body string, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if !strings.Contains(body, s) {
			t.Errorf("the page lacks %s", s)
		}
	}
}

func mustNotContain(t *testing.T, body string, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if strings.Contains(body, s) {
			t.Errorf("the page has %s", s)
		}
	}
}

// A few helpers over the parsed page, enough for the checks above.

func walk(n *html.Node, fn func(*html.Node)) {
	if n.Type == html.ElementNode || n.Type == html.TextNode {
		fn(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, fn)
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func hasAncestor(n *html.Node, tag string) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && p.Data == tag {
			return true
		}
	}
	return false
}

func textOf(n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

// selectorPart is one compound selector: tag, .class, #id and [attr="value"] parts.
var selectorPart = regexp.MustCompile(`^([a-z0-9]*)((?:[.#][A-Za-z0-9_-]+|\[[a-z-]+="[^"]*"\])*)$`)
var selectorPiece = regexp.MustCompile(`[.#][A-Za-z0-9_-]+|\[([a-z-]+)="([^"]*)"\]`)

// find returns the elements under n matching any of the selectors, each a descendant
// chain of compound selectors ("table.timeline tbody tr", `form[action="/x"]`).
func find(n *html.Node, selectors ...string) []*html.Node {
	var out []*html.Node
	walk(n, func(c *html.Node) {
		if c.Type != html.ElementNode || c == n {
			return
		}
		for _, s := range selectors {
			if matchChain(c, n, splitSelector(s)) {
				out = append(out, c)
				return
			}
		}
	})
	return out
}

// splitSelector splits on spaces outside brackets.
func splitSelector(s string) []string {
	var parts []string
	depth, start := 0, 0
	for i, r := range s {
		switch {
		case r == '[':
			depth++
		case r == ']':
			depth--
		case r == ' ' && depth == 0:
			if i > start {
				parts = append(parts, s[start:i])
			}
			start = i + 1
		}
	}
	return append(parts, s[start:])
}

func matchChain(n, root *html.Node, chain []string) bool {
	if !matchCompound(n, chain[len(chain)-1]) {
		return false
	}
	rest := chain[:len(chain)-1]
	for p := n.Parent; len(rest) > 0 && p != nil && p != root; p = p.Parent {
		if p.Type == html.ElementNode && matchCompound(p, rest[len(rest)-1]) {
			rest = rest[:len(rest)-1]
		}
	}
	return len(rest) == 0
}

func matchCompound(n *html.Node, sel string) bool {
	m := selectorPart.FindStringSubmatch(sel)
	if m == nil {
		panic("unsupported selector " + sel)
	}
	if m[1] != "" && n.Data != m[1] {
		return false
	}
	for _, piece := range selectorPiece.FindAllStringSubmatch(m[2], -1) {
		switch p := piece[0]; p[0] {
		case '.':
			if !slices.Contains(strings.Fields(attr(n, "class")), p[1:]) {
				return false
			}
		case '#':
			if attr(n, "id") != p[1:] {
				return false
			}
		default:
			if !hasAttr(n, piece[1]) || attr(n, piece[1]) != piece[2] {
				return false
			}
		}
	}
	return true
}

func findOne(t checker, n *html.Node, selector string) *html.Node {
	t.Helper()
	got := find(n, selector)
	if len(got) != 1 {
		t.Fatalf("%d elements match %s, want 1", len(got), selector)
	}
	return got[0]
}

// recorder is a checker that keeps the failures; Fatalf ends the check by panicking.
type recorder struct{ msgs []string }

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	panic(r)
}

// TestGoldenChecksCatchBadPages: the checks every golden page passes do fail a page that
// breaks what they check, so their passing means something.
func TestGoldenChecksCatchBadPages(t *testing.T) {
	ps, err := parsePages()
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]goldenCase{}
	for _, gc := range goldenCases() {
		cases[gc.name] = gc
	}
	for _, tc := range []struct {
		name, page string
		// change breaks the rendered page; p changes the page's data the checks compare with.
		change func(string) string
		p      func(page) page
		want   string
	}{
		{"ErrNoLabel", "inbox_ko", func(s string) string { return strings.Replace(s, `<label for="f-kind">작업 종류</label>`, "", 1) },
			nil, `<select name="kind" id="f-kind"> has no label`},
		{"ErrDuplicateID", "inbox_ko", func(s string) string { return strings.Replace(s, `id="tasks"`, `id="main"`, 1) },
			nil, `id "main" is used 2 times`},
		{"ErrLabelForNothing", "inbox_ko", func(s string) string { return strings.Replace(s, `<label for="f-kind">`, `<label for="f-kinds">`, 1) },
			nil, `<label for="f-kinds"> refers to no element`},
		{"ErrWrongLanguage", "inbox_ko", nil, func(p page) page { p.Lang = langEN; return p }, `no <html lang="en">`},
		{"ErrUnclosed", "inbox_ko", func(s string) string { return s + "<div>" }, nil, "unclosed"},
		{"ErrMisnested", "error_404", func(s string) string { return strings.Replace(s, "</h1>", "</h2>", 1) }, nil, "</h2> closes"},
		{"ErrUntranslated", "inbox_ko", func(s string) string { return strings.Replace(s, "<h1>받은 작업함</h1>", "<h1>h.inbox</h1>", 1) },
			nil, `untranslated key "h.inbox"`},
		{"ErrAuditorForm", "task_document_check_ko", nil, func(p page) page { p.User = fxAuditor; return p },
			"the auditor gets the form /ui/tasks/APP-2026-000001-T01"},
		{"ErrNoCSRF", "task_document_check_ko", func(s string) string {
			return strings.Replace(s, `<input type="hidden" name="csrf_token" value="csrf-fixture"><input type="hidden" name="idempotency_key"`,
				`<input type="hidden" name="idempotency_key"`, 1)
		}, nil, "form /ui/tasks/APP-2026-000001-T01 has no CSRF token"},
		{"ErrErrorNotBesideItsField", "order_new_errors", func(s string) string {
			return strings.Replace(s, ` aria-invalid="true" aria-describedby="e-budget_krw"`, "", 1)
		}, nil, `the error "must be a whole number of won" beside budget_krw describes no field`},
		{"ErrErrorOnlyInTheSummary", "order_new_errors", func(s string) string {
			return strings.Replace(s, `<p class="field-error" id="e-title">is required</p>`, "", 1)
		}, nil, "no error beside the field title: is required"},
		{"ErrBrokenSummaryLink", "order_new_errors", func(s string) string { return strings.Replace(s, `href="#f-title"`, `href="#f-titel"`, 1) },
			nil, "link to #f-titel, which is no element"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			gc, ok := cases[tc.page]
			if !ok {
				t.Fatalf("no golden case %s", tc.page)
			}
			var buf bytes.Buffer
			if err := ps.render(&buf, gc.tmpl, gc.p); err != nil {
				t.Fatal(err)
			}
			body, p := buf.String(), gc.p
			if tc.change != nil {
				if body = tc.change(body); body == buf.String() {
					t.Fatal("the change changed nothing")
				}
			}
			if tc.p != nil {
				p = tc.p(p)
			}
			doc, err := html.Parse(strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			r := &recorder{}
			func() {
				defer func() {
					if v := recover(); v != nil && v != r {
						panic(v)
					}
				}()
				checkWellFormed(r, body)
				checkPage(r, p, body, doc)
			}()
			for _, m := range r.msgs {
				if strings.Contains(m, tc.want) {
					return
				}
			}
			t.Errorf("no failure %q; the checks said %q", tc.want, r.msgs)
		})
	}
}

// fxPins is a case's pins: each key and value given, at the version of 2024-01-01.
func fxPins(kv ...any) *models.CasePins {
	p := &models.CasePins{Rules: map[models.RuleKey]models.PinnedRule{}}
	for i := 0; i+1 < len(kv); i += 2 {
		p.Rules[kv[i].(models.RuleKey)] = models.PinnedRule{Value: kv[i+1].(string), EffectiveFrom: date("2024-01-01")}
	}
	return p
}

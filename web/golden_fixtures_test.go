package web

import (
	"net/url"
	"strings"
	"time"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
)

// The fixed data of the golden pages, built by hand: the people, organizations, services
// and cases of March 2026 in Seoul.

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

// fxPins is a case's pins: each key and value given, at the version of 2024-01-01.
func fxPins(kv ...any) *models.CasePins {
	p := &models.CasePins{Rules: map[models.RuleKey]models.PinnedRule{}}
	for i := 0; i+1 < len(kv); i += 2 {
		p.Rules[kv[i].(models.RuleKey)] = models.PinnedRule{Value: kv[i+1].(string), EffectiveFrom: date("2024-01-01")}
	}
	return p
}

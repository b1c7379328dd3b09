package models

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// sampleNotices is one Notice of every constructor, from cases as the workflows hold them.
func sampleNotices() map[string]Notice {
	due := time.Date(2026, 3, 9, 18, 0, 0, 0, Seoul)
	task := Task{ID: "APP-2026-000001-T03", Kind: TaskExpertReview, Title: "전문가 검토 Expert review: Docs SaaS",
		TitleText: Msg("task.title.expert_review", "name", "Docs SaaS"), DueAt: due}
	oldTask := task
	oldTask.TitleText = nil
	d := func(s string) Date { v, _ := ParseDate(s); return v }
	supplementDue := d("2026-03-12")
	remediationDue := d("2026-07-01")
	returned := &Application{ID: "APP-2026-000001", Status: AppReturned, Service: ApplicationService{Name: "Docs SaaS"},
		Reason: "documents business_license not supplemented by the due date 2026-03-12"}
	returned.Steps = []Step{keyedStep(due, SystemActor, "returned", string(AppReturned),
		Msg("application.not_supplemented", "kinds", "business_license", "due", "2026-03-12"))}
	app := func(status ApplicationStatus) *Application {
		return &Application{ID: "APP-2026-000001", Status: status, Service: ApplicationService{Name: "Docs SaaS"},
			Reason: "typed by a person", MissingKinds: []DocumentKind{"business_license", "csap"}, SupplementDue: &supplementDue,
			NoticeNo: "DS-2026-0001", ServiceID: "SVC-0009"}
	}
	rereview := func(status ApplicationStatus) *Application {
		a := app(status)
		a.Rereview = &RereviewRef{ServiceID: "SVC-0001", Outcome: RereviewConfirmed}
		return a
	}
	c := &DirectContract{ID: "CT-2026-000001", Title: "Records system"}
	ch := ContractChange{No: 2, ChangedOn: d("2026-04-01"), RegistrationDue: d("2026-04-30")}
	svc := Service{ID: "SVC-0001", Name: "Chatbot"}
	keyed := InspectionFinding{Reason: "CSAP expired", ReasonText: Msg("inspection.csap_expired", "on", "2026-05-01")}
	typed := InspectionFinding{Reason: "operator's note"}
	cr := &ChangeRequest{ID: "CR-2026-0001", ServiceName: "Chatbot", Reason: "new price", Criteria: []string{"security"},
		Changes: []FieldChange{{Field: "price"}, {Field: "description"}}}
	rejected := *cr
	rejected.DecisionReason = "price not justified"
	q := &QualityCase{Year: 2026, ServiceName: "Chatbot", ServiceID: "SVC-0001", ReportDue: d("2026-06-30"),
		RemediationDue: &remediationDue, Inspections: []QualityInspection{{Reason: "backup untested"}}, Reason: "all good"}
	fit, unfit, again := *q, *q, *q
	fit.Status, unfit.Status, again.Status = QualityFit, QualityUnfit, QualityRereview
	submitted := time.Date(2026, 3, 16, 14, 5, 0, 0, Seoul)
	o := &Order{ID: "ORD-2026-000003", Title: "Chatbot for the city", ProposalDue: d("2026-03-20"), ContractID: "CT-2026-000002",
		ProposalSubmittedAt: &submitted}
	held := task
	held.CaseID, held.Assignee = "APP-2026-000001", Assignee{Role: RoleExpert, Sub: "cho.expert"}
	return map[string]Notice{
		"task_assigned":            NoticeTaskAssigned(task),
		"task_assigned_untitled":   NoticeTaskAssigned(oldTask),
		"task_overdue":             NoticeTaskOverdue(task),
		"supplement_requested":     NoticeApplicationStatus(app(AppSupplementRequested)),
		"received":                 NoticeApplicationStatus(app(AppDocumentCheck)),
		"awaiting_committee":       NoticeApplicationStatus(app(AppAwaitingCommittee)),
		"returned":                 NoticeApplicationStatus(returned),
		"ineligible":               NoticeApplicationStatus(app(AppIneligible)),
		"not_selected":             NoticeApplicationStatus(app(AppNotSelected)),
		"selected":                 NoticeApplicationStatus(app(AppSelected)),
		"rereview_confirmed":       NoticeApplicationStatus(rereview(AppSelected)),
		"rereview_not_selected":    NoticeApplicationStatus(rereview(AppNotSelected)),
		"contract_registered":      NoticeContractRegistered(c),
		"contract_changed":         NoticeContractChanged(c, ch),
		"change_due_soon":          NoticeChangeDueSoon(c, ch),
		"change_overdue":           NoticeChangeOverdue(c, ch),
		"rereview_ground":          NoticeRereviewGround(svc, keyed),
		"unfit":                    NoticeUnfit(svc, typed, UnfitNotice{From: d("2026-05-02"), Until: d("2026-06-01")}),
		"change_submitted":         NoticeChangeSubmitted(cr),
		"change_waiting":           NoticeChangeWaiting(cr, 14),
		"change_applied":           NoticeChangeApplied(cr),
		"change_rejected":          NoticeChangeRejected(cr),
		"change_rejected_reason":   NoticeChangeRejected(&rejected),
		"change_rereview":          NoticeChangeRereview(cr),
		"change_rereview_rejected": NoticeChangeRereviewNotSelected(cr),
		"report_requested":         NoticeReportRequested(q),
		"report_missing":           NoticeReportMissing(q),
		"remediation":              NoticeRemediation(q),
		"quality_fit":              NoticeQualityOutcome(&fit),
		"quality_unfit":            NoticeQualityOutcome(&unfit),
		"quality_rereview":         NoticeQualityOutcome(&again),
		"quality_rereview_request": NoticeQualityRereviewRequested("Chatbot", "", "SVC-0001", KeyedOr(nil, "CCC rating"), ""),
		"quality_rereview_started": NoticeQualityRereviewRequested("Chatbot", "", "SVC-0001", KeyedOr(nil, "CCC rating"), "APP-2026-000002"),
		"proposal_requested":       NoticeProposalRequested(o),
		"delivery_requested":       NoticeDeliveryRequested(o),
		"task_still_overdue":       NoticeTaskStillOverdue(task, 7),
		"task_overdue_operators":   NoticeTaskOverdueToOperators(held, 14),
		"evaluation_waiting":       NoticeEvaluationWaiting(o, 7),
	}
}

// TestNoticesReadInBothLanguages: every kind of news has a subject and a body in Korean and
// in English, each a sentence of the catalog with every placeholder filled.
func TestNoticesReadInBothLanguages(t *testing.T) {
	for kind, x := range sampleNotices() {
		if x.Subject == nil || x.Body == nil {
			t.Errorf("%s: subject %v, body %v", kind, x.Subject, x.Body)
			continue
		}
		for _, part := range []*Text{x.Subject, x.Body} {
			ko, en := part.In(LangKO), part.In(LangEN)
			for lang, s := range map[string]string{LangKO: ko, LangEN: en} {
				if strings.TrimSpace(s) == "" || strings.ContainsAny(s, "{}") || strings.Contains(s, "notify.") {
					t.Errorf("%s %s (%s): %q", kind, part.Key, lang, s)
				}
			}
			if ko == en {
				t.Errorf("%s %s: the Korean and the English text are the same: %q", kind, part.Key, ko)
			}
			if !strings.ContainsFunc(ko, isHangul) {
				t.Errorf("%s %s: the Korean text has no Korean: %q", kind, part.Key, ko)
			}
		}
	}
}

func isHangul(r rune) bool { return r >= 0xAC00 && r <= 0xD7A3 }

// TestNoticeTaskAssigned pins the e-mail of a task opened for a person: the task's keyed
// title in the reader's language, its number and its due time in Seoul.
func TestNoticeTaskAssigned(t *testing.T) {
	x := sampleNotices()["task_assigned"]
	for _, c := range []struct{ got, want string }{
		{x.Subject.In(LangKO), "새 과제: 전문가 검토: Docs SaaS"},
		{x.Subject.In(LangEN), "New task: Expert review: Docs SaaS"},
		{x.Body.In(LangKO), "새 과제(APP-2026-000001-T03)가 배정되었습니다. 처리 기한은 2026-03-09 18:00(한국 시간)입니다."},
		{x.Body.In(LangEN), "Task APP-2026-000001-T03 has been assigned to you. It is due 2026-03-09 18:00 (Asia/Seoul)."},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	// A task opened before titles were keyed shows its REST title as it is.
	old := sampleNotices()["task_assigned_untitled"]
	if got := old.Subject.In(LangEN); got != "New task: 전문가 검토 Expert review: Docs SaaS" {
		t.Errorf("untitled task: %q", got)
	}
}

// TestNoticeKeyedReason: a reason the domain keyed reads in the reader's language; one a
// person typed reads as typed, dots and all.
func TestNoticeKeyedReason(t *testing.T) {
	n := sampleNotices()
	if got := n["returned"].Body.In(LangEN); got != "The application was returned. Reason: documents business_license not supplemented by the due date 2026-03-12" {
		t.Errorf("returned (en): %q", got)
	}
	if got := n["returned"].Body.In(LangKO); !strings.HasPrefix(got, "신청이 반려되었습니다. 사유: ") || got == n["returned"].Body.In(LangEN) {
		t.Errorf("returned (ko): %q", got)
	}
	if got := n["rereview_ground"].Body.In(LangKO); got != "상시점검에서 재심사 사유가 확인되었습니다: CSAP 인증 만료 (2026-05-01부터)" {
		t.Errorf("rereview ground (ko): %q", got)
	}
	if got := n["unfit"].Body.In(LangKO); !strings.HasSuffix(got, "사유: operator's note") {
		t.Errorf("unfit (ko): %q", got)
	}
}

// TestNestCollision: a sub-text whose argument would change the outer sentence is shown in
// English rather than mixing the two texts' arguments.
func TestNestCollision(t *testing.T) {
	outer := Msg("notify.unfit.body", "from", "2026-05-02", "until", "2026-06-01")
	got := nest(outer, "because", Msg("inspection.csap_ran_out", "until", "2026-04-30")).In(LangKO)
	if !strings.Contains(got, "2026-05-02부터 2026-06-01까지") || !strings.HasSuffix(got, "사유: CSAP 인증 만료 (CSAP expired: valid until 2026-04-30)") {
		t.Errorf("collision: %q", got)
	}
}

// TestNotificationIn: the keyed text when there is one, the stored bilingual text when not.
func TestNotificationIn(t *testing.T) {
	n := Notification{Subject: "기한 경과 Overdue: x", Body: "b"}
	if n.SubjectIn(LangEN) != "기한 경과 Overdue: x" || n.BodyIn(LangKO) != "b" {
		t.Errorf("without keyed texts: %q, %q", n.SubjectIn(LangEN), n.BodyIn(LangKO))
	}
	n = n.Keyed(sampleNotices()["change_applied"])
	if n.SubjectIn(LangEN) != "Change applied: Chatbot" || n.SubjectIn(LangKO) != "정보 변경 반영: Chatbot" {
		t.Errorf("keyed subject: %q, %q", n.SubjectIn(LangEN), n.SubjectIn(LangKO))
	}
	n.BodyText = nil
	if n.BodyIn(LangEN) != "b" {
		t.Errorf("body without a keyed text: %q", n.BodyIn(LangEN))
	}
}

// TestBilingual: the REST subject writes the case's name once when both languages end with
// it after a colon, whichever colon it follows; other texts are Korean, then English.
func TestBilingual(t *testing.T) {
	for _, tc := range []struct {
		text *Text
		want string
	}{
		{Msg("notify.order_proposal_submitted.subject", "title", "AI: 민원 분석"), "제안서 접수 Proposal received: AI: 민원 분석"},
		{Msg("notify.quality_fit.subject", "year", "2026", "name", "Docs SaaS"),
			"2026년 품질점검 결과 적합 Quality inspection 2026: fit: Docs SaaS"},
		{Msg("notify.received.body"), "신청서가 접수되었습니다. 운영기관이 제출 서류를 확인합니다. The application has been received. The operators are checking its documents."},
		{verbatim("note"), "note"},
		{nil, ""},
	} {
		if got := bilingual(tc.text); got != tc.want {
			t.Errorf("bilingual(%v) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

// TestNoticeContractRegistered: the provider reads the agency, the contract and its terms,
// with whether it was registered in time, in its own language.
func TestNoticeContractRegistered(t *testing.T) {
	c := NewDirectContract("CT-2026-000001", "contract-CT-2026-000001", DirectContractRequest{Title: "민원 챗봇 도입",
		AmountKRW: 52_000_000, ContractedOn: mustDate(t, "2026-03-02"), PeriodFrom: mustDate(t, "2026-03-02"), PeriodTo: mustDate(t, "2027-03-01")},
		Service{ID: "SVC-0001", Name: "AI Chatbot", Provider: Provider{Org: "PV-0001"}}, tAgency, time.Date(2026, 4, 20, 9, 0, 0, 0, Seoul))
	x := NoticeContractRegistered(c)
	n := Notification{}.Bilingual(x)
	if want := "수의계약 등록 Direct contract registered: 민원 챗봇 도입"; n.Subject != want {
		t.Errorf("subject %q, want %q", n.Subject, want)
	}
	en := x.Body.In(LangEN)
	for _, want := range []string{"AG-0001", "CT-2026-000001", "AI Chatbot", "2026-03-02", "52000000", "2027-03-01", "late"} {
		if !strings.Contains(en, want) {
			t.Errorf("English body %q lacks %q", en, want)
		}
	}
	if ko := x.Body.In(LangKO); !strings.Contains(ko, "지연") || !strings.Contains(ko, "CT-2026-000001") {
		t.Errorf("Korean body %q", ko)
	}
}

// TestNameOrganizations: the activity that writes a contract's news names the agency in
// each language; a code nobody knows stays a code, and the workflow's own text is left
// as it was.
func TestNameOrganizations(t *testing.T) {
	c := NewDirectContract("CT-2026-000001", "contract-CT-2026-000001", DirectContractRequest{Title: "민원 챗봇 도입",
		AmountKRW: 52_000_000, ContractedOn: mustDate(t, "2026-03-02"), PeriodFrom: mustDate(t, "2026-03-02"), PeriodTo: mustDate(t, "2027-03-01")},
		Service{ID: "SVC-0001", Name: "AI Chatbot", Provider: Provider{Org: "PV-0001"}}, tAgency, time.Date(2026, 3, 2, 9, 0, 0, 0, Seoul))
	body := NoticeContractRegistered(c).Body
	if got := body.OrganizationArgs(); !slices.Equal(got, []string{"agency"}) {
		t.Fatalf("organization arguments %v, want [agency]", got)
	}
	names := map[string][2]string{"AG-0001": {"행정안전부", "Ministry of the Interior and Safety"}, "AG-0002": {"조달청", ""}}
	name := func(code string) (string, string, bool) { n, ok := names[code]; return n[0], n[1], ok }

	named, ok := body.NameOrganizations(name)
	if !ok {
		t.Fatal("the agency was not named")
	}
	if ko := named.In(LangKO); !strings.HasPrefix(ko, "이용기관 행정안전부(AG-0001)에서 ") {
		t.Errorf("Korean body %q", ko)
	}
	if en := named.In(LangEN); !strings.HasPrefix(en, "Agency Ministry of the Interior and Safety (AG-0001) registered") {
		t.Errorf("English body %q", en)
	}
	if _, kept := body.Args["agency@ko"]; kept || strings.Contains(body.In(LangKO), "행정안전부") {
		t.Errorf("the workflow's text was changed: %v", body.Args)
	}
	if ko := body.In(LangKO); !strings.HasPrefix(ko, "이용기관 AG-0001에서 ") {
		t.Errorf("unnamed Korean body %q", ko)
	}

	c.AgencyOrg = "AG-0002" // no English name: the Korean one serves
	named, _ = NoticeContractRegistered(c).Body.NameOrganizations(name)
	if en := named.In(LangEN); !strings.HasPrefix(en, "Agency 조달청 (AG-0002) registered") {
		t.Errorf("English body without an English name %q", en)
	}
	c.AgencyOrg = "AG-0404"
	if named, ok := NoticeContractRegistered(c).Body.NameOrganizations(name); ok || !strings.HasPrefix(named.In(LangEN), "Agency AG-0404 registered") {
		t.Errorf("an unknown agency was named: %v %q", ok, named.In(LangEN))
	}
	if _, ok := NoticeContractRegistered(c).Subject.NameOrganizations(name); ok {
		t.Error("a subject without an organization was named")
	}
}

// TestStoredTexts: a key kept for the texts already stored names the key written in its
// place, and both are in the catalog.
func TestStoredTexts(t *testing.T) {
	for _, s := range storedTexts {
		for _, k := range []string{s.key, s.replacedBy} {
			if _, ok := domainMessages[k]; !ok {
				t.Errorf("%q is not in the catalog", k)
			}
		}
	}
}

// TestQualityVerdictReadsInTheReadersLanguage: the provider reads the inspection's verdict
// in its language, as the case's timeline gives it; the inspector's own words stay as
// typed. (The REST body is bilingual, as every notice's.)
func TestQualityVerdictReadsInTheReadersLanguage(t *testing.T) {
	c := qPreReviewed(t)
	if err := c.Inspect(qInspectAt, qOperator, QualityInspectionInput{Outcome: "fit", Reason: "모든 항목 충족"}); err != nil {
		t.Fatal(err)
	}
	body := NoticeQualityOutcome(c).Body
	if got, want := body.In(LangKO), "사유: 1차 점검 (서면): 적합: 모든 항목 충족"; got != want {
		t.Errorf("Korean: got %q, want %q", got, want)
	}
	if got := body.In(LangEN); !strings.HasPrefix(got, "Reason: round 1 (in writing): fit") {
		t.Errorf("English: got %q", got)
	}
}

// TestNoticeContractNamesItsFiles: the provider's news of a contract, or of a change, that
// came with files names them after what it says, and the agency is still named.
func TestNoticeContractNamesItsFiles(t *testing.T) {
	c := NewDirectContract("CT-2026-000001", "contract-CT-2026-000001", DirectContractRequest{Title: "민원 챗봇 도입",
		AmountKRW: 52_000_000, ContractedOn: mustDate(t, "2026-03-02"), PeriodFrom: mustDate(t, "2026-03-02"), PeriodTo: mustDate(t, "2027-03-01")},
		Service{ID: "SVC-0001", Name: "AI Chatbot", Provider: Provider{Org: "PV-0001"}}, tAgency, time.Date(2026, 3, 2, 9, 0, 0, 0, Seoul))
	c.RegisteredWith([]Document{{Kind: DocContract, Filename: "계약서.pdf"}})
	name := func(string) (string, string, bool) {
		return "행정안전부", "Ministry of the Interior and Safety", true
	}
	body, ok := NoticeContractRegistered(c).Body.NameOrganizations(name)
	if en := body.In(LangEN); !ok || !strings.HasPrefix(en, "Agency Ministry of the Interior and Safety (AG-0001) registered") ||
		!strings.HasSuffix(en, " Files: 계약서.pdf") {
		t.Errorf("registration news %v %q", ok, en)
	}
	ch := ContractChange{No: 1, ChangedOn: mustDate(t, "2026-04-01"), Reason: "기간 연장",
		Documents: []Document{{Kind: DocContract, Filename: "변경계약서.pdf"}, {Kind: DocSupporting, Filename: "합의서.pdf"}}}
	if ko := NoticeContractChanged(c, ch).Body.In(LangKO); !strings.HasPrefix(ko, "이용기관 AG-0001에서") || !strings.HasSuffix(ko, " 첨부: 변경계약서.pdf, 합의서.pdf") {
		t.Errorf("change news %q", ko)
	}
	ch.Documents = nil
	if ko := NoticeContractChanged(c, ch).Body.In(LangKO); strings.Contains(ko, "첨부") {
		t.Errorf("change news without files %q", ko)
	}
}

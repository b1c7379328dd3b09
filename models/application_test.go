package models

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

// --- fixtures for the selection process (shared by the selection test files) -----------

const testAppID = "APP-2026-000001"

var (
	selOperator      = Actor{Sub: "nia-lee", Role: RoleOperator, Org: "NIA"}
	selOperator2     = Actor{Sub: "nia-kim", Role: RoleOperator, Org: "NIA"}
	selExpertLee     = Actor{Sub: "ex-lee", Role: RoleExpert, Org: "EXPERTS"}
	selExpertPark    = Actor{Sub: "ex-park", Role: RoleExpert, Org: "EXPERTS"}
	selAuditor       = Actor{Sub: "audit-1", Role: RoleAuditor, Org: "BAI"}
	selOtherProvider = Actor{Sub: "han", Role: RoleProvider, Org: "PV-0002"}

	// The selection timeline: applied at tNow (2026-03-02 10:00 Seoul), then each step.
	tCheckAt  = tNow.Add(time.Hour)
	tAssignAt = tNow.Add(2 * time.Hour)
	tReviewAt = tNow.AddDate(0, 0, 1)
	tVisitAt  = tNow.AddDate(0, 0, 3)
	tJoinAt   = tNow.AddDate(0, 0, 4)
	tVoteAt   = time.Date(2026, 3, 20, 10, 0, 0, 0, Seoul)
	tDecideAt = time.Date(2026, 3, 20, 18, 0, 0, 0, Seoul)

	testMembers = []string{"cm-chair", "cm-2", "cm-3", "cm-4", "cm-5"}
)

func member(sub string) Actor { return Actor{Sub: sub, Role: RoleCommittee, Org: "MSIT"} }

func mustDate(t testing.TB, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func datePtr(t testing.TB, s string) *Date {
	d := mustDate(t, s)
	return &d
}

func sumOf(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func docInputs(kinds ...DocumentKind) []DocumentInput {
	out := make([]DocumentInput, len(kinds))
	for i, k := range kinds {
		out[i] = DocumentInput{Kind: string(k), Filename: string(k) + ".pdf", SHA256: sumOf(string(k)), Size: 1024}
	}
	return out
}

// validAppInput is a complete application of a cloud SaaS by an established company.
func validAppInput() ApplicationInput {
	return ApplicationInput{
		Service: ApplicationServiceInput{Name: "구름 문서함", Type: "cloud", Subtype: "saas", Description: "기관용 문서 협업 SaaS"},
		Provider: ApplicantInput{BusinessNo: "123-45-67890", Name: "(주)구름", FoundedOn: "2015-04-01",
			CreditRating: "BBB", BusinessStatus: "active", Size: "sme"},
		Documents: docInputs(RequiredDocuments(TypeCloud, false, false)...),
	}
}

func dropDocs(kinds ...DocumentKind) func(*ApplicationInput) {
	return func(in *ApplicationInput) {
		in.Documents = slices.DeleteFunc(in.Documents, func(d DocumentInput) bool {
			return slices.Contains(kinds, DocumentKind(d.Kind))
		})
	}
}

func newTestApp(t testing.TB, mutate ...func(*ApplicationInput)) *Application {
	t.Helper()
	in := validAppInput()
	for _, m := range mutate {
		m(&in)
	}
	req, err := ParseApplication(in, tProvider.Org, tProvider.Sub, tNow)
	if err != nil {
		t.Fatalf("ParseApplication: %v", err)
	}
	return NewApplication(testAppID, "application-"+testAppID, req, tProvider, tNow)
}

// findOpen returns the open task of kind that x may complete.
func findOpen(t testing.TB, a *Application, kind TaskKind, x Actor) Task {
	t.Helper()
	for _, task := range a.Tasks {
		if task.Status == TaskOpen && task.Kind == kind && task.AssignedTo(x) {
			return task
		}
	}
	t.Fatalf("no open %s task for %s %s (status %s)", kind, x.Role, x.Sub, a.Status)
	return Task{}
}

func openKinds(a *Application) []TaskKind {
	var out []TaskKind
	for _, task := range a.Tasks {
		if task.Status == TaskOpen {
			out = append(out, task.Kind)
		}
	}
	return out
}

func completeOK(t testing.TB, a *Application, now time.Time, x Actor, kind TaskKind, body TaskCompletion, cands ...ExpertCandidate) {
	t.Helper()
	task := findOpen(t, a, kind, x)
	if err := a.CompleteTask(now, x, CompleteTaskInput{TaskID: task.ID, Body: body, Candidates: cands}); err != nil {
		t.Fatalf("complete %s by %s: %v", kind, x.Sub, err)
	}
}

func completeErr(a *Application, now time.Time, x Actor, taskID string, body TaskCompletion, cands ...ExpertCandidate) error {
	return a.CompleteTask(now, x, CompleteTaskInput{TaskID: taskID, Body: body, Candidates: cands})
}

func selCandidates() []ExpertCandidate {
	return []ExpertCandidate{
		{Sub: "ex-lee", Name: "이전문", IsExpert: true},
		{Sub: "ex-park", Name: "박전문", IsExpert: true},
		{Sub: "ex-choi", Name: "최전문", IsExpert: true},
		{Sub: "ex-yoon", Name: "윤전문", IsExpert: true, Conflict: "worked for the provider within 3 years (재직)"},
		{Sub: "op-kang", Name: "강직원", IsExpert: false},
	}
}

func boolPtr(b bool) *bool { return &b }

func reviewBody(opinion string, siteVisit bool, security ReviewVerdict) TaskCompletion {
	return TaskCompletion{Opinion: opinion, SiteVisit: boolPtr(siteVisit), Criteria: &ReviewCriteria{
		Eligibility: VerdictPass, Management: VerdictPass, Security: security, Stability: VerdictPass, Support: VerdictPass}}
}

func testSession(t testing.TB, id, heldOn string) SessionRef {
	return SessionRef{ID: id, WorkflowID: "committee-" + id, HeldOn: mustDate(t, heldOn), Members: slices.Clone(testMembers)}
}

// appExpertReview returns a complete application whose documents the operator accepted.
func appExpertReview(t testing.TB, mutate ...func(*ApplicationInput)) *Application {
	t.Helper()
	a := newTestApp(t, mutate...)
	completeOK(t, a, tCheckAt, selOperator, TaskDocumentCheck, TaskCompletion{Outcome: "accept"})
	return a
}

// appAssigned returns an application reviewed by ex-lee and ex-park.
func appAssigned(t testing.TB, mutate ...func(*ApplicationInput)) *Application {
	t.Helper()
	a := appExpertReview(t, mutate...)
	completeOK(t, a, tAssignAt, selOperator, TaskAssignExperts, TaskCompletion{Experts: []string{"ex-lee", "ex-park"}}, selCandidates()...)
	return a
}

// appSiteVisit returns an application where ex-lee asked for a site visit.
func appSiteVisit(t testing.TB) *Application {
	t.Helper()
	a := appAssigned(t)
	completeOK(t, a, tReviewAt, selExpertLee, TaskExpertReview, reviewBody("suitable", true, VerdictNA))
	completeOK(t, a, tReviewAt, selExpertPark, TaskExpertReview, reviewBody("suitable", false, VerdictNA))
	return a
}

func appAwaitingCommittee(t testing.TB) *Application {
	t.Helper()
	a := appAssigned(t)
	completeOK(t, a, tReviewAt, selExpertLee, TaskExpertReview, reviewBody("suitable", false, VerdictNA))
	completeOK(t, a, tReviewAt, selExpertPark, TaskExpertReview, reviewBody("suitable", false, VerdictNA))
	return a
}

func appInSession(t testing.TB, conflicts map[string]string) *Application {
	t.Helper()
	a := appAwaitingCommittee(t)
	a.JoinSession(tJoinAt, testSession(t, "CS-2026-03", "2026-03-20"), conflicts)
	return a
}

func appSelected(t testing.TB) *Application {
	t.Helper()
	a := appInSession(t, nil)
	for _, m := range testMembers[:3] {
		completeOK(t, a, tVoteAt, member(m), TaskCommitteeVote, TaskCompletion{Vote: "select"})
	}
	if d, ok := a.DecideSession(tDecideAt, "CS-2026-03"); !ok || d.Outcome != OutcomeSelected {
		t.Fatalf("decision %+v %v", d, ok)
	}
	return a
}

// fieldNames lists the fields an error names.
func fieldNames(err error) []string {
	var me *Error
	if !errors.As(err, &me) {
		return nil
	}
	var out []string
	for _, f := range me.Fields {
		out = append(out, f.Field)
	}
	return out
}

// wantErr asserts the code of err and, for field, that err names it with a message.
func wantErr(t testing.TB, err error, code, field string) {
	t.Helper()
	if ErrorCode(err) != code {
		t.Fatalf("error %v, want code %q", err, code)
	}
	if field == "" {
		return
	}
	var me *Error
	errors.As(err, &me)
	for _, f := range me.Fields {
		if f.Field == field {
			if f.Message == "" {
				t.Fatalf("field %s has no message", field)
			}
			return
		}
	}
	t.Fatalf("error %v does not name field %s", err, field)
}

// --- documents ----------------------------------------------------------------------

func TestRequiredDocuments(t *testing.T) {
	general := []DocumentKind{DocApplicationForm, DocCorporateRegistry, DocBusinessRegistration,
		DocCreditRating, DocServiceOverview, DocCapabilityProof}
	with := func(extra ...DocumentKind) []DocumentKind { return append(slices.Clone(general), extra...) }
	for _, tc := range []struct {
		name           string
		typ            ServiceType
		broker, school bool
		want           []DocumentKind
	}{
		{"Cloud", TypeCloud, false, false, with(DocCSAPCertificate, DocSLAPolicy)},
		{"CloudSchoolEducationOnly", TypeCloud, false, true, with(DocSLAPolicy)},
		{"CloudBroker", TypeCloud, true, false, with(DocCSAPCertificate, DocSLAPolicy, DocBrokerAgreement, DocCapabilitySplit)},
		{"CloudBrokerSchoolEducationOnly", TypeCloud, true, true, with(DocSLAPolicy, DocBrokerAgreement, DocCapabilitySplit)},
		{"Support", TypeSupport, false, false, with()},
		{"SupportSchoolEducationOnly", TypeSupport, false, true, with()},
		{"SupportBroker", TypeSupport, true, false, with(DocBrokerAgreement, DocCapabilitySplit)},
		{"SupportBrokerSchoolEducationOnly", TypeSupport, true, true, with(DocBrokerAgreement, DocCapabilitySplit)},
		{"Convergence", TypeConvergence, false, false, with()},
		{"ConvergenceSchoolEducationOnly", TypeConvergence, false, true, with()},
		{"ConvergenceBroker", TypeConvergence, true, false, with(DocBrokerAgreement, DocCapabilitySplit)},
		{"ConvergenceBrokerSchoolEducationOnly", TypeConvergence, true, true, with(DocBrokerAgreement, DocCapabilitySplit)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := RequiredDocuments(tc.typ, tc.broker, tc.school)
			if !slices.Equal(got, tc.want) {
				t.Fatalf("got %v\nwant %v", got, tc.want)
			}
			for _, k := range got {
				if _, err := ParseDocumentKind(string(k)); err != nil {
					t.Fatalf("%s is not a document kind", k)
				}
			}
		})
	}
}

func TestRequiredDocumentsDoNotAlias(t *testing.T) {
	a := RequiredDocuments(TypeCloud, true, false)
	a[0] = "tampered"
	if b := RequiredDocuments(TypeCloud, true, false); b[0] != DocApplicationForm {
		t.Fatal("RequiredDocuments returns a shared slice")
	}
}

func TestMissingDocuments(t *testing.T) {
	docs := func(kinds ...DocumentKind) []Document {
		var out []Document
		for _, k := range kinds {
			out = append(out, Document{Kind: k, Filename: string(k) + ".pdf", SHA256: sumOf(string(k))})
		}
		return out
	}
	cloud := RequiredDocuments(TypeCloud, false, false)
	for _, tc := range []struct {
		name     string
		required []DocumentKind
		docs     []Document
		want     []DocumentKind
	}{
		{"OK_NoneMissing", cloud, docs(cloud...), nil},
		{"OK_NoneMissingAnyOrder", cloud, docs(DocSLAPolicy, DocCSAPCertificate, DocCapabilityProof, DocServiceOverview,
			DocCreditRating, DocBusinessRegistration, DocCorporateRegistry, DocApplicationForm), nil},
		{"AllMissing", cloud, nil, cloud},
		{"SomeMissingInRequiredOrder", cloud, docs(DocApplicationForm, DocCreditRating, DocServiceOverview, DocCapabilityProof, DocCorporateRegistry),
			[]DocumentKind{DocBusinessRegistration, DocCSAPCertificate, DocSLAPolicy}},
		{"ExtraKindsDoNotCount", []DocumentKind{DocApplicationForm}, docs(DocBrokerAgreement, DocCapabilitySplit), []DocumentKind{DocApplicationForm}},
		{"NothingRequired", nil, docs(DocApplicationForm), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := MissingDocuments(tc.required, tc.docs); !slices.Equal(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestParseDocumentKindAndStatus(t *testing.T) {
	for _, k := range AllDocumentKinds {
		if got, err := ParseDocumentKind(string(k)); err != nil || got != k {
			t.Errorf("%s: %v", k, err)
		}
	}
	for _, bad := range []string{"", "CSAP_certificate", "csap", "application_form "} {
		if _, err := ParseDocumentKind(bad); err == nil {
			t.Errorf("%q accepted as a document kind", bad)
		}
	}
	for _, s := range AllApplicationStatuses {
		if got, err := ParseApplicationStatus(string(s)); err != nil || got != s {
			t.Errorf("%s: %v", s, err)
		}
	}
	if _, err := ParseApplicationStatus("approved"); err == nil {
		t.Error("approved accepted as a status")
	}
	final := map[ApplicationStatus]bool{AppSelected: true, AppNotSelected: true, AppReturned: true, AppIneligible: true, AppWithdrawn: true}
	for _, s := range AllApplicationStatuses {
		if s.Final() != final[s] {
			t.Errorf("%s.Final() = %v", s, s.Final())
		}
	}
}

// --- eligibility --------------------------------------------------------------------

func TestCheckEligibility(t *testing.T) {
	appliedOn := mustDate(t, "2026-03-02")
	base := Applicant{Org: "PV-0001", BusinessNo: "123-45-67890", Name: "(주)구름", FoundedOn: mustDate(t, "2010-01-01"),
		CreditRating: "BBB", BusinessStatus: BusinessActive, Size: SizeSME}
	for _, tc := range []struct {
		name     string
		mutate   func(*Applicant)
		eligible bool
		reason   string // a word the reason must carry
	}{
		{"OK", func(*Applicant) {}, true, "meets"},
		{"OK_RatingExactlyBMinus", func(p *Applicant) { p.CreditRating = "B-" }, true, "B-"},
		{"OK_RatingBPlus", func(p *Applicant) { p.CreditRating = "B+" }, true, "B+"},
		{"OK_RatingB", func(p *Applicant) { p.CreditRating = "B" }, true, "meets"},
		{"OK_RatingAAA", func(p *Applicant) { p.CreditRating = "AAA" }, true, "meets"},
		{"ErrRatingCCCPlus", func(p *Applicant) { p.CreditRating = "CCC+" }, false, "below the floor"},
		{"ErrRatingD", func(p *Applicant) { p.CreditRating = "D" }, false, "below the floor"},
		{"OK_CCCPlusFoundedThreeYearsMinusADay", func(p *Applicant) {
			p.CreditRating, p.FoundedOn = "CCC+", mustDate(t, "2023-03-03")
		}, true, "exempt"},
		{"ErrCCCPlusFoundedExactlyThreeYears", func(p *Applicant) {
			p.CreditRating, p.FoundedOn = "CCC+", mustDate(t, "2023-03-02")
		}, false, "below the floor"},
		{"OK_DFoundedToday", func(p *Applicant) { p.CreditRating, p.FoundedOn = "D", appliedOn }, true, "exempt"},
		{"ErrCCCPlusFoundedUnknown", func(p *Applicant) { p.CreditRating, p.FoundedOn = "CCC+", Date{} }, false, "below"},
		{"ErrClosed", func(p *Applicant) { p.BusinessStatus = BusinessClosed }, false, "closed"},
		{"ErrSuspended", func(p *Applicant) { p.BusinessStatus = BusinessSuspended }, false, "suspended"},
		{"ErrBankrupt", func(p *Applicant) { p.BusinessStatus = BusinessBankrupt }, false, "bankrupt"},
		{"ErrBankruptEvenWithAAA", func(p *Applicant) { p.BusinessStatus, p.CreditRating = BusinessBankrupt, "AAA" }, false, "bankrupt"},
		{"ErrClosedEvenIfNew", func(p *Applicant) { p.BusinessStatus, p.FoundedOn = BusinessClosed, mustDate(t, "2025-01-01") }, false, "closed"},
		{"OK_RehabilitationApproved", func(p *Applicant) { p.BusinessStatus = BusinessRehabilitationApproved }, true, "rehabilitation_approved"},
		{"OK_DebarredUntilDayBefore", func(p *Applicant) { p.DebarredUntil = datePtr(t, "2026-03-01") }, true, "not debarred"},
		{"ErrDebarredUntilApplicationDate", func(p *Applicant) { p.DebarredUntil = datePtr(t, "2026-03-02") }, false, "debarment"},
		{"ErrDebarredUntilAfter", func(p *Applicant) { p.DebarredUntil = datePtr(t, "2026-12-31") }, false, "debarment"},
		{"ErrDebarredEvenIfExemptNewCompany", func(p *Applicant) {
			p.CreditRating, p.FoundedOn, p.DebarredUntil = "CCC", mustDate(t, "2025-01-01"), datePtr(t, "2026-03-03")
		}, false, "debarment"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := base
			tc.mutate(&p)
			got := CheckEligibility(p, appliedOn)
			if got.Eligible != tc.eligible {
				t.Fatalf("eligible %v, want %v (%s)", got.Eligible, tc.eligible, got.Reason)
			}
			if strings.TrimSpace(got.Reason) == "" || !strings.Contains(got.Reason, tc.reason) {
				t.Fatalf("reason %q lacks %q", got.Reason, tc.reason)
			}
		})
	}
}

func TestParseCreditRating(t *testing.T) {
	for _, tc := range []struct {
		in, want string
	}{
		{"AAA", "AAA"}, {"b-", "B-"}, {" BB+ ", "BB+"}, {"ccc+", "CCC+"}, {"D", "D"}, {"C", "C"},
		{"", ""}, {"A++", ""}, {"E", ""}, {"BBB0", ""}, {"B−", ""}, {"AAA-", ""}, {"B -", ""},
	} {
		got, err := ParseCreditRating(tc.in)
		if tc.want == "" {
			if err == nil {
				t.Errorf("%q accepted as %q", tc.in, got)
			}
			continue
		}
		if err != nil || string(got) != tc.want {
			t.Errorf("%q: got %q %v, want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestCreditRatingBelow(t *testing.T) {
	scale := []CreditRating{"AAA", "AA+", "AA", "AA-", "A+", "A", "A-", "BBB+", "BBB", "BBB-",
		"BB+", "BB", "BB-", "B+", "B", "B-", "CCC+", "CCC", "CCC-", "CC", "C", "D"}
	for i, r := range scale {
		if _, err := ParseCreditRating(string(r)); err != nil {
			t.Fatalf("%s: %v", r, err)
		}
		for j, floor := range scale {
			if got := r.Below(floor); got != (i > j) {
				t.Errorf("%s.Below(%s) = %v", r, floor, got)
			}
		}
	}
	for _, tc := range []struct {
		r, floor CreditRating
		want     bool
	}{
		{"B-", "B-", false}, {"B+", "B-", false}, {"CCC+", "B-", true}, {"D", "B-", true}, {"AAA", "D", false},
	} {
		if tc.r.Below(tc.floor) != tc.want {
			t.Errorf("%s.Below(%s) != %v", tc.r, tc.floor, tc.want)
		}
	}
	if ruleValue(t, RuleMinCreditRating) != "B-" {
		t.Fatal("the floor of the rule table is B-")
	}
}

// ruleValue returns the value of a rule in force at tNow.
func ruleValue(t *testing.T, key RuleKey) string {
	t.Helper()
	r, err := RuleAt(key, tNow)
	if err != nil {
		t.Fatal(err)
	}
	return r.Value
}

// --- ParseApplication ---------------------------------------------------------------

func TestParseApplication(t *testing.T) {
	long := func(n int) string { return strings.Repeat("가", n) }
	setDoc := func(i int, f func(*DocumentInput)) func(*ApplicationInput) {
		return func(in *ApplicationInput) { f(&in.Documents[i]) }
	}
	for _, tc := range []struct {
		name   string
		mutate func(*ApplicationInput)
		fields []string // exactly the fields named; none means OK
	}{
		{"OK", func(*ApplicationInput) {}, nil},
		{"OK_NoDocumentsYet", func(in *ApplicationInput) { in.Documents = nil }, nil},
		{"OK_FoundedToday", func(in *ApplicationInput) { in.Provider.FoundedOn = "2026-03-02" }, nil},
		{"OK_NameOf200Characters", func(in *ApplicationInput) { in.Service.Name = long(200) }, nil},
		{"OK_DescriptionAtMax", func(in *ApplicationInput) { in.Service.Description = long(MaxDescription) }, nil},
		{"OK_EveryKind", func(in *ApplicationInput) { in.Documents = docInputs(ApplicationDocumentKinds...) }, nil},
		{"OK_SupportConsulting", func(in *ApplicationInput) { in.Service.Type, in.Service.Subtype = "support", "consulting" }, nil},
		{"OK_ConvergenceBroker", func(in *ApplicationInput) {
			in.Service.Type, in.Service.Subtype, in.Broker = "convergence", "convergence", true
		}, nil},
		{"ErrServiceNameRequired", func(in *ApplicationInput) { in.Service.Name = "  " }, []string{"service.name"}},
		{"ErrServiceNameTooLong", func(in *ApplicationInput) { in.Service.Name = long(201) }, []string{"service.name"}},
		{"OK_EnglishAtTheLimits", func(in *ApplicationInput) {
			in.Service.NameEn, in.Service.DescriptionEn = strings.Repeat("a", 200), strings.Repeat("a", MaxDescription)
		}, nil},
		{"ErrEnglishTooLong", func(in *ApplicationInput) {
			in.Service.NameEn, in.Service.DescriptionEn = strings.Repeat("a", 201), strings.Repeat("a", MaxDescription+1)
		}, []string{"service.name_en", "service.description_en"}},
		{"ErrServiceTypeUnknown", func(in *ApplicationInput) { in.Service.Type = "hosting" }, []string{"service.type"}},
		{"ErrServiceTypeCase", func(in *ApplicationInput) { in.Service.Type = "Cloud" }, []string{"service.type"}},
		{"ErrSubtypeUnknown", func(in *ApplicationInput) { in.Service.Subtype = "faas" }, []string{"service.subtype"}},
		{"ErrSubtypeOfAnotherType", func(in *ApplicationInput) { in.Service.Subtype = "consulting" }, []string{"service.subtype"}},
		{"ErrSubtypeConvergenceForCloud", func(in *ApplicationInput) { in.Service.Subtype = "convergence" }, []string{"service.subtype"}},
		{"ErrSaaSForSupport", func(in *ApplicationInput) { in.Service.Type = "support" }, []string{"service.subtype"}},
		{"ErrDescriptionRequired", func(in *ApplicationInput) { in.Service.Description = "" }, []string{"service.description"}},
		{"ErrDescriptionTooLong", func(in *ApplicationInput) { in.Service.Description = long(MaxDescription + 1) }, []string{"service.description"}},
		{"ErrBusinessNoDigitsOnly", func(in *ApplicationInput) { in.Provider.BusinessNo = "1234567890" }, []string{"provider.business_no"}},
		{"ErrBusinessNoShort", func(in *ApplicationInput) { in.Provider.BusinessNo = "123-45-6789" }, []string{"provider.business_no"}},
		{"ErrBusinessNoLetter", func(in *ApplicationInput) { in.Provider.BusinessNo = "12a-45-67890" }, []string{"provider.business_no"}},
		{"ErrBusinessNoTrailing", func(in *ApplicationInput) { in.Provider.BusinessNo = "123-45-678901" }, []string{"provider.business_no"}},
		{"ErrProviderNameRequired", func(in *ApplicationInput) { in.Provider.Name = "" }, []string{"provider.name"}},
		{"ErrFoundedOnMalformed", func(in *ApplicationInput) { in.Provider.FoundedOn = "2015/04/01" }, []string{"provider.founded_on"}},
		{"ErrFoundedOnRequired", func(in *ApplicationInput) { in.Provider.FoundedOn = "" }, []string{"provider.founded_on"}},
		{"ErrFoundedOnFuture", func(in *ApplicationInput) { in.Provider.FoundedOn = "2026-03-03" }, []string{"provider.founded_on"}},
		{"ErrCreditRating", func(in *ApplicationInput) { in.Provider.CreditRating = "A++" }, []string{"provider.credit_rating"}},
		{"ErrBusinessStatus", func(in *ApplicationInput) { in.Provider.BusinessStatus = "dormant" }, []string{"provider.business_status"}},
		{"ErrSize", func(in *ApplicationInput) { in.Provider.Size = "huge" }, []string{"provider.size"}},
		{"ErrDebarredUntilMalformed", func(in *ApplicationInput) { in.Provider.DebarredUntil = "next year" }, []string{"provider.debarred_until"}},
		{"ErrDocumentKind", setDoc(0, func(d *DocumentInput) { d.Kind = "passport" }), []string{"documents[0].kind"}},
		{"ErrQualityKind", setDoc(0, func(d *DocumentInput) { d.Kind = string(DocQualityReport) }), []string{"documents[0].kind"}},
		{"ErrDuplicateKind", setDoc(3, func(d *DocumentInput) { d.Kind = string(DocApplicationForm) }), []string{"documents[3].kind"}},
		{"ErrFilenameRequired", setDoc(1, func(d *DocumentInput) { d.Filename = " " }), []string{"documents[1].filename"}},
		{"ErrFilenameSlash", setDoc(2, func(d *DocumentInput) { d.Filename = "../etc/passwd" }), []string{"documents[2].filename"}},
		{"ErrFilenameBackslash", setDoc(2, func(d *DocumentInput) { d.Filename = `C:\docs\a.pdf` }), []string{"documents[2].filename"}},
		{"ErrFilenameNUL", setDoc(2, func(d *DocumentInput) { d.Filename = "a\x00.pdf" }), []string{"documents[2].filename"}},
		{"ErrFilenameTooLong", setDoc(0, func(d *DocumentInput) { d.Filename = strings.Repeat("a", 252) + ".pdf" }), []string{"documents[0].filename"}},
		{"ErrSHA256Short", setDoc(4, func(d *DocumentInput) { d.SHA256 = "abc123" }), []string{"documents[4].sha256"}},
		{"ErrSHA256NotHex", setDoc(4, func(d *DocumentInput) { d.SHA256 = strings.Repeat("g", 64) }), []string{"documents[4].sha256"}},
		{"ErrSHA256Missing", setDoc(4, func(d *DocumentInput) { d.SHA256 = "" }), []string{"documents[4].sha256"}},
		{"ErrSizeNegative", setDoc(0, func(d *DocumentInput) { d.Size = -1 }), []string{"documents[0].size"}},
		{"ErrSizeOver1GiB", setDoc(0, func(d *DocumentInput) { d.Size = 1<<30 + 1 }), []string{"documents[0].size"}},
		{"ErrTooManyDocuments", func(in *ApplicationInput) {
			for len(in.Documents) <= MaxDocuments {
				in.Documents = append(in.Documents, docInputs(DocApplicationForm)...)
			}
		}, []string{"documents"}},
		{"ErrEveryFieldNamed", func(in *ApplicationInput) { *in = ApplicationInput{Documents: []DocumentInput{{}}} }, []string{
			"service.name", "service.type", "service.subtype", "service.description",
			"provider.business_no", "provider.name", "provider.founded_on", "provider.credit_rating",
			"provider.business_status", "provider.size",
			"documents[0].kind", "documents[0].filename", "documents[0].sha256"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := validAppInput()
			tc.mutate(&in)
			req, err := ParseApplication(in, "PV-0001", "choi", tNow)
			if len(tc.fields) > 0 {
				if ErrorCode(err) != EINVALID {
					t.Fatalf("error %v, want invalid", err)
				}
				if got := fieldNames(err); !slices.Equal(got, tc.fields) {
					t.Fatalf("fields %v, want %v", got, tc.fields)
				}
				var me *Error
				if !errors.As(err, &me) {
					t.Fatalf("error %v is not a models error", err)
				}
				for _, f := range me.Fields {
					if f.Message == "" {
						t.Fatalf("%s without a message", f.Field)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if req.Provider.Org != "PV-0001" || len(req.Documents) != len(in.Documents) {
				t.Fatalf("request %+v", req)
			}
			if sub := req.Service.Subtype; sub.Type() != req.Service.Type {
				t.Fatalf("subtype %s of type %s", sub, req.Service.Type)
			}
		})
	}
}

func TestParseApplicationNormalizes(t *testing.T) {
	in := validAppInput()
	in.Service.Name = "  구름 문서함 "
	in.Service.NameEn, in.Service.DescriptionEn = " Gureum Docs ", " Document storage\n"
	in.Provider.BusinessNo = " 123-45-67890 "
	in.Provider.CreditRating = "bbb+"
	in.Provider.DebarredUntil = "2020-01-31"
	in.Broker, in.SchoolEducationOnly = true, true
	in.Documents[0].SHA256 = strings.ToUpper(in.Documents[0].SHA256)
	in.Documents[0].Filename = "  신청서.pdf  "
	now := time.Date(2026, 3, 1, 16, 30, 0, 0, time.UTC) // 01:30 on 2026-03-02 in Seoul
	req, err := ParseApplication(in, "PV-0001", "choi", now)
	if err != nil {
		t.Fatal(err)
	}
	if req.Service.Name != "구름 문서함" || req.Provider.BusinessNo != "123-45-67890" || req.Provider.CreditRating != "BBB+" ||
		req.Service.NameEn != "Gureum Docs" || req.Service.DescriptionEn != "Document storage" {
		t.Fatalf("not trimmed/normalized: %+v", req)
	}
	if req.Provider.DebarredUntil == nil || req.Provider.DebarredUntil.String() != "2020-01-31" {
		t.Fatalf("debarred_until %v", req.Provider.DebarredUntil)
	}
	if !req.Broker || !req.SchoolEducationOnly {
		t.Fatal("flags lost")
	}
	d := req.Documents[0]
	if d.SHA256 != sumOf(string(DocApplicationForm)) || d.Filename != "신청서.pdf" {
		t.Fatalf("document %+v", d)
	}
	if d.UploadedBy != "choi" || !d.UploadedAt.Equal(now) || d.UploadedAt.Location() != Seoul {
		t.Fatalf("uploaded %s at %s", d.UploadedBy, d.UploadedAt)
	}
	// Founded "today" is today in Seoul, though it is still 2026-03-01 in UTC.
	in.Provider.FoundedOn = "2026-03-02"
	if _, err := ParseApplication(in, "PV-0001", "choi", now); err != nil {
		t.Fatalf("founded today in Seoul: %v", err)
	}
}

// --- NewApplication -----------------------------------------------------------------

func TestNewApplication(t *testing.T) {
	ineligible := func(in *ApplicationInput) { in.Provider.CreditRating = "CCC" }
	for _, tc := range []struct {
		name    string
		mutate  []func(*ApplicationInput)
		status  ApplicationStatus
		missing []DocumentKind
		tasks   []TaskKind
	}{
		{"OK_DocumentCheck", nil, AppDocumentCheck, nil, []TaskKind{TaskDocumentCheck}},
		{"OK_SchoolEducationCloudWithoutCSAP", []func(*ApplicationInput){dropDocs(DocCSAPCertificate),
			func(in *ApplicationInput) { in.SchoolEducationOnly = true }}, AppDocumentCheck, nil, []TaskKind{TaskDocumentCheck}},
		{"OK_SupportNeedsNoCloudDocuments", []func(*ApplicationInput){dropDocs(DocCSAPCertificate, DocSLAPolicy),
			func(in *ApplicationInput) { in.Service.Type, in.Service.Subtype = "support", "migration" }}, AppDocumentCheck, nil, []TaskKind{TaskDocumentCheck}},
		{"Ineligible", []func(*ApplicationInput){ineligible}, AppIneligible, nil, nil},
		{"IneligibleBeforeMissingDocuments", []func(*ApplicationInput){ineligible, dropDocs(DocSLAPolicy)}, AppIneligible, []DocumentKind{DocSLAPolicy}, nil},
		{"MissingDocuments", []func(*ApplicationInput){dropDocs(DocSLAPolicy, DocApplicationForm)}, AppSupplementRequested,
			[]DocumentKind{DocApplicationForm, DocSLAPolicy}, nil},
		{"MissingCSAPOutsideSchools", []func(*ApplicationInput){dropDocs(DocCSAPCertificate)}, AppSupplementRequested,
			[]DocumentKind{DocCSAPCertificate}, nil},
		{"MissingBrokerDocuments", []func(*ApplicationInput){func(in *ApplicationInput) { in.Broker = true }}, AppSupplementRequested,
			[]DocumentKind{DocBrokerAgreement, DocCapabilitySplit}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := newTestApp(t, tc.mutate...)
			if a.Status != tc.status {
				t.Fatalf("status %s, want %s (%s)", a.Status, tc.status, a.Reason)
			}
			if !slices.Equal(a.MissingKinds, tc.missing) {
				t.Fatalf("missing %v, want %v", a.MissingKinds, tc.missing)
			}
			if got := openKinds(a); !slices.Equal(got, tc.tasks) {
				t.Fatalf("open tasks %v, want %v", got, tc.tasks)
			}
			if a.ID != testAppID || a.WorkflowID != "application-"+testAppID || a.AppliedBy != "choi" || !a.AppliedAt.Equal(tNow) {
				t.Fatalf("identity %s %s %s %s", a.ID, a.WorkflowID, a.AppliedBy, a.AppliedAt)
			}
			if a.Steps[0].Action != ActionApplied || a.Steps[0].Actor != tProvider {
				t.Fatalf("first step %+v", a.Steps[0])
			}
			if a.Steps[1].Action != ActionEligibilityChecked || a.Steps[1].Actor != SystemActor || a.Steps[1].Note != a.Eligibility.Reason {
				t.Fatalf("second step %+v", a.Steps[1])
			}
			if a.Status.Final() != (a.ClosedAt != nil) {
				t.Fatalf("final %v, closed at %v", a.Status.Final(), a.ClosedAt)
			}
		})
	}
}

func TestNewApplicationIneligibleEndsAtOnce(t *testing.T) {
	a := newTestApp(t, func(in *ApplicationInput) { in.Provider.DebarredUntil = "2026-03-02" })
	if a.Status != AppIneligible || a.Eligibility.Eligible || a.ClosedAt == nil || !a.ClosedAt.Equal(tNow) {
		t.Fatalf("status %s eligibility %+v closed %v", a.Status, a.Eligibility, a.ClosedAt)
	}
	if a.Reason == "" || a.Reason != a.Eligibility.Reason || !strings.Contains(a.Reason, "debarment") {
		t.Fatalf("reason %q", a.Reason)
	}
	if len(a.Tasks) != 0 || a.Version() != 2 {
		t.Fatalf("tasks %v, version %d", a.Tasks, a.Version())
	}
	if last := a.Steps[len(a.Steps)-1]; last.Status != string(AppIneligible) {
		t.Fatalf("last step %+v", last)
	}
	if _, ok := a.NextReminder(); ok {
		t.Fatal("an ineligible application waits for no one")
	}
}

func TestNewApplicationDocumentCheckTask(t *testing.T) {
	a := newTestApp(t)
	if len(a.Tasks) != 1 {
		t.Fatalf("tasks %+v", a.Tasks)
	}
	task := a.Tasks[0]
	days := RuleInt(RuleDocumentCheckDays, tNow)
	if task.ID != "APP-2026-000001-T01" || task.Kind != TaskDocumentCheck || task.CaseType != "application" ||
		task.CaseID != testAppID || task.WorkflowID != a.WorkflowID || task.Assignee != (Assignee{Role: RoleOperator}) ||
		!task.CreatedAt.Equal(tNow) || !task.DueAt.Equal(tNow.AddDate(0, 0, days)) || task.Status != TaskOpen || task.Title == "" {
		t.Fatalf("task %+v", task)
	}
	if a.SupplementDue != nil || a.SupplementDeadline != nil {
		t.Fatal("no supplement pending")
	}
	if !a.Eligibility.Eligible || len(a.MissingKinds) != 0 {
		t.Fatalf("eligibility %+v missing %v", a.Eligibility, a.MissingKinds)
	}
}

func TestNewApplicationSupplementDue(t *testing.T) {
	days := RuleInt(RuleSupplementDays, tNow)
	if days != 10 {
		t.Fatalf("supplement days %d, the rule table says 10", days)
	}
	for _, tc := range []struct {
		name     string
		now      time.Time
		due      string
		deadline time.Time
	}{
		{"MorningSeoul", tNow, "2026-03-12", time.Date(2026, 3, 13, 0, 0, 0, 0, Seoul)},
		// 01:00 on 2026-03-02 in Seoul is still 2026-03-01 in UTC: the date is Seoul's.
		{"UTCStillYesterday", time.Date(2026, 3, 1, 16, 0, 0, 0, time.UTC), "2026-03-12", time.Date(2026, 3, 12, 15, 0, 0, 0, time.UTC)},
		{"LastMinuteOfDay", time.Date(2026, 3, 2, 23, 59, 0, 0, Seoul), "2026-03-12", time.Date(2026, 3, 13, 0, 0, 0, 0, Seoul)},
		{"AcrossMonthEnd", time.Date(2026, 2, 25, 9, 0, 0, 0, Seoul), "2026-03-07", time.Date(2026, 3, 8, 0, 0, 0, 0, Seoul)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := validAppInput()
			dropDocs(DocSLAPolicy)(&in)
			req, err := ParseApplication(in, "PV-0001", "choi", tc.now)
			if err != nil {
				t.Fatal(err)
			}
			a := NewApplication(testAppID, "application-"+testAppID, req, tProvider, tc.now)
			if a.Status != AppSupplementRequested || a.SupplementDue == nil || a.SupplementDeadline == nil {
				t.Fatalf("status %s due %v", a.Status, a.SupplementDue)
			}
			if a.SupplementDue.String() != tc.due || a.SupplementDue.String() != DateOf(tc.now).AddDate(0, 0, days).Format(time.DateOnly) {
				t.Fatalf("due %s, want %s", a.SupplementDue, tc.due)
			}
			if !a.SupplementDeadline.Equal(tc.deadline) || !a.SupplementDeadline.Equal(a.SupplementDue.EndOfDay()) {
				t.Fatalf("deadline %s, want %s", a.SupplementDeadline, tc.deadline)
			}
			if a.AppliedAt.Location() != Seoul {
				t.Fatalf("applied at %s, not in Seoul", a.AppliedAt)
			}
			last := a.Steps[len(a.Steps)-1]
			if last.Action != ActionSupplementRequest || last.Actor != SystemActor ||
				!strings.Contains(last.Note, string(DocSLAPolicy)) || !strings.Contains(last.Note, tc.due) {
				t.Fatalf("step %+v", last)
			}
		})
	}
}

// --- supplement ---------------------------------------------------------------------

func TestSupplement(t *testing.T) {
	deadline := time.Date(2026, 3, 13, 0, 0, 0, 0, Seoul)
	both := docInputs(DocCSAPCertificate, DocSLAPolicy)
	for _, tc := range []struct {
		name    string
		now     time.Time
		by      Actor
		docs    []DocumentInput
		code    string
		field   string
		status  ApplicationStatus
		missing []DocumentKind
	}{
		{"OK_Full", tNow.AddDate(0, 0, 1), tProvider, both, "", "", AppDocumentCheck, nil},
		{"OK_JustBeforeDeadline", deadline.Add(-time.Nanosecond), tProvider, both, "", "", AppDocumentCheck, nil},
		{"OK_BySomeoneElseOfTheProvider", tNow, Actor{Sub: "choi2", Role: RoleProvider, Org: "PV-0001"}, both, "", "", AppDocumentCheck, nil},
		{"OK_PartialStays", tNow, tProvider, docInputs(DocSLAPolicy), "", "", AppSupplementRequested, []DocumentKind{DocCSAPCertificate}},
		{"OK_UnrelatedKindStays", tNow, tProvider, docInputs(DocApplicationForm), "", "", AppSupplementRequested, []DocumentKind{DocCSAPCertificate, DocSLAPolicy}},
		{"ErrAtDeadline", deadline, tProvider, both, ECONFLICT, "", AppSupplementRequested, []DocumentKind{DocCSAPCertificate, DocSLAPolicy}},
		{"ErrAtDeadlineUTC", deadline.UTC(), tProvider, both, ECONFLICT, "", AppSupplementRequested, []DocumentKind{DocCSAPCertificate, DocSLAPolicy}},
		{"ErrAfterDeadline", deadline.AddDate(0, 0, 3), tProvider, both, ECONFLICT, "", AppSupplementRequested, []DocumentKind{DocCSAPCertificate, DocSLAPolicy}},
		{"ErrOtherProvider", tNow, selOtherProvider, both, ENOTFOUND, "", AppSupplementRequested, []DocumentKind{DocCSAPCertificate, DocSLAPolicy}},
		{"ErrAgency", tNow, tAgency, both, ENOTFOUND, "", AppSupplementRequested, []DocumentKind{DocCSAPCertificate, DocSLAPolicy}},
		{"ErrOperator", tNow, selOperator, both, EFORBIDDEN, "", AppSupplementRequested, []DocumentKind{DocCSAPCertificate, DocSLAPolicy}},
		{"ErrExpert", tNow, selExpertLee, both, EFORBIDDEN, "", AppSupplementRequested, []DocumentKind{DocCSAPCertificate, DocSLAPolicy}},
		{"ErrNoDocuments", tNow, tProvider, nil, EINVALID, "documents", AppSupplementRequested, []DocumentKind{DocCSAPCertificate, DocSLAPolicy}},
		{"ErrBadSHA256", tNow, tProvider, []DocumentInput{{Kind: "sla_policy", Filename: "sla.pdf", SHA256: "x"}}, EINVALID, "documents[0].sha256",
			AppSupplementRequested, []DocumentKind{DocCSAPCertificate, DocSLAPolicy}},
		{"ErrDuplicateKind", tNow, tProvider, append(docInputs(DocSLAPolicy), docInputs(DocSLAPolicy)...), EINVALID, "documents[1].kind",
			AppSupplementRequested, []DocumentKind{DocCSAPCertificate, DocSLAPolicy}},
		{"ErrPathInFilename", tNow, tProvider, []DocumentInput{{Kind: "sla_policy", Filename: "a/sla.pdf", SHA256: sumOf("x")}}, EINVALID, "documents[0].filename",
			AppSupplementRequested, []DocumentKind{DocCSAPCertificate, DocSLAPolicy}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := newTestApp(t, dropDocs(DocCSAPCertificate, DocSLAPolicy))
			if !a.SupplementDeadline.Equal(deadline) {
				t.Fatalf("deadline %s", a.SupplementDeadline)
			}
			v := a.Version()
			checkErr := a.CheckSupplement(tc.now, tc.by, tc.docs)
			err := a.Supplement(tc.now, tc.by, tc.docs)
			wantErr(t, err, tc.code, tc.field)
			if ErrorCode(checkErr) != ErrorCode(err) {
				t.Fatalf("CheckSupplement %v, Supplement %v", checkErr, err)
			}
			if a.Status != tc.status || !slices.Equal(a.MissingKinds, tc.missing) {
				t.Fatalf("status %s missing %v, want %s %v", a.Status, a.MissingKinds, tc.status, tc.missing)
			}
			if err != nil {
				if a.Version() != v {
					t.Fatal("a refused supplement changed the case")
				}
				return
			}
			last := a.Steps[len(a.Steps)-1]
			if last.Action != ActionSupplemented || last.Actor != tc.by {
				t.Fatalf("step %+v", last)
			}
			if tc.status == AppDocumentCheck {
				if a.SupplementDue != nil || a.SupplementDeadline != nil {
					t.Fatal("due date kept after the supplement")
				}
				task := findOpen(t, a, TaskDocumentCheck, selOperator)
				if task.ID != "APP-2026-000001-T01" || !task.CreatedAt.Equal(tc.now) {
					t.Fatalf("task %+v", task)
				}
				if MissingDocuments(a.RequiredKinds, a.Documents) != nil {
					t.Fatal("documents still missing")
				}
			} else if len(a.Tasks) != 0 {
				t.Fatalf("tasks %+v before the supplement is complete", a.Tasks)
			}
		})
	}
}

func TestSupplementInTwoParts(t *testing.T) {
	a := newTestApp(t, dropDocs(DocCSAPCertificate, DocSLAPolicy))
	if err := a.Supplement(tNow.AddDate(0, 0, 1), tProvider, docInputs(DocCSAPCertificate)); err != nil {
		t.Fatal(err)
	}
	if a.Status != AppSupplementRequested || a.SupplementDue == nil {
		t.Fatal("a partial supplement keeps the request and its due date")
	}
	if err := a.Supplement(tNow.AddDate(0, 0, 2), tProvider, docInputs(DocSLAPolicy)); err != nil {
		t.Fatal(err)
	}
	if a.Status != AppDocumentCheck || len(openKinds(a)) != 1 {
		t.Fatalf("status %s tasks %v", a.Status, openKinds(a))
	}
	if err := a.Supplement(tNow.AddDate(0, 0, 2), tProvider, docInputs(DocSLAPolicy)); ErrorCode(err) != ECONFLICT {
		t.Fatalf("supplement in document_check: %v", err)
	}
}

func TestSupplementReplacesDocumentOfSameKind(t *testing.T) {
	// The operator asks to replace a defective SLA policy.
	a := newTestApp(t)
	completeOK(t, a, tCheckAt, selOperator, TaskDocumentCheck, TaskCompletion{Outcome: "supplement", MissingKinds: []string{"sla_policy"}, Note: "서명 누락"})
	fixed := DocumentInput{Kind: "sla_policy", Filename: "sla-v2.pdf", SHA256: sumOf("v2")}
	if err := a.Supplement(tCheckAt.Add(time.Hour), tProvider, []DocumentInput{fixed}); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range a.Documents {
		if d.Kind == DocSLAPolicy {
			n++
			if d.SHA256 != sumOf("v2") || d.Filename != "sla-v2.pdf" || d.UploadedBy != "choi" {
				t.Fatalf("document %+v", d)
			}
		}
	}
	if n != 1 || len(a.Documents) != len(a.RequiredKinds) {
		t.Fatalf("%d SLA policies, %d documents", n, len(a.Documents))
	}
	if a.Status != AppDocumentCheck {
		t.Fatalf("status %s", a.Status)
	}
	if task := findOpen(t, a, TaskDocumentCheck, selOperator2); task.ID != "APP-2026-000001-T02" {
		t.Fatalf("task %s", task.ID)
	}
}

func TestReturnUnsupplemented(t *testing.T) {
	a := newTestApp(t, dropDocs(DocSLAPolicy))
	at := *a.SupplementDeadline
	if !a.ReturnUnsupplemented(at) {
		t.Fatal("not returned")
	}
	if a.Status != AppReturned || a.ClosedAt == nil || !a.ClosedAt.Equal(at) {
		t.Fatalf("status %s closed %v", a.Status, a.ClosedAt)
	}
	if !strings.Contains(a.Reason, "sla_policy") || !strings.Contains(a.Reason, "2026-03-12") {
		t.Fatalf("reason %q", a.Reason)
	}
	last := a.Steps[len(a.Steps)-1]
	if last.Action != ActionReturned || last.Actor != SystemActor || last.Status != string(AppReturned) {
		t.Fatalf("step %+v", last)
	}
	v := a.Version()
	if a.ReturnUnsupplemented(at) || a.Version() != v {
		t.Fatal("returned twice")
	}
	if err := a.Supplement(at.Add(-time.Hour), tProvider, docInputs(DocSLAPolicy)); ErrorCode(err) != ECONFLICT {
		t.Fatalf("supplement after return: %v", err)
	}
	b := newTestApp(t)
	if b.ReturnUnsupplemented(tNow.AddDate(0, 1, 0)) || b.Status != AppDocumentCheck {
		t.Fatal("an application without a supplement request is not returned")
	}
}

// --- document check -----------------------------------------------------------------

func TestDocumentCheck(t *testing.T) {
	hangul := strings.Repeat("서", 1000) // 1000 characters, 3000 bytes
	for _, tc := range []struct {
		name   string
		by     Actor
		taskID string
		body   TaskCompletion
		code   string
		field  string
		status ApplicationStatus
	}{
		{"OK_Accept", selOperator, "", TaskCompletion{Outcome: "accept", Note: "이상 없음"}, "", "", AppExpertReview},
		{"OK_AcceptByAnyOperator", selOperator2, "", TaskCompletion{Outcome: "accept"}, "", "", AppExpertReview},
		{"OK_AcceptEmptyList", selOperator, "", TaskCompletion{Outcome: "accept", MissingKinds: []string{}}, "", "", AppExpertReview},
		{"OK_Supplement", selOperator, "", TaskCompletion{Outcome: "supplement", MissingKinds: []string{"sla_policy", "sla_policy", "broker_agreement"}, Note: "SLA 서명 누락"}, "", "", AppSupplementRequested},
		{"OK_Return", selOperator, "", TaskCompletion{Outcome: "return", Note: "위조 서류"}, "", "", AppReturned},
		{"OK_LongKoreanNote", selOperator, "", TaskCompletion{Outcome: "return", Note: hangul}, "", "", AppReturned},
		{"ErrAcceptWithMissingKinds", selOperator, "", TaskCompletion{Outcome: "accept", MissingKinds: []string{"sla_policy"}}, EINVALID, "missing_kinds", AppDocumentCheck},
		{"ErrSupplementNoKinds", selOperator, "", TaskCompletion{Outcome: "supplement", Note: "보완"}, EINVALID, "missing_kinds", AppDocumentCheck},
		{"ErrSupplementUnknownKind", selOperator, "", TaskCompletion{Outcome: "supplement", MissingKinds: []string{"sla_policy", "passport"}, Note: "보완"}, EINVALID, "missing_kinds[1]", AppDocumentCheck},
		{"ErrSupplementNoNote", selOperator, "", TaskCompletion{Outcome: "supplement", MissingKinds: []string{"sla_policy"}, Note: "  "}, EINVALID, "note", AppDocumentCheck},
		{"ErrReturnNoNote", selOperator, "", TaskCompletion{Outcome: "return"}, EINVALID, "note", AppDocumentCheck},
		{"ErrOutcomeUnknown", selOperator, "", TaskCompletion{Outcome: "approve"}, EINVALID, "outcome", AppDocumentCheck},
		{"ErrOutcomeMissing", selOperator, "", TaskCompletion{}, EINVALID, "outcome", AppDocumentCheck},
		{"ErrNoteTooLong", selOperator, "", TaskCompletion{Outcome: "return", Note: strings.Repeat("x", 2001)}, EINVALID, "note", AppDocumentCheck},
		{"ErrKoreanNoteTooLong", selOperator, "", TaskCompletion{Outcome: "return", Note: strings.Repeat("서", 2001)}, EINVALID, "note", AppDocumentCheck},
		{"OK_NoteOf2000Characters", selOperator, "", TaskCompletion{Outcome: "return", Note: strings.Repeat("서", 2000)}, "", "", AppReturned},
		{"ErrFieldOfAnotherKind", selOperator, "", TaskCompletion{Outcome: "accept", Vote: "select"}, EINVALID, "vote", AppDocumentCheck},
		{"ErrByExpert", selExpertLee, "", TaskCompletion{Outcome: "accept"}, EFORBIDDEN, "", AppDocumentCheck},
		{"ErrByOwnProvider", tProvider, "", TaskCompletion{Outcome: "accept"}, EFORBIDDEN, "", AppDocumentCheck},
		{"ErrByAuditor", selAuditor, "", TaskCompletion{Outcome: "accept"}, EFORBIDDEN, "", AppDocumentCheck},
		{"ErrByOtherProvider", selOtherProvider, "", TaskCompletion{Outcome: "accept"}, ENOTFOUND, "", AppDocumentCheck},
		{"ErrByAgency", tAgency, "", TaskCompletion{Outcome: "accept"}, ENOTFOUND, "", AppDocumentCheck},
		{"ErrUnknownTask", selOperator, "APP-2026-000001-T09", TaskCompletion{Outcome: "accept"}, ENOTFOUND, "", AppDocumentCheck},
		{"ErrTaskOfAnotherCase", selOperator, "APP-2026-000002-T01", TaskCompletion{Outcome: "accept"}, ENOTFOUND, "", AppDocumentCheck},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := newTestApp(t)
			id := tc.taskID
			if id == "" {
				id = a.Tasks[0].ID
			}
			v := a.Version()
			in := CompleteTaskInput{TaskID: id, Body: tc.body}
			checkErr := a.CheckCompleteTask(tCheckAt, tc.by, in)
			err := a.CompleteTask(tCheckAt, tc.by, in)
			wantErr(t, err, tc.code, tc.field)
			if ErrorCode(checkErr) != ErrorCode(err) {
				t.Fatalf("check %v, complete %v", checkErr, err)
			}
			if a.Status != tc.status {
				t.Fatalf("status %s, want %s", a.Status, tc.status)
			}
			if err != nil {
				if a.Version() != v || a.Tasks[0].Status != TaskOpen {
					t.Fatal("a refused completion changed the case")
				}
				return
			}
			done := a.Tasks[0]
			if done.Status != TaskDone || done.CompletedBy != tc.by.Sub || done.CompletedAt == nil || !done.CompletedAt.Equal(tCheckAt) {
				t.Fatalf("task %+v", done)
			}
			if a.Version() <= v {
				t.Fatal("version did not grow")
			}
			switch tc.status {
			case AppExpertReview:
				task := findOpen(t, a, TaskAssignExperts, selOperator)
				if task.ID != "APP-2026-000001-T02" || !task.DueAt.Equal(tCheckAt.AddDate(0, 0, RuleInt(RuleAssignExpertsDays, tCheckAt))) {
					t.Fatalf("assign task %+v", task)
				}
				if s := a.Steps[v]; s.Action != ActionDocumentsAccepted || s.Actor != tc.by {
					t.Fatalf("step %+v", s)
				}
			case AppSupplementRequested:
				if !slices.Equal(a.MissingKinds, []DocumentKind{DocSLAPolicy, DocBrokerAgreement}) {
					t.Fatalf("missing %v", a.MissingKinds)
				}
				if a.SupplementDue.String() != "2026-03-12" || len(openKinds(a)) != 0 {
					t.Fatalf("due %s, open %v", a.SupplementDue, openKinds(a))
				}
				if s := a.Steps[len(a.Steps)-1]; s.Action != ActionSupplementRequest || s.Actor != tc.by || !strings.Contains(s.Note, tc.body.Note) {
					t.Fatalf("step %+v", s)
				}
			case AppReturned:
				if a.Reason != strings.TrimSpace(tc.body.Note) || a.ClosedAt == nil {
					t.Fatalf("reason %q closed %v", a.Reason, a.ClosedAt)
				}
				if s := a.Steps[len(a.Steps)-1]; s.Action != ActionReturned || s.Actor != tc.by {
					t.Fatalf("step %+v", s)
				}
			}
		})
	}
}

func TestDocumentCheckTwice(t *testing.T) {
	a := newTestApp(t)
	id := a.Tasks[0].ID
	if err := completeErr(a, tCheckAt, selOperator, id, TaskCompletion{Outcome: "accept"}); err != nil {
		t.Fatal(err)
	}
	err := completeErr(a, tCheckAt, selOperator2, id, TaskCompletion{Outcome: "return", Note: "x"})
	wantErr(t, err, ECONFLICT, "")
	if !strings.Contains(ErrorMessage(err), "already done") || a.Status != AppExpertReview {
		t.Fatalf("%v, status %s", err, a.Status)
	}
}

// --- experts ------------------------------------------------------------------------

func TestAssignExperts(t *testing.T) {
	eleven := []string{"e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8", "e9", "e10", "e11"}
	var many []ExpertCandidate
	for _, s := range eleven {
		many = append(many, ExpertCandidate{Sub: s, IsExpert: true})
	}
	for _, tc := range []struct {
		name    string
		by      Actor
		body    TaskCompletion
		cands   []ExpertCandidate
		code    string
		field   string
		experts []string
	}{
		{"OK_Two", selOperator, TaskCompletion{Experts: []string{"ex-lee", "ex-park"}}, selCandidates(), "", "", []string{"ex-lee", "ex-park"}},
		{"OK_OneTrimmed", selOperator, TaskCompletion{Experts: []string{" ex-choi "}}, selCandidates(), "", "", []string{"ex-choi"}},
		{"ErrNone", selOperator, TaskCompletion{Experts: []string{}}, selCandidates(), EINVALID, "experts", nil},
		{"ErrMissing", selOperator, TaskCompletion{}, selCandidates(), EINVALID, "experts", nil},
		{"ErrUnknown", selOperator, TaskCompletion{Experts: []string{"ex-lee", "ex-nobody"}}, selCandidates(), EINVALID, "experts[1]", nil},
		{"ErrNotExpert", selOperator, TaskCompletion{Experts: []string{"op-kang"}}, selCandidates(), EINVALID, "experts[0]", nil},
		{"ErrConflicted", selOperator, TaskCompletion{Experts: []string{"ex-park", "ex-yoon"}}, selCandidates(), EINVALID, "experts[1]", nil},
		{"ErrDuplicate", selOperator, TaskCompletion{Experts: []string{"ex-lee", "ex-park", "ex-lee"}}, selCandidates(), EINVALID, "experts[2]", nil},
		{"ErrDuplicateAfterTrim", selOperator, TaskCompletion{Experts: []string{"ex-lee", "ex-lee "}}, selCandidates(), EINVALID, "experts[1]", nil},
		{"ErrBlank", selOperator, TaskCompletion{Experts: []string{" "}}, selCandidates(), EINVALID, "experts[0]", nil},
		{"ErrNoCandidatesKnown", selOperator, TaskCompletion{Experts: []string{"ex-lee"}}, nil, EINVALID, "experts[0]", nil},
		{"ErrTooMany", selOperator, TaskCompletion{Experts: eleven}, many, EINVALID, "experts", nil},
		{"ErrFieldOfAnotherKind", selOperator, TaskCompletion{Experts: []string{"ex-lee"}, Note: "n"}, selCandidates(), EINVALID, "note", nil},
		{"ErrByExpert", selExpertLee, TaskCompletion{Experts: []string{"ex-lee"}}, selCandidates(), EFORBIDDEN, "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := appExpertReview(t)
			task := findOpen(t, a, TaskAssignExperts, selOperator)
			v := a.Version()
			err := completeErr(a, tAssignAt, tc.by, task.ID, tc.body, tc.cands...)
			wantErr(t, err, tc.code, tc.field)
			if tc.name == "ErrConflicted" && !strings.Contains(err.Error(), "재직") {
				t.Fatalf("the conflict is not explained: %v", err)
			}
			if err != nil {
				if a.Version() != v || len(a.Experts) != 0 {
					t.Fatal("a refused assignment changed the case")
				}
				return
			}
			if !slices.Equal(a.Experts, tc.experts) || a.Status != AppExpertReview {
				t.Fatalf("experts %v status %s", a.Experts, a.Status)
			}
			for _, sub := range tc.experts {
				x := Actor{Sub: sub, Role: RoleExpert}
				rt := findOpen(t, a, TaskExpertReview, x)
				if rt.Assignee != (Assignee{Role: RoleExpert, Sub: sub}) ||
					!rt.DueAt.Equal(tAssignAt.AddDate(0, 0, RuleInt(RuleExpertReviewDays, tAssignAt))) {
					t.Fatalf("review task %+v", rt)
				}
			}
			if s := a.Steps[v]; s.Action != ActionExpertsAssigned || s.Actor != tc.by {
				t.Fatalf("step %+v", s)
			}
		})
	}
}

func TestAssignExpertsOnlyOnce(t *testing.T) {
	a := appAssigned(t)
	task := a.Tasks[1]
	err := completeErr(a, tAssignAt, selOperator, task.ID, TaskCompletion{Experts: []string{"ex-choi"}}, selCandidates()...)
	wantErr(t, err, ECONFLICT, "")
}

func TestExpertReview(t *testing.T) {
	noCSAP := []func(*ApplicationInput){dropDocs(DocCSAPCertificate), func(in *ApplicationInput) { in.SchoolEducationOnly = true }}
	with := func(b TaskCompletion, f func(*TaskCompletion)) TaskCompletion {
		c := *b.Criteria // the criteria are a pointer: change a copy
		b.Criteria = &c
		f(&b)
		return b
	}
	suitable := reviewBody("suitable", false, VerdictNA)
	for _, tc := range []struct {
		name   string
		mutate []func(*ApplicationInput)
		by     Actor
		taskOf Actor // whose task is completed
		body   TaskCompletion
		code   string
		field  string
	}{
		{"OK_CSAPSecurityNA", nil, selExpertLee, selExpertLee, suitable, "", ""},
		{"OK_NoCSAPSecurityPass", noCSAP, selExpertLee, selExpertLee, reviewBody("suitable", false, VerdictPass), "", ""},
		{"OK_NoCSAPSecurityFailWithComment", noCSAP, selExpertLee, selExpertLee,
			with(reviewBody("unsuitable", false, VerdictFail), func(b *TaskCompletion) { b.Comment = "암호화 미흡" }), "", ""},
		{"OK_UnsuitableWithComment", nil, selExpertLee, selExpertLee,
			with(suitable, func(b *TaskCompletion) { b.Opinion, b.Comment = "unsuitable", "지원 체계 부족" }), "", ""},
		{"OK_SiteVisit", nil, selExpertLee, selExpertLee, reviewBody("suitable", true, VerdictNA), "", ""},
		{"ErrCSAPSecurityPass", nil, selExpertLee, selExpertLee, reviewBody("suitable", false, VerdictPass), EINVALID, "criteria.security"},
		{"ErrCSAPSecurityFail", nil, selExpertLee, selExpertLee,
			with(reviewBody("suitable", false, VerdictFail), func(b *TaskCompletion) { b.Comment = "c" }), EINVALID, "criteria.security"},
		{"ErrNoCSAPSecurityNA", noCSAP, selExpertLee, selExpertLee, reviewBody("suitable", false, VerdictNA), EINVALID, "criteria.security"},
		{"ErrNoCSAPSecurityMissing", noCSAP, selExpertLee, selExpertLee, reviewBody("suitable", false, ""), EINVALID, "criteria.security"},
		{"ErrEligibilityNA", nil, selExpertLee, selExpertLee,
			with(suitable, func(b *TaskCompletion) { b.Criteria.Eligibility = VerdictNA }), EINVALID, "criteria.eligibility"},
		{"ErrManagementMissing", nil, selExpertLee, selExpertLee,
			with(suitable, func(b *TaskCompletion) { b.Criteria.Management = "" }), EINVALID, "criteria.management"},
		{"ErrStabilityGarbage", nil, selExpertLee, selExpertLee,
			with(suitable, func(b *TaskCompletion) { b.Criteria.Stability = "good" }), EINVALID, "criteria.stability"},
		{"ErrSupportUppercase", nil, selExpertLee, selExpertLee,
			with(suitable, func(b *TaskCompletion) { b.Criteria.Support = "PASS" }), EINVALID, "criteria.support"},
		{"ErrOpinion", nil, selExpertLee, selExpertLee, with(suitable, func(b *TaskCompletion) { b.Opinion = "ok" }), EINVALID, "opinion"},
		{"ErrOpinionMissing", nil, selExpertLee, selExpertLee, with(suitable, func(b *TaskCompletion) { b.Opinion = "" }), EINVALID, "opinion"},
		{"ErrSiteVisitMissing", nil, selExpertLee, selExpertLee, with(suitable, func(b *TaskCompletion) { b.SiteVisit = nil }), EINVALID, "site_visit"},
		{"ErrCriteriaMissing", nil, selExpertLee, selExpertLee, with(suitable, func(b *TaskCompletion) { b.Criteria = nil }), EINVALID, "criteria"},
		{"ErrFailWithoutComment", nil, selExpertLee, selExpertLee,
			with(suitable, func(b *TaskCompletion) { b.Criteria.Stability = VerdictFail }), EINVALID, "comment"},
		{"ErrFailWithBlankComment", nil, selExpertLee, selExpertLee,
			with(suitable, func(b *TaskCompletion) { b.Criteria.Support, b.Comment = VerdictFail, "   " }), EINVALID, "comment"},
		{"ErrUnsuitableWithoutComment", nil, selExpertLee, selExpertLee,
			with(suitable, func(b *TaskCompletion) { b.Opinion = "unsuitable" }), EINVALID, "comment"},
		{"ErrCommentTooLong", nil, selExpertLee, selExpertLee,
			with(suitable, func(b *TaskCompletion) { b.Comment = strings.Repeat("가", 4001) }), EINVALID, "comment"},
		{"ErrFieldOfAnotherKind", nil, selExpertLee, selExpertLee,
			with(suitable, func(b *TaskCompletion) { b.HeldOn = "2026-03-03" }), EINVALID, "held_on"},
		{"ErrAnotherExpertsTask", nil, selExpertPark, selExpertLee, suitable, EFORBIDDEN, ""},
		{"ErrUnassignedExpert", nil, Actor{Sub: "ex-choi", Role: RoleExpert}, selExpertLee, suitable, EFORBIDDEN, ""},
		{"ErrOperator", nil, selOperator, selExpertLee, suitable, EFORBIDDEN, ""},
		{"ErrCommitteeMemberWithExpertsSub", nil, Actor{Sub: "ex-lee", Role: RoleCommittee}, selExpertLee, suitable, EFORBIDDEN, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := appAssigned(t, tc.mutate...)
			task := findOpen(t, a, TaskExpertReview, tc.taskOf)
			v := a.Version()
			err := completeErr(a, tReviewAt, tc.by, task.ID, tc.body)
			wantErr(t, err, tc.code, tc.field)
			if a.Status != AppExpertReview {
				t.Fatalf("status %s after one of two reviews", a.Status)
			}
			if err != nil {
				if a.Version() != v || len(a.Reviews) != 0 {
					t.Fatal("a refused review changed the case")
				}
				return
			}
			if len(a.Reviews) != 1 {
				t.Fatalf("reviews %+v", a.Reviews)
			}
			r := a.Reviews[0]
			if r.Expert != tc.by.Sub || r.Opinion != tc.body.Opinion || r.SiteVisit != *tc.body.SiteVisit ||
				r.Criteria != *tc.body.Criteria || r.Comment != strings.TrimSpace(tc.body.Comment) || !r.At.Equal(tReviewAt) {
				t.Fatalf("review %+v", r)
			}
			if a.SiteVisitRequested != r.SiteVisit {
				t.Fatalf("site visit requested %v", a.SiteVisitRequested)
			}
			last := a.Steps[len(a.Steps)-1]
			if last.Action != ActionReviewed || last.Actor != tc.by {
				t.Fatalf("step %+v", last)
			}
			// The REST note is the English it always was; a Korean page reads the opinion
			// in Korean (its label from the UI's catalog).
			labels := func(lang, key string) (string, bool) {
				v, ok := map[string]string{"opt.suitable": "적합", "opt.unsuitable": "부적합"}[key]
				return v, ok && lang == LangKO
			}
			wantEN, wantKO := tc.body.Opinion, "검토 의견: "+map[string]string{"suitable": "적합", "unsuitable": "부적합"}[tc.body.Opinion]
			if r.SiteVisit {
				wantEN, wantKO = wantEN+"; asks for a site visit", wantKO+"; 현장실사·기업면담 요청"
			}
			if last.Note != wantEN || last.NoteText == nil || last.NoteText.Format(LangKO, labels) != wantKO {
				t.Fatalf("note %q, %q in Korean", last.Note, last.NoteText.Format(LangKO, labels))
			}
		})
	}
}

func TestExpertReviewSecondCompletion(t *testing.T) {
	a := appAssigned(t)
	task := findOpen(t, a, TaskExpertReview, selExpertLee)
	if err := completeErr(a, tReviewAt, selExpertLee, task.ID, reviewBody("suitable", false, VerdictNA)); err != nil {
		t.Fatal(err)
	}
	err := completeErr(a, tReviewAt, selExpertLee, task.ID, reviewBody("unsuitable", false, VerdictNA))
	wantErr(t, err, ECONFLICT, "")
	if !strings.Contains(ErrorMessage(err), "already done") {
		t.Fatalf("message %q", ErrorMessage(err))
	}
	if len(a.Reviews) != 1 || a.Reviews[0].Opinion != "suitable" {
		t.Fatalf("reviews %+v", a.Reviews)
	}
}

func TestReviewClosesIntoCommittee(t *testing.T) {
	a := appAssigned(t)
	completeOK(t, a, tReviewAt, selExpertLee, TaskExpertReview, reviewBody("suitable", false, VerdictNA))
	if a.Status != AppExpertReview || a.ReviewReport != "" {
		t.Fatalf("closed after one of two reviews: %s", a.Status)
	}
	body := reviewBody("unsuitable", false, VerdictNA)
	body.Comment = "운영 안정성 근거 부족"
	completeOK(t, a, tReviewAt.Add(time.Hour), selExpertPark, TaskExpertReview, body)
	if a.Status != AppAwaitingCommittee || !a.AwaitsSession() {
		t.Fatalf("status %s", a.Status)
	}
	if want := "1 of 2 experts found the service suitable; security items skipped (CSAP certificate)"; a.ReviewReport != want {
		t.Fatalf("report %q, want %q", a.ReviewReport, want)
	}
	last := a.Steps[len(a.Steps)-1]
	if last.Action != ActionReviewClosed || last.Actor != SystemActor || last.Note != a.ReviewReport || last.Status != string(AppAwaitingCommittee) {
		t.Fatalf("step %+v", last)
	}
	if len(openKinds(a)) != 0 {
		t.Fatalf("open tasks %v", openKinds(a))
	}
}

func TestReviewReportWithoutCSAP(t *testing.T) {
	a := appAssigned(t, dropDocs(DocCSAPCertificate), func(in *ApplicationInput) { in.SchoolEducationOnly = true })
	if a.HasCSAP() {
		t.Fatal("no CSAP document")
	}
	completeOK(t, a, tReviewAt, selExpertLee, TaskExpertReview, reviewBody("suitable", false, VerdictPass))
	completeOK(t, a, tReviewAt, selExpertPark, TaskExpertReview, reviewBody("suitable", false, VerdictPass))
	if a.ReviewReport != "2 of 2 experts found the service suitable" {
		t.Fatalf("report %q", a.ReviewReport)
	}
}

// --- site visit ---------------------------------------------------------------------

func TestSiteVisitRequested(t *testing.T) {
	for _, tc := range []struct {
		name        string
		lee, park   bool
		wantVisit   bool
		requestedBy string
	}{
		{"ByFirstExpert", true, false, true, "ex-lee"},
		{"BySecondExpert", false, true, true, "ex-park"},
		{"ByBoth", true, true, true, "ex-lee"},
		{"ByNone", false, false, false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := appAssigned(t)
			completeOK(t, a, tReviewAt, selExpertLee, TaskExpertReview, reviewBody("suitable", tc.lee, VerdictNA))
			if a.Status != AppExpertReview {
				t.Fatalf("status %s after one review", a.Status)
			}
			completeOK(t, a, tReviewAt, selExpertPark, TaskExpertReview, reviewBody("suitable", tc.park, VerdictNA))
			if !tc.wantVisit {
				if a.Status != AppAwaitingCommittee || a.SiteVisitRequested {
					t.Fatalf("status %s", a.Status)
				}
				return
			}
			if a.Status != AppSiteVisit || !a.SiteVisitRequested {
				t.Fatalf("status %s", a.Status)
			}
			task := findOpen(t, a, TaskSiteVisit, selOperator)
			if task.Assignee != (Assignee{Role: RoleOperator}) || !task.DueAt.Equal(tReviewAt.AddDate(0, 0, RuleInt(RuleSiteVisitDays, tReviewAt))) {
				t.Fatalf("task %+v", task)
			}
			var requests []Step
			for _, s := range a.Steps {
				if s.Action == ActionSiteVisitRequested {
					requests = append(requests, s)
				}
			}
			// Once by the expert who asked first, once by the system when the reviews are in.
			if len(requests) != 2 || requests[0].Actor.Sub != tc.requestedBy || requests[1].Actor != SystemActor {
				t.Fatalf("site visit steps %+v", requests)
			}
		})
	}
}

func TestSiteVisitReport(t *testing.T) {
	for _, tc := range []struct {
		name  string
		by    Actor
		body  TaskCompletion
		code  string
		field string
	}{
		{"OK_HeldToday", selOperator, TaskCompletion{HeldOn: "2026-03-05", Report: "데이터센터 점검 완료"}, "", ""},
		{"OK_HeldOnApplicationDay", selOperator2, TaskCompletion{HeldOn: "2026-03-02", Report: "면담"}, "", ""},
		{"ErrHeldOnFuture", selOperator, TaskCompletion{HeldOn: "2026-03-06", Report: "r"}, EINVALID, "held_on"},
		{"ErrHeldOnBeforeApplication", selOperator, TaskCompletion{HeldOn: "2026-03-01", Report: "r"}, EINVALID, "held_on"},
		{"ErrHeldOnMalformed", selOperator, TaskCompletion{HeldOn: "5 March", Report: "r"}, EINVALID, "held_on"},
		{"ErrHeldOnMissing", selOperator, TaskCompletion{Report: "r"}, EINVALID, "held_on"},
		{"ErrReportMissing", selOperator, TaskCompletion{HeldOn: "2026-03-05", Report: " "}, EINVALID, "report"},
		{"ErrReportTooLong", selOperator, TaskCompletion{HeldOn: "2026-03-05", Report: strings.Repeat("r", 8001)}, EINVALID, "report"},
		{"ErrFieldOfAnotherKind", selOperator, TaskCompletion{HeldOn: "2026-03-05", Report: "r", Note: "n"}, EINVALID, "note"},
		{"ErrExpert", selExpertLee, TaskCompletion{HeldOn: "2026-03-05", Report: "r"}, EFORBIDDEN, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := appSiteVisit(t)
			task := findOpen(t, a, TaskSiteVisit, selOperator)
			v := a.Version()
			err := completeErr(a, tVisitAt, tc.by, task.ID, tc.body) // tVisitAt is 2026-03-05
			wantErr(t, err, tc.code, tc.field)
			if err != nil {
				if a.Status != AppSiteVisit || a.Version() != v || a.SiteVisit != nil {
					t.Fatal("a refused report changed the case")
				}
				return
			}
			if a.Status != AppAwaitingCommittee || a.SiteVisit == nil || a.SiteVisit.HeldOn.String() != tc.body.HeldOn ||
				a.SiteVisit.ReportedBy != tc.by.Sub || a.SiteVisit.Report != strings.TrimSpace(tc.body.Report) {
				t.Fatalf("status %s visit %+v", a.Status, a.SiteVisit)
			}
			if !strings.Contains(a.ReviewReport, "site visit held on "+tc.body.HeldOn) {
				t.Fatalf("report %q", a.ReviewReport)
			}
			actions := []string{}
			for _, s := range a.Steps[v:] {
				actions = append(actions, s.Action)
			}
			if !slices.Equal(actions, []string{ActionSiteVisitReported, ActionReviewClosed}) || a.Steps[v].Actor != tc.by {
				t.Fatalf("steps %v", a.Steps[v:])
			}
		})
	}
}

// --- committee ----------------------------------------------------------------------

func TestJoinSession(t *testing.T) {
	a := appAwaitingCommittee(t)
	s := testSession(t, "CS-2026-03", "2026-03-20")
	v := a.Version()
	a.JoinSession(tJoinAt, s, map[string]string{"cm-3": "spouse is the provider (배우자)", "cm-9": "not a member of this session"})
	if a.Session == nil || a.Session.ID != s.ID || a.AwaitsSession() {
		t.Fatalf("session %+v", a.Session)
	}
	var voters []string
	for _, task := range a.Tasks {
		if task.Kind != TaskCommitteeVote {
			continue
		}
		voters = append(voters, task.Assignee.Sub)
		if task.Status != TaskOpen || task.SessionID != s.ID || task.Assignee.Role != RoleCommittee ||
			!task.DueAt.Equal(time.Date(2026, 3, 21, 0, 0, 0, 0, Seoul)) {
			t.Fatalf("vote task %+v", task)
		}
	}
	if !slices.Equal(voters, []string{"cm-chair", "cm-2", "cm-4", "cm-5"}) {
		t.Fatalf("vote tasks for %v", voters)
	}
	if len(a.Votes) != 1 || a.Votes[0] != (CommitteeVote{SessionID: s.ID, Member: "cm-3", Recused: true,
		Reason: "conflict of interest: spouse is the provider (배우자)", At: tJoinAt}) {
		t.Fatalf("votes %+v", a.Votes)
	}
	steps := a.Steps[v:]
	if len(steps) != 2 || steps[0].Action != ActionJoinedSession || steps[0].Actor != SystemActor ||
		steps[1].Action != ActionRecused || steps[1].Actor != (Actor{Sub: "cm-3", Role: RoleCommittee}) {
		t.Fatalf("steps %+v", steps)
	}
	// Joining again, or another session, changes nothing while on an agenda.
	n, v := len(a.Tasks), a.Version()
	a.JoinSession(tJoinAt, testSession(t, "CS-2026-04", "2026-04-20"), nil)
	if a.Session.ID != s.ID || len(a.Tasks) != n || a.Version() != v {
		t.Fatal("joined a second session")
	}
	// An application that does not wait for the committee joins nothing.
	b := appAssigned(t)
	b.JoinSession(tJoinAt, s, nil)
	if b.Session != nil || b.Status != AppExpertReview {
		t.Fatal("joined before the review closed")
	}
}

func TestCommitteeVote(t *testing.T) {
	for _, tc := range []struct {
		name    string
		by      Actor
		taskOf  string
		body    TaskCompletion
		code    string
		field   string
		recused bool
	}{
		{"OK_Select", member("cm-2"), "cm-2", TaskCompletion{Vote: "select"}, "", "", false},
		{"OK_Reject", member("cm-2"), "cm-2", TaskCompletion{Vote: "reject"}, "", "", false},
		{"OK_Defer", member("cm-2"), "cm-2", TaskCompletion{Vote: "defer"}, "", "", false},
		{"OK_VoteWithReason", member("cm-2"), "cm-2", TaskCompletion{Vote: "reject", Reason: "보안 우려"}, "", "", false},
		{"OK_Recuse", member("cm-2"), "cm-2", TaskCompletion{Recuse: true, Reason: "2024년 자문 수행"}, "", "", true},
		{"ErrRecuseWithoutReason", member("cm-2"), "cm-2", TaskCompletion{Recuse: true}, EINVALID, "reason", false},
		{"ErrRecuseBlankReason", member("cm-2"), "cm-2", TaskCompletion{Recuse: true, Reason: "  "}, EINVALID, "reason", false},
		{"ErrRecuseAndVote", member("cm-2"), "cm-2", TaskCompletion{Recuse: true, Vote: "select", Reason: "r"}, EINVALID, "vote", false},
		{"ErrNoVote", member("cm-2"), "cm-2", TaskCompletion{}, EINVALID, "vote", false},
		{"ErrBadVote", member("cm-2"), "cm-2", TaskCompletion{Vote: "abstain"}, EINVALID, "vote", false},
		{"ErrReasonTooLong", member("cm-2"), "cm-2", TaskCompletion{Recuse: true, Reason: strings.Repeat("가", 2001)}, EINVALID, "reason", false},
		{"ErrFieldOfAnotherKind", member("cm-2"), "cm-2", TaskCompletion{Vote: "select", Outcome: "accept"}, EINVALID, "outcome", false},
		{"ErrAnotherMembersTask", member("cm-4"), "cm-2", TaskCompletion{Vote: "select"}, EFORBIDDEN, "", false},
		{"ErrNonMemberCommittee", member("cm-9"), "cm-2", TaskCompletion{Vote: "select"}, EFORBIDDEN, "", false},
		{"ErrOperator", selOperator, "cm-2", TaskCompletion{Vote: "select"}, EFORBIDDEN, "", false},
		{"ErrRecusedMemberHasNoTask", member("cm-3"), "cm-3", TaskCompletion{Vote: "select"}, ENOTFOUND, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := appInSession(t, map[string]string{"cm-3": "did work for the provider (용역·자문)"})
			id := "APP-2026-000001-T99"
			for _, task := range a.Tasks {
				if task.Kind == TaskCommitteeVote && task.Assignee.Sub == tc.taskOf {
					id = task.ID
				}
			}
			v, votes := a.Version(), len(a.Votes)
			err := completeErr(a, tVoteAt, tc.by, id, tc.body)
			wantErr(t, err, tc.code, tc.field)
			if a.Status != AppAwaitingCommittee {
				t.Fatalf("status %s", a.Status)
			}
			if err != nil {
				if a.Version() != v || len(a.Votes) != votes {
					t.Fatal("a refused vote changed the case")
				}
				return
			}
			got := a.Votes[len(a.Votes)-1]
			if got.Member != tc.by.Sub || got.SessionID != "CS-2026-03" || got.Recused != tc.recused || string(got.Vote) != tc.body.Vote {
				t.Fatalf("vote %+v", got)
			}
			last := a.Steps[len(a.Steps)-1]
			if last.Actor != tc.by {
				t.Fatalf("step %+v", last)
			}
			if tc.recused {
				if last.Action != ActionRecused || last.Note != strings.TrimSpace(tc.body.Reason) {
					t.Fatalf("step %+v", last)
				}
			} else if last.Action != ActionVoted || strings.Contains(last.Note, tc.body.Vote) {
				t.Fatalf("the trail must not reveal the vote before the close: %+v", last)
			}
		})
	}
}

func TestDecideSession(t *testing.T) {
	type vote struct {
		member string
		body   TaskCompletion
	}
	sel, rej, def := TaskCompletion{Vote: "select"}, TaskCompletion{Vote: "reject"}, TaskCompletion{Vote: "defer"}
	recuse := TaskCompletion{Recuse: true, Reason: "최근 자문"}
	for _, tc := range []struct {
		name      string
		conflicts map[string]string
		votes     []vote
		outcome   CommitteeOutcome
		status    ApplicationStatus
		present   int
		recused   int
	}{
		{"Selected3Of5", nil, []vote{{"cm-chair", sel}, {"cm-2", sel}, {"cm-3", sel}}, OutcomeSelected, AppSelected, 3, 0},
		{"Selected2Of3Present", nil, []vote{{"cm-chair", sel}, {"cm-2", sel}, {"cm-3", rej}}, OutcomeSelected, AppSelected, 3, 0},
		{"NotSelected", nil, []vote{{"cm-chair", rej}, {"cm-2", rej}, {"cm-3", rej}, {"cm-4", def}}, OutcomeNotSelected, AppNotSelected, 4, 0},
		{"DeferredNoMajority", nil, []vote{{"cm-chair", rej}, {"cm-2", rej}, {"cm-3", sel}, {"cm-4", def}}, OutcomeDeferred, AppAwaitingCommittee, 4, 0},
		{"DeferredNoQuorum", nil, []vote{{"cm-chair", sel}, {"cm-2", sel}}, OutcomeDeferred, AppAwaitingCommittee, 2, 0},
		{"DeferredTie", nil, []vote{{"cm-chair", sel}, {"cm-2", sel}, {"cm-3", rej}, {"cm-4", rej}}, OutcomeDeferred, AppAwaitingCommittee, 4, 0},
		{"DeferredByVote", nil, []vote{{"cm-chair", def}, {"cm-2", def}, {"cm-3", sel}}, OutcomeDeferred, AppAwaitingCommittee, 3, 0},
		{"DeferredNoVotes", nil, nil, OutcomeDeferred, AppAwaitingCommittee, 0, 0},
		{"RecusedAreNotPresent", map[string]string{"cm-5": "spouse"}, []vote{{"cm-4", recuse}, {"cm-chair", sel}, {"cm-2", sel}},
			OutcomeDeferred, AppAwaitingCommittee, 2, 2},
		{"SelectedDespiteRecusals", map[string]string{"cm-5": "spouse"}, []vote{{"cm-4", recuse}, {"cm-chair", sel}, {"cm-2", sel}, {"cm-3", def}},
			OutcomeSelected, AppSelected, 3, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := appInSession(t, tc.conflicts)
			for _, v := range tc.votes {
				completeOK(t, a, tVoteAt, member(v.member), TaskCommitteeVote, v.body)
			}
			v := a.Version()
			d, ok := a.DecideSession(tDecideAt, "CS-2026-03")
			if !ok || d.Outcome != tc.outcome || a.Status != tc.status {
				t.Fatalf("decision %+v ok %v status %s", d, ok, a.Status)
			}
			if d.Members != 5 || d.Present != tc.present || d.Recused != tc.recused || d.SessionID != "CS-2026-03" || d.Reason == "" {
				t.Fatalf("decision %+v", d)
			}
			if len(a.Decisions) != 1 || a.Decisions[0] != d {
				t.Fatalf("decisions %+v", a.Decisions)
			}
			if len(openKinds(a)) != 0 {
				t.Fatalf("open tasks after the close: %v", openKinds(a))
			}
			for _, task := range a.Tasks {
				if task.Kind == TaskCommitteeVote && task.Status == TaskCancelled && !task.CompletedAt.Equal(tDecideAt) {
					t.Fatalf("cancelled task %+v", task)
				}
			}
			last := a.Steps[len(a.Steps)-1]
			if a.Version() != v+1 || last.Action != ActionDecided || last.Actor.Sub != "cm-chair" || last.Actor.Role != RoleCommittee || last.Note != d.Reason {
				t.Fatalf("step %+v", last)
			}
			switch tc.outcome {
			case OutcomeSelected:
				if a.ClosedAt != nil {
					t.Fatal("a selected application closes when registered")
				}
			case OutcomeNotSelected:
				if a.ClosedAt == nil || !a.Status.Final() || a.Reason != d.Reason {
					t.Fatalf("closed %v reason %q", a.ClosedAt, a.Reason)
				}
			case OutcomeDeferred:
				if a.Session != nil || !a.AwaitsSession() {
					t.Fatal("a deferred application waits for the next session")
				}
			}
			// Closing the same session again decides nothing.
			if _, ok := a.DecideSession(tDecideAt, "CS-2026-03"); ok || len(a.Decisions) != 1 {
				t.Fatal("decided twice")
			}
		})
	}
}

func TestDeferredJoinsNextSession(t *testing.T) {
	a := appInSession(t, map[string]string{"cm-5": "spouse"})
	completeOK(t, a, tVoteAt, member("cm-chair"), TaskCommitteeVote, TaskCompletion{Vote: "select"})
	completeOK(t, a, tVoteAt, member("cm-2"), TaskCommitteeVote, TaskCompletion{Vote: "select"})
	old := findOpen(t, a, TaskCommitteeVote, member("cm-3"))
	if d, _ := a.DecideSession(tDecideAt, "CS-2026-03"); d.Outcome != OutcomeDeferred {
		t.Fatalf("decision %+v", d)
	}
	// A vote on the closed session's task is refused.
	wantErr(t, completeErr(a, tDecideAt, member("cm-3"), old.ID, TaskCompletion{Vote: "select"}), ECONFLICT, "")

	next := testSession(t, "CS-2026-04", "2026-04-17")
	next.Members = []string{"cm-chair", "cm-2", "cm-3"}
	a.JoinSession(tDecideAt.AddDate(0, 0, 1), next, nil)
	if a.Session == nil || a.Session.ID != "CS-2026-04" || len(openKinds(a)) != 3 {
		t.Fatalf("session %+v open %v", a.Session, openKinds(a))
	}
	completeOK(t, a, tDecideAt.AddDate(0, 0, 28), member("cm-3"), TaskCommitteeVote, TaskCompletion{Vote: "reject"})
	completeOK(t, a, tDecideAt.AddDate(0, 0, 28), member("cm-2"), TaskCommitteeVote, TaskCompletion{Vote: "reject"})
	// The earlier session's two select votes and recusal do not count in this one.
	d, ok := a.DecideSession(tDecideAt.AddDate(0, 0, 28), "CS-2026-04")
	if !ok || d.Outcome != OutcomeNotSelected || d.Present != 2 || d.Select != 0 || d.Recused != 0 || d.Members != 3 {
		t.Fatalf("decision %+v", d)
	}
	if len(a.Decisions) != 2 || a.Status != AppNotSelected {
		t.Fatalf("decisions %+v status %s", a.Decisions, a.Status)
	}
}

func TestDecideSessionNotOnAgenda(t *testing.T) {
	a := appInSession(t, nil)
	d, ok := a.DecideSession(tDecideAt, "CS-2026-99")
	if ok || d.Outcome != OutcomeWithdrawn || d.SessionID != "CS-2026-99" || len(a.Decisions) != 0 || a.Session.ID != "CS-2026-03" {
		t.Fatalf("decision %+v ok %v", d, ok)
	}
	w := appInSession(t, nil)
	if err := w.Withdraw(tVoteAt, tProvider, WithdrawInput{Reason: "사업 철수"}); err != nil {
		t.Fatal(err)
	}
	d, ok = w.DecideSession(tDecideAt, "CS-2026-03")
	if ok || d.Outcome != OutcomeWithdrawn || !strings.Contains(d.Reason, "withdrawn") || w.Status != AppWithdrawn {
		t.Fatalf("decision %+v ok %v status %s", d, ok, w.Status)
	}
}

func TestRegister(t *testing.T) {
	a := appSelected(t)
	regAt := tDecideAt.AddDate(0, 0, 3)
	a.Register(regAt, "제2026-031호", "SVC-0425")
	if a.NoticeNo != "제2026-031호" || a.ServiceID != "SVC-0425" || a.SelectedOn == nil || a.SelectedOn.String() != "2026-03-23" ||
		a.ClosedAt == nil || !a.ClosedAt.Equal(regAt) || a.Status != AppSelected || !strings.Contains(a.Reason, "제2026-031호") {
		t.Fatalf("registered %+v", a)
	}
	last := a.Steps[len(a.Steps)-1]
	if last.Action != ActionRegistered || last.Actor != SystemActor || !strings.Contains(last.Note, "SVC-0425") {
		t.Fatalf("step %+v", last)
	}
	v := a.Version()
	a.Register(regAt.AddDate(0, 0, 1), "제2026-032호", "SVC-0426")
	if a.Version() != v || a.ServiceID != "SVC-0425" {
		t.Fatal("registered twice")
	}
	b := appAwaitingCommittee(t)
	b.Register(regAt, "n", "s")
	if b.ServiceID != "" || b.NoticeNo != "" {
		t.Fatal("registered an application that was not selected")
	}
}

// --- withdrawal ---------------------------------------------------------------------

func TestWithdraw(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T) *Application
		code  string
	}{
		{"OK_DocumentCheck", func(t *testing.T) *Application { return newTestApp(t) }, ""},
		{"OK_SupplementRequested", func(t *testing.T) *Application { return newTestApp(t, dropDocs(DocSLAPolicy)) }, ""},
		{"OK_ExpertReviewUnassigned", func(t *testing.T) *Application { return appExpertReview(t) }, ""},
		{"OK_ExpertReviewAssigned", func(t *testing.T) *Application { return appAssigned(t) }, ""},
		{"OK_SiteVisit", func(t *testing.T) *Application { return appSiteVisit(t) }, ""},
		{"OK_AwaitingCommittee", func(t *testing.T) *Application { return appAwaitingCommittee(t) }, ""},
		{"OK_InSession", func(t *testing.T) *Application { return appInSession(t, nil) }, ""},
		{"ErrSelected", func(t *testing.T) *Application { return appSelected(t) }, ECONFLICT},
		{"ErrRegistered", func(t *testing.T) *Application {
			a := appSelected(t)
			a.Register(tDecideAt, "n", "SVC-1")
			return a
		}, ECONFLICT},
		{"ErrNotSelected", func(t *testing.T) *Application {
			a := appInSession(t, nil)
			for _, m := range testMembers[:3] {
				completeOK(t, a, tVoteAt, member(m), TaskCommitteeVote, TaskCompletion{Vote: "reject"})
			}
			a.DecideSession(tDecideAt, "CS-2026-03")
			return a
		}, ECONFLICT},
		{"ErrReturned", func(t *testing.T) *Application {
			a := newTestApp(t, dropDocs(DocSLAPolicy))
			a.ReturnUnsupplemented(*a.SupplementDeadline)
			return a
		}, ECONFLICT},
		{"ErrIneligible", func(t *testing.T) *Application {
			return newTestApp(t, func(in *ApplicationInput) { in.Provider.BusinessStatus = "closed" })
		}, ECONFLICT},
		{"ErrWithdrawn", func(t *testing.T) *Application {
			a := newTestApp(t)
			if err := a.Withdraw(tNow, tProvider, WithdrawInput{}); err != nil {
				t.Fatal(err)
			}
			return a
		}, ECONFLICT},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := tc.setup(t)
			before := a.Status
			v := a.Version()
			at := tDecideAt.AddDate(0, 0, 5)
			in := WithdrawInput{Reason: "  사업 방향 변경  "}
			if err := a.CheckWithdraw(at, tProvider, in); ErrorCode(err) != tc.code {
				t.Fatalf("check: %v, want %q", err, tc.code)
			}
			err := a.Withdraw(at, tProvider, in)
			wantErr(t, err, tc.code, "")
			if err != nil {
				if !strings.Contains(ErrorMessage(err), string(before)) || a.Status != before || a.Version() != v {
					t.Fatalf("%v: status %s, want unchanged %s", err, a.Status, before)
				}
				return
			}
			if a.Status != AppWithdrawn || a.Reason != "사업 방향 변경" || a.ClosedAt == nil || !a.ClosedAt.Equal(at) {
				t.Fatalf("status %s reason %q", a.Status, a.Reason)
			}
			if len(openKinds(a)) != 0 {
				t.Fatalf("open tasks after withdrawal: %v", openKinds(a))
			}
			for _, task := range a.Tasks {
				if task.Status == TaskCancelled && (task.Note != "the application is withdrawn" || !task.CompletedAt.Equal(at)) {
					t.Fatalf("cancelled task %+v", task)
				}
			}
			last := a.Steps[len(a.Steps)-1]
			if a.Version() != v+1 || last.Action != ActionWithdrawn || last.Actor != tProvider || last.Status != string(AppWithdrawn) {
				t.Fatalf("step %+v", last)
			}
		})
	}
}

func TestWithdrawWhoAndWhy(t *testing.T) {
	for _, tc := range []struct {
		name  string
		by    Actor
		in    WithdrawInput
		code  string
		field string
	}{
		{"OK_NoReason", tProvider, WithdrawInput{}, "", ""},
		{"OK_ColleagueOfProvider", Actor{Sub: "choi2", Role: RoleProvider, Org: "PV-0001"}, WithdrawInput{Reason: "r"}, "", ""},
		{"OK_ReasonOf2000Characters", tProvider, WithdrawInput{Reason: strings.Repeat("가", 2000)}, "", ""},
		{"ErrReasonTooLong", tProvider, WithdrawInput{Reason: strings.Repeat("가", 2001)}, EINVALID, "reason"},
		{"ErrOtherProvider", selOtherProvider, WithdrawInput{}, ENOTFOUND, ""},
		{"ErrAgency", tAgency, WithdrawInput{}, ENOTFOUND, ""},
		{"ErrOperator", selOperator, WithdrawInput{}, EFORBIDDEN, ""},
		{"ErrAuditor", selAuditor, WithdrawInput{}, EFORBIDDEN, ""},
		{"ErrSystem", SystemActor, WithdrawInput{}, ENOTFOUND, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := appAssigned(t)
			err := a.Withdraw(tReviewAt, tc.by, tc.in)
			wantErr(t, err, tc.code, tc.field)
			if (err == nil) != (a.Status == AppWithdrawn) {
				t.Fatalf("error %v, status %s", err, a.Status)
			}
			if err == nil && tc.in.Reason == "" && a.Reason != "withdrawn by the provider" {
				t.Fatalf("default reason %q", a.Reason)
			}
		})
	}
}

func TestCompleteTaskAfterWithdrawal(t *testing.T) {
	a := appAssigned(t)
	task := findOpen(t, a, TaskExpertReview, selExpertLee)
	if err := a.Withdraw(tReviewAt, tProvider, WithdrawInput{}); err != nil {
		t.Fatal(err)
	}
	err := completeErr(a, tReviewAt, selExpertLee, task.ID, reviewBody("suitable", false, VerdictNA))
	wantErr(t, err, ECONFLICT, "")
	if !strings.Contains(ErrorMessage(err), "cancelled") {
		t.Fatalf("message %q", ErrorMessage(err))
	}
}

// --- the whole path, visibility, reminders ------------------------------------------

func TestSelectionPathRecordsEveryStep(t *testing.T) {
	a := newTestApp(t, dropDocs(DocCSAPCertificate))
	versions := []int{a.Version()}
	grew := func(what string) {
		t.Helper()
		if a.Version() <= versions[len(versions)-1] {
			t.Fatalf("%s: version %d did not grow", what, a.Version())
		}
		versions = append(versions, a.Version())
	}
	if err := a.Supplement(tNow.Add(30*time.Minute), tProvider, docInputs(DocCSAPCertificate)); err != nil {
		t.Fatal(err)
	}
	grew("supplement")
	completeOK(t, a, tCheckAt, selOperator, TaskDocumentCheck, TaskCompletion{Outcome: "accept"})
	grew("accept")
	completeOK(t, a, tAssignAt, selOperator2, TaskAssignExperts, TaskCompletion{Experts: []string{"ex-lee", "ex-park"}}, selCandidates()...)
	grew("assign")
	completeOK(t, a, tReviewAt, selExpertLee, TaskExpertReview, reviewBody("suitable", true, VerdictNA))
	grew("review 1")
	completeOK(t, a, tReviewAt, selExpertPark, TaskExpertReview, reviewBody("suitable", false, VerdictNA))
	grew("review 2")
	completeOK(t, a, tVisitAt, selOperator, TaskSiteVisit, TaskCompletion{HeldOn: "2026-03-04", Report: "현장 확인"})
	grew("site visit")
	a.JoinSession(tJoinAt, testSession(t, "CS-2026-03", "2026-03-20"), map[string]string{"cm-5": "배우자"})
	grew("join")
	for _, m := range []string{"cm-chair", "cm-2", "cm-3"} {
		completeOK(t, a, tVoteAt, member(m), TaskCommitteeVote, TaskCompletion{Vote: "select"})
		grew("vote " + m)
	}
	completeOK(t, a, tVoteAt, member("cm-4"), TaskCommitteeVote, TaskCompletion{Recuse: true, Reason: "전 직장"})
	grew("recuse")
	if _, ok := a.DecideSession(tDecideAt, "CS-2026-03"); !ok {
		t.Fatal("not decided")
	}
	grew("decide")
	a.Register(tDecideAt.AddDate(0, 0, 1), "제2026-001호", "SVC-0001")
	grew("register")

	type who struct{ action, sub string }
	var got []who
	for i, s := range a.Steps {
		got = append(got, who{s.Action, s.Actor.Sub})
		if s.Actor.Sub == "" || s.Actor.Role == "" || s.At.IsZero() || s.At.Location() != Seoul || s.Status == "" {
			t.Errorf("step %d incomplete: %+v", i, s)
		}
		if i > 0 && s.At.Before(a.Steps[i-1].At) {
			t.Errorf("step %d goes back in time", i)
		}
		if _, err := ParseApplicationStatus(s.Status); err != nil {
			t.Errorf("step %d status %q", i, s.Status)
		}
	}
	want := []who{
		{ActionApplied, "choi"}, {ActionEligibilityChecked, "dsmarket"}, {ActionSupplementRequest, "dsmarket"},
		{ActionSupplemented, "choi"}, {ActionDocumentsAccepted, "nia-lee"}, {ActionExpertsAssigned, "nia-kim"},
		{ActionSiteVisitRequested, "ex-lee"}, {ActionReviewed, "ex-lee"}, {ActionReviewed, "ex-park"},
		{ActionSiteVisitRequested, "dsmarket"}, {ActionSiteVisitReported, "nia-lee"}, {ActionReviewClosed, "dsmarket"},
		{ActionJoinedSession, "dsmarket"}, {ActionRecused, "cm-5"},
		{ActionVoted, "cm-chair"}, {ActionVoted, "cm-2"}, {ActionVoted, "cm-3"}, {ActionRecused, "cm-4"},
		{ActionDecided, "cm-chair"}, {ActionRegistered, "dsmarket"},
	}
	if !slices.Equal(got, want) {
		t.Fatalf("steps\n got %v\nwant %v", got, want)
	}
	if a.Status != AppSelected || a.ServiceID != "SVC-0001" || len(openKinds(a)) != 0 {
		t.Fatalf("status %s service %s open %v", a.Status, a.ServiceID, openKinds(a))
	}
	// Task IDs are numbered in order and unique.
	for i, task := range a.Tasks {
		if want := TaskID(testAppID, i+1); task.ID != want {
			t.Fatalf("task %d is %s, want %s", i, task.ID, want)
		}
	}
}

func TestVisibleTo(t *testing.T) {
	a := newTestApp(t)
	for _, tc := range []struct {
		name string
		x    Actor
		want bool
	}{
		{"OwnProvider", tProvider, true},
		{"ColleagueOfProvider", Actor{Sub: "other", Role: RoleProvider, Org: "PV-0001"}, true},
		{"OtherProvider", selOtherProvider, false},
		{"ProviderWithoutOrg", Actor{Sub: "choi", Role: RoleProvider}, false},
		{"Operator", selOperator, true},
		{"Expert", selExpertLee, true},
		{"Committee", member("cm-2"), true},
		{"Auditor", selAuditor, true},
		{"Agency", tAgency, false},
		{"AgencyWithProvidersOrg", Actor{Sub: "x", Role: RoleAgency, Org: "PV-0001"}, false},
		{"System", SystemActor, false},
		{"NoRole", Actor{Sub: "x", Org: "PV-0001"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := a.VisibleTo(tc.x); got != tc.want {
				t.Fatalf("VisibleTo = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestRemindOverdue(t *testing.T) {
	a := newTestApp(t)
	due := a.Tasks[0].DueAt
	if !due.Equal(time.Date(2026, 3, 7, 10, 0, 0, 0, Seoul)) {
		t.Fatalf("due %s", due)
	}
	if next, ok := a.NextReminder(); !ok || !next.Equal(due) {
		t.Fatalf("next reminder %s %v", next, ok)
	}
	if got := a.RemindOverdue(due.Add(-time.Nanosecond)); len(got) != 0 {
		t.Fatalf("reminded before due: %+v", got)
	}
	if a.OpenTasks(due.Add(-time.Nanosecond))[0].Overdue {
		t.Fatal("overdue before due")
	}
	v := a.Version()
	got := a.RemindOverdue(due.UTC())
	if len(got) != 1 || got[0].ID != a.Tasks[0].ID || got[0].RemindedAt == nil || !got[0].RemindedAt.Equal(due) {
		t.Fatalf("reminded %+v", got)
	}
	if a.Tasks[0].Status != TaskOpen || a.Tasks[0].RemindedAt == nil {
		t.Fatalf("an overdue task stays open: %+v", a.Tasks[0])
	}
	last := a.Steps[len(a.Steps)-1]
	if a.Version() != v+1 || last.Action != ActionReminded || last.Actor != SystemActor || !strings.Contains(last.Note, a.Tasks[0].ID) {
		t.Fatalf("step %+v", last)
	}
	if again := a.RemindOverdue(due.AddDate(0, 0, 3)); len(again) != 0 || a.Version() != v+1 {
		t.Fatalf("reminded twice: %+v", again)
	}
	if _, ok := a.NextReminder(); ok {
		t.Fatal("a reminded task needs no further reminder")
	}
	open := a.OpenTasks(due.AddDate(0, 0, 3))
	if len(open) != 1 || !open[0].Overdue {
		t.Fatalf("open %+v", open)
	}
	if a.Tasks[0].Overdue {
		t.Fatal("OpenTasks must not write Overdue into the case")
	}
	// The late task can still be completed; the next task gets its own reminder.
	late := due.AddDate(0, 0, 3)
	completeOK(t, a, late, selOperator, TaskDocumentCheck, TaskCompletion{Outcome: "accept"})
	next, ok := a.NextReminder()
	if !ok || !next.Equal(late.AddDate(0, 0, RuleInt(RuleAssignExpertsDays, late))) {
		t.Fatalf("next reminder %s %v", next, ok)
	}
}

func TestNextReminderPicksEarliest(t *testing.T) {
	a := appExpertReview(t)
	completeOK(t, a, tAssignAt, selOperator, TaskAssignExperts, TaskCompletion{Experts: []string{"ex-lee", "ex-park"}}, selCandidates()...)
	reviewDue := tAssignAt.AddDate(0, 0, RuleInt(RuleExpertReviewDays, tAssignAt))
	if next, ok := a.NextReminder(); !ok || !next.Equal(reviewDue) {
		t.Fatalf("next %s %v, want %s", next, ok, reviewDue)
	}
	got := a.RemindOverdue(reviewDue)
	if len(got) != 2 {
		t.Fatalf("reminded %d tasks, want both experts", len(got))
	}
	completeOK(t, a, reviewDue, selExpertLee, TaskExpertReview, reviewBody("suitable", false, VerdictNA))
	if _, ok := a.NextReminder(); ok {
		t.Fatal("the remaining task was already reminded")
	}
}

func TestParseApplicationCSAPValidity(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, Seoul)
	in := func(kind, until string) ApplicationInput {
		return ApplicationInput{
			Service: ApplicationServiceInput{Name: "s", Type: "cloud", Subtype: "saas", Description: "d"},
			Provider: ApplicantInput{BusinessNo: "123-45-67890", Name: "n", FoundedOn: "2015-01-01",
				CreditRating: "A", BusinessStatus: "active", Size: "sme"},
			Documents: []DocumentInput{{Kind: kind, Filename: "c.pdf", SHA256: strings.Repeat("a", 64), ValidUntil: until}},
		}
	}
	for _, tc := range []struct {
		name, kind, until string
		ok                bool
	}{
		{"OK_CSAPToday", "csap_certificate", "2026-03-02", true},
		{"OK_CSAPFiveYears", "csap_certificate", "2031-03-02", true},
		{"ErrCSAPExpired", "csap_certificate", "2026-03-01", false},
		{"ErrCSAPBeyondFiveYears", "csap_certificate", "2031-03-03", false},
		{"ErrNotADate", "csap_certificate", "2031-13-01", false},
		{"ErrOtherKind", "sla_policy", "2027-01-01", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, err := ParseApplication(in(tc.kind, tc.until), "PV-1", "u", now)
			if tc.ok {
				if err != nil || req.Documents[0].ValidUntil == nil || req.Documents[0].ValidUntil.String() != tc.until {
					t.Fatalf("got %+v, %v", req.Documents, err)
				}
				a := NewApplication("APP-2026-000001", "application-APP-2026-000001", req, Actor{Sub: "u", Role: RoleProvider, Org: "PV-1"}, now)
				if a.CSAPValidUntil() == nil || a.CSAPValidUntil().String() != tc.until {
					t.Fatalf("CSAPValidUntil = %v", a.CSAPValidUntil())
				}
				return
			}
			if got := fieldNames(err); len(got) != 1 || got[0] != "documents[0].valid_until" {
				t.Fatalf("fields %v (%v)", got, err)
			}
		})
	}
}

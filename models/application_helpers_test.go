package models

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"slices"
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

package models

import (
	"strings"
	"testing"
	"time"
)

// rereviewService is a catalog entry of PV-0001, a cloud SaaS; csap is its CSAP validity
// ("" for none).
func rereviewService(t testing.TB, csap string) Service {
	t.Helper()
	svc := Service{ID: "SVC-0007", Name: "한빛 전자결재 SaaS", Description: "기관용 전자결재", Type: TypeCloud, Subtype: SubSaaS,
		Status: ServiceRegistered, Provider: Provider{Org: tProvider.Org, Name: "(주)한빛소프트", BusinessNo: "123-45-67890",
			Size: "sme", FoundedOn: datePtr(t, "2015-04-01")}}
	if csap != "" {
		svc.CSAPValidUntil = datePtr(t, csap)
	}
	return svc
}

func newTestRereview(t testing.TB, csap string) *Application {
	t.Helper()
	svc := rereviewService(t, csap)
	ref := RereviewRef{ServiceID: svc.ID, Ground: "credit rating CCC+ is below B-", From: RereviewFromInspection,
		CaseRef: "service-SVC-0007/rereview-1", CSAPValidUntil: svc.CSAPValidUntil}
	return NewRereview("APP-2026-000100", "application-APP-2026-000100", RereviewRequest(svc), ref, SystemActor, tNow)
}

func TestNewRereview(t *testing.T) {
	a := newTestRereview(t, "2027-12-31")
	if a.Status != AppExpertReview {
		t.Fatalf("status %s, want expert_review: document check and eligibility are skipped", a.Status)
	}
	if got := openKinds(a); len(got) != 1 || got[0] != TaskAssignExperts {
		t.Fatalf("open tasks %v, want [assign_experts]", got)
	}
	task := findOpen(t, a, TaskAssignExperts, selOperator)
	if task.WorkflowID != "application-APP-2026-000100" || task.CaseType != "application" {
		t.Fatalf("task %+v", task)
	}
	if len(a.Steps) != 1 || a.Steps[0].Action != ActionRereviewOpened || a.Steps[0].Actor != SystemActor {
		t.Fatalf("steps %+v", a.Steps)
	}
	if a.ServiceID != "SVC-0007" || a.NoticeNo != "" || a.Provider.BusinessNo != "123-45-67890" || a.Provider.Org != tProvider.Org {
		t.Fatalf("service %q notice %q provider %+v", a.ServiceID, a.NoticeNo, a.Provider)
	}
	if !a.Eligibility.Eligible || len(a.RequiredKinds) != 0 || len(a.MissingKinds) != 0 || a.Documents == nil {
		t.Fatalf("eligibility %+v required %v missing %v documents %v", a.Eligibility, a.RequiredKinds, a.MissingKinds, a.Documents)
	}
	if !a.HasCSAP() {
		t.Fatal("the catalog's CSAP certificate skips the security items")
	}
	if newTestRereview(t, "").HasCSAP() {
		t.Fatal("without a CSAP certificate the security items are reviewed")
	}
	if a.Settled() || !a.VisibleTo(tProvider) || a.VisibleTo(selOtherProvider) {
		t.Fatal("an open re-review, seen by its provider only among providers")
	}
}

// rereviewDecided runs the re-review's steps through the committee's session.
func rereviewDecided(t *testing.T, votes ...string) *Application {
	t.Helper()
	a := newTestRereview(t, "")
	// Conflicts of interest are checked as for a selection.
	task := findOpen(t, a, TaskAssignExperts, selOperator)
	wantErr(t, completeErr(a, tAssignAt, selOperator, task.ID, TaskCompletion{Experts: []string{"ex-yoon"}}, selCandidates()...),
		EINVALID, "experts[0]")
	completeOK(t, a, tAssignAt, selOperator, TaskAssignExperts, TaskCompletion{Experts: []string{"ex-lee", "ex-park"}}, selCandidates()...)
	completeOK(t, a, tReviewAt, selExpertLee, TaskExpertReview, reviewBody("suitable", true, VerdictPass))
	completeOK(t, a, tReviewAt, selExpertPark, TaskExpertReview, reviewBody("suitable", false, VerdictPass))
	completeOK(t, a, tVisitAt, selOperator, TaskSiteVisit, TaskCompletion{HeldOn: "2026-03-04", Report: "재무 회복 계획 면담"})
	if a.Status != AppAwaitingCommittee {
		t.Fatalf("status %s after the site visit", a.Status)
	}
	a.JoinSession(tJoinAt, testSession(t, "CS-2026-03", "2026-03-20"), nil)
	for i, v := range votes {
		completeOK(t, a, tVoteAt, member(testMembers[i]), TaskCommitteeVote, TaskCompletion{Vote: v, Reason: "재무 회복 불확실"})
	}
	a.DecideSession(tDecideAt, "CS-2026-03")
	return a
}

func TestRereviewDecision(t *testing.T) {
	later := tDecideAt.Add(time.Minute)
	for _, tc := range []struct {
		name       string
		votes      []string
		status     ApplicationStatus
		confirm    bool // ConfirmRereview applies
		unfit      bool // RequestUnfit applies
		outcome    string
		lastAction string
	}{
		{"SelectedConfirms", []string{"select", "select", "select"}, AppSelected, true, false, RereviewConfirmed, ActionRereviewConfirmed},
		{"NotSelectedAsksForRemoval", []string{"reject", "reject", "reject"}, AppNotSelected, false, true, RereviewUnfitRequested, ActionRereviewUnfit},
		{"DeferredWaits", []string{"defer", "defer", "select"}, AppAwaitingCommittee, false, false, "", ActionDecided},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := rereviewDecided(t, tc.votes...)
			if a.Status != tc.status {
				t.Fatalf("status %s, want %s", a.Status, tc.status)
			}
			if a.Settled() {
				t.Fatal("settled before the decision is carried out")
			}
			if got := a.RequestUnfit(later); got != tc.unfit {
				t.Fatalf("RequestUnfit = %v", got)
			}
			if got := a.ConfirmRereview(later); got != tc.confirm {
				t.Fatalf("ConfirmRereview = %v", got)
			}
			if a.Rereview.Outcome != tc.outcome || a.Steps[len(a.Steps)-1].Action != tc.lastAction {
				t.Fatalf("outcome %q, last step %s", a.Rereview.Outcome, a.Steps[len(a.Steps)-1].Action)
			}
			if a.Settled() != (tc.outcome != "") {
				t.Fatalf("settled %v with outcome %q", a.Settled(), tc.outcome)
			}
			// A second time changes nothing; no new notice or catalog entry either way.
			n := a.Version()
			a.ConfirmRereview(later)
			a.RequestUnfit(later)
			if a.Version() != n || a.NoticeNo != "" || a.ServiceID != "SVC-0007" {
				t.Fatalf("changed again: version %d → %d, notice %q, service %q", n, a.Version(), a.NoticeNo, a.ServiceID)
			}
			if tc.unfit && a.UnfitReason() == "" {
				t.Fatal("no reason for the removal")
			}
		})
	}
}

func TestSettled(t *testing.T) {
	selected := appSelected(t)
	registered := appSelected(t)
	registered.Register(tDecideAt, "DS-2026-0001", "SVC-1001")
	for _, tc := range []struct {
		name string
		a    *Application
		want bool
	}{
		{"OpenApplication", newTestApp(t), false},
		{"SelectedNotRegistered", selected, false},
		{"SelectedRegistered", registered, true},
		{"Withdrawn", func() *Application {
			a := newTestApp(t)
			if err := a.Withdraw(tCheckAt, tProvider, WithdrawInput{}); err != nil {
				t.Fatal(err)
			}
			return a
		}(), true},
		{"OpenRereview", newTestRereview(t, ""), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.a.Settled(); got != tc.want {
				t.Fatalf("Settled() = %v, want %v (status %s)", got, tc.want, tc.a.Status)
			}
		})
	}
}

func TestRereviewCannotBeWithdrawn(t *testing.T) {
	a := newTestRereview(t, "")
	wantErr(t, a.Withdraw(tCheckAt, tProvider, WithdrawInput{}), ECONFLICT, "")
	if a.Status != AppExpertReview {
		t.Fatalf("status %s", a.Status)
	}
}

func TestParseRereviewFrom(t *testing.T) {
	for _, s := range []string{"quality", "inspection"} {
		if f, err := ParseRereviewFrom(s); err != nil || string(f) != s {
			t.Fatalf("%s: %v", s, err)
		}
	}
	if _, err := ParseRereviewFrom("watch"); err == nil {
		t.Fatal("accepted watch")
	}
}

// TestRereviewNotesKeyed: the re-review's own notes are keyed, their English as the REST
// contract has it; the ground and the committee's reason stay arguments.
func TestRereviewNotesKeyed(t *testing.T) {
	a := rereviewDecided(t, "reject", "reject", "reject")
	a.RequestUnfit(tDecideAt.Add(time.Minute))
	opened, unfit := a.Steps[0], a.Steps[len(a.Steps)-1]
	decision := "not selected by a majority of those present; 3 of 5 members present (0 recused): 0 select, 3 reject, 0 defer; reasons: 재무 회복 불확실"
	for _, tc := range []struct{ name, got, want string }{
		{"OpenedEnglish", opened.Note, "재심사 re-review of SVC-0007 (한빛 전자결재 SaaS) from inspection service-SVC-0007/rereview-1: credit rating CCC+ is below B-"},
		{"OpenedKorean", opened.NoteText.In(LangKO), "SVC-0007 (한빛 전자결재 SaaS) 재심사 개시, 상시점검 service-SVC-0007/rereview-1의 사유: credit rating CCC+ is below B-"},
		{"UnfitEnglish", unfit.Note, "부적합 unfit removal of SVC-0007 requested: " + decision},
		{"UnfitKorean", unfit.NoteText.In(LangKO), "SVC-0007 부적합 제외 요청: " + decision},
		{"ReasonEnglish", a.UnfitReason(), "재심사 미선정 not selected at re-review APP-2026-000100 (ground: credit rating CCC+ is below B-): " + decision},
		{"ReasonKorean", a.UnfitReasonText().In(LangKO), "재심사 APP-2026-000100 미선정 (사유: credit rating CCC+ is below B-): " + decision},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("got %q, want %q", tc.got, tc.want)
			}
		})
	}
	if (&Application{}).UnfitReasonText() != nil || (&Application{}).UnfitReason() != "" {
		t.Error("an application for selection has an unfit reason")
	}
}

// TestRereviewGroundInEachLanguage: a ground the process that found it keyed (here an
// inspection's finding) reads in each language on the re-review's opening step and in the
// reason a removal after it gives; the English is the ground as before.
func TestRereviewGroundInEachLanguage(t *testing.T) {
	svc := rereviewService(t, "")
	why := Msg("inspection.rating_below", "rating", "CCC+", "floor", "B-", "on", "2026-03-01")
	ref := RereviewRef{ServiceID: svc.ID, Ground: why.English(), GroundText: why, From: RereviewFromInspection,
		CaseRef: "service-SVC-0007/rereview-1"}
	a := NewRereview("APP-2026-000100", "application-APP-2026-000100", RereviewRequest(svc), ref, SystemActor, tNow)
	opened := a.Steps[0]
	untyped := ref
	untyped.GroundText = nil
	before := NewRereview("APP-2026-000100", "application-APP-2026-000100", RereviewRequest(svc), untyped, SystemActor, tNow)
	if opened.Note != before.Steps[0].Note {
		t.Fatalf("English note %q, want %q as before", opened.Note, before.Steps[0].Note)
	}
	if got, want := opened.NoteText.In(LangKO), "SVC-0007 (한빛 전자결재 SaaS) 재심사 개시, 상시점검 service-SVC-0007/rereview-1의 사유: 신용등급 CCC+: 기준 B- 미만 (2026-03-01부터), 재심사"; got != want {
		t.Fatalf("Korean note %q, want %q", got, want)
	}
	if got := a.UnfitReasonText().In(LangKO); !strings.Contains(got, "(사유: 신용등급 CCC+: 기준 B- 미만") {
		t.Fatalf("Korean reason of a removal %q", got)
	}
	if a.UnfitReason() != before.UnfitReason() {
		t.Fatalf("English reason %q, want %q as before", a.UnfitReason(), before.UnfitReason())
	}
}

// TestChangeRereviewGround: the ground an information change gives its re-review reads in
// each language, its English as the workflow wrote it before it was keyed.
func TestChangeRereviewGround(t *testing.T) {
	sla := "월 가용성 99.95%"
	cr := testChangeRequest(t, ChangeFields{SLA: &sla}, tNow)
	g := ChangeRereviewGround(cr)
	want := "information change " + cr.ID + " of " + strings.Join(cr.Criteria, ", ") + " (" + RequestedCriteria(cr.Changes) + "): " + cr.Reason
	if g.English() != want {
		t.Fatalf("English ground %q, want %q", g.English(), want)
	}
	if got := g.Format(LangKO, func(lang, key string) (string, bool) {
		return map[string]string{"chcrit.sla": "서비스 수준(SLA)"}[key], key == "chcrit.sla"
	}); !strings.HasPrefix(got, "정보 변경 "+cr.ID+": 서비스 수준(SLA) (") {
		t.Fatalf("Korean ground %q", got)
	}
	// The removal's reason after a re-review on this ground keeps both reasons apart.
	svc := rereviewService(t, "")
	a := NewRereview("APP-2026-000100", "application-APP-2026-000100", RereviewRequest(svc),
		RereviewRef{ServiceID: svc.ID, Ground: g.English(), GroundText: g, From: RereviewFromChange, CaseRef: cr.WorkflowID},
		SystemActor, tNow)
	a.Reason = "위원회 미선정"
	if got := a.UnfitReasonText().In(LangKO); !strings.Contains(got, ": "+cr.Reason+"): 위원회 미선정") {
		t.Fatalf("Korean reason of a removal %q", got)
	}
}

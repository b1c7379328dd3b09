package models

import (
	"strings"
	"testing"
	"time"
)

// TestChangeRequest_RereviewDecided: a rereview-path request waits open for its own
// re-review's decision, which approves or rejects it once; a request of the old kind,
// closed at the start, and a decision naming another application are refused.
func TestChangeRequest_RereviewDecided(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, Seoul)
	provider := Actor{Sub: "jung.provider", Role: RoleProvider, Org: "PV-0001"}
	open := func(await bool, app string) *ChangeRequest {
		p, err := ParseChangeRequest(ChangeRequestInput{Changes: ChangeFields{Type: strp("support"), Subtype: strp("consulting")}, Reason: "r"}, changeTestService())
		if err != nil {
			t.Fatal(err)
		}
		cr := NewChangeRequest("CR-2026-000001", "change-CR-2026-000001", p, changeTestService(), provider, now)
		cr.RereviewStarted(now, app, await)
		return cr
	}
	for _, tc := range []struct {
		name      string
		cr        *ChangeRequest
		in        ChangeRereviewDecision
		code      string
		want      ChangeRequestStatus
		wantClose bool
	}{
		{"OK_Selected", open(true, "APP-2026-000009"), ChangeRereviewDecision{"APP-2026-000009", true}, "", ChangeApproved, false},
		{"OK_NotSelected", open(true, "APP-2026-000009"), ChangeRereviewDecision{"APP-2026-000009", false}, "", ChangeRejected, true},
		{"ErrAnotherApplication", open(true, "APP-2026-000009"), ChangeRereviewDecision{"APP-2026-000010", true}, EINVALID, ChangeRereviewStarted, false},
		{"ErrNoApplication", open(true, "APP-2026-000009"), ChangeRereviewDecision{"", true}, EINVALID, ChangeRereviewStarted, false},
		{"ErrClosedAtTheStart", open(false, "APP-2026-000009"), ChangeRereviewDecision{"APP-2026-000009", true}, ECONFLICT, ChangeRereviewStarted, true},
		{"ErrNeverStarted", open(true, ""), ChangeRereviewDecision{"", true}, ECONFLICT, ChangeRereviewStarted, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			steps := len(tc.cr.Steps)
			err := tc.cr.RereviewDecided(now.Add(time.Hour), tc.in)
			if ErrorCode(err) != tc.code {
				t.Fatalf("code %q, want %q (%v)", ErrorCode(err), tc.code, err)
			}
			if tc.cr.Status != tc.want || (tc.cr.ClosedAt != nil) != tc.wantClose {
				t.Fatalf("status %s closed %v, want %s closed %v", tc.cr.Status, tc.cr.ClosedAt, tc.want, tc.wantClose)
			}
			if tc.code != "" {
				if len(tc.cr.Steps) != steps {
					t.Fatalf("a refused decision recorded a step: %+v", tc.cr.Steps)
				}
				return
			}
			last := tc.cr.Steps[len(tc.cr.Steps)-1]
			if last.Actor != SystemActor || last.NoteText == nil || !strings.Contains(last.Note, tc.in.ApplicationID) {
				t.Fatalf("step %+v", last)
			}
			if err := tc.cr.RereviewDecided(now, tc.in); ErrorCode(err) != ECONFLICT {
				t.Fatalf("a second decision: %v", err)
			}
		})
	}
}

// The operator cannot decide a request its re-review decides; the refusal says which one.
func TestChangeRequest_DecideWhileInRereview(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, Seoul)
	p, err := ParseChangeRequest(ChangeRequestInput{Changes: ChangeFields{SLA: strp("99.9%")}, Reason: "r"}, changeTestService())
	if err != nil {
		t.Fatal(err)
	}
	cr := NewChangeRequest("CR-2026-000001", "change-CR-2026-000001", p, changeTestService(),
		Actor{Sub: "jung.provider", Role: RoleProvider, Org: "PV-0001"}, now)
	cr.RereviewStarted(now, "APP-2026-000009", true)
	yes := true
	err = cr.CheckDecide(Actor{Sub: "park.operator", Role: RoleOperator, Org: "NIA"}, DecideChangeInput{Approve: &yes})
	if ErrorCode(err) != ECONFLICT || !strings.Contains(err.Error(), "decided by its re-review APP-2026-000009") {
		t.Fatalf("decide while in re-review: %v", err)
	}
}

func TestRequestedCriteria(t *testing.T) {
	long := strings.Repeat("가", 250)
	got := RequestedCriteria([]FieldChange{
		{Field: "type", Old: "cloud", New: "convergence"},
		{Field: "sla", Old: "", New: long},
		{Field: "description", Old: "옛 소개", New: "새 소개"},
	})
	want := "type cloud → convergence; sla - → " + strings.Repeat("가", 200) + "…; description"
	if got != want {
		t.Fatalf("RequestedCriteria = %q, want %q", got, want)
	}
}

// TestChangeRequest_RereviewStartedNote: the step that hands a request to its re-review
// names the re-review and the criteria, in English as the workflow wrote it before, and in
// Korean with the criteria's labels.
func TestChangeRequest_RereviewStartedNote(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, Seoul)
	sla := "월 가용성 99.95%"
	labels := func(lang, key string) (string, bool) {
		return map[string]string{"chcrit.sla": "서비스 수준(SLA)"}[key], key == "chcrit.sla"
	}
	started := testChangeRequest(t, ChangeFields{SLA: &sla}, now)
	started.RereviewStarted(now, "APP-2026-000009", true)
	last := started.Steps[len(started.Steps)-1]
	if want := "re-review started as APP-2026-000009 (sla)"; last.Note != want {
		t.Fatalf("note %q, want %q", last.Note, want)
	}
	if got := last.NoteText.Format(LangKO, labels); got != "재심사 APP-2026-000009 개시 (서비스 수준(SLA))" {
		t.Fatalf("Korean note %q", got)
	}
	asked := testChangeRequest(t, ChangeFields{SLA: &sla}, now)
	asked.RereviewStarted(now, "", true)
	if got := asked.Steps[len(asked.Steps)-1].Note; got != "operators asked to open the re-review (sla)" {
		t.Fatalf("note %q", got)
	}
}

package models

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestBlockedRegistrationIsAnOperatorTask(t *testing.T) {
	a := appSelected(t)
	at := tDecideAt.Add(time.Minute)
	if !a.BlockRegistration(at, Refuse(ECONFLICT, Msg("error.business_no_held", "business_no", "101-81-12341", "holder", "PV-0002", "org", "PV-0001"))) {
		t.Fatal("a selected, unregistered application was not blocked")
	}
	if a.BlockRegistration(at, errors.New("again")) {
		t.Fatal("a second refusal opened a second task while the first is open")
	}
	if !a.RegistrationBlocked() || a.Status != AppSelected || a.Settled() {
		t.Fatalf("blocked %v status %s settled %v", a.RegistrationBlocked(), a.Status, a.Settled())
	}
	task := findOpen(t, a, TaskRegistration, selOperator)
	if want := AddCalendarDays(at.In(Seoul), RuleInt(RuleDocumentCheckDays, at)); !task.DueAt.Equal(want) {
		t.Fatalf("due %v, want %v", task.DueAt, want)
	}
	if last := a.Steps[len(a.Steps)-1]; last.Action != ActionRegistrationBlocked || !strings.Contains(last.Note, "PV-0002") ||
		!strings.Contains(last.NoteText.In(LangKO), "사업자등록번호 101-81-12341은(는) 제공기업 PV-0002의 번호입니다") {
		t.Fatalf("last step %+v, in Korean %q", last, last.NoteText.In(LangKO))
	}

	// The operator must say what was sorted out; a field of another kind is refused.
	wantErr(t, completeErr(a, at, selOperator, task.ID, TaskCompletion{Note: "  "}), EINVALID, "note")
	wantErr(t, completeErr(a, at, selOperator, task.ID, TaskCompletion{Note: "ok", Outcome: "accept"}), EINVALID, "outcome")

	completeOK(t, a, at.Add(time.Hour), selOperator, TaskRegistration, TaskCompletion{Note: "사업자등록번호 정정 확인"})
	if a.RegistrationBlocked() {
		t.Fatal("the task stayed open after its completion")
	}
	if last := a.Steps[len(a.Steps)-1]; last.Action != ActionRegistrationRetried || last.Actor != selOperator {
		t.Fatalf("last step %+v", last)
	}

	a.Register(at.Add(2*time.Hour), "DS-2026-0001", "SVC-9001")
	if a.BlockRegistration(at, errors.New("late refusal")) {
		t.Fatal("a registered application was blocked")
	}
	if !a.Settled() {
		t.Fatal("a registered application is not settled")
	}
}

func TestBlockRegistrationOnlyWhenSelected(t *testing.T) {
	a := appInSession(t, nil)
	if a.BlockRegistration(tDecideAt, errors.New("refused")) || a.RegistrationBlocked() {
		t.Fatal("an application before its decision was blocked")
	}
}

// TestRefusalText: a keyed refusal reads in each language, an unkeyed one as its message
// (without its code), any other error as it says.
func TestRefusalText(t *testing.T) {
	if got := refusalText(Errorf(ECONFLICT, "held elsewhere")).In(LangKO); got != "held elsewhere" {
		t.Fatalf("unkeyed refusal %q", got)
	}
	if got := refusalText(errors.New("plain")).In(LangKO); got != "plain" {
		t.Fatalf("plain error %q", got)
	}
	keyed := Refuse(ECONFLICT, Msg("error.business_no_held", "business_no", "101-81-12341", "holder", "PV-0002", "org", "PV-0001"))
	if got := refusalText(keyed); got.Key != "error.business_no_held" {
		t.Fatalf("keyed refusal %+v", got)
	}
}

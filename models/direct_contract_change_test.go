package models

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func ptr[T any](v T) *T { return &v }

func TestContractChange_Validation(t *testing.T) {
	now := seoul(2026, 3, 10, 10, 0, 0)
	for _, tc := range []struct {
		name  string
		by    Actor
		in    ContractChangeInput
		code  string
		field string
	}{
		{"OK_Announce", tAgency, ContractChangeInput{ChangedOn: "2026-03-10", Reason: "과업 범위 조정"}, "", ""},
		{"OK_OnContractDate", tAgency, ContractChangeInput{ChangedOn: "2026-01-30", Reason: "r", AmountKRW: ptr[int64](1)}, "", ""},
		{"OK_AllValues", tAgency, ContractChangeInput{ChangedOn: "2026-03-01", Reason: "r", AmountKRW: ptr[int64](50_000_000),
			PeriodFrom: ptr("2026-02-15"), PeriodTo: ptr("2027-02-14"), Title: ptr("새 제목")}, "", ""},
		{"ErrChangedOnBeforeContract", tAgency, ContractChangeInput{ChangedOn: "2026-01-29", Reason: "r"}, EINVALID, "changed_on"},
		{"ErrChangedOnTomorrow", tAgency, ContractChangeInput{ChangedOn: "2026-03-11", Reason: "r"}, EINVALID, "changed_on"},
		{"ErrChangedOnFormat", tAgency, ContractChangeInput{ChangedOn: "10.03.2026", Reason: "r"}, EINVALID, "changed_on"},
		{"ErrReasonRequired", tAgency, ContractChangeInput{ChangedOn: "2026-03-10", Reason: " "}, EINVALID, "reason"},
		{"ErrAmountZero", tAgency, ContractChangeInput{ChangedOn: "2026-03-10", Reason: "r", AmountKRW: ptr[int64](0)}, EINVALID, "amount_krw"},
		{"ErrTitleBlank", tAgency, ContractChangeInput{ChangedOn: "2026-03-10", Reason: "r", Title: ptr(" ")}, EINVALID, "title"},
		{"ErrPeriodToFormat", tAgency, ContractChangeInput{ChangedOn: "2026-03-10", Reason: "r", PeriodTo: ptr("2027")}, EINVALID, "period_to"},
		{"ErrPeriodToBeforeFrom", tAgency, ContractChangeInput{ChangedOn: "2026-03-10", Reason: "r", PeriodTo: ptr("2026-01-31")}, EINVALID, "period_to"},
		{"ErrPeriodFromAfterTo", tAgency, ContractChangeInput{ChangedOn: "2026-03-10", Reason: "r", PeriodFrom: ptr("2027-01-01")}, EINVALID, "period_from"},
		{"ErrPeriodToBeforeContract", tAgency, ContractChangeInput{ChangedOn: "2026-03-10", Reason: "r",
			PeriodFrom: ptr("2026-01-01"), PeriodTo: ptr("2026-01-20")}, EINVALID, "period_to"},
		{"ErrProvider", tProvider, ContractChangeInput{ChangedOn: "2026-03-10", Reason: "r"}, EFORBIDDEN, ""},
		{"ErrOtherAgencyNotFound", tOtherAgency, ContractChangeInput{ChangedOn: "2026-03-10", Reason: "r"}, ENOTFOUND, ""},
		{"ErrAuditor", Actor{Sub: "a", Role: RoleAuditor, Org: "BAI"}, ContractChangeInput{ChangedOn: "2026-03-10", Reason: "r"}, EFORBIDDEN, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newTestContract(t, "2026-01-30", seoul(2026, 2, 2, 9, 0, 0))
			before := c.Version()
			err := c.CheckRegisterChange(now, tc.by, tc.in)
			switch {
			case tc.field != "":
				requireField(t, err, tc.field)
			case tc.code != "":
				if code(err) != tc.code {
					t.Fatalf("want %s, got %v", tc.code, err)
				}
			case err != nil:
				t.Fatal(err)
			}
			if c.Version() != before {
				t.Fatal("a check changes nothing")
			}
			// RegisterChange refuses exactly what the check refuses, and changes nothing then.
			err2 := c.RegisterChange(now, tc.by, tc.in)
			if code(err2) != code(err) || (err != nil && c.Version() != before) {
				t.Fatalf("register %v after check %v", err2, err)
			}
		})
	}
}

// TestContractChange_AnnouncedRemindedThenOverdueThenLate walks an announced change
// through its deadlines as the workflow's timers do.
func TestContractChange_AnnouncedRemindedThenOverdueThenLate(t *testing.T) {
	c := newTestContract(t, "2026-01-30", seoul(2026, 2, 2, 9, 0, 0))
	announced := seoul(2026, 3, 10, 10, 0, 0)
	if err := c.RegisterChange(announced, tAgency, ContractChangeInput{ChangedOn: "2026-03-09", Reason: "과업 범위 조정"}); err != nil {
		t.Fatal(err)
	}
	ch := c.Changes[0]
	if c.Status != ContractChangePending || ch.Status != ChangePending || ch.RegistrationDue.String() != "2026-04-08" || ch.Late {
		t.Fatalf("%s %+v", c.Status, ch)
	}
	remindAt := seoul(2026, 4, 5, 0, 0, 0) // the start of the day three days before 2026-04-08
	deadline := seoul(2026, 4, 9, 0, 0, 0)
	if !ch.RemindAt.Equal(remindAt) || !ch.AnnouncedAt.Equal(announced) || ch.RegisteredAt != nil {
		t.Fatalf("%+v", ch)
	}
	next, ok := c.NextEvent()
	if !ok || !next.Equal(remindAt) {
		t.Fatalf("next %s, want the reminder", next)
	}
	if c.Advance(remindAt.Add(-time.Second)).Any() {
		t.Fatal("nothing before the reminder")
	}
	ev := c.Advance(remindAt)
	if len(ev.Reminded) != 1 || ev.Reminded[0].No != 1 || c.Changes[0].RemindedAt == nil || c.Status != ContractChangePending {
		t.Fatalf("%+v", ev)
	}
	if next, _ := c.NextEvent(); !next.Equal(deadline) {
		t.Fatalf("next %s, want the end of the due date", next)
	}
	if c.Advance(deadline.Add(-time.Second)).Any() {
		t.Fatal("reminded once; not overdue during the due date")
	}
	ev = c.Advance(deadline)
	if len(ev.Overdue) != 1 || c.Changes[0].Status != ChangeOverdue || !c.Changes[0].Late || c.Status != ContractChangeOverdue {
		t.Fatalf("%+v %s", c.Changes[0], c.Status)
	}
	if _, ok := c.NextEvent(); ok {
		t.Fatal("an overdue change waits for a person, not a timer")
	}
	if last := c.Steps[len(c.Steps)-1]; last.Action != ActionChangeOverdue || last.Actor != SystemActor || !last.At.Equal(deadline) {
		t.Fatalf("%+v", last)
	}

	// The details, late: they complete the change, which stays late.
	done := seoul(2026, 4, 20, 11, 0, 0)
	if err := c.RegisterChange(done, tAgency, ContractChangeInput{ChangedOn: "2026-03-09", Reason: "과업 범위 조정 확정",
		AmountKRW: ptr[int64](52_000_000), PeriodTo: ptr("2027-01-31")}); err != nil {
		t.Fatal(err)
	}
	ch = c.Changes[0]
	if ch.Status != ChangeRegistered || !ch.Late || !ch.RegisteredAt.Equal(done) || *ch.AmountKRW != 52_000_000 || ch.Reason != "과업 범위 조정 확정" {
		t.Fatalf("%+v", ch)
	}
	if c.Status != ContractRegistered || c.AmountKRW != 52_000_000 || c.PeriodTo.String() != "2027-01-31" || c.Title != "민원포털 클라우드 운영" {
		t.Fatalf("%+v", c)
	}
	if !c.ClosesAt.Equal(seoul(2027, 3, 3, 0, 0, 0)) {
		t.Fatalf("closes %s: the end of the new period_to + 30 days", c.ClosesAt)
	}
	actions := []string{}
	for _, s := range c.Steps {
		actions = append(actions, s.Action)
	}
	want := []string{ActionContractRegistered, ActionChangeAnnounced, ActionChangeReminded, ActionChangeOverdue, ActionChangeRegistered}
	if strings.Join(actions, ",") != strings.Join(want, ",") {
		t.Fatalf("%v", actions)
	}
}

func TestContractChange_DetailsOnTheDueDateAreInTime(t *testing.T) {
	for _, tc := range []struct {
		name string
		at   time.Time
		late bool
	}{
		{"OK_LastSecondOfDueDate", seoul(2026, 4, 8, 23, 59, 59), false},
		{"Late_MidnightAfter", seoul(2026, 4, 9, 0, 0, 0), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newTestContract(t, "2026-01-30", seoul(2026, 2, 2, 9, 0, 0))
			if err := c.RegisterChange(seoul(2026, 3, 10, 10, 0, 0), tAgency, ContractChangeInput{ChangedOn: "2026-03-09", Reason: "r"}); err != nil {
				t.Fatal(err)
			}
			c.Advance(tc.at) // the workflow applies due deadlines before it takes the Update
			if err := c.RegisterChange(tc.at, tAgency, ContractChangeInput{ChangedOn: "2026-03-09", Reason: "r", Title: ptr("t")}); err != nil {
				t.Fatal(err)
			}
			if c.Changes[0].Late != tc.late || c.Changes[0].Status != ChangeRegistered {
				t.Fatalf("%+v", c.Changes[0])
			}
		})
	}
}

func TestContractChange_DetailsCompleteTheOldestOpenChange(t *testing.T) {
	c := newTestContract(t, "2026-01-30", seoul(2026, 2, 2, 9, 0, 0))
	at := seoul(2026, 3, 10, 10, 0, 0)
	for _, on := range []string{"2026-03-01", "2026-03-05"} {
		if err := c.RegisterChange(at, tAgency, ContractChangeInput{ChangedOn: on, Reason: "예고 " + on}); err != nil {
			t.Fatal(err)
		}
	}
	err := c.RegisterChange(at, tAgency, ContractChangeInput{ChangedOn: "2026-03-05", Reason: "r", AmountKRW: ptr[int64](1)})
	requireField(t, err, "changed_on")
	if !strings.Contains(err.Error(), "2026-03-01") {
		t.Fatalf("the message names the change due first: %v", err)
	}
	if err := c.RegisterChange(at, tAgency, ContractChangeInput{ChangedOn: "2026-03-01", Reason: "r", AmountKRW: ptr[int64](1)}); err != nil {
		t.Fatal(err)
	}
	if c.Changes[0].Status != ChangeRegistered || c.Changes[1].Status != ChangePending || c.Status != ContractChangePending {
		t.Fatalf("%+v", c.Changes)
	}
	// The list shows the due date of the change still open, not of the one completed.
	if open := c.OpenChange(); open == nil || open.No != 2 {
		t.Fatalf("open change %+v, want no. 2", open)
	}
	if err := c.RegisterChange(at, tAgency, ContractChangeInput{ChangedOn: "2026-03-05", Reason: "r", AmountKRW: ptr[int64](2)}); err != nil {
		t.Fatal(err)
	}
	if open := c.OpenChange(); open != nil {
		t.Fatalf("open change %+v after every change was registered", open)
	}
}

func TestContractChange_RegisteredWithDetailsAtOnce(t *testing.T) {
	c := newTestContract(t, "2026-01-30", seoul(2026, 2, 2, 9, 0, 0))
	at := seoul(2026, 4, 1, 10, 0, 0)
	if err := c.RegisterChange(at, tAgency, ContractChangeInput{ChangedOn: "2026-03-01", Reason: "단가 조정",
		AmountKRW: ptr[int64](45_000_000), Title: ptr(" 민원포털 운영 (변경) ")}); err != nil {
		t.Fatal(err)
	}
	ch := c.Changes[0]
	if ch.No != 1 || ch.Status != ChangeRegistered || ch.AnnouncedAt != nil || ch.RegistrationDue.String() != "2026-03-31" || !ch.Late {
		t.Fatalf("%+v: due 2026-03-31, registered on 04-01, late", ch)
	}
	if c.Title != "민원포털 운영 (변경)" || c.AmountKRW != 45_000_000 || ch.PeriodTo != nil || c.Status != ContractRegistered {
		t.Fatalf("%+v", c)
	}
}

func TestContractChange_AnnouncedAfterItsDueIsOverdueAtOnce(t *testing.T) {
	c := newTestContract(t, "2026-01-30", seoul(2026, 2, 2, 9, 0, 0))
	at := seoul(2026, 4, 1, 10, 0, 0)
	if err := c.RegisterChange(at, tAgency, ContractChangeInput{ChangedOn: "2026-02-01", Reason: "늦은 예고"}); err != nil {
		t.Fatal(err)
	}
	ch := c.Changes[0]
	if ch.Status != ChangeOverdue || !ch.Late || ch.RemindAt != nil || c.Status != ContractChangeOverdue {
		t.Fatalf("%+v", ch)
	}
	// Announced two days before its due date: the reminder moment has passed, none is set.
	c2 := newTestContract(t, "2026-01-30", seoul(2026, 2, 2, 9, 0, 0))
	if err := c2.RegisterChange(at, tAgency, ContractChangeInput{ChangedOn: "2026-03-04", Reason: "r"}); err != nil {
		t.Fatal(err)
	}
	if c2.Changes[0].RemindAt != nil || c2.Changes[0].Status != ChangePending {
		t.Fatalf("%+v", c2.Changes[0])
	}
}

func TestContractChange_AtMostMaxChanges(t *testing.T) {
	c := newTestContract(t, "2026-01-30", seoul(2026, 2, 2, 9, 0, 0))
	at := seoul(2026, 3, 10, 10, 0, 0)
	for range MaxContractChanges {
		if err := c.RegisterChange(at, tAgency, ContractChangeInput{ChangedOn: "2026-03-10", Reason: "r", AmountKRW: ptr[int64](1)}); err != nil {
			t.Fatal(err)
		}
	}
	err := c.RegisterChange(at, tAgency, ContractChangeInput{ChangedOn: "2026-03-10", Reason: "r"})
	if code(err) != ECONFLICT {
		t.Fatalf("want conflict, got %v", err)
	}
}

// A change brings its files to the change, not as values; a contract holds at most
// MaxContractFiles, and the change that would pass them is refused on documents, changing
// nothing.
func TestContractChange_FilesOfAChange(t *testing.T) {
	c := newTestContract(t, "2026-01-30", seoul(2026, 2, 2, 9, 0, 0))
	at := seoul(2026, 3, 10, 10, 0, 0)
	files := func(n int) []DocumentInput {
		out := make([]DocumentInput, n)
		for i := range out {
			kind := []DocumentKind{DocContract, DocPriceSheet, DocSupporting}[i%3]
			out[i] = DocumentInput{Kind: string(kind), Filename: fmt.Sprintf("%d.pdf", i), SHA256: sumOf(fmt.Sprint(i)), Size: 10}
		}
		return out
	}
	// Files alone announce a change, which keeps them.
	if err := c.RegisterChange(at, tAgency, ContractChangeInput{ChangedOn: "2026-03-10", Reason: "r", Documents: files(1)}); err != nil {
		t.Fatal(err)
	}
	if c.Changes[0].Status != ChangePending || len(c.Changes[0].Documents) != 1 || c.Changes[0].Documents[0].UploadedBy != tAgency.Sub {
		t.Fatalf("announced with its file: %+v", c.Changes[0])
	}
	if note := c.Steps[len(c.Steps)-1].NoteText.In(LangKO); !strings.HasSuffix(note, "; 첨부: 0.pdf") {
		t.Errorf("the announcement's step names its file: %q", note)
	}
	// The details add theirs to the same change.
	if err := c.RegisterChange(at, tAgency, ContractChangeInput{ChangedOn: "2026-03-10", Reason: "r", AmountKRW: ptr[int64](2),
		Documents: files(3)[1:2]}); err != nil {
		t.Fatal(err)
	}
	if len(c.Changes) != 1 || len(c.Changes[0].Documents) != 2 {
		t.Fatalf("the details' file joins the change's: %+v", c.Changes)
	}
	if note := c.Steps[len(c.Steps)-1].Note; !strings.HasSuffix(note, "; files: 1.pdf") || !strings.Contains(note, "amount") {
		t.Errorf("the registration's step names its values and its file: %q", note)
	}
	// Kinds twice in one change are refused, as in any submission.
	err := c.CheckRegisterChange(at, tAgency, ContractChangeInput{ChangedOn: "2026-03-10", Reason: "r", Documents: files(4)})
	if code(err) != EINVALID || !strings.Contains(err.Error(), "documents[3].kind") {
		t.Fatalf("want documents[3].kind refused, got %v", err)
	}
	for len(c.Files()) < MaxContractFiles-1 {
		if err := c.RegisterChange(at, tAgency, ContractChangeInput{ChangedOn: "2026-03-10", Reason: "r", AmountKRW: ptr[int64](3),
			Documents: files(1)}); err != nil {
			t.Fatal(err)
		}
	}
	before := len(c.Changes)
	err = c.RegisterChange(at, tAgency, ContractChangeInput{ChangedOn: "2026-03-10", Reason: "r", AmountKRW: ptr[int64](4), Documents: files(2)})
	if code(err) != EINVALID || !strings.Contains(err.Error(), "documents") || len(c.Changes) != before {
		t.Fatalf("want the files past %d refused, got %v", MaxContractFiles, err)
	}
}

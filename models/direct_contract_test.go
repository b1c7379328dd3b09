package models

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

var tOtherAgency = Actor{Sub: "lee", Role: RoleAgency, Org: "AG-0002"}

func seoul(y int, m time.Month, d, h, mi, s int) time.Time {
	return time.Date(y, m, d, h, mi, s, 0, Seoul)
}

func contractInput() DirectContractInput {
	return DirectContractInput{ServiceID: "SVC-0001", Title: "민원포털 클라우드 운영", ContractedOn: "2026-01-30",
		AmountKRW: 48_000_000, PeriodFrom: "2026-02-01", PeriodTo: "2026-12-31", Method: "direct"}
}

// requireField asserts an EINVALID error whose first field is field.
func requireField(t *testing.T, err error, field string) {
	t.Helper()
	var me *Error
	if !errors.As(err, &me) || me.Code != EINVALID || len(me.Fields) == 0 || me.Fields[0].Field != field {
		t.Fatalf("want invalid %s, got %v", field, err)
	}
}

func TestParseDirectContract(t *testing.T) {
	today := DateOf(tNow) // 2026-03-02
	for _, tc := range []struct {
		name  string
		edit  func(*DirectContractInput)
		field string
	}{
		{"OK", func(*DirectContractInput) {}, ""},
		{"OK_ContractedToday", func(in *DirectContractInput) { in.ContractedOn = "2026-03-02" }, ""},
		{"OK_ContractedOnSystemStart", func(in *DirectContractInput) { in.ContractedOn, in.PeriodFrom = "2020-10-01", "2020-10-01" }, ""},
		{"OK_OneDayPeriod", func(in *DirectContractInput) { in.PeriodFrom, in.PeriodTo = "2026-03-01", "2026-03-01" }, ""},
		{"OK_PeriodBeganBeforeContract", func(in *DirectContractInput) { in.PeriodFrom = "2026-01-01" }, ""},
		{"OK_Title200", func(in *DirectContractInput) { in.Title = strings.Repeat("가", 200) }, ""},
		{"ErrServiceRequired", func(in *DirectContractInput) { in.ServiceID = " " }, "service_id"},
		{"OK_TitleBlank", func(in *DirectContractInput) { in.Title = "  " }, ""}, // optional (API.md)
		{"ErrTitle201", func(in *DirectContractInput) { in.Title = strings.Repeat("가", 201) }, "title"},
		{"ErrAmountZero", func(in *DirectContractInput) { in.AmountKRW = 0 }, "amount_krw"},
		{"ErrAmountNegative", func(in *DirectContractInput) { in.AmountKRW = -1 }, "amount_krw"},
		{"ErrAmountAboveMax", func(in *DirectContractInput) { in.AmountKRW = int64(MaxKRW) + 1 }, "amount_krw"},
		{"ErrContractedOnFormat", func(in *DirectContractInput) { in.ContractedOn = "2026/01/30" }, "contracted_on"},
		{"ErrContractedOnMissing", func(in *DirectContractInput) { in.ContractedOn = "" }, "contracted_on"},
		{"ErrContractedTomorrow", func(in *DirectContractInput) { in.ContractedOn = "2026-03-03" }, "contracted_on"},
		{"ErrContractedBeforeSystem", func(in *DirectContractInput) { in.ContractedOn = "2020-09-30" }, "contracted_on"},
		{"ErrPeriodFromFormat", func(in *DirectContractInput) { in.PeriodFrom = "2026-02-30" }, "period_from"},
		{"ErrPeriodToMissing", func(in *DirectContractInput) { in.PeriodTo = "" }, "period_to"},
		{"ErrPeriodReversed", func(in *DirectContractInput) { in.PeriodFrom, in.PeriodTo = "2026-03-02", "2026-03-01" }, "period_to"},
		{"ErrPeriodEndsBeforeContract", func(in *DirectContractInput) { in.PeriodFrom, in.PeriodTo = "2026-01-01", "2026-01-29" }, "period_to"},
		{"ErrMethodCatalog", func(in *DirectContractInput) { in.Method = "catalog" }, "method"},
		{"ErrMethodMissing", func(in *DirectContractInput) { in.Method = "" }, "method"},
		{"ErrMethodCase", func(in *DirectContractInput) { in.Method = "Direct" }, "method"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := contractInput()
			tc.edit(&in)
			r, err := ParseDirectContract(in, today)
			if tc.field != "" {
				requireField(t, err, tc.field)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.ContractedOn.String() != in.ContractedOn || r.AmountKRW != KRW(in.AmountKRW) || r.Title != strings.TrimSpace(in.Title) {
				t.Fatalf("parsed %+v from %+v", r, in)
			}
		})
	}
	t.Run("ErrEveryFieldNamed", func(t *testing.T) {
		_, err := ParseDirectContract(DirectContractInput{}, today)
		var me *Error
		if !errors.As(err, &me) {
			t.Fatal(err)
		}
		got := map[string]bool{}
		for _, f := range me.Fields {
			got[f.Field] = true
		}
		for _, f := range []string{"service_id", "amount_krw", "contracted_on", "period_from", "period_to", "method"} {
			if !got[f] {
				t.Errorf("%s not named in %v", f, me.Fields)
			}
		}
	})
}

func newTestContract(t *testing.T, contractedOn string, at time.Time) *DirectContract {
	t.Helper()
	in := contractInput()
	in.ContractedOn = contractedOn
	req, err := ParseDirectContract(in, DateOf(at))
	if err != nil {
		t.Fatal(err)
	}
	svc := Service{ID: "SVC-0001", Name: "한빛 클라우드 서버", Type: TypeCloud, Provider: Provider{Org: "PV-0001"}}
	return NewDirectContract("CT-2026-000001", "contract-CT-2026-000001", req, svc, tAgency, at)
}

// TestDirectContract_DueAndLateAtTheSeoulDayBoundary: 30 calendar days from the contract
// date; the whole due date is in time, its midnight (Seoul, not UTC) is late.
func TestDirectContract_DueAndLateAtTheSeoulDayBoundary(t *testing.T) {
	for _, tc := range []struct {
		name string
		at   time.Time
		late bool
	}{
		{"OK_SameDay", seoul(2026, 1, 30, 9, 0, 0), false},
		{"OK_OnDueDateLastSecond", seoul(2026, 3, 1, 23, 59, 59), false},
		{"OK_OnDueDateUTCAfternoon", time.Date(2026, 3, 1, 14, 59, 59, 0, time.UTC), false},
		{"Late_NextDayMidnight", seoul(2026, 3, 2, 0, 0, 0), true},
		{"Late_NextDayUTCStillFirst", time.Date(2026, 3, 1, 15, 0, 0, 0, time.UTC), true},
		{"Late_FortyDays", seoul(2026, 3, 11, 10, 0, 0), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newTestContract(t, "2026-01-30", tc.at)
			if c.RegistrationDue.String() != "2026-03-01" {
				t.Fatalf("due %s, want 2026-03-01 (30 calendar days after 2026-01-30)", c.RegistrationDue)
			}
			if c.Late != tc.late {
				t.Fatalf("late %v at %s", c.Late, tc.at)
			}
			if c.Status != ContractRegistered || c.Method != MethodDirect || c.ProviderOrg != "PV-0001" || c.AgencyOrg != "AG-0001" {
				t.Fatalf("%+v", c)
			}
			if len(c.Steps) != 1 || c.Steps[0].Action != ActionContractRegistered || c.Steps[0].Actor != tAgency {
				t.Fatalf("steps %+v", c.Steps)
			}
		})
	}
}

func TestDirectContract_RuleInForceOnTheContractDate(t *testing.T) {
	saved := Rules
	t.Cleanup(func() { Rules = saved })
	Rules = append(append([]Rule(nil), saved...),
		Rule{Key: RuleDirectContractDays, Value: "14", Unit: "calendar days", Source: "hypothetical amendment", EffectiveFrom: seoulDate(2026, 2, 1)})
	before := newTestContract(t, "2026-01-31", seoul(2026, 2, 10, 9, 0, 0))
	after := newTestContract(t, "2026-02-01", seoul(2026, 2, 10, 9, 0, 0))
	if before.RegistrationDue.String() != "2026-03-02" || after.RegistrationDue.String() != "2026-02-15" {
		t.Fatalf("due %s and %s", before.RegistrationDue, after.RegistrationDue)
	}
}

func TestRuleTable_DirectContract(t *testing.T) {
	if RuleInt(RuleDirectContractDays, tNow) != 30 || RuleInt(RuleContractReminderDays, tNow) != 3 {
		t.Fatal("30 days to register, reminded 3 days before")
	}
	r, _ := RuleAt(RuleContractReminderDays, tNow)
	if !strings.Contains(r.Source, "dsmarket 운영 기본값") {
		t.Fatalf("the reminder is our default, not the regulation's: %q", r.Source)
	}
}

func TestDirectContract_ClosesAfterThePeriodWhenNothingIsOpen(t *testing.T) {
	c := newTestContract(t, "2026-01-30", seoul(2026, 2, 2, 9, 0, 0)) // period to 2026-12-31
	closesAt := seoul(2027, 1, 31, 0, 0, 0)                           // the end of 12-31 + 30 days
	if next, ok := c.NextEvent(); !ok || !next.Equal(closesAt) || !c.ClosesAt.Equal(closesAt) {
		t.Fatalf("next %s, closes %s", next, c.ClosesAt)
	}
	// A change open at that moment keeps the contract open until its details come.
	if err := c.RegisterChange(seoul(2026, 12, 30, 9, 0, 0), tAgency, ContractChangeInput{ChangedOn: "2026-12-30", Reason: "정산"}); err != nil {
		t.Fatal(err)
	}
	// By then its own due date (2027-01-29) has passed too: overdue, and still open.
	if ev := c.Advance(closesAt); ev.Closed || c.Status != ContractChangeOverdue {
		t.Fatalf("%+v %s", ev, c.Status)
	}
	if err := c.RegisterChange(closesAt.Add(time.Hour), tAgency, ContractChangeInput{ChangedOn: "2026-12-30", Reason: "정산",
		AmountKRW: ptr[int64](47_500_000)}); err != nil {
		t.Fatal(err)
	}
	ev := c.Advance(closesAt.Add(time.Hour))
	if !ev.Closed || c.Status != ContractClosed || c.ClosedAt == nil {
		t.Fatalf("%+v %s", ev, c.Status)
	}
	if _, ok := c.NextEvent(); ok {
		t.Fatal("a closed contract waits for nothing")
	}
	err := c.RegisterChange(closesAt.Add(2*time.Hour), tAgency, ContractChangeInput{ChangedOn: "2027-01-30", Reason: "r"})
	if code(err) != ECONFLICT || !strings.Contains(ErrorMessage(err), "closed") {
		t.Fatalf("want a conflict naming closed, got %v", err)
	}
	if c.Advance(closesAt.AddDate(1, 0, 0)).Any() {
		t.Fatal("nothing happens to a closed contract")
	}
}

func TestDirectContract_VisibleTo(t *testing.T) {
	c := newTestContract(t, "2026-01-30", seoul(2026, 2, 2, 9, 0, 0))
	for _, tc := range []struct {
		a    Actor
		want bool
	}{
		{tAgency, true}, {tProvider, true}, {Actor{Role: RoleAuditor, Org: "BAI"}, true},
		{tOtherAgency, false}, {Actor{Role: RoleProvider, Org: "PV-0002"}, false}, {Actor{Role: RoleOperator, Org: "NIA"}, false},
	} {
		if c.VisibleTo(tc.a) != tc.want {
			t.Errorf("%+v: %v", tc.a, !tc.want)
		}
	}
}

func TestDirectContract_JSON(t *testing.T) {
	c := newTestContract(t, "2026-01-30", seoul(2026, 2, 2, 9, 0, 0))
	raw, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`"changes":[]`, `"contracted_on":"2026-01-30"`, `"registration_due":"2026-03-01"`,
		`"registered_at":"2026-02-02T09:00:00+09:00"`, `"method":"direct"`, `"late":false`} {
		if !strings.Contains(string(raw), s) {
			t.Errorf("%s not in %s", s, raw)
		}
	}
	var back DirectContract
	if err := json.Unmarshal(raw, &back); err != nil || back.RegistrationDue != c.RegistrationDue || back.Changes == nil {
		t.Fatalf("%v %+v", err, back)
	}
}

// A contract registered with its files keeps them and its registration's step names them.
func TestDirectContract_RegisteredWithFiles(t *testing.T) {
	c := newTestContract(t, "2026-01-30", seoul(2026, 2, 2, 9, 0, 0))
	before := c.Steps[0].Note
	c.RegisteredWith([]Document{{Kind: DocContract, Filename: "계약서.pdf", SHA256: sumOf("c"), Size: 10}})
	if len(c.Documents) != 1 || len(c.Steps) != 1 {
		t.Fatalf("%+v", c)
	}
	if got := c.Steps[0].Note; got != before+"; files: 계약서.pdf" {
		t.Errorf("the registration's step: %q", got)
	}
	if got := c.Steps[0].NoteText.In(LangKO); !strings.HasSuffix(got, "; 첨부: 계약서.pdf") {
		t.Errorf("in Korean: %q", got)
	}
}

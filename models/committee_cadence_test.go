package models

import (
	"strings"
	"testing"
)

func TestParseCommitteeCadence(t *testing.T) {
	if c, err := ParseCommitteeCadence("monthly"); err != nil || c != CadenceMonthly {
		t.Fatalf("monthly: %q, %v", c, err)
	}
	for _, s := range []string{"weekly", "Monthly", ""} {
		if _, err := ParseCommitteeCadence(s); err == nil || !strings.Contains(err.Error(), "monthly") {
			t.Errorf("%q: got %v, want a refusal naming what is followed", s, err)
		}
	}
	// The table's own value is one the system follows.
	r, err := RuleAt(RuleCommitteeCadence, systemStart)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseCommitteeCadence(r.Value); err != nil {
		t.Errorf("the table's committee.cadence: %v", err)
	}
}

// TestNoticeCommitteeBacklog: the operators' reminder reads in both languages, with the
// count and the oldest application as arguments.
func TestNoticeCommitteeBacklog(t *testing.T) {
	x := NoticeCommitteeBacklog(3, "APP-2027-000004")
	for _, c := range []struct{ got, want string }{
		{x.Subject.In(LangKO), "심사위원회 개최 필요: 상정 대기 3건"},
		{x.Subject.In(LangEN), "Selection committee needed: applications waiting: 3"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	for _, lang := range CatalogLangs {
		body := x.Body.In(lang)
		if !strings.Contains(body, "APP-2027-000004") || !strings.Contains(body, "3") || strings.ContainsAny(body, "{}") {
			t.Errorf("%s body: %q", lang, body)
		}
	}
}

package models

import (
	"testing"
	"time"
)

// TestParsePersonReadCheck: a check covers whole days that have begun, at most a year and
// a day, and says what it found; each refusal names its field.
func TestParsePersonReadCheck(t *testing.T) {
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, Seoul)
	for _, c := range []struct {
		name  string
		in    PersonReadCheckInput
		field string // "" when accepted
	}{
		{"last month", PersonReadCheckInput{From: "2026-11-01", To: "2026-11-30", Outcome: "no_findings"}, ""},
		{"up to today", PersonReadCheckInput{From: "2026-12-01", To: "2026-12-07", Outcome: "no_findings"}, ""},
		{"findings with a note", PersonReadCheckInput{From: "2026-11-01", To: "2026-11-30", Outcome: "findings",
			Note: "park.operator read 40 records at 02:00; asked, answered, closed"}, ""},
		{"a whole leap year", PersonReadCheckInput{From: "2024-01-01", To: "2024-12-31", Outcome: "no_findings"}, ""},
		{"longer", PersonReadCheckInput{From: "2024-01-01", To: "2025-01-01", Outcome: "no_findings"}, "to"},
		{"tomorrow", PersonReadCheckInput{From: "2026-12-01", To: "2026-12-08", Outcome: "no_findings"}, "to"},
		{"reversed", PersonReadCheckInput{From: "2026-11-30", To: "2026-11-01", Outcome: "no_findings"}, "to"},
		{"no start", PersonReadCheckInput{To: "2026-11-30", Outcome: "no_findings"}, "from"},
		{"not a date", PersonReadCheckInput{From: "2026-11-31", To: "2026-11-30", Outcome: "no_findings"}, "from"},
		{"findings without a note", PersonReadCheckInput{From: "2026-11-01", To: "2026-11-30", Outcome: "findings"}, "note"},
		{"another outcome", PersonReadCheckInput{From: "2026-11-01", To: "2026-11-30", Outcome: "fine"}, "outcome"},
		{"a control character", PersonReadCheckInput{From: "2026-11-01", To: "2026-11-30", Outcome: "no_findings", Note: "a\x00b"}, "note"},
	} {
		got, err := ParsePersonReadCheck(c.in, now)
		if c.field == "" {
			if err != nil {
				t.Errorf("%s: refused: %v", c.name, err)
			} else if got.From.String() != c.in.From || got.To.String() != c.in.To {
				t.Errorf("%s: period %s–%s", c.name, got.From, got.To)
			}
			continue
		}
		if names := fieldNames(err); len(names) != 1 || names[0] != c.field {
			t.Errorf("%s: %v, want a refusal of %s", c.name, err, c.field)
		}
	}
}

// TestLastMonth: the month before, in Seoul, whatever the time of day in UTC.
func TestLastMonth(t *testing.T) {
	for now, want := range map[time.Time][2]string{
		time.Date(2026, 12, 7, 9, 0, 0, 0, Seoul):      {"2026-11-01", "2026-11-30"},
		time.Date(2026, 1, 1, 0, 0, 0, 0, Seoul):       {"2025-12-01", "2025-12-31"},
		time.Date(2026, 2, 28, 16, 0, 0, 0, time.UTC):  {"2026-02-01", "2026-02-28"}, // 03-01 01:00 in Seoul
		time.Date(2028, 3, 1, 12, 0, 0, 0, Seoul):      {"2028-02-01", "2028-02-29"},
		time.Date(2026, 3, 31, 23, 59, 0, 0, Seoul):    {"2026-02-01", "2026-02-28"},
		time.Date(2026, 4, 30, 15, 30, 0, 0, time.UTC): {"2026-04-01", "2026-04-30"}, // 05-01 00:30 in Seoul
	} {
		first, last := LastMonth(now)
		if got := [2]string{first.String(), last.String()}; got != want {
			t.Errorf("LastMonth(%s) = %v, want %v", now, got, want)
		}
	}
}

package models

import (
	"testing"
	"time"
)

// dueIn is the store's predicate (selected_on <= cutoff) on the strict cutoff.
func dueIn(selected Date, year int) bool { return !selected.After(QualityCycleCutoffStrict(year).Time) }

// TestQualityCycleCutoffStrict pins SPEC.md's "selected more than 1 year" at the cycle of
// 2 March 09:00: selected exactly one year before the cycle day, a service is not due; one
// day earlier, it is.
func TestQualityCycleCutoffStrict(t *testing.T) {
	if got := QualityCycleCutoffStrict(2027).String(); got != "2026-03-01" {
		t.Fatalf("cutoff of 2027 = %s, want 2026-03-01", got)
	}
	for _, c := range []struct {
		selected string
		due      bool
	}{
		{"2026-03-02", false}, // exactly one year before the cycle day
		{"2026-03-03", false},
		{"2026-03-01", true}, // one year and a day
		{"2025-03-02", true},
	} {
		if got := dueIn(mustDate(t, c.selected), 2027); got != c.due {
			t.Errorf("selected %s: due in 2027 = %v, want %v", c.selected, got, c.due)
		}
	}
	// The cutoff recorded histories keep admits the service of exactly one year.
	if QualityCycleCutoff(2027).String() != "2026-03-02" {
		t.Errorf("QualityCycleCutoff(2027) = %s: the cutoff of recorded cycles changed", QualityCycleCutoff(2027))
	}
}

// TestQualityCycleCutoffStrictEveryYear: the calendar never falls on 29 February, so the
// strict cutoff is always the day before the old one, leap years or not.
func TestQualityCycleCutoffStrictEveryYear(t *testing.T) {
	for year := 2021; year <= 2045; year++ {
		strict, old := QualityCycleCutoffStrict(year), QualityCycleCutoff(year)
		if want := DateOf(old.AddDate(0, 0, -1)); !strict.Equal(want.Time) {
			t.Errorf("%d: strict %s, want %s (the day before %s)", year, strict, want, old)
		}
		if dueIn(old, year) || !dueIn(strict, year) {
			t.Errorf("%d: %s must wait, %s must be due", year, old, strict)
		}
	}
}

// TestCutoffMoreThanYears: the cycle's hour never moves the cutoff, and the days around
// 29 February count as the Civil Act counts them.
func TestCutoffMoreThanYears(t *testing.T) {
	at := func(s string, h, m int) time.Time {
		d := mustDate(t, s)
		return time.Date(d.Year(), d.Month(), d.Day(), h, m, 0, 0, Seoul)
	}
	for _, c := range []struct {
		name  string
		at    time.Time
		years int
		want  string
	}{
		{"OK_Cycle0900", at("2027-03-02", 9, 0), 1, "2026-03-01"},
		{"OK_Midnight", at("2027-03-02", 0, 0), 1, "2026-03-01"},
		{"OK_LastMinute", at("2027-03-02", 23, 59), 1, "2026-03-01"},
		// An instant given in UTC is judged on its Seoul day: 2027-03-01 15:00 UTC is the
		// 2nd in Seoul.
		{"OK_UTCInstant", time.Date(2027, 3, 1, 15, 0, 0, 0, time.UTC), 1, "2026-03-01"},
		{"OK_ThreeYears", at("2027-03-02", 9, 0), 3, "2024-03-01"},
		// Selected 29 Feb 2024: the year runs from 1 March and ends 28 February 2025.
		{"OK_AfterLeapDay", at("2025-03-01", 9, 0), 1, "2024-02-29"},
		{"OK_BeforeLeapDay", at("2025-02-28", 9, 0), 1, "2024-02-27"},
		// Selected 28 Feb 2027: the year runs from 1 March and ends 29 February 2028, so it
		// is not over on that day.
		{"OK_OnLeapDay", at("2028-02-29", 9, 0), 1, "2027-02-27"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := cutoffMoreThanYears(c.at, c.years).String(); got != c.want {
				t.Errorf("cutoff = %s, want %s", got, c.want)
			}
		})
	}
}

func TestYearsServedUntil(t *testing.T) {
	for _, c := range []struct{ selected, until string }{
		{"2026-03-02", "2027-03-02"},
		{"2024-02-28", "2025-02-28"}, // the years run from 29 Feb, which 2025 lacks
		{"2024-02-29", "2025-02-28"},
		{"2027-02-28", "2028-02-29"},
		{"2025-12-31", "2026-12-31"},
	} {
		if got := yearsServedUntil(mustDate(t, c.selected), 1).String(); got != c.until {
			t.Errorf("selected %s: one year until %s, want %s", c.selected, got, c.until)
		}
	}
}

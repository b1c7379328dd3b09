package models

import (
	"errors"
	"testing"
)

func TestParseStatsPeriod(t *testing.T) {
	today := DateOf(seoulDate(2026, 3, 2))
	p, err := ParseStatsPeriod("", "", today)
	if err != nil || p.From != RegimeStart || p.To != today {
		t.Fatalf("defaults = %v, %v; want %s..%s", p, err, RegimeStart, today)
	}
	p, err = ParseStatsPeriod(" 2025-01-01", "2025-12-31", today)
	if err != nil || p.From.String() != "2025-01-01" || p.To.String() != "2025-12-31" {
		t.Fatalf("2025 = %v, %v", p, err)
	}
	if _, err := ParseStatsPeriod("2025-01-01", "2025-01-01", today); err != nil {
		t.Fatalf("a one-day period: %v", err)
	}
	for _, c := range []struct{ from, to, field string }{
		{"2025-13-01", "", "from"},
		{"", "yesterday", "to"},
		{"2020-09-30", "", "from"},
		{"2025-02-01", "2025-01-31", "to"},
	} {
		_, err := ParseStatsPeriod(c.from, c.to, today)
		var e *Error
		if !errors.As(err, &e) || e.Code != EINVALID || len(e.Fields) != 1 || e.Fields[0].Field != c.field {
			t.Errorf("ParseStatsPeriod(%q, %q) = %v; want an invalid %s", c.from, c.to, err, c.field)
		}
	}
}

func TestStatsSharePctAndBillions(t *testing.T) {
	for _, c := range []struct {
		part, whole int64
		want        float64
	}{{786, 1149, 68.4}, {307, 425, 72.2}, {304_200, 445_400, 68.3}, {1, 0, 0}, {0, 5, 0}, {1, 8, 12.5}} {
		if got := SharePct(c.part, c.whole); got != c.want {
			t.Errorf("SharePct(%d, %d) = %v, want %v", c.part, c.whole, got, c.want)
		}
	}
	if got := BillionKRW(57_125_000_000); got != "57.1" {
		t.Errorf("BillionKRW = %s", got)
	}
}

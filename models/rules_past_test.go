package models

import (
	"strings"
	"testing"
	"time"
)

func TestCheckPastKept(t *testing.T) {
	v := func(value string, y int, m time.Month, d int) Rule {
		return Rule{Key: RuleNegotiationDays, Value: value, Unit: "calendar days", Type: RuleTypeInteger, EffectiveFrom: seoulDate(y, m, d)}
	}
	base := []Rule{v("10", 2020, 10, 1), v("12", 2022, 1, 1), v("14", 2030, 1, 1)}
	now := seoulDate(2026, 12, 3)
	cases := map[string]struct {
		table           []Rule
		edited, missing string
	}{
		"the same table":                           {table: base},
		"an amendment from a day to come":          {table: append(append([]Rule{}, base...), v("15", 2027, 1, 1))},
		"a version to come, changed":               {table: []Rule{v("10", 2020, 10, 1), v("12", 2022, 1, 1), v("20", 2030, 1, 1)}},
		"a version in force, edited":               {table: []Rule{v("10", 2020, 10, 1), v("11", 2022, 1, 1)}, edited: `catalog_order.negotiation_days@2022-01-01: the version in force since 2022-01-01 is edited (value "11", was "12")`},
		"a version in force, dropped":              {table: []Rule{v("10", 2020, 10, 1)}, missing: "catalog_order.negotiation_days@2022-01-01: the version in force since 2022-01-01 is missing"},
		"a version in force, moved to a later day": {table: []Rule{v("10", 2020, 10, 1), v("12", 2022, 2, 1)}, missing: "@2022-01-01"},
	}
	for name, c := range cases {
		edited, missing := CheckPastKept(c.table, base, now)
		check := func(what string, err error, want string) {
			switch {
			case want == "" && err != nil:
				t.Errorf("%s: %s: %v", name, what, err)
			case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
				t.Errorf("%s: %s = %v, want %q", name, what, err, want)
			}
		}
		check("edited", edited, c.edited)
		check("missing", missing, c.missing)
	}
	// The day a version takes effect it is in force, from midnight Seoul time.
	if _, missing := CheckPastKept([]Rule{v("10", 2020, 10, 1)}, base[:2], seoulDate(2022, 1, 1)); missing == nil {
		t.Error("a version in force since midnight was not missed")
	}
	if _, missing := CheckPastKept([]Rule{v("10", 2020, 10, 1)}, base[:2], seoulDate(2022, 1, 1).Add(-time.Second)); missing != nil {
		t.Errorf("a version a second before it takes effect: %v", missing)
	}
	if e, m := CheckPastKept(BuiltinRules(), BuiltinRules(), time.Now()); e != nil || m != nil {
		t.Errorf("the built-in table against itself: %v %v", e, m)
	}
}

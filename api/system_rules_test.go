package api

import (
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/models"
)

// TestRuleViews: an amended rule lists both versions, the earlier one ending the day
// before the later begins, and at most one of them in force at any instant.
func TestRuleViews(t *testing.T) {
	from2027 := time.Date(2027, 1, 1, 0, 0, 0, 0, models.Seoul)
	table := append(models.RuleTable(), models.Rule{Key: models.RuleNegotiationDays, Value: "14", Unit: "calendar days",
		Source: "hypothetical amendment", EffectiveFrom: from2027, AppliesToOpenCases: true, OpenCasesSource: "부칙 (가정)"})
	negotiation := func(at time.Time) (old, amended RuleView) {
		t.Helper()
		var found []RuleView
		for _, v := range ruleViews(models.RuleTable(), at) {
			if v.Key == string(models.RuleQualifyingScore) && (v.InForce == at.Before(models.RegimeStart.Time) ||
				v.EffectiveTo != "" || v.Type != "integer") {
				t.Errorf("the qualifying score's only version: %+v", v)
			}
		}
		for _, v := range ruleViews(table, at) {
			if v.Key == string(models.RuleNegotiationDays) {
				found = append(found, v)
			}
		}
		if len(found) != 2 {
			t.Fatalf("%d versions of the negotiation days", len(found))
		}
		return found[0], found[1]
	}
	for at, want := range map[time.Time][2]bool{
		from2027.Add(-time.Nanosecond): {true, false},
		from2027:                       {false, true},
		time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC): {false, false},
	} {
		old, amended := negotiation(at)
		if old.InForce != want[0] || amended.InForce != want[1] {
			t.Errorf("at %s: in force %v and %v, want %v", at, old.InForce, amended.InForce, want)
		}
		if old.Value != "10" || old.EffectiveTo != "2026-12-31" || old.AppliesToOpenCases {
			t.Errorf("the first version: %+v", old)
		}
		if amended.Value != "14" || amended.EffectiveFrom != "2027-01-01" || amended.EffectiveTo != "" ||
			amended.Type != "integer" || !amended.AppliesToOpenCases || amended.OpenCasesSource == "" {
			t.Errorf("the amendment: %+v", amended)
		}
	}
}

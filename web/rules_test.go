package web

import (
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/models"
)

// TestRulesLabels: the rules page names every key of the table, every effect of a what-if
// and every kind of case it counts in both languages. Its labels are looked up by page
// methods rather than {{.L "ns"}}, so the catalog test's enumerations do not see them.
func TestRulesLabels(t *testing.T) {
	catalogLoaded(t)
	need := func(key string) {
		t.Helper()
		m, ok := messages[key]
		if !ok || m[0] == "" || m[1] == "" {
			t.Errorf("%s has no Korean and English text", key)
		}
	}
	for _, g := range groupRules(models.RuleTable(), time.Now()) {
		need("rule." + string(g.Key))
	}
	for _, e := range []string{models.EffectKept, models.EffectAtNextStep, models.EffectDeadlineMoved,
		models.EffectBecomesLate, models.EffectThresholdChanged} {
		need("ruleeffect." + e)
		need("ruleeffect." + e + ".hint")
	}
	for _, k := range []string{"order", "application", "direct_contract", "quality_case", "change_request", "service_watch"} {
		need("rulecase." + k)
	}
}

// TestRuleUnits: every unit the rule table states is said in Korean on a Korean page, and
// a unit the catalog does not know shows as the table writes it.
func TestRuleUnits(t *testing.T) {
	catalogLoaded(t)
	ko := page{Lang: langKO}
	for _, r := range models.RuleTable() {
		if got := ko.RuleUnit(r.Unit); got == r.Unit {
			t.Errorf("%s: the unit %q has no Korean text (add a ruleunit.* key whose English is it)", r.Key, r.Unit)
		}
		if got := (page{Lang: langEN}).RuleUnit(r.Unit); got != r.Unit {
			t.Errorf("%s: the English page says %q for %q", r.Key, got, r.Unit)
		}
	}
	if got := ko.RuleUnit("calendar days"); got != "일 (역일 기준)" {
		t.Errorf("calendar days in Korean: %q", got)
	}
	if got := ko.RuleUnit("fortnights"); got != "fortnights" {
		t.Errorf("an unknown unit: %q", got)
	}
}

// TestGroupRules: each key's versions run to the day before the next one, and the version
// in force is the last that took effect, not a scheduled one.
func TestGroupRules(t *testing.T) {
	day := func(s string) time.Time { d, _ := models.ParseDate(s); return d.Time }
	table := []models.Rule{
		{Key: models.RuleNegotiationDays, Value: "10", EffectiveFrom: day("2020-10-01")},
		{Key: models.RuleNegotiationDays, Value: "12", EffectiveFrom: day("2024-01-01")},
		{Key: models.RuleNegotiationDays, Value: "14", EffectiveFrom: day("2027-01-01")},
		{Key: models.RuleQualifyingScore, Value: "85", EffectiveFrom: day("2020-10-01")},
	}
	got := groupRules(table, day("2026-06-01"))
	if len(got) != 2 || len(got[0].Versions) != 3 || len(got[1].Versions) != 1 {
		t.Fatalf("grouped as %+v", got)
	}
	vs := got[0].Versions
	if vs[0].Until == nil || vs[0].Until.String() != "2023-12-31" || vs[1].Until.String() != "2026-12-31" || vs[2].Until != nil {
		t.Errorf("versions end on %v, %v, %v", vs[0].Until, vs[1].Until, vs[2].Until)
	}
	if vs[0].InForce || !vs[1].InForce || vs[2].InForce || !vs[2].Scheduled || !got[1].Versions[0].InForce {
		t.Errorf("in force / scheduled marked as %+v", vs)
	}
}

// TestWhatIfFormRows: blank rows are left out, and an error names the form's row, not the
// place of the row among the filled ones.
func TestWhatIfFormRows(t *testing.T) {
	in, rows := whatIfFrom(map[string][]string{"rules[2].key": {"catalog_order.negotiation_days"}, "rules[2].value": {" 14 "}})
	if len(in.Rules) != 1 || in.Rules[0].Value != "14" || len(rows) != 1 || rows[0] != 2 {
		t.Fatalf("read %+v, rows %v", in.Rules, rows)
	}
	errs := formRowErrors([]models.FieldError{{Field: "rules[0].effective_from"}, {Field: "rules"}}, rows)
	if errs[0].Field != "rules[2].effective_from" || errs[1].Field != "rules" {
		t.Errorf("errors name %q and %q", errs[0].Field, errs[1].Field)
	}
}

// TestRuleSources: an English page names a version's source in English where the table
// gives it, and in Korean where it does not; a Korean page, in Korean.
func TestRuleSources(t *testing.T) {
	r := models.Rule{Source: "국가계약법 시행령 제15조의3", SourceEn: "Enforcement Decree, Article 15-3"}
	if got := (page{Lang: langEN}).RuleSource(r); got != r.SourceEn {
		t.Errorf("English page: %q", got)
	}
	if got := (page{Lang: langKO}).RuleSource(r); got != r.Source {
		t.Errorf("Korean page: %q", got)
	}
	r.SourceEn = ""
	if got := (page{Lang: langEN}).RuleSource(r); got != r.Source {
		t.Errorf("English page, no English source: %q", got)
	}
}

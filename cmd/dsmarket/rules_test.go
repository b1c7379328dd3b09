package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store/storetest"
)

// ruleFiles writes the built-in rule file, the same with an amendment appended, and one
// with two problems in its first entry, and returns their paths.
func ruleFiles(t *testing.T) (good, amended, bad string) {
	t.Helper()
	def := models.DefaultRuleFile()
	var f map[string]any
	if err := json.Unmarshal(def, &f); err != nil {
		t.Fatal(err)
	}
	f["rules"] = append(f["rules"].([]any), map[string]any{"key": "catalog_order.negotiation_days", "value": "14",
		"type": "integer", "unit": "calendar days", "source": "hypothetical amendment", "effective_from": "2027-01-01"})
	withAmendment, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(strings.Replace(string(def), `"value": "85"`, `"value": "eighty-five"`, 1),
		`"effective_from": "2020-10-01"`, `"effective_from": "2019-10-01"`, 1)
	dir := t.TempDir()
	good, amended, bad = filepath.Join(dir, "good.json"), filepath.Join(dir, "amended.json"), filepath.Join(dir, "bad.json")
	for path, content := range map[string][]byte{good: def, amended: withAmendment, bad: []byte(broken)} {
		if err := os.WriteFile(path, content, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return good, amended, bad
}

func TestRulesCheck(t *testing.T) {
	good, amended, bad := ruleFiles(t)
	check := func(path string) (string, error) {
		var out, errOut bytes.Buffer
		err := run(context.Background(), []string{"dsmarket", "rules", "check", path}, func(string) string { return "" }, &out, &errOut)
		return out.String(), err
	}
	n, keys := len(models.Rules), models.RuleTableKeys(models.Rules)
	if out, err := check(good); err != nil || out != fmt.Sprintf("ok: %d rules, %d keys\n", n, keys) {
		t.Fatalf("the built-in file: %q, %v", out, err)
	}
	if out, err := check(amended); err != nil || out != fmt.Sprintf("ok: %d rules, %d keys\n", n+1, keys) {
		t.Fatalf("an amendment: %q, %v", out, err)
	}
	out, err := check(bad)
	if err == nil || !strings.Contains(err.Error(), "2 problem(s)") {
		t.Fatalf("a bad file: %v", err)
	}
	for _, want := range []string{"rules[0] catalog_order.qualifying_score: value", "rules[0] catalog_order.qualifying_score: effective_from 2019-10-01"} {
		if !strings.Contains(out, bad+": "+want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// A version in force rewritten: the file reads well, but cases pinned the old value.
	edited := filepath.Join(t.TempDir(), "edited.json")
	if err := os.WriteFile(edited, []byte(strings.Replace(string(models.DefaultRuleFile()), `"value": "85"`, `"value": "80"`, 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err = check(edited)
	if err == nil || !strings.Contains(out, `catalog_order.qualifying_score@2020-10-01: the version in force since 2020-10-01 is edited (value "80", was "85")`) {
		t.Errorf("an edited version in force: %v\n%s", err, out)
	}
	savedRules, savedQuality := models.Rules, models.QualityRules
	t.Cleanup(func() { models.Rules, models.QualityRules = savedRules, savedQuality })
	err = useRulesFile(loadConfig(func(k string) string { return map[string]string{"RULES_FILE": edited}[k] }), newLogger(loadConfig(func(string) string { return "" }), &bytes.Buffer{}))
	if err == nil || !strings.Contains(err.Error(), "edits a rule version in force") || len(models.Rules) != len(savedRules) || models.RuleInt(models.RuleQualifyingScore, time.Now()) != 85 {
		t.Errorf("RULES_FILE editing a version in force: %v", err)
	}
	if _, err := check(filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Error("a missing file passed")
	}
	var o, e bytes.Buffer
	if err := runRules([]string{"check"}, &o, &e); err == nil || !strings.Contains(e.String(), "rules check FILE") {
		t.Errorf("no file: %v %q", err, e.String())
	}
	if err := runRules([]string{"default"}, &o, &e); err != nil || !bytes.Equal(o.Bytes(), models.DefaultRuleFile()) {
		t.Errorf("default: %v", err)
	}
}

// TestRulesFile: a process takes RULES_FILE's table, and refuses to start on a bad one,
// naming the variable and the problems.
func TestRulesFile(t *testing.T) {
	savedRules, savedQuality := models.Rules, models.QualityRules
	t.Cleanup(func() { models.Rules, models.QualityRules = savedRules, savedQuality })
	_, amended, bad := ruleFiles(t)
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	quiet := newLogger(loadConfig(env(nil)), &bytes.Buffer{})

	if err := useRulesFile(loadConfig(env(nil)), quiet); err != nil || len(models.Rules) != len(savedRules) {
		t.Fatalf("without RULES_FILE: %v, %d rules", err, len(models.Rules))
	}
	if err := useRulesFile(loadConfig(env(map[string]string{"RULES_FILE": amended})), quiet); err != nil {
		t.Fatal(err)
	}
	if got := models.RuleInt(models.RuleNegotiationDays, time.Date(2027, 6, 1, 0, 0, 0, 0, models.Seoul)); got != 14 {
		t.Fatalf("negotiation days in 2027 under RULES_FILE: %d", got)
	}
	models.Rules, models.QualityRules = savedRules, savedQuality

	// The worker, against a real database, stops at the rule file before it reaches
	// Temporal (none is listening at the address).
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"dsmarket", "worker"}, env(map[string]string{
		"DATABASE_URL": storetest.NewDSN(t), "RULES_FILE": bad, "TEMPORAL_ADDRESS": "127.0.0.1:1", "LOG_LEVEL": "error"}), &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "RULES_FILE="+bad) || !strings.Contains(err.Error(), "eighty-five") {
		t.Fatalf("worker with a bad RULES_FILE: %v", err)
	}
	if len(models.Rules) != len(savedRules) {
		t.Error("a bad file changed the table")
	}
}

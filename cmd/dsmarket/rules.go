package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/dsmarket/dsmarket/models"
)

const rulesUsage = `usage: dsmarket rules check FILE    check a proposed rule file (docs/rules.md)
       dsmarket rules default       print the built-in rule file, to amend`

// runRules is `dsmarket rules`: checking a proposed rule table before it is deployed
// (RULES_FILE), and the built-in table an amendment starts from.
func runRules(args []string, stdout, stderr io.Writer) error {
	var verb, path string
	if len(args) > 0 {
		verb = args[0]
	}
	if len(args) > 1 {
		path = args[1]
	}
	switch {
	case verb == "check" && len(args) == 2:
		table, err := readRuleFile(path)
		if err == nil {
			edited, missing := models.CheckPastKept(table, models.BuiltinRules(), time.Now())
			err = errors.Join(edited, missing)
		}
		if err != nil {
			return reportRuleProblems(stdout, path, err)
		}
		fmt.Fprintf(stdout, "ok: %d rules, %d keys\n", len(table), models.RuleTableKeys(table))
		return nil
	case verb == "default" && len(args) == 1:
		_, err := stdout.Write(models.DefaultRuleFile())
		return err
	}
	fmt.Fprintln(stderr, rulesUsage)
	return errUsage
}

// readRuleFile reads and checks a rule file.
func readRuleFile(path string) ([]models.Rule, error) {
	b, err := os.ReadFile(path) //nolint:gosec // G703: the operator names the file to check or to run with

	if err != nil {
		return nil, err
	}
	return models.ParseRuleTable(b)
}

// reportRuleProblems writes each problem of a rule file on a line of its own and returns
// an error counting them, for the exit status.
func reportRuleProblems(w io.Writer, path string, err error) error {
	problems := []error{err}
	var joined interface{ Unwrap() []error }
	if errors.As(err, &joined) {
		problems = joined.Unwrap()
	}
	for _, p := range problems {
		fmt.Fprintf(w, "%s: %v\n", path, p)
	}
	return fmt.Errorf("%s: %d problem(s); the file is not a rule table", path, len(problems))
}

// useRulesFile makes RULES_FILE, when set, the process's rule table. A file that fails
// its checks stops the process before it serves a request or runs a workflow step: a
// process judging cases by the built-in table while the operator believes an amendment
// in force would be worse than one that does not start.
func useRulesFile(cfg config, logger *slog.Logger) error {
	if cfg.RulesFile == "" {
		return nil
	}
	table, err := readRuleFile(cfg.RulesFile)
	if err != nil {
		return fmt.Errorf("RULES_FILE=%s is not a valid rule table (dsmarket rules check %s shows the same):\n%w",
			cfg.RulesFile, cfg.RulesFile, err)
	}
	// A version in force rewritten is refused: cases pinned it. One the file lacks (a file
	// written before this binary's table gained it) is said, and the file's table runs.
	edited, missing := models.CheckPastKept(table, models.BuiltinRules(), time.Now())
	if edited != nil {
		return fmt.Errorf("RULES_FILE=%s edits a rule version in force (dsmarket rules check %s shows the same):\n%w",
			cfg.RulesFile, cfg.RulesFile, edited)
	}
	if missing != nil {
		logger.Warn("RULES_FILE lacks rule versions of the built-in table that are in force", "file", cfg.RulesFile, "missing", missing.Error())
	}
	models.UseRules(table)
	logger.Info("rule table from RULES_FILE", "file", cfg.RulesFile, "rules", len(table), "keys", models.RuleTableKeys(table))
	return nil
}

package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
)

// The rule table (GET /api/v1/rules) for anyone, and for operators and auditors the
// what-if of a proposed amendment (POST /api/v1/rules/what-if), which reads and changes
// nothing.

// whatIfRows is how many proposed versions the form offers: an amendment touches a
// handful of numbers, and blank rows are ignored.
const whatIfRows = 3

type rulesView struct {
	Rules []ruleGroup
	// Keys are the table's keys, the choices of the form's rule.
	Keys      []models.RuleKey
	CanWhatIf bool
	Rows      []int
	// ListErr is the error of the list of proposals as a whole (none was given), which
	// belongs to no row.
	ListErr string
	// Result is the what-if's answer, nil until one was asked.
	Result *app.WhatIf
}

// ruleGroup is one key of the table with its versions, oldest first.
type ruleGroup struct {
	Key      models.RuleKey
	Versions []ruleVersion
}

type ruleVersion struct {
	models.Rule
	// From is the day the version takes effect, in Seoul.
	From models.Date
	// Until is the day before the next version took or takes effect; nil for the last.
	Until *models.Date
	// InForce is the version that applies now; Scheduled one that takes effect later.
	InForce, Scheduled bool
}

// groupRules groups table (sorted by key, then date, as models.RuleTable is) by key and
// marks the version in force at now.
func groupRules(table []models.Rule, now time.Time) []ruleGroup {
	var out []ruleGroup
	for _, r := range table {
		if len(out) == 0 || out[len(out)-1].Key != r.Key {
			out = append(out, ruleGroup{Key: r.Key})
		}
		g := &out[len(out)-1]
		if n := len(g.Versions); n > 0 {
			until := models.DateOf(r.EffectiveFrom.AddDate(0, 0, -1))
			g.Versions[n-1].Until = &until
		}
		g.Versions = append(g.Versions, ruleVersion{Rule: r, From: models.DateOf(r.EffectiveFrom), Scheduled: r.EffectiveFrom.After(now)})
	}
	for i := range out {
		vs := out[i].Versions
		for j := len(vs) - 1; j >= 0; j-- {
			if !vs[j].Scheduled {
				vs[j].InForce = true
				break
			}
		}
	}
	return out
}

func (u *UI) rules(c *gin.Context) { u.showRules(c, http.StatusOK, nil, nil) }

// showRules shows the table, with the what-if form for those who may ask one: f is the
// form as sent (nil for a fresh one), result the answer to it.
func (u *UI) showRules(c *gin.Context, status int, f *form, result *app.WhatIf) {
	groups := groupRules(models.RuleTable(), u.now())
	v := rulesView{Rules: groups, Rows: rowNumbers(whatIfRows), Result: result}
	switch sessionOf(c).Role {
	case models.RoleOperator, models.RoleAuditor:
		v.CanWhatIf = true
	}
	for _, g := range groups {
		v.Keys = append(v.Keys, g.Key)
	}
	if f != nil {
		var msgs []string
		for _, e := range f.Errors {
			if e.Field == "rules" {
				msgs = append(msgs, say(langOf(c), e.Text, e.Message))
			}
		}
		v.ListErr = strings.Join(msgs, "; ")
	}
	u.showCase(c, status, "rules", u.pageFor(c, "h.rules"), f, "", v)
}

// whatIf answers the form with the call of POST /api/v1/rules/what-if, on the same page:
// it changes nothing, so there is nothing to redirect to, and the form stays filled in
// for the next question.
func (u *UI) whatIf(c *gin.Context) {
	sent, ok := u.postForm(c)
	if !ok {
		return
	}
	in, rows := whatIfFrom(sent)
	out, err := u.app.Rules.WhatIf(ctx(c), sessionOf(c).actor(), in)
	f := newForm(sent)
	switch {
	case err == nil:
		u.showRules(c, http.StatusOK, f, &out)
	case errIs(err, models.EINVALID):
		f.Errors = formRowErrors(fieldsOf(err), rows)
		u.showRules(c, http.StatusUnprocessableEntity, f, nil)
	default:
		u.fail(c, err)
	}
}

// whatIfFrom reads the filled rows of the form into the REST body; rows[i] is the form's
// row of the body's i-th proposal.
func whatIfFrom(f url.Values) (models.WhatIfInput, []int) {
	in := models.WhatIfInput{Rules: []models.ProposedRule{}}
	var rows []int
	for i := range whatIfRows {
		key := func(field string) string { return fmt.Sprintf("rules[%d].%s", i, field) }
		p := models.ProposedRule{Key: strings.TrimSpace(f.Get(key("key"))), Value: strings.TrimSpace(f.Get(key("value"))),
			EffectiveFrom: strings.TrimSpace(f.Get(key("effective_from"))), Source: strings.TrimSpace(f.Get(key("source"))),
			AppliesToOpenCases: f.Get(key("applies_to_open_cases")) == "true",
			OpenCasesSource:    strings.TrimSpace(f.Get(key("applies_to_open_cases_source")))}
		if p == (models.ProposedRule{}) {
			continue
		}
		in.Rules = append(in.Rules, p)
		rows = append(rows, i)
	}
	return in, rows
}

var proposalField = regexp.MustCompile(`^rules\[(\d+)\]`)

// formRowErrors names each error's row as the form numbers it: the validator counts the
// filled rows only, and a person may leave a row blank above one they filled.
func formRowErrors(errs []models.FieldError, rows []int) []models.FieldError {
	out := make([]models.FieldError, len(errs))
	for i, e := range errs {
		if m := proposalField.FindStringSubmatch(e.Field); m != nil {
			if n, err := strconv.Atoi(m[1]); err == nil && n < len(rows) {
				e.Field = fmt.Sprintf("rules[%d]", rows[n]) + e.Field[len(m[0]):]
			}
		}
		out[i] = e
	}
	return out
}

// RuleName is a rule key's short name in the page's language; a key the catalog does not
// name yet shows as itself.
func (p page) RuleName(key models.RuleKey) string {
	if _, ok := messages["rule."+string(key)]; !ok {
		return string(key)
	}
	return translate(p.Lang, "rule."+string(key))
}

// RuleSource names a version's source in the page's language: its English name on an
// English page where the table gives one, the Korean legal text's otherwise.
func (p page) RuleSource(r models.Rule) string {
	if p.Lang == langEN && r.SourceEn != "" {
		return r.SourceEn
	}
	return r.Source
}

// RuleUnit says a version's unit in the page's language. The catalog's ruleunit.* texts
// are the map: the one whose English is the unit the version states is said in the page's
// language, and a unit the catalog does not know (a deployed table may bring a new one)
// shows as the table writes it.
func (p page) RuleUnit(unit string) string {
	if key, ok := ruleUnitKeys()[unit]; ok {
		return translate(p.Lang, key)
	}
	return unit
}

// ruleUnitKeys maps each ruleunit.* text's English to its key.
var ruleUnitKeys = sync.OnceValue(func() map[string]string {
	out := map[string]string{}
	for key, m := range messages {
		if strings.HasPrefix(key, "ruleunit.") {
			out[m[1]] = key
		}
	}
	return out
})

// EffectName and EffectHint say what a what-if's effect is, and why, in a line.
func (p page) EffectName(effect string) string { return label(p.Lang, "ruleeffect", effect) }

func (p page) EffectHint(effect string) string {
	if _, ok := messages["ruleeffect."+effect+".hint"]; !ok {
		return ""
	}
	return translate(p.Lang, "ruleeffect."+effect+".hint")
}

// CaseKindName names a kind of case the what-if looks at, or does not yet.
func (p page) CaseKindName(kind string) string { return label(p.Lang, "rulecase", kind) }

package web

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
)

// The forms decode into the very structs the REST API decodes from JSON; from there on
// the app layer, the Update and its validator are the same. Only what HTML forms cannot
// say (numbers, booleans, lists) is converted here, and a value that does not convert is
// a field error like the JSON decoder's.

// completionFrom reads a task form into the completion body of the task's kind. It sets
// only the fields of that kind, as a JSON client would.
func completionFrom(kind models.TaskKind, f url.Values) models.TaskCompletion {
	var c models.TaskCompletion
	switch kind {
	case models.TaskDocumentCheck:
		c.Outcome = strings.TrimSpace(f.Get("outcome"))
		if ks := f["missing_kinds"]; len(ks) > 0 {
			c.MissingKinds = ks
		}
		c.Note = f.Get("note")
	case models.TaskAssignExperts:
		// An empty selection is sent as an empty list, so the validator names the field.
		c.Experts = append([]string{}, f["experts"]...)
	case models.TaskExpertReview:
		c.Opinion = f.Get("opinion")
		visit := f.Get("site_visit") == "true"
		c.SiteVisit = &visit
		c.Comment = f.Get("comment")
		c.Criteria = &models.ReviewCriteria{
			Eligibility: models.ReviewVerdict(f.Get("criteria.eligibility")),
			Management:  models.ReviewVerdict(f.Get("criteria.management")),
			Security:    models.ReviewVerdict(f.Get("criteria.security")),
			Stability:   models.ReviewVerdict(f.Get("criteria.stability")),
			Support:     models.ReviewVerdict(f.Get("criteria.support")),
		}
	case models.TaskSiteVisit:
		c.HeldOn, c.Report = f.Get("held_on"), f.Get("report")
	case models.TaskCommitteeVote:
		if f.Get("recuse") == "true" {
			c.Recuse, c.Reason = true, f.Get("reason")
		} else {
			c.Vote = f.Get("vote")
		}
	case models.TaskQualityInspection:
		c.Outcome, c.Reason, c.Due = f.Get("outcome"), f.Get("reason"), f.Get("due")
		c.OnSite = f.Get("on_site") == "true"
	case models.TaskRegistration:
		c.Note = f.Get("note")
	}
	return c
}

// refuse records that a form's field is invalid for the reason the UI catalog's key gives,
// so that a page reads it in its own language (its English is the record's).
func refuse(fe *models.Fields, field, key string, pairs ...string) {
	*fe = append(*fe, uiFieldError(field, models.Msg(key, pairs...)))
}

// won reads an amount in whole won; people write thousands separators and "원".
func won(f url.Values, name string, fe *models.Fields) int64 {
	s := strings.TrimSpace(f.Get(name))
	s = strings.TrimSuffix(strings.NewReplacer(",", "", " ", "").Replace(s), "원")
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		refuse(fe, name, "msg.form.whole_won")
	}
	return n
}

func number(f url.Values, name string, fe *models.Fields) float64 {
	s := strings.TrimSpace(f.Get(name))
	if s == "" {
		return 0
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		refuse(fe, name, "msg.form.number")
	}
	return v
}

func orderFrom(f url.Values) (app.CreateOrderInput, error) {
	var fe models.Fields
	in := app.CreateOrderInput{ServiceID: f.Get("service_id"), Title: f.Get("title"),
		BudgetKRW: won(f, "budget_krw", &fe), ProposalDue: f.Get("proposal_due")}
	return in, fe.Err()
}

func proposalFrom(f url.Values) (models.ProposalInput, error) {
	var fe models.Fields
	in := models.ProposalInput{PriceKRW: won(f, "price_krw", &fe), Summary: f.Get("summary")}
	return in, fe.Err()
}

// rows reads the numbered rows of a form's list (prefix[i].field), up to n of them; read
// returns false for a row left blank, which is not part of the list.
func rows[T any](prefix string, n int, read func(key func(field string) string) (T, bool)) []T {
	var out []T
	for i := range n {
		key := func(field string) string { return fmt.Sprintf("%s[%d].%s", prefix, i, field) }
		if row, ok := read(key); ok {
			out = append(out, row)
		}
	}
	return out
}

// scoreRows is how many criteria the evaluation form offers; blank rows are ignored.
const scoreRows = 5

func scoresFrom(f url.Values) ([]models.ScoreInput, error) {
	var fe models.Fields
	out := rows("scores", scoreRows, func(key func(string) string) (models.ScoreInput, bool) {
		crit := strings.TrimSpace(f.Get(key("criterion")))
		if crit == "" && strings.TrimSpace(f.Get(key("score"))) == "" && strings.TrimSpace(f.Get(key("max"))) == "" {
			return models.ScoreInput{}, false
		}
		// A conversion error names the form's row; the validator's errors name the row's
		// place among the filled ones. People fill the form from the top, so they agree.
		return models.ScoreInput{Criterion: crit, Score: number(f, key("score"), &fe), Max: number(f, key("max"), &fe)}, true
	})
	if err := fe.Err(); err != nil {
		return nil, err
	}
	if out == nil {
		out = []models.ScoreInput{}
	}
	return out, nil
}

func negotiationFrom(f url.Values) (models.NegotiationInput, error) {
	var fe models.Fields
	var in models.NegotiationInput
	switch f.Get("agreed") {
	case "true":
		agreed := true
		in.Agreed, in.FinalPriceKRW, in.Terms = &agreed, won(f, "final_price_krw", &fe), f.Get("terms")
	case "false":
		agreed := false
		in.Agreed, in.Reason = &agreed, f.Get("reason")
	}
	return in, fe.Err()
}

// yesNo reads a yes/no choice; nil when neither was chosen, so the validator names it.
func yesNo(f url.Values, name string) *bool {
	switch f.Get(name) {
	case "true", "false":
		yes := f.Get(name) == "true"
		return &yes
	}
	return nil
}

// documentRows is how many documents one supplement or quality report form takes.
const documentRows = 3

func contractFrom(f url.Values) (models.DirectContractInput, error) {
	var fe models.Fields
	in := models.DirectContractInput{ServiceID: f.Get("service_id"), Title: f.Get("title"),
		ContractedOn: f.Get("contracted_on"), AmountKRW: won(f, "amount_krw", &fe),
		PeriodFrom: f.Get("period_from"), PeriodTo: f.Get("period_to"), Method: string(models.MethodDirect),
		SearchID: strings.TrimSpace(f.Get("search_id"))}
	return in, fe.Err()
}

// documentSize reads a document row's optional size in bytes into d.
func documentSize(f url.Values, key func(string) string, d *models.DocumentInput, fe *models.Fields) {
	if s := strings.TrimSpace(f.Get(key("size"))); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			refuse(fe, key("size"), "msg.form.whole_bytes")
		}
		d.Size = n
	}
}

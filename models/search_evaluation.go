package models

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The agency's evaluation of a search's candidates by its own weighted criteria, when
// several services fit (SPEC.md Process 3).

// SearchCriterion is one of the agency's criteria and its weight in percent.
type SearchCriterion struct {
	Name   string `json:"name"`
	Weight int    `json:"weight"`
}

// SearchScore is a candidate's score on one criterion, from 0 to 100.
type SearchScore struct {
	ServiceID string `json:"service_id"`
	Criterion string `json:"criterion"`
	Score     int    `json:"score"`
}

// SearchEvaluationInput is the body of POST /searches/{id}/evaluation.
type SearchEvaluationInput struct {
	Criteria []SearchCriterion `json:"criteria"`
	Scores   []SearchScore     `json:"scores"`
	Chosen   string            `json:"chosen"`
	Reason   string            `json:"reason"`
}

// SearchTotal is a scored candidate's weighted total (0 to 100) and its rank, 1 best;
// candidates with equal totals share a rank.
type SearchTotal struct {
	ServiceID string  `json:"service_id"`
	Total     float64 `json:"total"`
	Rank      int     `json:"rank"`
}

// SearchEvaluation is the agency's evaluation of the candidates and its choice.
type SearchEvaluation struct {
	Criteria    []SearchCriterion `json:"criteria"`
	Scores      []SearchScore     `json:"scores"`
	Ranking     []SearchTotal     `json:"ranking"`
	Chosen      string            `json:"chosen"`
	Reason      string            `json:"reason"`
	EvaluatedAt time.Time         `json:"evaluated_at"`
	EvaluatedBy string            `json:"evaluated_by"`
}

// Limits of an evaluation.
const (
	MaxSearchCriteria = 10
	maxScore          = 100
	weightTotal       = 100
)

// Evaluate validates an evaluation of s's candidates and ranks them. Weights are whole
// percentages that sum to 100, so that what the agency wrote is what counts (no silent
// normalisation). A candidate scored at all is scored on every criterion; candidates not
// scored are not ranked. The chosen service must be a scored candidate. A total is
// Σ weight × score / 100, kept exact in hundredths.
func (s *Search) Evaluate(in SearchEvaluationInput, by Actor, now time.Time) (*SearchEvaluation, error) {
	var fe Fields
	ev := &SearchEvaluation{EvaluatedAt: now, EvaluatedBy: by.Sub}
	weights := map[string]int{}
	sum := 0
	switch {
	case len(in.Criteria) == 0:
		fe.AddText("criteria", Msg("invalid.search_criteria_required"))
	case len(in.Criteria) > MaxSearchCriteria:
		fe.AddText("criteria", Msg("invalid.search_max_criteria", "max", itoa(MaxSearchCriteria)))
	}
	for i, c := range in.Criteria {
		c.Name = strings.TrimSpace(c.Name)
		field := "criteria[" + strconv.Itoa(i) + "]"
		if err := checkText(c.Name, 1, 100); err != nil {
			fe.AddErr(field+".name", err)
		} else if _, dup := weights[c.Name]; dup {
			fe.AddText(field+".name", Msg("invalid.search_criterion_twice", "name", strconv.Quote(c.Name)))
		}
		if c.Weight < 1 || c.Weight > weightTotal {
			fe.AddText(field+".weight", Msg("invalid.search_weight_range", "min", "1", "max", itoa(weightTotal)))
		}
		weights[c.Name] = c.Weight
		sum += c.Weight
		ev.Criteria = append(ev.Criteria, c)
	}
	if len(in.Criteria) > 0 && len(in.Criteria) <= MaxSearchCriteria && sum != weightTotal {
		fe.AddText("criteria", Msg("invalid.search_weights_sum", "total", itoa(weightTotal), "sum", itoa(int64(sum))))
	}
	if len(in.Scores) > MaxSearchResults*MaxSearchCriteria {
		fe.AddText("scores", Msg("invalid.search_max_scores", "max", itoa(MaxSearchResults*MaxSearchCriteria)))
		return nil, fe.Err()
	}
	type key struct{ svc, crit string }
	seen := map[key]bool{}
	scored := map[string]int{} // service → weighted sum in hundredths
	for i, sc := range in.Scores {
		field := "scores[" + strconv.Itoa(i) + "]"
		sc.Criterion = strings.TrimSpace(sc.Criterion)
		_, inList := s.Result(sc.ServiceID)
		w, named := weights[sc.Criterion]
		switch {
		case !inList:
			fe.AddText(field+".service_id", Msg("invalid.search_not_a_result"))
		case !named:
			fe.AddText(field+".criterion", Msg("invalid.search_not_a_criterion"))
		case seen[key{sc.ServiceID, sc.Criterion}]:
			fe.AddText(field, Msg("invalid.search_scored_twice", "service", sc.ServiceID, "criterion", strconv.Quote(sc.Criterion)))
		case sc.Score < 0 || sc.Score > maxScore:
			fe.AddText(field+".score", Msg("invalid.search_score_range", "min", "0", "max", itoa(maxScore)))
		default:
			seen[key{sc.ServiceID, sc.Criterion}] = true
			scored[sc.ServiceID] += w * sc.Score
		}
		ev.Scores = append(ev.Scores, sc)
	}
	for svc := range scored {
		for _, c := range ev.Criteria {
			if !seen[key{svc, c.Name}] {
				fe.AddText("scores", Msg("invalid.search_partly_scored", "service", svc, "criterion", strconv.Quote(c.Name)))
			}
		}
	}
	ev.Chosen = strings.TrimSpace(in.Chosen)
	if _, ok := s.Result(ev.Chosen); !ok {
		fe.AddText("chosen", Msg("invalid.search_chosen_result"))
	} else if _, ok := scored[ev.Chosen]; !ok {
		fe.AddText("chosen", Msg("invalid.search_chosen_scored"))
	}
	ev.Reason = strings.TrimSpace(in.Reason)
	if err := checkText(ev.Reason, 1, 2000); err != nil {
		fe.AddErr("reason", err)
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	ev.Ranking = rankTotals(scored)
	return ev, nil
}

// rank orders the weighted sums (in hundredths) best first, by service ID within a total.
func rankTotals(scored map[string]int) []SearchTotal {
	type sv struct {
		id  string
		sum int
	}
	all := make([]sv, 0, len(scored))
	for id, sum := range scored {
		all = append(all, sv{id, sum})
	}
	slices.SortFunc(all, func(a, b sv) int { return cmp.Or(cmp.Compare(b.sum, a.sum), cmp.Compare(a.id, b.id)) })
	out := make([]SearchTotal, len(all))
	for i, v := range all {
		r := i + 1
		if i > 0 && v.sum == all[i-1].sum {
			r = out[i-1].Rank
		}
		out[i] = SearchTotal{ServiceID: v.id, Total: float64(v.sum) / weightTotal, Rank: r}
	}
	return out
}

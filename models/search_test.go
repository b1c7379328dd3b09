package models

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

func searchOf(ids ...string) *Search {
	s := &Search{ID: "SR-000001", Outcome: SearchOpen}
	for i, id := range ids {
		s.Results = append(s.Results, SearchResult{ServiceID: id, Name: "서비스 " + id,
			Provider: SearchProvider{Org: "P" + id, Name: "기업"}, Type: TypeCloud, Subtype: SubSaaS, Version: i + 1})
	}
	return s
}

func TestSearchEvaluate_WeightedRanking(t *testing.T) {
	s := searchOf("SVC-1", "SVC-2", "SVC-3")
	ev, err := s.Evaluate(SearchEvaluationInput{
		Criteria: []SearchCriterion{{Name: "가격", Weight: 60}, {Name: "보안", Weight: 40}},
		Scores: []SearchScore{
			{ServiceID: "SVC-1", Criterion: "가격", Score: 70}, {ServiceID: "SVC-1", Criterion: "보안", Score: 95},
			{ServiceID: "SVC-2", Criterion: "가격", Score: 90}, {ServiceID: "SVC-2", Criterion: "보안", Score: 65},
		},
		Chosen: "SVC-1", Reason: "보안 점수가 높음",
	}, Actor{Sub: "kim"}, time.Unix(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	// SVC-1: (60·70 + 40·95)/100 = 80; SVC-2: (60·90 + 40·65)/100 = 80 → a shared rank.
	want := []SearchTotal{{"SVC-1", 80, 1}, {"SVC-2", 80, 1}}
	if len(ev.Ranking) != 2 || ev.Ranking[0] != want[0] || ev.Ranking[1] != want[1] {
		t.Fatalf("ranking = %+v, want %+v", ev.Ranking, want)
	}
	ev, err = s.Evaluate(SearchEvaluationInput{
		Criteria: []SearchCriterion{{Name: "가격", Weight: 100}},
		Scores:   []SearchScore{{"SVC-3", "가격", 33}, {"SVC-2", "가격", 67}},
		Chosen:   "SVC-3", Reason: "r",
	}, Actor{}, time.Unix(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	if ev.Ranking[0] != (SearchTotal{"SVC-2", 67, 1}) || ev.Ranking[1] != (SearchTotal{"SVC-3", 33, 2}) {
		t.Fatalf("ranking = %+v", ev.Ranking)
	}
}

func TestSearchEvaluate_RefusesEachMistake(t *testing.T) {
	s := searchOf("SVC-1", "SVC-2")
	cases := map[string]struct {
		in    SearchEvaluationInput
		field string
	}{
		"weights not 100": {SearchEvaluationInput{Criteria: []SearchCriterion{{"a", 50}, {"b", 40}},
			Scores: []SearchScore{{"SVC-1", "a", 1}, {"SVC-1", "b", 1}}, Chosen: "SVC-1", Reason: "r"}, "criteria"},
		"zero weight": {SearchEvaluationInput{Criteria: []SearchCriterion{{"a", 0}, {"b", 100}},
			Scores: []SearchScore{{"SVC-1", "a", 1}, {"SVC-1", "b", 1}}, Chosen: "SVC-1", Reason: "r"}, "criteria[0].weight"},
		"duplicate criterion": {SearchEvaluationInput{Criteria: []SearchCriterion{{"a", 50}, {"a", 50}},
			Scores: []SearchScore{{"SVC-1", "a", 1}}, Chosen: "SVC-1", Reason: "r"}, "criteria[1].name"},
		"service not in list": {SearchEvaluationInput{Criteria: []SearchCriterion{{"a", 100}},
			Scores: []SearchScore{{"SVC-1", "a", 1}, {"SVC-9", "a", 1}}, Chosen: "SVC-1", Reason: "r"}, "scores[1].service_id"},
		"criterion not named": {SearchEvaluationInput{Criteria: []SearchCriterion{{"a", 100}},
			Scores: []SearchScore{{"SVC-1", "a", 1}, {"SVC-1", "z", 1}}, Chosen: "SVC-1", Reason: "r"}, "scores[1].criterion"},
		"score above 100": {SearchEvaluationInput{Criteria: []SearchCriterion{{"a", 100}},
			Scores: []SearchScore{{"SVC-1", "a", 101}}, Chosen: "SVC-1", Reason: "r"}, "scores[0].score"},
		"partly scored": {SearchEvaluationInput{Criteria: []SearchCriterion{{"a", 50}, {"b", 50}},
			Scores: []SearchScore{{"SVC-1", "a", 1}}, Chosen: "SVC-1", Reason: "r"}, "scores"},
		"chosen not in list": {SearchEvaluationInput{Criteria: []SearchCriterion{{"a", 100}},
			Scores: []SearchScore{{"SVC-1", "a", 1}}, Chosen: "SVC-9", Reason: "r"}, "chosen"},
		"chosen not scored": {SearchEvaluationInput{Criteria: []SearchCriterion{{"a", 100}},
			Scores: []SearchScore{{"SVC-1", "a", 1}}, Chosen: "SVC-2", Reason: "r"}, "chosen"},
		"no reason": {SearchEvaluationInput{Criteria: []SearchCriterion{{"a", 100}},
			Scores: []SearchScore{{"SVC-1", "a", 1}}, Chosen: "SVC-1"}, "reason"},
	}
	for name, c := range cases {
		_, err := s.Evaluate(c.in, Actor{}, time.Unix(0, 0))
		var e *Error
		if !errors.As(err, &e) || e.Code != EINVALID {
			t.Errorf("%s: err = %v, want invalid", name, err)
			continue
		}
		found := false
		for _, f := range e.Fields {
			found = found || f.Field == c.field
		}
		if !found {
			t.Errorf("%s: fields %+v do not name %s", name, e.Fields, c.field)
		}
	}
}

// The hash is reproducible from its documented definition (docs/searches.md) alone.
func TestResultsHash_Canonical(t *testing.T) {
	s := searchOf("SVC-1")
	s.Results[0].Name = "보안 <클라우드> & \"AI\""
	canonical := `[{"service_id":"SVC-1","name":"보안 <클라우드> & \"AI\"","provider":{"org":"PSVC-1","name":"기업"},"type":"cloud","subtype":"saas","version":1}]`
	sum := sha256.Sum256([]byte(canonical))
	if got, want := ResultsHash(s.Results), hex.EncodeToString(sum[:]); got != want {
		t.Fatalf("hash = %s, want %s", got, want)
	}
	empty := sha256.Sum256([]byte("[]"))
	if ResultsHash(nil) != hex.EncodeToString(empty[:]) {
		t.Fatal("an empty list hashes as []")
	}
}

func TestParseSearch(t *testing.T) {
	if _, _, err := ParseSearch(SearchInput{Title: "t", Type: "cloud", Subtype: "consulting"}); err == nil || !strings.Contains(err.Error(), "subtype") {
		t.Fatalf("err = %v, want subtype named", err)
	}
	title, q, err := ParseSearch(SearchInput{Title: " 보안 검색 ", Q: " 보안 ", Type: "cloud", Subtype: "saas"})
	if err != nil || title != "보안 검색" || q.Q != "보안" || q.Subtype != SubSaaS {
		t.Fatalf("got %q %+v %v", title, q, err)
	}
	if _, _, err := ParseSearchOutcome(SearchOutcomeInput{Outcome: "contracted", Reason: "x"}); err == nil {
		t.Fatal("contracted is set only by a contract")
	}
}

// TestParseSearch_PriceCeiling: the ceiling is kept as GET /services reads it, and a bad
// one is a field error, never a search run without it.
func TestParseSearch_PriceCeiling(t *testing.T) {
	_, q, err := ParseSearch(SearchInput{Title: "t", PriceItem: " vCPU ", MaxUnitPriceKRW: "30000"})
	if err != nil || q.PriceItem != "vCPU" || q.MaxUnitPriceKRW == nil || *q.MaxUnitPriceKRW != 30000 {
		t.Fatalf("got %+v %v", q, err)
	}
	f := q.Filter()
	if f.PriceItem != "vCPU" || f.MaxUnitPriceKRW != q.MaxUnitPriceKRW {
		t.Fatalf("filter %+v", f)
	}
	for _, bad := range []NumberText{"-1", "1.5"} {
		_, _, err := ParseSearch(SearchInput{Title: "t", MaxUnitPriceKRW: bad})
		if names := fieldNames(err); len(names) != 1 || names[0] != "max_unit_price_krw" {
			t.Fatalf("%s: err = %v, want a field error on max_unit_price_krw", bad, err)
		}
	}
	// A search without a ceiling hashes its query as before the ceiling was kept.
	_, q, _ = ParseSearch(SearchInput{Title: "t", Q: "챗봇"})
	if b, _ := json.Marshal(q); string(b) != `{"q":"챗봇"}` {
		t.Fatalf("query = %s", b)
	}
}

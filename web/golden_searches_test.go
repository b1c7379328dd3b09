package web

import (
	"net/url"
	"testing"

	"golang.org/x/net/html"

	"github.com/dsmarket/dsmarket/models"
)

// The golden cases of the direct-award search pages: the agency's list with its save form,
// a search compared side by side with its evaluation form refused, and the auditor's
// read-only page in English.

func fxSearch() *models.Search {
	results := []models.SearchResult{
		{ServiceID: "SVC-0003", Name: "한빛 민원 챗봇", Provider: models.SearchProvider{Org: "PV-0001", Name: "(주)한빛클라우드"},
			Type: models.TypeCloud, Subtype: models.SubSaaS, Version: 2},
		{ServiceID: "SVC-0101", Name: "다솜 상담 챗봇", Provider: models.SearchProvider{Org: "PV-0002", Name: "다솜소프트"},
			Type: models.TypeCloud, Subtype: models.SubSaaS, Version: 1},
	}
	by := models.Actor{Sub: "kim.agency", Role: models.RoleAgency, Org: "AG-0001"}
	s := models.NewSearch("SR-000001", "민원 챗봇 수의계약 검토", models.SearchQuery{Q: "챗봇", Type: models.TypeCloud},
		results, by, at(10, 9, 30), "req-1")
	s.Downloads = []models.SearchDownload{{Format: "csv", By: "kim.agency", Org: "AG-0001", At: at(10, 9, 31)}}
	return s
}

func searchesGoldenCases() []goldenCase {
	var cs []goldenCase
	add := func(name, tmpl string, p page, check func(*testing.T, string, *html.Node)) {
		cs = append(cs, goldenCase{name: name, tmpl: tmpl, p: p, check: check})
	}
	s := fxSearch()

	p := fxPage(langKO, fxAgency, "h.searches", "/ui/searches")
	p.Form = fxForm(url.Values{"title": {"전체"}, "q": {""}},
		models.FieldError{Field: "q", Message: "the search finds more than 100 services: narrow it with more words or filters (type, subtype, sme, csap) before saving it"})
	p.Data = searchesView{Searches: []models.Search{*s}, NextToken: "tok-sr"}
	add("searches_agency_errors", "searches", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `action="/ui/searches"`, `<a href="/ui/searches/SR-000001">SR-000001</a>`, `id="e-q">the search finds more than 100`,
			`href="/ui/searches?page_token=tok-sr"`, `data-outcome="open"`)
	})

	p = fxPage(langKO, fxAgency, "h.search", "/ui/searches/SR-000001?compare=SVC-0003&compare=SVC-0101").about(s.ID)
	p.Form = fxForm(url.Values{"criteria[0].name": {"가격"}, "criteria[0].weight": {"60"}, "score.SVC-0003.0": {"80"}, "chosen": {"SVC-0003"}},
		models.FieldError{Field: "reason", Message: "is required"})
	svc := fxService
	svc.ID, svc.Version, svc.Features = "SVC-0003", 3, []string{"24시간 응답"}
	svc.Prices = []models.PriceLine{{Item: "기본 요금", Unit: "기관-월", UnitPriceKRW: 300000}}
	p.Data = searchView{Search: s, Compared: map[string]bool{"SVC-0003": true, "SVC-0101": true}, Criteria: rowNumbers(criteriaRows),
		Compare:    []comparedService{{Result: s.Results[0], Service: &svc, Changed: true}, {Result: s.Results[1]}},
		Candidates: s.Results, CanAct: true, Action: "evaluation"}
	add("search_agency_compare", "search", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `id="search-compare"`, `<li>24시간 응답</li>`, `action="/ui/searches/SR-000001/evaluation"`,
			`action="/ui/searches/SR-000001/outcome"`, `name="score.SVC-0003.0" value="80"`, `id="e-ev-reason">is required`,
			`href="/ui/contracts/new?service_id=SVC-0003&amp;search_id=SR-000001"`, `href="/ui/searches/SR-000001/download?format=csv"`,
			`id="cmp-SVC-0101" name="compare" value="SVC-0101" checked`)
	})

	ev, err := s.Evaluate(models.SearchEvaluationInput{Criteria: []models.SearchCriterion{{Name: "가격", Weight: 60}, {Name: "보안", Weight: 40}},
		Scores: []models.SearchScore{{ServiceID: "SVC-0003", Criterion: "가격", Score: 80}, {ServiceID: "SVC-0003", Criterion: "보안", Score: 95}},
		Chosen: "SVC-0003", Reason: "보안 점수가 가장 높음"}, models.Actor{Sub: "kim.agency"}, at(10, 10, 0))
	if err != nil {
		panic(err)
	}
	done := *s
	done.Evaluation, done.Outcome, done.ContractID = ev, models.SearchContracted, "CT-2026-000001"
	p = withPeople(fxPage(langEN, fxAuditor, "h.search", "/ui/searches/SR-000001")).about(s.ID)
	p.Form = fxForm(nil)
	p.Data = searchView{Search: &done, Compared: map[string]bool{}, Criteria: rowNumbers(criteriaRows), Candidates: s.Results,
		Chosen: ev.Chosen}
	add("search_auditor_en", "search", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `id="search-ranking"`, `<a href="/ui/contracts/CT-2026-000001" id="search-contract">`, `id="search-chosen"`)
		mustNotContain(t, body, `method="post" action="/ui/searches`, `search_id=SR-000001`)
		// Who saved it and who took the list away, by name and organization.
		mustContain(t, body, `<dd>2026-03-10 09:30 · 김민준 <span class="muted">(kim.agency)</span> · Ministry`,
			`<td>김민준 <span class="muted">(kim.agency)</span> · Ministry of the Interior and Safety <span class="muted">AG-0001</span></td>`)
	})
	return cs
}

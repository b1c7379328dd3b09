package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/api"
	"github.com/dsmarket/dsmarket/models"
)

// The direct-award search pages (docs/searches.md): an agency saves the catalog search it
// ran, downloads it, compares candidates side by side, scores them, chooses one and goes on
// to register the direct contract; auditors read every search, with no forms.

type searchesView struct {
	Searches  []models.Search
	NextToken string
}

// searchView is a saved search's page. Compare are the candidates ticked for the side by
// side comparison (?compare=), each with its catalog entry as it stands now; Candidates are
// the rows of the evaluation form's score grid: the compared ones, or every result.
type searchView struct {
	Search     *models.Search
	Compare    []comparedService
	Compared   map[string]bool
	Candidates []models.SearchResult
	Criteria   []int
	CanAct     bool
	// Action is the form that came back refused, "" for none.
	Action string
	// Chosen is the service a contract from this search is for: the evaluation's choice.
	Chosen string
}

// comparedService is a frozen result beside its service as the catalog has it now; Changed
// says the catalog moved on since the search froze it (another version).
type comparedService struct {
	Result  models.SearchResult
	Service *models.Service
	Changed bool
}

// criteriaRows is how many criteria the evaluation form offers; blank rows are ignored.
const criteriaRows = 5

// maxCompared bounds the side by side comparison: a page of columns stays readable.
const maxCompared = 5

func (u *UI) searches(c *gin.Context) {
	u.showSearches(c, http.StatusOK, nil)
}

func (u *UI) showSearches(c *gin.Context, status int, f *form) {
	items, next, err := u.app.Searches.List(ctx(c), sessionOf(c).actor(), struct{}{}, 50, c.Query("page_token"))
	if err != nil {
		u.fail(c, err)
		return
	}
	if f == nil {
		f = newForm(nil)
	}
	p := u.pageFor(c, "h.searches")
	p.Form, p.Data = f, searchesView{Searches: items, NextToken: next}
	u.html(c, status, "searches", p)
}

// saveSearch saves the search the catalog page (or the searches page) sends, with the call
// of POST /api/v1/searches; a refused search comes back on the searches page.
func (u *UI) saveSearch(c *gin.Context) {
	sent, ok := u.postForm(c)
	if !ok {
		return
	}
	in := searchFrom(sent)
	out, err := u.app.Searches.Create(ctx(c), sessionOf(c).actor(), in, sent.Get("idempotency_key"))
	switch {
	case err == nil:
		c.Redirect(http.StatusSeeOther, Prefix+"/searches/"+url.PathEscape(out.Item.ID)+"?done=saved")
	case errIs(err, models.EINVALID) || errIs(err, models.EIDEMPOTENCY):
		f := newForm(sent)
		f.Errors = fieldsOf(err)
		u.showSearches(c, statusOf[models.ErrorCode(err)], f)
	default:
		u.fail(c, err)
	}
}

func searchFrom(f url.Values) models.SearchInput {
	in := models.SearchInput{Title: f.Get("title"), Q: f.Get("q"), Type: f.Get("type"), Subtype: f.Get("subtype"),
		PriceItem: f.Get("price_item"), MaxUnitPriceKRW: models.NumberText(plainWon(f.Get("max_unit_price_krw")))}
	for name, dst := range map[string]**bool{"sme": &in.SME, "csap": &in.CSAP} {
		switch f.Get(name) {
		case "true":
			t := true
			*dst = &t
		case "false":
			v := false
			*dst = &v
		}
	}
	return in
}

func (u *UI) searchPage() casePage { return withCase(u, u.app.Searches.Get, u.showSearch) }

// showSearch renders a search with its forms, action the refused one.
func (u *UI) showSearch(c *gin.Context, sr *models.Search, status int, f *form, action, notice string) {
	v := searchView{Search: sr, Compared: map[string]bool{}, Criteria: rowNumbers(criteriaRows), Action: action,
		CanAct: sessionOf(c).Role == models.RoleAgency && sr.Outcome == models.SearchOpen}
	for _, id := range c.QueryArray("compare") {
		r, ok := sr.Result(id)
		if !ok || v.Compared[id] || len(v.Compare) == maxCompared {
			continue
		}
		v.Compared[id] = true
		cs := comparedService{Result: r}
		if svc, err := u.app.Store.GetService(ctx(c), id); err == nil {
			cs.Service, cs.Changed = &svc, svc.Version != r.Version
		}
		v.Compare = append(v.Compare, cs)
	}
	v.Candidates = sr.Results
	if len(v.Compare) > 0 {
		v.Candidates = nil
		for _, cs := range v.Compare {
			v.Candidates = append(v.Candidates, cs.Result)
		}
	}
	if sr.Evaluation != nil {
		v.Chosen = sr.Evaluation.Chosen
	}
	u.showCase(c, status, "search", u.pageFor(c, "h.search").about(sr.ID), f, notice, v)
}

// downloadSearch serves the search as JSON or CSV, the same files as GET
// /api/v1/searches/{id}, and records the download.
func (u *UI) downloadSearch(c *gin.Context) {
	format := c.DefaultQuery("format", "json")
	if format != "json" && format != "csv" {
		u.fail(c, models.Invalid([]models.FieldError{uiFieldError("format", models.Msg("msg.refused.download_format"))}))
		return
	}
	sr, err := u.app.Searches.Download(ctx(c), sessionOf(c).actor(), c.Param("id"), format)
	if err != nil {
		u.fail(c, err)
		return
	}
	body, ct := api.SearchCSV(sr), "text/csv; charset=utf-8"
	if format == "json" {
		if body, err = json.MarshalIndent(sr, "", "  "); err != nil {
			u.fail(c, err)
			return
		}
		ct = "application/json"
	}
	c.Header("Content-Disposition", api.ContentDisposition(sr.ID+"."+format))
	c.Header("Cache-Control", "private, no-store")
	c.Data(http.StatusOK, ct, body)
}

func (u *UI) evaluateSearch() gin.HandlerFunc {
	return u.caseStep("/searches/", "evaluation", formStep(evaluationFrom, u.app.Searches.Evaluate), u.searchPage())
}

func (u *UI) endSearch() gin.HandlerFunc {
	return u.caseStep("/searches/", "outcome", formStep(func(f url.Values) (models.SearchOutcomeInput, error) {
		return models.SearchOutcomeInput{Outcome: f.Get("outcome"), Reason: f.Get("reason")}, nil
	}, u.app.Searches.SetOutcome), u.searchPage())
}

// evaluationFrom reads the evaluation form: criteria[i].name and .weight, a score per
// candidate and criterion in score.<service>.<i>, the chosen service and the reason. A
// blank criterion row and a blank score are not part of the evaluation.
func evaluationFrom(f url.Values) (models.SearchEvaluationInput, error) {
	var fe models.Fields
	in := models.SearchEvaluationInput{Criteria: []models.SearchCriterion{}, Scores: []models.SearchScore{},
		Chosen: f.Get("chosen"), Reason: f.Get("reason")}
	rowOf := map[int]string{}
	for i := range criteriaRows {
		key := func(field string) string { return "criteria[" + strconv.Itoa(i) + "]." + field }
		name, w := strings.TrimSpace(f.Get(key("name"))), strings.TrimSpace(f.Get(key("weight")))
		if name == "" && w == "" {
			continue
		}
		weight, err := strconv.Atoi(w)
		if err != nil {
			refuse(&fe, key("weight"), "msg.form.whole_percentage")
		}
		rowOf[i] = name
		in.Criteria = append(in.Criteria, models.SearchCriterion{Name: name, Weight: weight})
	}
	var keys []string
	for k := range f {
		if strings.HasPrefix(k, "score.") {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys) // the order of the scores, and so of any message about them, is stable
	for _, k := range keys {
		v := strings.TrimSpace(f.Get(k))
		svc, row, ok := cutLast(strings.TrimPrefix(k, "score."))
		crit, named := rowOf[row]
		if v == "" || !ok || !named {
			continue
		}
		score, err := strconv.Atoi(v)
		if err != nil {
			refuse(&fe, k, "msg.form.whole_from_to", "min", "0", "max", "100")
			continue
		}
		in.Scores = append(in.Scores, models.SearchScore{ServiceID: svc, Criterion: crit, Score: score})
	}
	return in, fe.Err()
}

// cutLast splits "SVC-0001.2" into the service and the criterion's row.
func cutLast(s string) (string, int, bool) {
	i := strings.LastIndexByte(s, '.')
	if i < 0 {
		return "", 0, false
	}
	n, err := strconv.Atoi(s[i+1:])
	return s[:i], n, err == nil
}

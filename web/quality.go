package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
)

type qualityListView struct {
	Cases     []models.QualityCase
	NextToken string
}

// qualityCases lists the yearly quality cases (정기점검): a provider's own services', or
// every one for operators and auditors.
func (u *UI) qualityCases(c *gin.Context) {
	items, next, err := u.app.Quality.List(ctx(c), sessionOf(c).actor(), app.QualityCaseQuery{PageSize: 50, PageToken: c.Query("page_token")})
	if err != nil {
		u.fail(c, err)
		return
	}
	p := u.pageFor(c, "h.quality")
	p.Data = qualityListView{Cases: items, NextToken: next}
	u.html(c, http.StatusOK, "quality_cases", p)
}

type qualityView struct {
	Case *models.QualityCase
	// CanReport and CanPreReview decide the provider's and the operator's forms; the
	// inspection itself is a task of the inbox.
	CanReport, CanPreReview bool
	DocumentKinds           []models.DocumentKind
	DocumentRows            []int
	Action                  string
}

func (u *UI) qualityCase(c *gin.Context) {
	u.showQualityCase(c, http.StatusOK, nil, "", "")
}

func (u *UI) showQualityCase(c *gin.Context, status int, f *form, action, notice string) {
	s := sessionOf(c)
	qc, err := u.app.Quality.Get(ctx(c), s.actor(), c.Param("id"))
	if err != nil {
		u.fail(c, err)
		return
	}
	v := qualityView{Case: qc, Action: action, DocumentKinds: models.AllDocumentKinds, DocumentRows: make([]int, documentRows),
		CanReport:    s.Role == models.RoleProvider && qc.Status == models.QualityReportRequested,
		CanPreReview: s.Role == models.RoleOperator && qc.Status == models.QualityReportSubmitted}
	for i := range v.DocumentRows {
		v.DocumentRows[i] = i
	}
	if f == nil {
		f = newForm(nil)
	}
	p := u.pageFor(c, "h.qualitycase")
	p.Title = qc.ID + " · " + p.Title
	p.Form, p.Notice, p.Data = f, notice, v
	u.html(c, status, "quality_case", p)
}

// qualityAction is the provider's report (POST /services/{id}/quality-reports) or the
// operator's pre-review (POST /quality-cases/{id}/prereview), with their REST calls;
// routes.go states who may take each.
func (u *UI) qualityAction(action string) gin.HandlerFunc {
	return func(c *gin.Context) { u.qualityStep(c, action) }
}

func (u *UI) qualityStep(c *gin.Context, action string) {
	s := sessionOf(c)
	sent, ok := u.postForm(c)
	if !ok {
		return
	}
	id, key := c.Param("id"), sent.Get("idempotency_key")
	var err error
	switch action {
	case "report":
		var qc *models.QualityCase
		if qc, err = u.app.Quality.Get(ctx(c), s.actor(), id); err != nil {
			u.fail(c, err)
			return
		}
		var in models.QualityReportInput
		if in, err = reportFrom(sent); err == nil {
			_, err = u.app.Quality.SubmitReport(ctx(c), s.actor(), qc.ServiceID, key, in)
		}
	case "prereview":
		in := models.PreReviewInput{Note: sent.Get("note")}
		switch sent.Get("accepted") {
		case "true", "false":
			accepted := sent.Get("accepted") == "true"
			in.Accepted = &accepted
		}
		_, err = u.app.Quality.PreReview(ctx(c), s.actor(), id, key, in)
	}
	u.finish(c, err, Prefix+"/quality/"+url.PathEscape(id)+"?done="+urlQueryEscape(action), sent,
		func(status int, f *form, notice string) { u.showQualityCase(c, status, f, refused(f, action), notice) })
}

// reportFrom reads the quality report form: numbers as the JSON client would send them.
func reportFrom(f url.Values) (models.QualityReportInput, error) {
	var fe models.Fields
	in := models.QualityReportInput{Summary: f.Get("summary")}
	if s := strings.TrimSpace(f.Get("availability_pct")); s != "" {
		v, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
		if err != nil {
			fe.Add("availability_pct", "must be a number")
		}
		in.AvailabilityPct = &v
	}
	if s := strings.TrimSpace(f.Get("incidents")); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			fe.Add("incidents", "must be a whole number")
		}
		in.Incidents = &n
	}
	docs, err := documentsFrom(f)
	if err != nil {
		return in, err
	}
	in.Documents = docs
	return in, fe.Err()
}

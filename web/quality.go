package web

import (
	"context"
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

// qualityList lists the yearly quality cases (정기점검) as the other lists are listed: a
// provider's own services', or every one for operators and auditors.
func (u *UI) qualityList(ctx context.Context, by models.Actor, _ string, size int, token string) ([]models.QualityCase, string, error) {
	return u.app.Quality.List(ctx, by, app.QualityCaseQuery{PageSize: size, PageToken: token})
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

func (u *UI) qualityPage() casePage { return withCase(u, u.app.Quality.Get, u.showQualityCase) }

func (u *UI) showQualityCase(c *gin.Context, qc *models.QualityCase, status int, f *form, action, notice string) {
	role := sessionOf(c).Role
	v := qualityView{Case: qc, Action: action, DocumentKinds: models.AllDocumentKinds, DocumentRows: rowNumbers(documentRows),
		CanReport:    role == models.RoleProvider && qc.Status == models.QualityReportRequested,
		CanPreReview: role == models.RoleOperator && qc.Status == models.QualityReportSubmitted}
	u.showCase(c, status, "quality_case", u.pageFor(c, "h.qualitycase").about(qc.ID), f, notice, v)
}

// qualityAction is the provider's report (POST /services/{id}/quality-reports) or the
// operator's pre-review (POST /quality-cases/{id}/prereview), with their REST calls;
// routes.go states who may take each.
func (u *UI) qualityAction(action string) gin.HandlerFunc {
	q := u.app.Quality
	report := formStep(reportFrom, q.SubmitReport)
	steps := map[string]step{
		// The page is the case's, the REST route the service's: the case names its service.
		"report": func(ctx context.Context, by models.Actor, id, key string, sent url.Values) error {
			qc, err := q.Get(ctx, by, id)
			if err != nil {
				return pageError{err}
			}
			return report(ctx, by, qc.ServiceID, key, sent)
		},
		"prereview": formStep(func(sent url.Values) (models.PreReviewInput, error) {
			return models.PreReviewInput{Note: sent.Get("note"), Accepted: yesNo(sent, "accepted")}, nil
		}, q.PreReview),
	}
	return u.caseStep("/quality/", action, steps[action], u.qualityPage())
}

// reportFrom reads the quality report form: numbers as the JSON client would send them.
func reportFrom(f url.Values) (models.QualityReportInput, error) {
	var fe models.Fields
	in := models.QualityReportInput{Summary: f.Get("summary")}
	if s := strings.TrimSpace(f.Get("availability_pct")); s != "" {
		v, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
		if err != nil {
			refuse(&fe, "availability_pct", "msg.form.number")
		}
		in.AvailabilityPct = &v
	}
	if s := strings.TrimSpace(f.Get("incidents")); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			refuse(&fe, "incidents", "msg.form.whole_number")
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

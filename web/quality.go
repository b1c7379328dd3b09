package web

import (
	"context"
	"errors"
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
func (u *UI) qualityList(ctx context.Context, by models.Actor, status models.QualityStatus, size int, token string) ([]models.QualityCase, string, error) {
	return u.app.Quality.List(ctx, by, app.QualityCaseQuery{Status: status, PageSize: size, PageToken: token})
}

type qualityView struct {
	Case *models.QualityCase
	// CanReport, CanRemediate and CanPreReview decide the provider's and the operator's
	// forms; the inspection itself is a task of the inbox.
	CanReport, CanRemediate, CanPreReview bool
	// The report's and the remediation's files.
	fileRows
	Action string
}

func (u *UI) qualityPage() casePage { return withCase(u, u.app.Quality.Get, u.showQualityCase) }

func (u *UI) showQualityCase(c *gin.Context, qc *models.QualityCase, status int, f *form, action, notice string) {
	role := sessionOf(c).Role
	v := qualityView{Case: qc, Action: action, fileRows: newFileRows(models.QualityDocumentKinds, nil),
		CanReport:    role == models.RoleProvider && qc.Status == models.QualityReportRequested,
		CanRemediate: role == models.RoleProvider && qc.Status == models.QualityRemediating,
		CanPreReview: role == models.RoleOperator && qc.Status == models.QualityReportSubmitted}
	if (v.CanReport && action == "report") || (v.CanRemediate && action == "remediation") {
		v.Kept = u.keptDocuments(c, f, documentRowFields())
	}
	u.showCase(c, status, "quality_case", u.pageFor(c, "h.qualitycase").about(qc.ID), f, notice, v)
}

// qualityReport is the provider's report (POST /services/{id}/quality-reports) from the
// case's page.
func (u *UI) qualityReport() gin.HandlerFunc {
	return u.qualityUpload("report", func(sent url.Values) (qualitySend, error) {
		in, err := reportFrom(sent)
		return func(ctx context.Context, by models.Actor, qc *models.QualityCase, key string, docs []models.DocumentInput) error {
			in.Documents = docs
			// The page is the case's, the REST route the service's: the case names its service.
			_, err := u.app.Quality.SubmitReport(ctx, by, qc.ServiceID, key, in)
			return err
		}, err
	})
}

// qualityRemediation is the provider's report of a remediation done (POST
// /quality-cases/{id}/remediation) from the case's page. Its text box is "remediation", not
// the REST field's "summary", which the page's report form labels otherwise: a refusal of
// summary stands beside it under that name.
func (u *UI) qualityRemediation() gin.HandlerFunc {
	return u.qualityUpload("remediation", func(sent url.Values) (qualitySend, error) {
		return func(ctx context.Context, by models.Actor, qc *models.QualityCase, key string, docs []models.DocumentInput) error {
			_, err := u.app.Quality.ReportRemediation(ctx, by, qc.ID, key,
				models.RemediationReportInput{Summary: sent.Get("remediation"), Documents: docs})
			var me *models.Error
			if errors.As(err, &me) {
				for i := range me.Fields {
					if me.Fields[i].Field == "summary" {
						me.Fields[i].Field = "remediation"
					}
				}
			}
			return err
		}, nil
	})
}

// qualitySend sends a provider's step of a quality case with the documents its form
// uploaded.
type qualitySend = uploadSend[*models.QualityCase]

// qualityUpload is a provider's step with files from the case's page (uploadStep).
func (u *UI) qualityUpload(action string, read func(url.Values) (qualitySend, error)) gin.HandlerFunc {
	return func(c *gin.Context) {
		u.caseStep("/quality/", action, uploadStep(u, c, u.app.Quality.Get, read), u.qualityPage())(c)
	}
}

// qualityPreReview is the operator's pre-review (POST /quality-cases/{id}/prereview).
func (u *UI) qualityPreReview() gin.HandlerFunc {
	return u.caseStep("/quality/", "prereview", formStep(func(sent url.Values) (models.PreReviewInput, error) {
		return models.PreReviewInput{Note: sent.Get("note"), Accepted: yesNo(sent, "accepted")}, nil
	}, u.app.Quality.PreReview), u.qualityPage())
}

// reportFrom reads the quality report form but its documents: numbers as the JSON client
// would send them.
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
	return in, fe.Err()
}

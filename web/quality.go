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
func (u *UI) qualityList(ctx context.Context, by models.Actor, status models.QualityStatus, size int, token string) ([]models.QualityCase, string, error) {
	return u.app.Quality.List(ctx, by, app.QualityCaseQuery{Status: status, PageSize: size, PageToken: token})
}

type qualityView struct {
	Case *models.QualityCase
	// CanReport and CanPreReview decide the provider's and the operator's forms; the
	// inspection itself is a task of the inbox.
	CanReport, CanPreReview bool
	DocumentKinds           []models.DocumentKind
	DocumentRows            []int
	// Kept are the files a refused report uploaded, by the field that holds each one's ID;
	// MaxMiB is how large one file may be.
	Kept   map[string]*models.StoredDocument
	MaxMiB int64
	Action string
}

func (u *UI) qualityPage() casePage { return withCase(u, u.app.Quality.Get, u.showQualityCase) }

func (u *UI) showQualityCase(c *gin.Context, qc *models.QualityCase, status int, f *form, action, notice string) {
	role := sessionOf(c).Role
	v := qualityView{Case: qc, Action: action, DocumentKinds: models.AllDocumentKinds, DocumentRows: rowNumbers(documentRows),
		MaxMiB:       models.MaxUploadBytes >> 20,
		CanReport:    role == models.RoleProvider && qc.Status == models.QualityReportRequested,
		CanPreReview: role == models.RoleOperator && qc.Status == models.QualityReportSubmitted}
	if v.CanReport && action == "report" {
		v.Kept = u.keptDocuments(c, f, documentRowFields())
	}
	u.showCase(c, status, "quality_case", u.pageFor(c, "h.qualitycase").about(qc.ID), f, notice, v)
}

// qualityReport is the provider's report (POST /services/{id}/quality-reports) from the
// case's page: its files are uploaded as a supplement's are (uploadedRows), and a refused
// report comes back with them kept.
func (u *UI) qualityReport() gin.HandlerFunc {
	q := u.app.Quality
	return func(c *gin.Context) {
		u.caseStep("/quality/", "report", func(ctx context.Context, by models.Actor, id, key string, sent url.Values) error {
			// The page is the case's, the REST route the service's: the case names its service.
			qc, err := q.Get(ctx, by, id)
			if err != nil {
				return pageError{err}
			}
			in, err := reportFrom(sent)
			if err != nil && !errIs(err, models.EINVALID) {
				return err
			}
			fe := models.Fields(fieldsOf(err))
			docs, err := u.uploadedRows(ctx, c, by, key, sent)
			if err != nil && !errIs(err, models.EINVALID) {
				return err
			}
			if fe = append(fe, fieldsOf(err)...); fe.Err() != nil {
				return fe.Err()
			}
			in.Documents = docs
			_, err = q.SubmitReport(ctx, by, qc.ServiceID, key, in)
			return err
		}, u.qualityPage())(c)
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

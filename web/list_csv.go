package web

import (
	"context"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/api"
	"github.com/dsmarket/dsmarket/models"
)

// listCSV serves every item of a list that the visitor may see, with the list page's
// status filter, as a CSV file for a spreadsheet (name.csv): the header, then one line per
// item, written by row.
func listCSV[S ~string, T any, V ~string](u *UI, name string, statuses []V, invalidKey string,
	list func(context.Context, models.Actor, S, int, string) ([]T, string, error), header []string, row func(T) []string) gin.HandlerFunc {
	statusOf, _ := statusReader(statuses, invalidKey)
	return func(c *gin.Context) {
		status, err := statusOf(c)
		if err != nil {
			u.fail(c, err)
			return
		}
		by := sessionOf(c).actor()
		u.serveCSV(c, name, func(w io.Writer) (bool, error) {
			return api.WriteCSVPages(w, header, func(token string) ([]T, string, error) {
				return list(ctx(c), by, S(status), models.MaxPageSize, token)
			}, row)
		})
	}
}

// serveCSV answers with the CSV file write writes (name.csv). A refusal before the first
// byte (started false) is still an error page; a failure later cuts the file short, and
// the log says why.
func (u *UI) serveCSV(c *gin.Context, name string, write func(w io.Writer) (started bool, err error)) {
	c.Header("Content-Type", "text/csv; charset=utf-8")
	c.Header("Content-Disposition", api.ContentDisposition(name+".csv"))
	c.Header("Cache-Control", "private, no-store")
	started, err := write(c.Writer)
	switch {
	case err != nil && !started:
		// The error page sets its own type only where none is set yet.
		h := c.Writer.Header()
		h.Del("Content-Type")
		h.Del("Content-Disposition")
		u.fail(c, err)
	case err != nil:
		u.app.Logger.ErrorContext(ctx(c), "CSV file cut short", "file", name, "error", err)
	}
}

// The files of the lists, one line per case with the fields an operator tallies.

var qualityCSVHeader = []string{"id", "year", "service_id", "service_name", "provider_org", "status", "report_due",
	"report_submitted_at", "availability_pct", "incidents", "prereview_due_at", "round", "remediation_due", "reason",
	"opened_at", "closed_at"}

func qualityCSVRow(q models.QualityCase) []string {
	submitted, availability, incidents := "", "", ""
	if r := q.Report; r != nil {
		submitted, availability, incidents = csvTime(&r.SubmittedAt), r.AvailabilityPct.String(), strconv.FormatInt(r.Incidents, 10)
	}
	remediation := ""
	if q.RemediationDue != nil {
		remediation = q.RemediationDue.String()
	}
	return []string{q.ID, strconv.Itoa(q.Year), q.ServiceID, q.ServiceName, q.ProviderOrg, string(q.Status), q.ReportDue.String(),
		submitted, availability, incidents, csvTime(q.PreReviewDueAt), strconv.Itoa(q.Round), remediation, q.Reason,
		csvTime(&q.OpenedAt), csvTime(q.ClosedAt)}
}

var contractCSVHeader = []string{"id", "title", "status", "method", "agency_org", "provider_org", "service_id", "service_name",
	"amount_krw", "contracted_on", "period_from", "period_to", "registration_due", "registered_at", "late", "changes"}

func contractCSVRow(d models.DirectContract) []string {
	return []string{d.ID, d.Title, string(d.Status), string(d.Method), d.AgencyOrg, d.ProviderOrg, d.ServiceID, d.ServiceName,
		strconv.FormatInt(int64(d.AmountKRW), 10), d.ContractedOn.String(), d.PeriodFrom.String(), d.PeriodTo.String(),
		d.RegistrationDue.String(), csvTime(&d.RegisteredAt), strconv.FormatBool(d.Late), strconv.Itoa(len(d.Changes))}
}

// csvTime writes an instant as the REST API does, in Seoul time; "" for none.
func csvTime(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.In(models.Seoul).Format(time.RFC3339)
}

var orderCSVHeader = []string{"id", "title", "status", "agency_org", "provider_org", "service_id", "service_name", "budget_krw",
	"proposal_due", "evaluation_total", "final_price_krw", "contract_id", "requested_at", "delivery_requested_at", "closed_at", "reason"}

func orderCSVRow(o models.Order) []string {
	total, final := "", ""
	if o.EvaluationTotal != nil {
		total = o.EvaluationTotal.String()
	}
	if o.FinalPriceKRW != nil {
		final = strconv.FormatInt(int64(*o.FinalPriceKRW), 10)
	}
	return []string{o.ID, o.Title, string(o.Status), o.AgencyOrg, o.ProviderOrg, o.ServiceID, o.ServiceName,
		strconv.FormatInt(int64(o.BudgetKRW), 10), o.ProposalDue.String(), total, final, o.ContractID,
		csvTime(&o.RequestedAt), csvTime(o.DeliveryRequestedAt), csvTime(o.ClosedAt), o.Reason}
}

var applicationCSVHeader = []string{"id", "status", "service_name", "type", "subtype", "provider_org", "provider_name",
	"applied_at", "notice_no", "service_id", "selected_on", "reason"}

func applicationCSVRow(a models.Application) []string {
	selected := ""
	if a.SelectedOn != nil {
		selected = a.SelectedOn.String()
	}
	return []string{a.ID, string(a.Status), a.Service.Name, string(a.Service.Type), string(a.Service.Subtype), a.Provider.Org,
		a.Provider.Name, csvTime(&a.AppliedAt), a.NoticeNo, a.ServiceID, selected, a.Reason}
}

var changeCSVHeader = []string{"id", "status", "path", "service_id", "service_name", "provider_org", "fields", "requested_at",
	"decided_at", "applied_at", "rereview_application_id", "decision_reason"}

func changeCSVRow(cr models.ChangeRequest) []string {
	fields := make([]string, len(cr.Changes))
	for i, ch := range cr.Changes {
		fields[i] = ch.Field
	}
	return []string{cr.ID, string(cr.Status), string(cr.Path), cr.ServiceID, cr.ServiceName, cr.ProviderOrg,
		strings.Join(fields, " "), csvTime(&cr.RequestedAt), csvTime(cr.DecidedAt), csvTime(cr.AppliedAt),
		cr.RereviewApplicationID, cr.DecisionReason}
}

package web

import (
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/models"
)

// The auditors' checks of the access log of personal data (접속기록 점검), on the page of
// the log: the month before when no check covers it, the checks recorded, and the form
// that records one with the call of POST /api/v1/audit/person-read-checks.

// checksShown is how many of the last checks the page lists; the REST list has them all.
const checksShown = 10

// personReadChecksView is the checks' part of the log's page.
type personReadChecksView struct {
	Checks []models.PersonReadCheck
	More   bool
	// Due is the month before when no check covers it: its first and last day.
	Due *[2]models.Date
	// Defaults fill the form: the period the page is filtered on, else the month before.
	Defaults url.Values
	Action   string
	Outcomes []models.PersonReadCheckWhat
}

// DueFilter is the log's page filtered on the month a check is due for.
func (v personReadChecksView) DueFilter() string {
	return addressOf(Prefix+"/audit/person-reads", url.Values{"from": {v.Due[0].String()}, "to": {v.Due[1].String()}})
}

// personReadChecks reads the checks' part of the page; sent is the page's filter.
func (u *UI) personReadChecks(c *gin.Context, sent url.Values) (personReadChecksView, error) {
	v := personReadChecksView{Outcomes: models.PersonReadCheckOutcomes}
	var next string
	var err error
	if v.Checks, next, err = u.app.Directory.ListPersonReadChecks(ctx(c), sessionOf(c).actor(), struct{}{}, checksShown, ""); err != nil {
		return v, err
	}
	v.More = next != ""
	first, last, due, err := u.app.Directory.CheckDue(ctx(c))
	if err != nil {
		return v, err
	}
	if due {
		v.Due = &[2]models.Date{first, last}
	}
	v.Defaults = url.Values{"from": {first.String()}, "to": {last.String()}, "outcome": {string(models.ReadCheckNoFindings)}}
	if sent.Get("from") != "" && sent.Get("to") != "" {
		v.Defaults.Set("from", sent.Get("from"))
		v.Defaults.Set("to", sent.Get("to"))
	}
	return v, nil
}

// recordPersonReadCheck records a check with the call of POST
// /api/v1/audit/person-read-checks and comes back to the log filtered on its period.
func (u *UI) recordPersonReadCheck(c *gin.Context) {
	u.submit(c, func(sent url.Values, _ string) (string, error) {
		in := models.PersonReadCheckInput{From: sent.Get("from"), To: sent.Get("to"), Outcome: sent.Get("outcome"), Note: sent.Get("note")}
		out, err := u.app.Directory.RecordPersonReadCheck(ctx(c), sessionOf(c).actor(), in)
		return addressOf(Prefix+"/audit/person-reads", url.Values{"from": {out.Item.From.String()}, "to": {out.Item.To.String()},
			"done": {"check"}}), err
	}, func(status int, f *form, _ string) {
		u.showAuditPersonReads(c, status, f, refused(f, "check"))
	})
}

func (u *UI) auditPersonReads(c *gin.Context) { u.showAuditPersonReads(c, http.StatusOK, nil, "") }

package web

import (
	"io"
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/api"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

// personReadFields are the filters of the reads of personal data, as GET
// /api/v1/audit/person-reads reads them.
var personReadFields = []string{"actor", "subject", "from", "to"}

// auditPersonReadsView is the auditors' access log of personal data (개인정보 접속기록): the
// period's readers, the most first, and the reads themselves, newest first.
type auditPersonReadsView struct {
	Readers   []models.PersonReader
	Reads     []models.PersonRead
	Sent      url.Values
	NextToken string
	Checks    personReadChecksView
}

// More is the address of the next page of the same filter.
func (v auditPersonReadsView) More() string {
	return addressOf(Prefix+"/audit/person-reads", v.Sent, "page_token", v.NextToken)
}

// ByReader is the same filter narrowed to one reader's reads.
func (v auditPersonReadsView) ByReader(sub string) string {
	return addressOf(Prefix+"/audit/person-reads", v.Sent, "actor", sub)
}

// CSV is every read the filter selects, as a file for a spreadsheet.
func (v auditPersonReadsView) CSV() string {
	return addressOf(Prefix+"/audit/person-reads.csv", v.Sent)
}

// JSON is the same page from the REST API.
func (v auditPersonReadsView) JSON() string { return addressOf("/api/v1/audit/person-reads", v.Sent) }

func personReadFilter(c *gin.Context) (sent url.Values, f store.PersonReadFilter, err error) {
	return queryFilter(c, personReadFields, api.PersonReadFilterOf)
}

// showAuditPersonReads shows the log as the query filters it, with the checks' part; f is
// the check's form when it came back refused (action "check").
func (u *UI) showAuditPersonReads(c *gin.Context, status int, f *form, action string) {
	sent, filter, err := personReadFilter(c)
	v := auditPersonReadsView{Sent: sent}
	by := sessionOf(c).actor()
	if err == nil {
		v.Readers, err = u.app.Directory.PersonReaders(ctx(c), by, filter)
	}
	if err == nil {
		v.Reads, v.NextToken, err = u.app.Directory.ListPersonReads(ctx(c), by, filter, 50, c.Query("page_token"))
	}
	if err == nil {
		v.Checks, err = u.personReadChecks(c, sent)
		v.Checks.Action = action
	}
	if err != nil {
		u.fail(c, err)
		return
	}
	u.showCase(c, status, "audit_person_reads", u.pageFor(c, "h.auditpersonreads"), f, "", v)
}

func (u *UI) auditPersonReadsCSV(c *gin.Context) {
	_, f, err := personReadFilter(c)
	if err != nil {
		u.fail(c, err)
		return
	}
	by := sessionOf(c).actor()
	u.serveCSV(c, "person-reads", func(w io.Writer) (bool, error) {
		return api.WritePersonReadsCSV(ctx(c), u.app.Directory, by, f, w)
	})
}

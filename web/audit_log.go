package web

import (
	"io"
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/api"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

// auditLogFields are the decision log's filters, as GET /api/v1/audit/log reads them.
var auditLogFields = []string{"actor", "case_type", "from", "to"}

type auditLogView struct {
	// Head is the chain's newest row; after a check, the last row that held.
	Head store.AuditHead
	// Verify is the outcome of recomputing the chain, when the auditor asked for it.
	Verify *store.AuditVerification
	Rows   []store.AuditRecord
	// Sent is the filter as typed: the form shows it and the next page carries it.
	Sent      url.Values
	CaseTypes []string
	NextToken string
}

// More is the address of the next page of the same filter.
func (v auditLogView) More() string {
	return addressOf(Prefix+"/audit/log", v.Sent, "page_token", v.NextToken)
}

// JSON is the same page of the log from the REST API, whose rows carry every field their
// hash covers.
func (v auditLogView) JSON() string { return addressOf("/api/v1/audit/log", v.Sent) }

// CSV is the whole log the filter selects, as a file for a spreadsheet.
func (v auditLogView) CSV() string { return addressOf(Prefix+"/audit/log.csv", v.Sent) }

// addressOf is path with the query sent, and each pair of set (name, value) set over it.
func addressOf(path string, sent url.Values, set ...string) string {
	q := url.Values{}
	for k, vs := range sent {
		q[k] = vs
	}
	for i := 0; i+1 < len(set); i += 2 {
		q.Set(set[i], set[i+1])
	}
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

// Link is where a row's case shows its whole timeline: the case's history, or a frozen
// search's own page (a search is no workflow).
func (auditLogView) Link(r store.AuditRecord) string {
	if r.CaseType == "search" {
		return Prefix + "/searches/" + r.CaseID
	}
	return Prefix + "/cases/" + r.WorkflowID
}

// BrokenAt is the seq of the first row that did not hold, after a check that failed.
func (v auditLogView) BrokenAt() int64 {
	if v.Verify == nil || v.Verify.FirstBroken == nil {
		return 0
	}
	return *v.Verify.FirstBroken
}

// Actor is who took a row's step, as the timelines show people.
func (auditLogView) Actor(r store.AuditRecord) models.Actor {
	return models.Actor{Sub: r.ActorSub, Role: models.Role(r.ActorRole), Org: r.ActorOrg}
}

// auditFilter reads the log's filters from the query, as typed (sent) and as the store
// takes them.
func auditFilter(c *gin.Context) (sent url.Values, f store.AuditFilter, err error) {
	return queryFilter(c, auditLogFields, api.AuditFilterOf)
}

// queryFilter reads a list's filters, the query's fields, as typed (sent) and as parse
// makes them of it (the REST list's own reading), refusing the bad ones by name.
func queryFilter[F any](c *gin.Context, fields []string, parse func(func(string) string, *models.Fields) F) (url.Values, F, error) {
	sent := typed(c, fields)
	var fe models.Fields
	f := parse(sent.Get, &fe)
	return sent, f, fe.Err()
}

// auditLogCSV serves every row the filter selects as CSV, the columns of GET
// /api/v1/audit/log.
func (u *UI) auditLogCSV(c *gin.Context) {
	_, f, err := auditFilter(c)
	if err != nil {
		u.fail(c, err)
		return
	}
	u.serveCSV(c, "audit-log", func(w io.Writer) (bool, error) { return api.WriteAuditCSV(ctx(c), u.app.Store, f, w) })
}

// auditLog is the auditor's decision log: every step of every case newest first, filtered
// as the REST list filters it, with the chain's head and, on request, its recomputation.
func (u *UI) auditLog(c *gin.Context) {
	sent, f, err := auditFilter(c)
	if err != nil {
		u.fail(c, err)
		return
	}
	f.PageSize, f.PageToken = 50, c.Query("page_token")
	v := auditLogView{Sent: sent, CaseTypes: store.AuditCaseTypes}
	if c.Query("verify") == "1" {
		var vr store.AuditVerification
		vr, err = u.app.Store.VerifyAudit(ctx(c))
		v.Verify, v.Head = &vr, vr.Head
	} else {
		v.Head, err = u.app.Store.AuditHead(ctx(c))
	}
	if err == nil {
		v.Rows, v.NextToken, err = u.app.Store.ListAudit(ctx(c), f)
	}
	u.showPage(c, "h.auditlog", "audit_log", v, err)
}

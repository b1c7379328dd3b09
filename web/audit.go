package web

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
)

type auditView struct {
	Orders       []models.Order
	Applications []models.Application
	Sessions     []models.CommitteeSession
}

// audit is the auditor's start: the newest cases of every kind, and a box to open any
// case by its workflow ID.
func (u *UI) audit(c *gin.Context) {
	by := sessionOf(c).actor()
	if wid := strings.TrimSpace(c.Query("workflow_id")); wid != "" {
		c.Redirect(http.StatusSeeOther, Prefix+"/cases/"+wid)
		return
	}
	var v auditView
	var err error
	if v.Orders, _, err = u.app.Orders.List(ctx(c), by, "", 20, ""); err != nil {
		u.fail(c, err)
		return
	}
	if v.Applications, _, err = u.app.Applications.List(ctx(c), by, "", 20, ""); err != nil {
		u.fail(c, err)
		return
	}
	if v.Sessions, _, err = u.app.Committee.List(ctx(c), by, "", 20, ""); err != nil {
		u.fail(c, err)
		return
	}
	p := u.pageFor(c, "h.audit")
	p.Data = v
	u.html(c, http.StatusOK, "audit", p)
}

type caseView struct {
	History *app.CaseHistory
	// CasePath is the case's own page, where there is one.
	CasePath string
}

// caseTimeline shows any case's decisions (who, when, what, why), read through the same
// call as GET /api/v1/cases/{workflow_id}/history.
func (u *UI) caseTimeline(c *gin.Context) {
	h, err := u.app.Cases.History(ctx(c), sessionOf(c).actor(), c.Param("workflow_id"))
	if err != nil {
		u.fail(c, err)
		return
	}
	v := caseView{History: h}
	switch h.CaseType {
	case "order":
		v.CasePath = Prefix + "/orders/" + h.CaseID
	case "application":
		v.CasePath = Prefix + "/applications/" + h.CaseID
	case "service":
		v.CasePath = Prefix + "/services/" + h.CaseID
	case "contract":
		v.CasePath = Prefix + "/contracts/" + h.CaseID
	case "quality":
		v.CasePath = Prefix + "/quality/" + h.CaseID
	case "change_request":
		v.CasePath = Prefix + "/changes/" + h.CaseID
	}
	p := u.pageFor(c, "h.timeline")
	p.Title = h.CaseID + " · " + p.Title
	p.Data = v
	u.html(c, http.StatusOK, "case", p)
}

type servicesView struct {
	Services  []models.Service
	Q         string
	NextToken string
}

// services is the public catalog search, from which an agency requests a proposal.
func (u *UI) services(c *gin.Context) {
	q := strings.TrimSpace(c.Query("q"))
	items, next, err := u.app.Store.SearchServices(ctx(c), models.ServiceFilter{Q: q, PageSize: 20, PageToken: c.Query("page_token")})
	if err != nil {
		u.fail(c, err)
		return
	}
	p := u.pageFor(c, "h.services")
	p.Data = servicesView{Services: items, Q: q, NextToken: next}
	u.html(c, http.StatusOK, "services", p)
}

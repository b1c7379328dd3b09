package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/web/links"
)

type auditView struct {
	Orders       []models.Order
	Applications []models.Application
	Sessions     []models.CommitteeSession
	// Names are the committee members' names by sub, as the committee page shows them.
	Names map[string]string
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
	v.Orders, _, err = u.app.Orders.List(ctx(c), by, "", 20, "")
	if err == nil {
		v.Applications, _, err = u.app.Applications.List(ctx(c), by, "", 20, "")
	}
	if err == nil {
		v.Sessions, _, err = u.app.Committee.List(ctx(c), by, "", 20, "")
	}
	if err == nil {
		var people []models.User
		people, err = u.committeePeople(ctx(c))
		v.Names = namesOf(people)
	}
	u.showPage(c, "h.audit", "audit", v, err)
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
	v.CasePath = links.Case(h.CaseType, h.CaseID)
	p := u.pageFor(c, "h.timeline").about(h.CaseID)
	p.Data = v
	u.html(c, http.StatusOK, "case", p)
}

type servicesView struct {
	Services []models.Service
	// Sent is the search as typed (catalogSearch): the form shows it, the next page and
	// the search an agency saves carry it.
	Sent      url.Values
	NextToken string
	// Exact is the service whose number the search box holds: a buyer who pastes
	// SVC-0001 from a document is looking for that service, which no name holds.
	Exact *models.Service
}

// serviceNumber is a search that is a service's number (SVC-0001), however it is cased.
var serviceNumber = regexp.MustCompile(`(?i)^svc-\d{4,6}$`)

// More is the address of the next page of the same search.
func (v servicesView) More() string {
	return addressOf(Prefix+"/services", v.Sent, "page_token", v.NextToken)
}

// services is the public catalog search, from which an agency requests a proposal.
func (u *UI) services(c *gin.Context) {
	sent, f, err := catalogSearch(c)
	var items []models.Service
	var next string
	if err == nil {
		f.PageSize, f.PageToken = 20, c.Query("page_token")
		items, next, err = u.app.Store.SearchServices(ctx(c), f)
	}
	if err != nil {
		u.fail(c, err)
		return
	}
	v := servicesView{Services: items, Sent: sent, NextToken: next}
	if q := strings.TrimSpace(f.Q); serviceNumber.MatchString(q) {
		svc, err := u.app.Store.GetService(ctx(c), strings.ToUpper(q))
		if err != nil && models.ErrorCode(err) != models.ENOTFOUND {
			u.fail(c, err)
			return
		}
		if err == nil {
			v.Exact = &svc
		}
	}
	p := u.pageFor(c, "h.services")
	// The save-search form's key: a double click on "save" saves one search, not two.
	p.Form = newForm(nil)
	p.Data = v
	u.html(c, http.StatusOK, "services", p)
}

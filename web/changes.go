package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/models"
)

// changeFields are the fields of a service a provider may ask to change, in form order.
var changeFields = []string{"name", "name_en", "description", "description_en", "type", "subtype",
	"csap_valid_until", "sla", "provider_name", "business_no"}

type changesView struct {
	Requests  []models.ChangeRequest
	NextToken string
}

// changeRequests lists information change requests: a provider's own, every one for
// operators and auditors.
func (u *UI) changeRequests(c *gin.Context) {
	items, next, err := u.app.Changes.List(ctx(c), sessionOf(c).actor(), "", 50, c.Query("page_token"))
	if err != nil {
		u.fail(c, err)
		return
	}
	p := u.pageFor(c, "h.changerequests")
	p.Data = changesView{Requests: items, NextToken: next}
	u.html(c, http.StatusOK, "change_requests", p)
}

type changeView struct {
	Request   *models.ChangeRequest
	CanDecide bool
}

func (u *UI) changeRequest(c *gin.Context) {
	u.showChangeRequest(c, http.StatusOK, nil, "")
}

func (u *UI) showChangeRequest(c *gin.Context, status int, f *form, notice string) {
	s := sessionOf(c)
	cr, err := u.app.Changes.Get(ctx(c), s.actor(), c.Param("id"))
	if err != nil {
		u.fail(c, err)
		return
	}
	v := changeView{Request: cr, CanDecide: s.Role == models.RoleOperator && cr.Path == models.ChangeApproval &&
		cr.Status == models.ChangeSubmitted}
	if f == nil {
		f = newForm(nil)
	}
	p := u.pageFor(c, "h.changerequest")
	p.Title = cr.ID + " · " + p.Title
	p.Form, p.Notice, p.Data = f, notice, v
	u.html(c, status, "change_request", p)
}

// requestChange sends a provider's change request with the call of POST
// /api/v1/services/{id}/change-requests; blank fields are not part of it.
func (u *UI) requestChange(c *gin.Context) {
	sent, ok := u.postForm(c)
	if !ok {
		return
	}
	in := models.ChangeRequestInput{Reason: sent.Get("reason")}
	set := map[string]**string{"name": &in.Changes.Name, "name_en": &in.Changes.NameEn, "description": &in.Changes.Description,
		"description_en": &in.Changes.DescriptionEn, "type": &in.Changes.Type, "subtype": &in.Changes.Subtype,
		"csap_valid_until": &in.Changes.CSAPValidUntil, "sla": &in.Changes.SLA, "provider_name": &in.Changes.ProviderName,
		"business_no": &in.Changes.BusinessNo}
	for _, name := range changeFields {
		if v := strings.TrimSpace(sent.Get(name)); v != "" {
			*set[name] = &v
		}
	}
	id := c.Param("id")
	out, err := u.app.Changes.Create(ctx(c), sessionOf(c).actor(), id, in, sent.Get("idempotency_key"))
	u.finish(c, err, Prefix+"/changes/"+url.PathEscape(out.ID)+"?done="+urlQueryEscape(out.ID), sent,
		func(status int, f *form, notice string) { u.showService(c, status, f, notice) })
}

// decideChange records the operator's decision with the call of POST
// /api/v1/change-requests/{id}/decision.
func (u *UI) decideChange(c *gin.Context) {
	sent, ok := u.postForm(c)
	if !ok {
		return
	}
	in := models.DecideChangeInput{Reason: sent.Get("reason")}
	switch sent.Get("approve") {
	case "true", "false":
		approve := sent.Get("approve") == "true"
		in.Approve = &approve
	}
	id := c.Param("id")
	_, err := u.app.Changes.Decide(ctx(c), sessionOf(c).actor(), id, sent.Get("idempotency_key"), in)
	u.finish(c, err, Prefix+"/changes/"+url.PathEscape(id)+"?done=decision", sent,
		func(status int, f *form, notice string) { u.showChangeRequest(c, status, f, notice) })
}

package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
)

type contractsView struct {
	Contracts []models.DirectContract
	NextToken string
}

// contracts lists an agency's direct contracts (수의계약), a provider's, or all for the
// auditor, with each one's registration deadline and whether it was late.
func (u *UI) contracts(c *gin.Context) {
	items, next, err := u.app.Contracts.List(ctx(c), sessionOf(c).actor(), "", 50, c.Query("page_token"))
	if err != nil {
		u.fail(c, err)
		return
	}
	p := u.pageFor(c, "h.contracts")
	p.Data = contractsView{Contracts: items, NextToken: next}
	u.html(c, http.StatusOK, "contracts", p)
}

type newContractView struct {
	Service *models.Service
	Today   string
}

func (u *UI) newContract(c *gin.Context) {
	u.showNewContract(c, http.StatusOK, newForm(url.Values{"service_id": {c.Query("service")}}))
}

func (u *UI) showNewContract(c *gin.Context, status int, f *form) {
	v := newContractView{Today: models.DateOf(u.now()).String()}
	if id := f.Val("service_id"); id != "" {
		if svc, err := u.app.Store.GetService(ctx(c), id); err == nil {
			v.Service = &svc
		}
	}
	p := u.pageFor(c, "h.newcontract")
	p.Form, p.Data = f, v
	u.html(c, status, "contract_new", p)
}

// createContract registers a direct contract with the call of POST /api/v1/contracts.
func (u *UI) createContract(c *gin.Context) {
	sent, ok := u.postForm(c)
	if !ok {
		return
	}
	f := newForm(sent)
	var fe models.Fields
	in := models.DirectContractInput{ServiceID: sent.Get("service_id"), Title: sent.Get("title"),
		ContractedOn: sent.Get("contracted_on"), AmountKRW: won(sent, "amount_krw", &fe),
		PeriodFrom: sent.Get("period_from"), PeriodTo: sent.Get("period_to"), Method: string(models.MethodDirect)}
	err := fe.Err()
	if err == nil {
		var out app.Created
		if out, err = u.app.Contracts.Create(ctx(c), sessionOf(c).actor(), in, c.PostForm("idempotency_key")); err == nil {
			c.Redirect(http.StatusSeeOther, Prefix+"/contracts/"+url.PathEscape(out.ID)+"?done="+urlQueryEscape(out.ID))
			return
		}
	}
	if errIs(err, models.EINVALID) || errIs(err, models.ECONFLICT) || errIs(err, models.EIDEMPOTENCY) {
		f.Errors = fieldsOf(err)
		u.showNewContract(c, statusOf[models.ErrorCode(err)], f)
		return
	}
	u.fail(c, err)
}

type contractView struct {
	Contract  *models.DirectContract
	CanChange bool
	Today     string
}

func (u *UI) contract(c *gin.Context) {
	u.showContract(c, http.StatusOK, nil, "")
}

func (u *UI) showContract(c *gin.Context, status int, f *form, notice string) {
	s := sessionOf(c)
	k, err := u.app.Contracts.Get(ctx(c), s.actor(), c.Param("id"))
	if err != nil {
		u.fail(c, err)
		return
	}
	v := contractView{Contract: k, Today: models.DateOf(u.now()).String(),
		CanChange: s.Role == models.RoleAgency && k.Status != models.ContractClosed}
	if f == nil {
		f = newForm(nil)
	}
	p := u.pageFor(c, "h.contract")
	p.Title = k.ID + " · " + p.Title
	p.Form, p.Notice, p.Data = f, notice, v
	u.html(c, status, "contract", p)
}

// changeContract registers (or announces) a change with the call of PATCH
// /api/v1/contracts/{id}: fields left blank are not part of the change, and a change
// with no new value announces one whose details are due within 30 days.
func (u *UI) changeContract(c *gin.Context) {
	sent, ok := u.postForm(c)
	if !ok {
		return
	}
	var fe models.Fields
	in := models.ContractChangeInput{ChangedOn: sent.Get("changed_on"), Reason: sent.Get("reason")}
	if strings.TrimSpace(sent.Get("amount_krw")) != "" {
		n := won(sent, "amount_krw", &fe)
		in.AmountKRW = &n
	}
	for name, dst := range map[string]**string{"period_from": &in.PeriodFrom, "period_to": &in.PeriodTo, "title": &in.Title} {
		if v := strings.TrimSpace(sent.Get(name)); v != "" {
			*dst = &v
		}
	}
	id := c.Param("id")
	err := fe.Err()
	if err == nil {
		_, err = u.app.Contracts.RegisterChange(ctx(c), sessionOf(c).actor(), id, sent.Get("idempotency_key"), in)
	}
	u.finish(c, err, Prefix+"/contracts/"+url.PathEscape(id)+"?done=change", sent,
		func(status int, f *form, notice string) { u.showContract(c, status, f, notice) })
}

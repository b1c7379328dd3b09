package web

import (
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
)

type applicationsView struct {
	Applications []models.Application
	NextToken    string
}

// applications lists a provider's own applications, or every one for the operator,
// reviewers and auditors, newest first.
func (u *UI) applications(c *gin.Context) {
	items, next, err := u.app.Applications.List(ctx(c), sessionOf(c).actor(), "", 50, c.Query("page_token"))
	if err != nil {
		u.fail(c, err)
		return
	}
	p := u.pageFor(c, "h.apps")
	p.Data = applicationsView{Applications: items, NextToken: next}
	u.html(c, http.StatusOK, "applications", p)
}

type applicationView struct {
	Application *app.ApplicationView
	// CanSupplement and CanWithdraw decide the provider's forms.
	CanSupplement, CanWithdraw bool
	DocumentKinds              []models.DocumentKind
	DocumentRows               []int
	Action                     string
}

func (u *UI) application(c *gin.Context) {
	u.showApplication(c, http.StatusOK, nil, "", "")
}

func (u *UI) showApplication(c *gin.Context, status int, f *form, action, notice string) {
	s := sessionOf(c)
	a, err := u.app.Applications.Get(ctx(c), s.actor(), c.Param("id"))
	if err != nil {
		u.fail(c, err)
		return
	}
	v := applicationView{Application: a, Action: action, DocumentKinds: models.AllDocumentKinds,
		DocumentRows: make([]int, documentRows)}
	for i := range v.DocumentRows {
		v.DocumentRows[i] = i
	}
	if s.Role == models.RoleProvider {
		v.CanSupplement = a.Status == models.AppSupplementRequested
		v.CanWithdraw = !a.Status.Final()
		if len(a.MissingKinds) > 0 {
			v.DocumentKinds = a.MissingKinds
		}
	}
	if f == nil {
		f = newForm(nil)
	}
	p := u.pageFor(c, "h.app")
	p.Title = a.ID + " · " + p.Title
	p.Form, p.Notice, p.Data = f, notice, v
	u.html(c, status, "application", p)
}

func (u *UI) supplement(c *gin.Context) {
	u.applicationAction(c, "documents")
}

func (u *UI) withdraw(c *gin.Context) {
	u.applicationAction(c, "withdraw")
}

// applicationAction is one of the provider's steps, with its REST route's app-layer call.
func (u *UI) applicationAction(c *gin.Context, action string) {
	s := sessionOf(c)
	sent, ok := u.postForm(c)
	if !ok {
		return
	}
	id, key := c.Param("id"), sent.Get("idempotency_key")
	var err error
	switch action {
	case "documents":
		var docs []models.DocumentInput
		if docs, err = documentsFrom(sent); err == nil {
			_, err = u.app.Applications.Supplement(ctx(c), s.actor(), id, key, docs)
		}
	case "withdraw":
		_, err = u.app.Applications.Withdraw(ctx(c), s.actor(), id, key, models.WithdrawInput{Reason: sent.Get("reason")})
	}
	u.finish(c, err, Prefix+"/applications/"+url.PathEscape(id)+"?done="+urlQueryEscape(action), sent,
		func(status int, f *form, notice string) { u.showApplication(c, status, f, refused(f, action), notice) })
}

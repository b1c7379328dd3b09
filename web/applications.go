package web

import (
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
)

type applicationsView struct {
	Applications []models.Application
	NextToken    string
}

type applicationView struct {
	Application *app.ApplicationView
	// CanSupplement and CanWithdraw decide the provider's forms.
	CanSupplement, CanWithdraw bool
	DocumentKinds              []models.DocumentKind
	DocumentRows               []int
	Action                     string
}

func (u *UI) applicationPage() casePage {
	return withCase(u, u.app.Applications.Get, u.showApplication)
}

func (u *UI) showApplication(c *gin.Context, a *app.ApplicationView, status int, f *form, action, notice string) {
	v := applicationView{Application: a, Action: action, DocumentKinds: models.AllDocumentKinds,
		DocumentRows: rowNumbers(documentRows)}
	if sessionOf(c).Role == models.RoleProvider {
		v.CanSupplement = a.Status == models.AppSupplementRequested
		v.CanWithdraw = !a.Status.Final()
		if len(a.MissingKinds) > 0 {
			v.DocumentKinds = a.MissingKinds
		}
	}
	u.showCase(c, status, "application", u.pageFor(c, "h.app").about(a.ID), f, notice, v)
}

// applicationAction is one of the provider's steps, with its REST route's app-layer call;
// routes.go states who may take each.
func (u *UI) applicationAction(action string) gin.HandlerFunc {
	a := u.app.Applications
	steps := map[string]step{
		"documents": formStep(documentsFrom, a.Supplement),
		"withdraw": formStep(func(f url.Values) (models.WithdrawInput, error) {
			return models.WithdrawInput{Reason: f.Get("reason")}, nil
		}, a.Withdraw),
	}
	return u.caseStep("/applications/", action, steps[action], u.applicationPage())
}

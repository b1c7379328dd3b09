package web

import (
	"context"
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/models"
)

type ordersView struct {
	Orders    []models.Order
	Status    string
	NextToken string
}

type orderView struct {
	Order *models.Order
	// Which forms the visitor gets, by role and the order's state.
	CanPropose, CanEvaluate, CanNegotiate, CanCancel bool
	ScoreRows                                        []int
	// The proposal's files.
	fileRows
	// Action is the form that was refused, so that only it shows its errors.
	Action string
}

func (u *UI) orderPage() casePage { return withCase(u, u.app.Orders.Get, u.showOrder) }

func (u *UI) showOrder(c *gin.Context, o *models.Order, status int, f *form, action, notice string) {
	v := orderView{Order: o, Action: action, ScoreRows: rowNumbers(scoreRows)}
	switch sessionOf(c).Role {
	case models.RoleProvider:
		v.CanPropose = o.Status == models.OrderProposalRequested
		if v.CanPropose {
			var kept map[string]*models.StoredDocument
			if action == "proposal" {
				kept = u.keptDocuments(c, f, documentRowFields())
			}
			v.fileRows = newFileRows(models.ProposalDocumentKinds, kept)
		}
	case models.RoleAgency:
		v.CanEvaluate = o.Status == models.OrderProposalSubmitted
		v.CanNegotiate = o.Status == models.OrderNegotiating
		v.CanCancel = !o.Status.Final()
	}
	u.showCase(c, status, "order", u.pageFor(c, "h.order").about(o.ID), f, notice, v)
}

// orderAction is one human step on an order, with the app-layer call of its REST route;
// routes.go states who may take each step.
func (u *UI) orderAction(action string) gin.HandlerFunc {
	o := u.app.Orders
	steps := map[string]step{
		"evaluation":  formStep(scoresFrom, o.Evaluate),
		"negotiation": formStep(negotiationFrom, o.Negotiate),
		"cancel": formStep(func(f url.Values) (models.CancelInput, error) {
			return models.CancelInput{Reason: f.Get("reason")}, nil
		}, o.Cancel),
	}
	return u.caseStep("/orders/", action, steps[action], u.orderPage())
}

// proposal is the provider's proposal (POST /orders/{id}/proposal) with the files its form
// uploads (uploadStep).
func (u *UI) proposal() gin.HandlerFunc {
	return func(c *gin.Context) {
		u.caseStep("/orders/", "proposal", uploadStep(u, c, u.app.Orders.Get,
			func(sent url.Values) (uploadSend[*models.Order], error) {
				in, err := proposalFrom(sent)
				return func(ctx context.Context, by models.Actor, o *models.Order, key string, docs []models.DocumentInput) error {
					in.Documents = docs
					_, err := u.app.Orders.SubmitProposal(ctx, by, o.ID, key, in)
					return err
				}, err
			}), u.orderPage())(c)
	}
}

package web

import (
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
)

type ordersView struct {
	Orders    []models.Order
	Status    string
	NextToken string
}

// orders lists an agency's own orders, a provider's orders on its services, or all for
// the auditor, newest first.
func (u *UI) orders(c *gin.Context) {
	items, next, err := u.app.Orders.List(ctx(c), sessionOf(c).actor(), "", 50, c.Query("page_token"))
	if err != nil {
		u.fail(c, err)
		return
	}
	p := u.pageFor(c, "h.orders")
	p.Data = ordersView{Orders: items, NextToken: next}
	u.html(c, http.StatusOK, "orders", p)
}

type newOrderView struct {
	Service *models.Service
	Today   string
}

func (u *UI) newOrder(c *gin.Context) {
	f := newForm(url.Values{"service_id": {c.Query("service")}})
	u.showNewOrder(c, http.StatusOK, f)
}

func (u *UI) showNewOrder(c *gin.Context, status int, f *form) {
	v := newOrderView{Today: models.DateOf(u.now()).String()}
	if id := f.Val("service_id"); id != "" {
		if svc, err := u.app.Store.GetService(ctx(c), id); err == nil {
			v.Service = &svc
		}
	}
	p := u.pageFor(c, "h.neworder")
	p.Form, p.Data = f, v
	u.html(c, status, "order_new", p)
}

// createOrder opens a catalog order with the same call as POST /api/v1/orders; the form's
// Idempotency-Key makes a double submission one order.
func (u *UI) createOrder(c *gin.Context) {
	sent, ok := u.postForm(c)
	if !ok {
		return
	}
	// A refused form comes back with a fresh key (newForm): the corrected form is another
	// request, and reusing the key for it would be refused as a changed retry.
	f := newForm(sent)
	in, err := orderFrom(sent)
	if err == nil {
		var out app.Created
		if out, err = u.app.Orders.Create(ctx(c), sessionOf(c).actor(), in, c.PostForm("idempotency_key")); err == nil {
			c.Redirect(http.StatusSeeOther, Prefix+"/orders/"+url.PathEscape(out.ID)+"?done="+urlQueryEscape(out.ID))
			return
		}
	}
	if errIs(err, models.EINVALID) || errIs(err, models.ECONFLICT) || errIs(err, models.EIDEMPOTENCY) {
		f.Errors = fieldsOf(err)
		status := statusOf[models.ErrorCode(err)]
		u.showNewOrder(c, status, f)
		return
	}
	u.fail(c, err)
}

type orderView struct {
	Order *models.Order
	// Which forms the visitor gets, by role and the order's state.
	CanPropose, CanEvaluate, CanNegotiate, CanCancel bool
	ScoreRows                                        []int
	// Action is the form that was refused, so that only it shows its errors.
	Action string
}

func (u *UI) order(c *gin.Context) {
	u.showOrder(c, http.StatusOK, nil, "", "")
}

func (u *UI) showOrder(c *gin.Context, status int, f *form, action, notice string) {
	s := sessionOf(c)
	o, err := u.app.Orders.Get(ctx(c), s.actor(), c.Param("id"))
	if err != nil {
		u.fail(c, err)
		return
	}
	v := orderView{Order: o, Action: action, ScoreRows: make([]int, scoreRows)}
	for i := range v.ScoreRows {
		v.ScoreRows[i] = i
	}
	switch s.Role {
	case models.RoleProvider:
		v.CanPropose = o.Status == models.OrderProposalRequested
	case models.RoleAgency:
		v.CanEvaluate = o.Status == models.OrderProposalSubmitted
		v.CanNegotiate = o.Status == models.OrderNegotiating
		v.CanCancel = !o.Status.Final()
	}
	if f == nil {
		f = newForm(nil)
	}
	p := u.pageFor(c, "h.order")
	p.Title = o.ID + " · " + p.Title
	p.Form, p.Notice, p.Data = f, notice, v
	u.html(c, status, "order", p)
}

// orderAction is one human step on an order, with the app-layer call of its REST route;
// routes.go states who may take each step.
func (u *UI) orderAction(action string) gin.HandlerFunc {
	return func(c *gin.Context) { u.orderStep(c, action) }
}

func (u *UI) orderStep(c *gin.Context, action string) {
	s := sessionOf(c)
	sent, ok := u.postForm(c)
	if !ok {
		return
	}
	id := c.Param("id")
	key := c.PostForm("idempotency_key")
	var err error
	switch action {
	case "proposal":
		var in models.ProposalInput
		if in, err = proposalFrom(sent); err == nil {
			_, err = u.app.Orders.SubmitProposal(ctx(c), s.actor(), id, key, in)
		}
	case "evaluation":
		var scores []models.ScoreInput
		if scores, err = scoresFrom(sent); err == nil {
			_, err = u.app.Orders.Evaluate(ctx(c), s.actor(), id, key, scores)
		}
	case "negotiation":
		var in models.NegotiationInput
		if in, err = negotiationFrom(sent); err == nil {
			_, err = u.app.Orders.Negotiate(ctx(c), s.actor(), id, key, in)
		}
	case "cancel":
		_, err = u.app.Orders.Cancel(ctx(c), s.actor(), id, key, models.CancelInput{Reason: sent.Get("reason")})
	}
	u.finish(c, err, Prefix+"/orders/"+url.PathEscape(id)+"?done="+urlQueryEscape(action), sent,
		func(status int, f *form, notice string) { u.showOrder(c, status, f, refused(f, action), notice) })
}

package faulttest

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dsmarket/dsmarket/models"
)

// An order's journey: the agency asks, the provider proposes, the agency scores 90 and
// records an agreed negotiation, which is the delivery request.
var (
	orderSteps = []struct {
		action string // the path's last element, and the Idempotency-Key's suffix
		agency bool   // who acts: the agency, else the provider
		body   any
		want   models.OrderStatus
	}{
		{"proposal", false, map[string]any{"price_krw": 110_000_000, "summary": "IaaS 4 vCPU x 20, 36개월"}, models.OrderProposalSubmitted},
		{"evaluation", true, map[string]any{"scores": []map[string]any{
			{"criterion": "기술", "score": 72, "max": 80}, {"criterion": "가격", "score": 18, "max": 20}}}, models.OrderNegotiating},
		{"negotiation", true, map[string]any{"agreed": true, "final_price_krw": 105_000_000, "terms": "SLA 99.9%"},
			models.OrderDeliveryRequested},
	}
	// orderRank orders the statuses an order passes on its way to the delivery request.
	orderRank = map[models.OrderStatus]int{models.OrderProposalRequested: 1, models.OrderProposalSubmitted: 2,
		models.OrderNegotiating: 3, models.OrderDeliveryRequested: 4}
)

// orderCase is one order as its driver saw it.
type orderCase struct {
	n   int
	id  string // "" if the create never got an answer
	err error  // why its driver stopped before the delivery request
}

// orderDriver walks orders through the REST API as AG-0001's kim.agency and PV-0001's
// jung.provider (the seeded provider of SVC-0001), pausing between steps as people do
// (pause plus up to 2 s, differing from order to order), so that many orders are between
// two steps when a fault strikes.
type orderDriver struct {
	c                *restClient
	agency, provider string
	pause            time.Duration
	inFlight         atomic.Int64 // orders started and not yet finished by their driver
}

func newOrderDriver(sys *system, c *restClient, pause time.Duration) *orderDriver {
	return &orderDriver{c: c, pause: pause,
		agency:   sys.token(models.RoleAgency, "AG-0001", "kim.agency"),
		provider: sys.token(models.RoleProvider, "PV-0001", "jung.provider")}
}

// run starts n orders, one every launchEvery, and returns when every driver has finished.
func (d *orderDriver) run(ctx context.Context, n int, launchEvery time.Duration) []*orderCase {
	cases := make([]*orderCase, n)
	var wg sync.WaitGroup
	for i := range n {
		cases[i] = &orderCase{n: i + 1}
		d.inFlight.Add(1)
		wg.Go(func() {
			defer d.inFlight.Add(-1)
			d.drive(ctx, cases[i])
		})
		select {
		case <-ctx.Done():
		case <-time.After(launchEvery):
		}
	}
	wg.Wait()
	return cases
}

func (d *orderDriver) drive(ctx context.Context, oc *orderCase) {
	key := func(step string) string { return fmt.Sprintf("ft-order-%02d-%s", oc.n, step) }
	body := map[string]any{"service_id": "SVC-0001", "title": fmt.Sprintf("내결함성 시험 주문 %02d", oc.n),
		"budget_krw": 120_000_000, "proposal_due": models.DateOf(time.Now()).AddDate(0, 0, 7).Format(time.DateOnly)}
	a := d.c.do(ctx, http.MethodPost, "/api/v1/orders", d.agency, key("create"), body)
	var created struct {
		ID     string             `json:"id"`
		Status models.OrderStatus `json:"status"`
	}
	if (a.code != http.StatusCreated && a.code != http.StatusOK) || a.decode(&created) != nil || created.ID == "" {
		d.c.tally.unexpectedAnswer("create: "+codeKind(a), fmt.Sprintf("order %02d: create: %s", oc.n, a))
		oc.err = fmt.Errorf("create: %s", a)
		return
	}
	oc.id = created.ID
	for _, st := range orderSteps {
		select {
		case <-ctx.Done():
			oc.err = ctx.Err()
			return
		case <-time.After(d.pause + time.Duration(oc.n%5)*500*time.Millisecond): // spread the steps
		}
		token := d.provider
		if st.agency {
			token = d.agency
		}
		a := d.c.do(ctx, http.MethodPost, "/api/v1/orders/"+oc.id+"/"+st.action, token, key(st.action), st.body)
		var got struct {
			Status models.OrderStatus `json:"status"`
		}
		if a.code == http.StatusOK && a.decode(&got) == nil && got.Status == st.want {
			continue
		}
		d.c.tally.unexpectedAnswer(st.action+": "+codeKind(a), fmt.Sprintf("%s %s: %s", oc.id, st.action, a))
		// The step may have taken effect although its answer was not the one wanted (a
		// retry answered 409 or 500 after the first attempt's answer was lost): the
		// order as it is now says whether the journey can go on.
		if cur := d.status(ctx, oc.id); orderRank[cur] < orderRank[st.want] {
			oc.err = fmt.Errorf("%s: %s; the order is %q", st.action, a, cur)
			return
		}
	}
}

// status reads an order's status as the agency sees it, "" if it cannot be read.
func (d *orderDriver) status(ctx context.Context, id string) models.OrderStatus {
	return orderStatus(ctx, d.c, d.agency, id)
}

func orderStatus(ctx context.Context, c *restClient, token, id string) models.OrderStatus {
	a := c.do(ctx, http.MethodGet, "/api/v1/orders/"+id, token, "", nil)
	var o struct {
		Status models.OrderStatus `json:"status"`
	}
	if a.code != http.StatusOK || a.decode(&o) != nil {
		return ""
	}
	return o.Status
}

// codeKind names an answer for the tally: "HTTP 409", or "no answer".
func codeKind(a answer) string {
	if a.code == 0 {
		return "no answer"
	}
	return fmt.Sprintf("HTTP %d", a.code)
}

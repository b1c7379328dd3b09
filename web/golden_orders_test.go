package web

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/dsmarket/dsmarket/models"
)

// The golden cases of the orders' pages.

// ordersGoldenCases: the order lists, the new order form, an order in each status, and its
// refused forms.
func ordersGoldenCases() []goldenCase {
	var cs []goldenCase
	add := func(name, tmpl string, p page, check func(*testing.T, string, *html.Node)) {
		cs = append(cs, goldenCase{name: name, tmpl: tmpl, p: p, check: check})
	}

	p := fxPage(langKO, fxAgency, "h.orders", "/ui/orders")
	cancelled := fxOrder(models.OrderProposalRequested)
	cancelled.ID, cancelled.Status, cancelled.Title = "ORD-2026-000002", models.OrderCancelled, "취소된 주문"
	p.Data = ordersView{Orders: []models.Order{*fxOrder(models.OrderProposalRequested), *fxOrder(models.OrderNegotiating), *cancelled},
		NextToken: "tok-o2"}
	add("orders_agency", "orders", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `<a class="button" href="/ui/services">`, `<td>2026-03-18 00:00</td>`, `<td>2026-03-24 00:00</td>`,
			`<td class="num">120,000,000원</td>`, `<td>—</td>`, `href="/ui/orders?page_token=tok-o2"`)
		// The agency knows itself: its name is in the header, not in a column.
		mustContain(t, body, `(이용기관 · 행정안전부 <span class="muted">AG-0001</span>)`)
		mustNotContain(t, body, `<th scope="col">이용기관</th>`, `<td>행정안전부`)
	})
	// The provider learns from its list which agency asked.
	p = fxPage(langEN, fxProvider, "h.orders", "/ui/orders")
	p.Data = ordersView{Orders: []models.Order{*fxOrder(models.OrderProposalRequested)}}
	add("orders_provider_en", "orders", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `<th scope="col">Agency</th>`, `<td>Ministry of the Interior and Safety <span class="muted">AG-0001</span></td>`)
		mustNotContain(t, body, `<a class="button" href="/ui/services">`)
	})

	p = fxPage(langKO, fxAgency, "h.neworder", "/ui/orders/new?service=SVC-0001")
	p.Form = fxForm(url.Values{"service_id": {"SVC-0001"}, "title": {""}, "budget_krw": {"1억"}, "proposal_due": {"2026-03-01"}},
		models.FieldError{Field: "title", Message: "is required"},
		models.FieldError{Field: "budget_krw", Message: "must be a whole number of won"},
		models.FieldError{Field: "proposal_due", Message: "must not be before today (2026-03-10, Asia/Seoul)"})
	svc := fxService
	p.Data = newOrderView{Service: &svc, Today: "2026-03-10"}
	add("order_new_errors", "order_new", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `id="e-budget_krw">must be a whole number of won<`,
			`<input type="text" inputmode="numeric" autocomplete="off" data-won id="f-budget_krw" name="budget_krw" value="1억" aria-describedby="f-budget_krw-reading e-budget_krw" aria-invalid="true">`,
			`<p class="hint amount-reading" id="f-budget_krw-reading" aria-live="polite"></p>`,
			`<input type="text" id="f-service_id" name="service_id" value="SVC-0001">`,
			`<a href="#f-proposal_due">제안서 제출 기한: must not be before today`, `<dd>(주)한빛클라우드 <span class="muted">PV-0001</span></dd>`,
			`<dd>`+label(langKO, "svcstatus", "registered")+`</dd>`) // the service's status by its name, not its code
	})

	for _, tc := range []struct {
		name   string
		status models.OrderStatus
		who    *session
		forms  []string // the actions of the forms shown
	}{
		{"order_proposal_requested_provider", models.OrderProposalRequested, fxProvider, []string{"proposal"}},
		{"order_proposal_submitted_agency", models.OrderProposalSubmitted, fxAgency, []string{"evaluation", "cancel"}},
		{"order_negotiating_agency", models.OrderNegotiating, fxAgency, []string{"negotiation", "cancel"}},
		{"order_delivery_requested_auditor", models.OrderDeliveryRequested, fxAuditor, nil},
	} {
		o := fxOrder(tc.status)
		p := fxPage(langKO, tc.who, "h.order", "/ui/orders/"+o.ID)
		p.Title = o.ID + " · " + p.Title
		p.Form, p.Data = fxForm(nil), fxOrderView(o, tc.who)
		add(tc.name, "order", p, func(t *testing.T, body string, doc *html.Node) {
			var got []string
			for _, f := range find(doc, "form") {
				if a, ok := strings.CutPrefix(attr(f, "action"), "/ui/orders/"+o.ID+"/"); ok {
					got = append(got, a)
				}
			}
			if !slices.Equal(got, tc.forms) {
				t.Errorf("forms %v, want %v", got, tc.forms)
			}
			mustContain(t, body, `data-status="`+string(tc.status)+`"`)
			switch {
			case tc.status == models.OrderProposalRequested:
				// The proposal's files are the order's own kinds, uploaded with the form.
				mustContain(t, body, `enctype="multipart/form-data"`, `<option value="proposal">제안서</option>`,
					`<script src="/ui/static/upload.js" defer></script>`)
				mustNotContain(t, body, `<option value="application_form">`)
			case tc.who == fxAgency:
				// The agency reads the proposal's file.
				mustContain(t, body, `id="proposal-documents"`, `<a href="/ui/documents/DOC-`+strings.Repeat("a", 32)+`"`)
			}
		})
	}
	// A refused evaluation: the row's error beside its cell; a refused negotiation: its
	// reason is not the cancel form's.
	o := fxOrder(models.OrderProposalSubmitted)
	p = fxPage(langKO, fxAgency, "h.order", "/ui/orders/"+o.ID)
	p.Title = o.ID + " · " + p.Title
	p.Form = fxForm(url.Values{"scores[0].criterion": {"기술"}, "scores[0].score": {"40"}, "scores[0].max": {"50"},
		"scores[1].criterion": {"가격"}, "scores[1].score": {"abc"}, "scores[1].max": {"50"}},
		models.FieldError{Field: "scores[1].score", Message: "must be a number"})
	v := fxOrderView(o, fxAgency)
	v.Action = "evaluation"
	p.Data = v
	add("order_evaluation_errors", "order", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `name="scores[1].score" value="abc" aria-label="점수 2" aria-invalid="true" aria-describedby="e-scores[1].score">`,
			`<p class="field-error" id="e-scores[1].score">must be a number</p>`, `<a href="#f-scores">점수 2: must be a number</a>`)
	})
	o = fxOrder(models.OrderNegotiating)
	p = fxPage(langKO, fxAgency, "h.order", "/ui/orders/"+o.ID)
	p.Title = o.ID + " · " + p.Title
	p.Form = fxForm(url.Values{"agreed": {"false"}, "reason": {""}},
		models.FieldError{Field: "reason", Message: "is required"})
	v = fxOrderView(o, fxAgency)
	v.Action = "negotiation"
	p.Data = v
	add("order_negotiation_errors", "order", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `id="f-agreed-1" name="agreed" value="false" checked>`)
		neg := findOne(t, doc, `form[action="/ui/orders/ORD-2026-000001/negotiation"]`)
		cancel := findOne(t, doc, `form[action="/ui/orders/ORD-2026-000001/cancel"]`)
		if len(find(neg, "p.field-error")) != 1 {
			t.Error("the refused negotiation form does not show its error")
		}
		if n := len(find(cancel, "p.field-error")); n != 0 {
			t.Errorf("the cancel form shows %d errors of the negotiation form", n)
		}
		mustContain(t, body, `<textarea id="f-reason" name="reason" rows="4" aria-invalid="true" aria-describedby="e-reason"></textarea>`,
			`<textarea id="f-cancel-reason" name="reason" rows="4"></textarea>`, `<a href="#f-reason">사유: is required</a>`)
	})
	p = fxPage(langKO, fxAgency, "h.order", "/ui/orders/"+o.ID)
	p.Title = o.ID + " · " + p.Title
	p.Form = fxForm(url.Values{"final_price_krw": {""}}, models.FieldError{Field: "agreed", Message: "is required (true or false)"})
	v = fxOrderView(o, fxAgency)
	v.Action = "negotiation"
	p.Data = v
	add("order_negotiation_agreed_missing", "order", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `<fieldset class="choices has-error" id="f-agreed" aria-describedby="e-agreed">`,
			`<a href="#f-agreed">협상 결과: is required (true or false)</a>`)
	})
	// A refused cancellation: its errors link to its own reason.
	o = fxOrder(models.OrderProposalRequested)
	p = fxPage(langKO, fxAgency, "h.order", "/ui/orders/"+o.ID)
	p.Title = o.ID + " · " + p.Title
	p.Form = fxForm(url.Values{"reason": {" "}}, models.FieldError{Field: "reason", Message: "is required"})
	v = fxOrderView(o, fxAgency)
	v.Action = "cancel"
	p.Data = v
	add("order_cancel_errors", "order", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `<a href="#f-cancel-reason">사유: is required</a>`,
			`<p class="field-error" id="e-cancel-reason">is required</p>`,
			`<textarea id="f-cancel-reason" name="reason" rows="4" aria-invalid="true" aria-describedby="e-cancel-reason"> </textarea>`)
	})
	return cs
}

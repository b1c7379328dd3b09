package web

import (
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
)

// The golden cases of the auditor's overview and a case's timeline.

// auditorGoldenCases: the auditor's overview and a case's timeline.
func auditorGoldenCases() []goldenCase {
	var cs []goldenCase
	add := func(name, tmpl string, p page, check func(*testing.T, string, *html.Node)) {
		cs = append(cs, goldenCase{name: name, tmpl: tmpl, p: p, check: check})
	}

	p := fxPage(langKO, fxAuditor, "h.audit", "/ui/audit")
	p.Data = auditView{Orders: []models.Order{*fxOrder(models.OrderNegotiating)}, Applications: []models.Application{fxApplication().Application},
		Sessions: []models.CommitteeSession{{ID: "CS-2026-0001", WorkflowID: "committee-CS-2026-0001", HeldOn: date("2026-03-25"),
			Members: []string{"song.committee", "lim.committee"}, Status: models.SessionOpen}},
		Names: map[string]string{"song.committee": "송재원"}}
	add("audit", "audit", p, func(t *testing.T, body string, doc *html.Node) {
		// A member the roster names is shown by name, one it does not by sub.
		mustContain(t, body, `<a href="/ui/cases/order-ORD-2026-000001">`, `<a href="/ui/cases/application-APP-2026-000001">`,
			`<a href="/ui/cases/committee-CS-2026-0001">`, `<td>송재원 <span class="muted">(song.committee)</span>, lim.committee</td>`)
	})

	o := fxOrder(models.OrderDeliveryRequested)
	h := &app.CaseHistory{WorkflowID: o.WorkflowID, CaseType: "order", CaseID: o.ID, Status: string(o.Status), Decisions: o.Steps,
		TemporalUIURL: "http://localhost:8233/namespaces/default/workflows/" + o.WorkflowID}
	p = fxPage(langKO, fxAuditor, "h.timeline", "/ui/cases/"+o.WorkflowID)
	p.Title = o.ID + " · " + p.Title
	p.Data = caseView{History: h, CasePath: "/ui/orders/" + o.ID}
	add("case", "case", p, func(t *testing.T, body string, doc *html.Node) {
		rows := find(doc, "table.timeline tbody tr")
		if len(rows) != len(o.Steps) {
			t.Fatalf("%d timeline rows, want %d", len(rows), len(o.Steps))
		}
		if who := textOf(find(rows[0], "td")[1]); !strings.HasPrefix(who, "kim.agency") || !strings.Contains(who, "이용기관") {
			t.Errorf("a human step shows who as %q", who)
		}
		if who := textOf(find(rows[len(rows)-1], "td")[1]); who != translate(langKO, "msg.system") {
			t.Errorf("a system step shows who as %q", who)
		}
		mustContain(t, body, `<time datetime="2026-03-10T09:30:00&#43;09:00">2026-03-10 09:30</time>`,
			`id="temporal-link"`, `<a href="/api/v1/cases/order-ORD-2026-000001/history" id="json-link">`)
	})
	return cs
}

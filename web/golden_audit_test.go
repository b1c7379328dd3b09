package web

import (
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

// The golden cases of the auditor's decision log: a filtered page in Korean whose chain
// check failed, and the same log in English after a check that held.

func fxAuditRows() []store.AuditRecord {
	req := "req-1"
	return []store.AuditRecord{
		{Seq: 12, CaseType: "search", CaseID: "SR-000001", WorkflowID: "search-SR-000001", StepNo: 1,
			Action: models.ActionSearchSaved, ActorSub: "kim.agency", ActorRole: "agency", ActorOrg: "AG-0001",
			At: at(10, 9, 30), StatusAfter: "open", RequestID: &req, Hash: strings.Repeat("b", 64), PrevHash: strings.Repeat("a", 64)},
		{Seq: 11, CaseType: "order", CaseID: "ORD-2026-000001", WorkflowID: "order-ORD-2026-000001", StepNo: 2,
			Action: string(models.ActionProposalSubmitted), ActorSub: "jung.provider", ActorRole: "provider", ActorOrg: "PV-0001",
			At: at(10, 9, 0), StatusBefore: string(models.OrderProposalRequested), StatusAfter: string(models.OrderProposalSubmitted),
			Hash: strings.Repeat("a", 64), PrevHash: strings.Repeat("9", 64)},
	}
}

func auditLogGoldenCases() []goldenCase {
	var cs []goldenCase
	add := func(name string, p page, check func(*testing.T, string, *html.Node)) {
		cs = append(cs, goldenCase{name: name, tmpl: "audit_log", p: p, check: check})
	}
	broken := int64(7)
	headAt := at(10, 9, 30)
	p := fxPage(langKO, fxAuditor, "h.auditlog", "/ui/audit/log?verify=1&actor=kim.agency")
	p.Data = auditLogView{Head: store.AuditHead{Seq: 6, Hash: strings.Repeat("c", 64), At: &headAt},
		Verify: &store.AuditVerification{Checked: 7, FirstBroken: &broken}, Rows: fxAuditRows(),
		Sent: url.Values{"actor": {"kim.agency"}, "case_type": {"order"}}, CaseTypes: store.AuditCaseTypes, NextToken: "tok-11"}
	add("audit_log_broken", p, func(t *testing.T, body string, doc *html.Node) {
		// A search has no workflow: its row opens the search's page, any other the case's
		// timeline; the next page and the check keep the filter.
		mustContain(t, body, `<a href="/ui/searches/SR-000001">SR-000001</a>`, `<a href="/ui/cases/order-ORD-2026-000001">ORD-2026-000001</a>`,
			`id="audit-broken"`, `7번 행에서 체인이 끊어졌습니다`, `href="/ui/audit/log?actor=kim.agency&amp;case_type=order&amp;page_token=tok-11"`,
			`<input type="hidden" name="actor" value="kim.agency">`, `<option value="order" selected>`, `value="kim.agency" size="20"`,
			`href="/api/v1/audit/log?actor=kim.agency&amp;case_type=order"`, `href="/ui/audit/log.csv?actor=kim.agency&amp;case_type=order"`)
		if rows := find(doc, "#audit-log tbody tr"); len(rows) != 2 {
			t.Fatalf("%d rows, want 2", len(rows))
		}
		mustNotContain(t, body, `id="audit-verified"`)
	})

	p = fxPage(langEN, fxAuditor, "h.auditlog", "/ui/audit/log?verify=1")
	p.Data = auditLogView{Head: store.AuditHead{Seq: 12, Hash: strings.Repeat("b", 64), At: &headAt},
		Verify: &store.AuditVerification{OK: true, Checked: 12}, Rows: fxAuditRows(), Sent: url.Values{}, CaseTypes: store.AuditCaseTypes}
	add("audit_log_en", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `id="audit-verified"`, `The chain holds: 12 rows recomputed from the first.`)
		mustNotContain(t, body, `rel="next"`, `id="audit-broken"`)
	})
	return cs
}

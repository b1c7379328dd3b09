package web

import (
	"net/url"
	"testing"

	"golang.org/x/net/html"

	"github.com/dsmarket/dsmarket/models"
)

// The golden cases of the reads of personal data: an auditor's page of who read an expert's
// record, and an expert's own, which names no reader.
func personReadsGoldenCases() []goldenCase {
	var cs []goldenCase
	reads := []models.PersonRead{
		{Subject: "cho.expert", Action: models.PersonReadList, Sub: "lee.auditor", Role: models.RoleAuditor, Org: "BAI",
			RequestID: "9f2c41d07a5b3e18", ClientIP: "10.20.0.14", ReadAt: at(5, 14, 2)},
		{Subject: "cho.expert", Action: models.PersonReadRecord, Sub: "park.operator", Role: models.RoleOperator, Org: "NIA",
			RequestID: "person-page-1", ClientIP: "203.0.113.7", ReadAt: at(4, 9, 30)},
	}
	p := fxPage(langKO, fxAuditor, "h.personreads", "/ui/people/cho.expert/reads")
	p.Data = personReadsView{Sub: "cho.expert", Items: reads, NextToken: "tok-reads", More: "/ui/people/cho.expert/reads"}
	cs = append(cs, goldenCase{name: "person_reads_auditor", tmpl: "person_reads", p: p, check: func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `<a href="/ui/people/cho.expert">`, `<td>상세 정보를 엶</td>`, `<td>명단에서 봄</td>`,
			`<td>203.0.113.7</td><td><code>person-page-1</code></td>`, `park.operator`, `href="/ui/people/cho.expert/reads?page_token=tok-reads"`)
	}})

	own := make([]models.PersonRead, len(reads))
	for i, r := range reads {
		r.Sub, r.RequestID, r.ClientIP = "", "", ""
		own[i] = r
	}
	p = fxPage(langEN, fxExpert, "h.personreads", "/ui/me/reads")
	p.Data = personReadsView{Own: true, Items: own, More: "/ui/me/reads"}
	cs = append(cs, goldenCase{name: "person_reads_own_en", tmpl: "person_reads", p: p, check: func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `<a href="/ui/me/settings">My settings</a>`, `<td>Record opened</td>`, `<td>Operator</td>`)
		mustNotContain(t, body, "park.operator", "Read by", "Request ID", "From (IP)", "page_token")
	}})
	p = fxPage(langKO, fxExpert, "h.personreads", "/ui/me/reads")
	p.Data = personReadsView{Own: true, More: "/ui/me/reads"}
	cs = append(cs, goldenCase{name: "person_reads_none", tmpl: "person_reads", p: p, check: func(t *testing.T, body string, doc *html.Node) {
		findOne(t, doc, `p#no-reads`)
	}})

	// The auditors' access log across people: the period's readers and the reads, filtered.
	p = fxPage(langKO, fxAuditor, "h.auditpersonreads", "/ui/audit/person-reads?from=2026-03-01")
	p.Data = auditPersonReadsView{Sent: url.Values{"from": {"2026-03-01"}}, Reads: reads, NextToken: "tok-reads",
		Readers: []models.PersonReader{
			{Sub: "park.operator", Role: models.RoleOperator, Org: "NIA", Reads: 212, People: 61, LastReadAt: at(4, 9, 30)},
			{Sub: "lee.auditor", Role: models.RoleAuditor, Org: "BAI", Reads: 3, People: 3, LastReadAt: at(5, 14, 2)},
		}, Checks: fxPersonReadChecks()}
	cs = append(cs, goldenCase{name: "audit_person_reads", tmpl: "audit_person_reads", p: p, check: func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `<a href="/ui/audit/person-reads?actor=park.operator&amp;from=2026-03-01">`, `<td class="num">212</td><td class="num">61</td>`,
			`href="/ui/audit/person-reads.csv?from=2026-03-01"`, `href="/api/v1/audit/person-reads?from=2026-03-01"`,
			`href="/ui/audit/person-reads?from=2026-03-01&amp;page_token=tok-reads"`, `<a href="/ui/people/cho.expert/reads">`,
			`id="f-from" name="from" value="2026-03-01"`,
			`<p class="warn" id="check-due" role="note">`, `<a href="/ui/audit/person-reads?from=2026-02-01&amp;to=2026-02-28">2026-02-01 ~ 2026-02-28</a>`,
			`<td>2026-01-01 ~ 2026-01-31</td><td><strong>확인 필요 사항 있음</strong></td><td class="num">1840</td>`,
			`id="f-check-from" name="from" value="2026-02-01"`, `<option value="no_findings" selected>이상 없음</option>`)
	}})
	p = fxPage(langEN, fxAuditor, "h.auditpersonreads", "/ui/audit/person-reads")
	p.Data = auditPersonReadsView{Checks: personReadChecksView{Outcomes: models.PersonReadCheckOutcomes, Action: "check"}}
	p.Form = fxForm(url.Values{"from": {"2026-02-01"}, "to": {"2026-02-28"}, "outcome": {"findings"}},
		models.FieldError{Field: "note", Message: "must say what was found and what was done, when the check found something",
			Text: models.Msg("invalid.check_findings_note")})
	cs = append(cs, goldenCase{name: "audit_person_reads_check_refused_en", tmpl: "audit_person_reads", p: p, check: func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `No check recorded.`, `<a href="#f-check-note">Note: must say what was found`,
			`<option value="findings" selected>Something to look into</option>`)
		mustNotContain(t, body, `id="check-due"`)
	}})

	// The registry's changes across records: an organization's size, a relation declared
	// for an expert, narrowed to one operator.
	p = fxPage(langKO, fxAuditor, "h.auditregistrychanges", "/ui/audit/registry-changes?actor=park.operator")
	p.Data = auditRegistryChangesView{Sent: url.Values{"actor": {"park.operator"}}, NextToken: "tok-changes", Items: []models.RegistryChange{
		{ID: 12, Subject: "relation", SubjectID: "cho.expert", Action: "created", By: fxOperator.actor(), At: at(5, 10, 4),
			Changes: []models.FieldChange{{Field: "business_no", New: "101-81-12341"}, {Field: "kind", New: "work"}}},
		{ID: 11, Subject: "organization", SubjectID: "PV-0001", Action: "changed", By: fxOperator.actor(), At: at(5, 9, 58),
			Changes: []models.FieldChange{{Field: "size", Old: "sme", New: "large"}}},
	}}
	cs = append(cs, goldenCase{name: "audit_registry_changes", tmpl: "audit_registry_changes", p: p, check: func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `id="f-actor" name="actor" value="park.operator"`, `<a href="/ui/people/cho.expert">`,
			`<a href="/ui/organizations/PV-0001">`, `href="/api/v1/audit/registry-changes?actor=park.operator"`,
			`href="/ui/audit/registry-changes?actor=park.operator&amp;page_token=tok-changes"`, `id="reads-logged"`)
	}})
	p = fxPage(langEN, fxAuditor, "h.auditregistrychanges", "/ui/audit/registry-changes?kind=organization")
	p.Data = auditRegistryChangesView{Sent: url.Values{"kind": {"organization"}}}
	cs = append(cs, goldenCase{name: "audit_registry_changes_none_en", tmpl: "audit_registry_changes", p: p, check: func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `<option value="organization" selected>`)
		mustNotContain(t, body, `id="registry-changes"`)
	}})
	return cs
}

// fxPersonReadChecks are two checks of January, the second after a night's reads were
// looked into, and February not checked yet.
func fxPersonReadChecks() personReadChecksView {
	jan1, _ := models.ParseDate("2026-01-01")
	jan31, _ := models.ParseDate("2026-01-31")
	feb1, _ := models.ParseDate("2026-02-01")
	feb28, _ := models.ParseDate("2026-02-28")
	auditor := models.Actor{Sub: "lee.auditor", Role: models.RoleAuditor, Org: "BAI"}
	return personReadChecksView{
		Checks: []models.PersonReadCheck{
			{ID: 2, From: jan1, To: jan31, Outcome: models.ReadCheckFindings, Reads: 1840, By: auditor, CheckedAt: at(3, 10, 0),
				Note: "park.operator: 212건 야간 열람, 소명 받음(배정 준비), 종결"},
			{ID: 1, From: jan1, To: jan31, Outcome: models.ReadCheckNoFindings, Reads: 1838, By: auditor, CheckedAt: at(2, 16, 0)},
		},
		Due:      &[2]models.Date{feb1, feb28},
		Defaults: url.Values{"from": {"2026-02-01"}, "to": {"2026-02-28"}, "outcome": {"no_findings"}},
		Outcomes: models.PersonReadCheckOutcomes,
	}
}

package web

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/dsmarket/dsmarket/models"
)

// The golden cases of the direct contracts' pages.

// contractsGoldenCases: the direct contracts' lists, registration form and pages.
func contractsGoldenCases() []goldenCase {
	var cs []goldenCase
	add := func(name, tmpl string, p page, check func(*testing.T, string, *html.Node)) {
		cs = append(cs, goldenCase{name: name, tmpl: tmpl, p: p, check: check})
	}

	// Direct contracts: the agency's list, the registration form refused, a late
	// contract with an announced change, and the auditor's read.
	late := &models.DirectContract{ID: "CT-2026-000001", WorkflowID: "contract-CT-2026-000001", Status: models.ContractChangePending,
		Method: models.MethodDirect, ServiceID: "SVC-0001", ServiceName: "한빛 민원 접수 클라우드", AgencyOrg: "AG-0001",
		ProviderOrg: "PV-0001", Title: "민원포털 유지관리 수의계약", AmountKRW: 48_000_000, ContractedOn: date("2026-10-17"),
		PeriodFrom: date("2026-10-17"), PeriodTo: date("2027-10-16"), RegisteredAt: at(26, 10, 0),
		RegistrationDue: date("2026-11-16"), Late: true, Pins: fxPins(models.RuleDirectContractDays, "30"),
		Changes: []models.ContractChange{{No: 1, ChangedOn: date("2026-11-26"), Reason: "계약 기간 연장 합의",
			AnnouncedAt: atp(26, 10, 5), RegistrationDue: date("2026-12-26"), Status: models.ChangePending}},
		Steps: []models.Step{{At: at(26, 10, 0), Actor: models.Actor{Sub: "kim.agency", Role: models.RoleAgency, Org: "AG-0001"},
			Action: models.ActionContractRegistered, Status: string(models.ContractRegistered), Note: "registered late: due 2026-11-16"}}}
	// A contract with a change announced is due when the change's details are; one
	// without says whether it was itself registered late.
	settled := *late
	settled.ID, settled.WorkflowID, settled.Status, settled.Changes = "CT-2026-000002", "contract-CT-2026-000002", models.ContractRegistered, nil
	p := fxPage(langKO, fxAgency, "h.contracts", "/ui/contracts")
	p.Data = contractsView{Contracts: []models.DirectContract{*late, settled}}
	add("contracts_agency", "contracts", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `href="/ui/contracts/CT-2026-000001"`, `href="/ui/contracts/new"`,
			`<td>2026-12-26 <span class="muted">1차 변경</span></td>`, `<td>2026-11-16 <strong class="badge badge-overdue">지연 등록</strong></td>`)
	})
	// The provider, who did not register it, reads which agency did.
	p = fxPage(langKO, fxProvider, "h.contracts", "/ui/contracts")
	p.Data = contractsView{Contracts: []models.DirectContract{*late}}
	add("contracts_provider", "contracts", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `<th scope="col">이용기관</th>`, `<td>행정안전부 <span class="muted">AG-0001</span></td>`)
		mustNotContain(t, body, `href="/ui/contracts/new"`)
	})
	p = fxPage(langKO, fxAgency, "h.newcontract", "/ui/contracts/new?service=SVC-0001")
	p.Form = fxForm(url.Values{"service_id": {"SVC-0001"}, "title": {"민원포털 유지관리"}, "contracted_on": {"2026-11-27"}},
		models.FieldError{Field: "contracted_on", Message: "must not be after today (2026-11-26, Asia/Seoul)"},
		models.FieldError{Field: "amount_krw", Message: "must be a whole number of won"})
	p.Data = newContractView{Service: &fxService, Today: "2026-11-26", fileRows: fileRows{DocumentKinds: models.ContractDocumentKinds,
		DocumentRows: []int{0, 1, 2}, MaxMiB: 20}}
	add("contract_new_errors", "contract_new", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `id="e-contracted_on">must not be after today`, `id="e-amount_krw">must be a whole number of won<`,
			// the contract's file goes with its registration
			`enctype="multipart/form-data"`, `<option value="contract">계약서</option>`, `<script src="/ui/static/upload.js" defer></script>`)
	})
	p = fxPage(langKO, fxAgency, "h.contract", "/ui/contracts/CT-2026-000001")
	p.Form = fxForm(nil)
	withFile := *late
	withFile.Documents = []models.Document{{Kind: models.DocContract, Filename: "계약서.pdf", SHA256: sha('c'), Size: 4096,
		DocumentID: "DOC-" + strings.Repeat("c", 32), UploadedBy: "kim.agency", UploadedAt: at(26, 10, 0)}}
	// The announced change came with the amended contract, and the form takes a change's files.
	withFile.Changes = slices.Clone(late.Changes)
	withFile.Changes[0].Documents = []models.Document{{Kind: models.DocContract, Filename: "변경계약서.pdf", SHA256: sha('d'),
		Size: 2048, DocumentID: "DOC-" + strings.Repeat("d", 32), UploadedBy: "kim.agency", UploadedAt: at(26, 10, 5)}}
	p.Data = contractView{Contract: &withFile, CanChange: true, Today: "2026-11-26",
		fileRows: fileRows{DocumentKinds: models.ContractDocumentKinds, DocumentRows: []int{0, 1, 2}, MaxMiB: 20}}
	add("contract_agency", "contract", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `id="contract-documents"`, `<a href="/ui/documents/DOC-`+strings.Repeat("c", 32)+`"`)
		mustContain(t, body, `<span class="muted">계약서:</span> <a href="/ui/documents/DOC-`+strings.Repeat("d", 32)+`" data-document="DOC-`+strings.Repeat("d", 32)+`">변경계약서.pdf</a>`,
			`<form method="post" action="/ui/contracts/CT-2026-000001/changes" enctype="multipart/form-data"`, `name="documents[0].file"`,
			`<script src="/ui/static/upload.js" defer></script>`)
		mustContain(t, body, `id="contract-late"`, `data-status="change_pending"`, `action="/ui/contracts/CT-2026-000001/changes"`,
			`<td>세부 내용 대기</td>`, `<a href="/ui/rules#rule-direct_contract.registration_days%402024-01-01"><code>direct_contract.registration_days@2024-01-01</code></a> = <strong>30</strong> <span class="muted">수의계약 등록 기한</span>`)
	})
	p = fxPage(langEN, fxAuditor, "h.contract", "/ui/contracts/CT-2026-000001")
	p.Form = fxForm(nil)
	p.Data = contractView{Contract: late, Today: "2026-11-26"}
	add("contract_auditor_en", "contract", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `href="/ui/cases/contract-CT-2026-000001"`, `>Change announced<`, `<dt>Rules applied</dt><dd id="contract-rules">`)
		mustNotContain(t, body, `/ui/contracts/CT-2026-000001/changes"`)
	})
	return cs
}

package web

import (
	"fmt"
	"net/url"
	"slices"
	"testing"

	"golang.org/x/net/html"

	"github.com/dsmarket/dsmarket/models"
)

// The golden cases of the catalog, the services' pages and the notice board.

// servicesGoldenCases: the catalog, a service's page for each visitor, and the notice board.
func servicesGoldenCases() []goldenCase {
	var cs []goldenCase
	add := func(name, tmpl string, p page, check func(*testing.T, string, *html.Node)) {
		cs = append(cs, goldenCase{name: name, tmpl: tmpl, p: p, check: check})
	}

	p := fxPage(langKO, fxAgency, "h.services", "/ui/services?q=%ED%81%B4%EB%9D%BC%EC%9A%B0%EB%93%9C")
	p.Data = servicesView{Services: []models.Service{fxService, fxService2}, NextToken: "tok-s2",
		Sent: url.Values{"q": {"클라우드"}, "price_item": {"요금제"}, "max_unit_price_krw": {"15,000"}, "type": {"cloud"}, "csap": {"true"}}}
	add("services_agency", "services", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `<a href="/ui/orders/new?service=SVC-0001">`, `<a href="/ui/orders/new?service=SVC-0002">`,
			`name="price_item" value="요금제"`, `<option value="cloud" selected>`, `<option value="true" selected>예</option>`,
			`<input type="hidden" name="type" value="cloud">`, `<input type="hidden" name="csap" value="true">`,
			`href="/ui/services?csap=true&amp;max_unit_price_krw=15%2C000&amp;page_token=tok-s2&amp;price_item=%EC%9A%94%EA%B8%88%EC%A0%9C&amp;q=%ED%81%B4%EB%9D%BC%EC%9A%B0%EB%93%9C&amp;type=cloud"`,
			`<input type="search" id="f-q" name="q" value="클라우드">`, `<td>2027-06-30</td>`)
	})
	p = fxPage(langEN, fxAgency, "h.services", "/ui/services")
	p.Data = servicesView{}
	add("services_empty_en", "services", p, func(t *testing.T, body string, doc *html.Node) {
		row := findOne(t, doc, "table#services tbody tr td")
		if got, want := attr(row, "colspan"), fmt.Sprint(len(find(doc, "table#services thead th"))); got != want {
			t.Errorf("the empty row spans %s columns of %s", got, want)
		}
	})

	// A service's page: the operator with its inspection record and a refused fact; the
	// public without the record; the notice board.
	removed := fxService2
	removed.Status = models.ServiceRemoved
	watch := &models.ServiceWatch{ServiceID: "SVC-0001", Status: models.WatchRereviewRequired, CSAPValidUntil: datep("2027-06-30"),
		Events: []models.InspectionEvent{{Kind: models.InspectCreditRating, Value: "CCC+", EffectiveOn: date("2026-11-20"),
			Source: "NICE평가정보 등급 공시", RecordedAt: at(20, 10, 0), RecordedBy: "park.operator"}},
		Findings: []models.InspectionFinding{{At: at(20, 10, 0), Outcome: models.InspectionRereview,
			Reason: "credit rating CCC+ is below B-", By: models.Actor{Sub: "park.operator", Role: models.RoleOperator, Org: "NIA"}}}}
	p = fxPage(langKO, fxOperator, "h.service", "/ui/services/SVC-0001")
	p.Form = fxForm(url.Values{"kind": {"debarment"}, "value": {"2026-13-01"}, "effective_on": {"2026-11-25"}},
		models.FieldError{Field: "value", Message: "must be the debarment's last day, YYYY-MM-DD"},
		models.FieldError{Field: "source", Message: "is required"})
	p.Data = serviceView{Service: fxService, Watch: watch, ShowInspect: true, CanRecord: true, Today: "2026-11-26",
		Kinds: []string{"credit_rating", "business_status", "debarment", "csap"}}
	add("service_operator_errors", "service", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `action="/ui/services/SVC-0001/events"`, `id="watch-status">재심사 필요<`,
			`<option value="debarment" selected>`, `id="e-value">must be the debarment&#39;s last day`, `id="e-source">is required<`)
	})
	p = fxPage(langEN, nil, "h.service", "/ui/services/SVC-0002")
	p.Form = fxForm(nil)
	p.Data = serviceView{Service: removed, Today: "2026-11-26"}
	add("service_public_removed_en", "service", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `data-status="removed">Removed<`)
		mustNotContain(t, body, `id="inspect-h"`, `/events"`)
	})
	p = fxPage(langEN, nil, "h.service", "/ui/services/SVC-0001")
	p.Form = fxForm(nil)
	p.Data = serviceView{Service: fxService, Today: "2026-11-26", OCID: "ocds-xxxxxx-" + fxService.ID}
	add("service_catalog_en", "service", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `<li>행정기관 SSO 연동</li>`, `<td class="num">12,500 KRW</td>`, `<td class="num">12,000,000 KRW</td>`,
			`<td>최소 10명</td>`, `id="service-version">2 <a href="/api/v1/ocds/records/ocds-xxxxxx-SVC-0001" id="service-ocds">open data (OCDS)</a><`)
	})
	// Given in English too, the features and the first line read in English; the second
	// line, which has no English, stays as it was written.
	bilingual := fxService
	bilingual.FeaturesEn = []string{"Single sign-on with government systems", "Web accessibility certified"}
	bilingual.Prices = slices.Clone(fxService.Prices)
	bilingual.Prices[0].ItemEn, bilingual.Prices[0].ConditionsEn = "Standard plan", "At least 10 users"
	p = fxPage(langEN, nil, "h.service", "/ui/services/SVC-0001")
	p.Form = fxForm(nil)
	p.Data = serviceView{Service: bilingual, Today: "2026-11-26"}
	add("service_catalog_bilingual_en", "service", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `<li>Web accessibility certified</li>`, `<td>Standard plan</td>`, `<td>At least 10 users</td>`,
			`<td>기관 연간 라이선스</td>`)
		mustNotContain(t, body, `<li>행정기관 SSO 연동</li>`, `<td>최소 10명</td>`)
	})
	p = fxPage(langKO, fxAuditor, "h.service", "/ui/services/SVC-0001")
	p.Form = fxForm(nil)
	p.Data = serviceView{Service: fxService, Watch: watch, ShowInspect: true, Today: "2026-11-26"}
	add("service_auditor", "service", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `id="findings"`, `href="/ui/cases/service-SVC-0001"`, `<td class="num">12,500원</td>`)
		mustNotContain(t, body, `/events"`)
	})
	// The ground's re-review selected the service again: the watch is back to watching.
	cleared := *watch
	cleared.Status = models.WatchWatching
	cleared.RereviewsConfirmed = []models.RereviewConfirmation{{CaseRef: "service-SVC-0001/rereview-1",
		ApplicationID: "APP-2026-000100", At: at(24, 15, 0), AfterFindings: 1}}
	p = fxPage(langKO, fxAuditor, "h.service", "/ui/services/SVC-0001")
	p.Form = fxForm(nil)
	p.Data = serviceView{Service: fxService, Watch: &cleared, ShowInspect: true, Today: "2026-11-26"}
	add("service_auditor_rereview_confirmed", "service", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `id="watch-status">점검 중<`,
			`<ul id="rereviews-confirmed"><li>2026-03-24 15:00 · <a href="/ui/applications/APP-2026-000100">APP-2026-000100</a></li></ul>`)
	})
	// A finding the system made (a deadline, another process's verdict) names no person.
	unfit := *watch
	unfit.Status = models.WatchUnfit
	unfit.Findings = append(slices.Clone(watch.Findings), models.InspectionFinding{At: at(25, 9, 0), Outcome: models.InspectionUnfit,
		Reason: "CSAP certificate expired on 2027-06-30", By: models.SystemActor})
	p = fxPage(langKO, fxAuditor, "h.service", "/ui/services/SVC-0001")
	p.Form = fxForm(nil)
	p.Data = serviceView{Service: fxService, Watch: &unfit, ShowInspect: true, Today: "2026-11-26"}
	add("service_auditor_system_finding", "service", p, func(t *testing.T, body string, doc *html.Node) {
		rows := find(doc, "table#findings tbody tr")
		if who := textOf(find(rows[len(rows)-1], "td")[3]); who != translate(langKO, "msg.system") {
			t.Errorf("the system's finding names %q", who)
		}
	})
	p = fxPage(langKO, nil, "h.notices", "/ui/notices")
	p.Data = noticesView{Notices: []models.UnfitNotice{{ServiceID: "SVC-0002", Name: "누리 데이터 전환 컨설팅",
		Provider: "누리정보(주)", Reason: "business closed (국세청 휴폐업 조회)", From: date("2026-11-20"), Until: date("2026-12-10")}}}
	add("notices", "notices", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `data-service="SVC-0002"`, `<td>2026-12-10</td>`)
	})
	// A notice the system found reads in the page's language: its names and its reason.
	closed := models.Msg("inspection.closed", "on", "2026-11-19")
	keyedNotice := []models.UnfitNotice{{ServiceID: "SVC-0002", Name: "누리 데이터 전환 컨설팅", NameEn: "Nuri Data Migration Consulting",
		Provider: "누리정보(주)", ProviderEn: "Nuri Information Co., Ltd.", Reason: closed.English(), ReasonText: closed,
		From: date("2026-11-20"), Until: date("2026-12-10")}}
	for _, lang := range []string{langKO, langEN} {
		p = fxPage(lang, nil, "h.notices", "/ui/notices")
		p.Data = noticesView{Notices: keyedNotice}
		want := map[string][]string{
			langKO: {`<td>누리 데이터 전환 컨설팅 <span class="muted">SVC-0002</span></td><td>누리정보(주)</td><td>폐업 (2026-11-19부터)</td>`},
			langEN: {`<td>Nuri Data Migration Consulting <span class="muted">SVC-0002</span></td><td>Nuri Information Co., Ltd.</td><td>폐업 (business closed, effective 2026-11-19)</td>`},
		}[lang]
		add("notices_keyed_"+lang, "notices", p, func(t *testing.T, body string, doc *html.Node) {
			mustContain(t, body, want...)
		})
	}
	return cs
}

package web_test

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
)

// The forms of TestPageAuthorizationMatrix: for each POST route, content its admitted
// callers may send.

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// pageForm is a form each POST route accepts in some state of its case, so that the
// admitted caller gets past the form's reading to the app layer's checks; nil for a route
// the test has none for.
func pageForm(route string) url.Values {
	sla := url.Values{"documents[0].kind": {"sla_policy"}, "documents[0].filename": {"SLA.pdf"},
		"documents[0].sha256": {sha256Hex("sla_policy")}, "documents[0].size": {"2048"}}
	with := func(v url.Values, more url.Values) url.Values {
		for k, x := range more {
			v[k] = x
		}
		return v
	}
	switch route {
	case "POST /ui/login/dev":
		return url.Values{"sub": {"lee.auditor"}, "next": {"/ui/"}}
	case "POST /ui/logout":
		return url.Values{}
	case "POST /ui/services/:id/events":
		return url.Values{"kind": {"credit_rating"}, "value": {"AA"}, "effective_on": {inDays(-2)}, "source": {"NICE평가정보 등급 공시"}}
	case "POST /ui/services/:id/change-requests":
		return url.Values{"sla": {"가용성 99.95%"}, "reason": {"SLA 개선"}}
	case "POST /ui/rules/what-if":
		// It reads and changes nothing: its admitted callers get the answer on the page.
		return url.Values{"rules[0].key": {"catalog_order.negotiation_days"}, "rules[0].value": {"14"},
			"rules[0].effective_from": {inDays(30)}, "rules[0].source": {"조달청 공고 (협상 기한 개정안)"}}
	case "POST /ui/changes/:id/decision":
		return url.Values{"approve": {"true"}, "reason": {"기준 무관 변경"}}
	case "POST /ui/tasks/:id":
		return url.Values{"outcome": {"accept"}, "note": {"서류 완비"}}
	case "POST /ui/orders":
		return url.Values{"service_id": {"SVC-0001"}, "title": {"민원포털 클라우드 전환"}, "budget_krw": {"120,000,000"},
			"proposal_due": {inDays(7)}}
	case "POST /ui/orders/:id/proposal":
		return url.Values{"price_krw": {"110,000,000"}, "summary": {"IaaS 4 vCPU x 20, 36개월"}}
	case "POST /ui/orders/:id/evaluation":
		return url.Values{"scores[0].criterion": {"기술"}, "scores[0].score": {"72"}, "scores[0].max": {"80"},
			"scores[1].criterion": {"가격"}, "scores[1].score": {"18"}, "scores[1].max": {"20"}}
	case "POST /ui/orders/:id/negotiation":
		return url.Values{"agreed": {"true"}, "final_price_krw": {"105,000,000"}, "terms": {"SLA 99.9%"}}
	case "POST /ui/orders/:id/cancel":
		return url.Values{"reason": {"예산 삭감"}}
	case "POST /ui/contracts":
		return url.Values{"service_id": {"SVC-0001"}, "title": {"민원포털 유지관리 수의계약"}, "contracted_on": {inDays(-3)},
			"amount_krw": {"48,000,000"}, "period_from": {inDays(-3)}, "period_to": {inDays(300)}}
	case "POST /ui/searches":
		return url.Values{"title": {"민원 포털 수의계약 검토"}, "q": {"한빛 클라우드 서버"}}
	case "POST /ui/searches/:id/evaluation":
		return url.Values{"criteria[0].name": {"가격"}, "criteria[0].weight": {"100"}, "score.SVC-0001.0": {"90"},
			"chosen": {"SVC-0001"}, "reason": {"가격 우위"}}
	case "POST /ui/searches/:id/outcome":
		return url.Values{"outcome": {"none_suitable"}, "reason": {"요건 미충족"}}
	case "POST /ui/contracts/:id/changes":
		return url.Values{"changed_on": {inDays(-1)}, "reason": {"과업 범위 조정"}}
	case "POST /ui/quality/:id/report":
		return with(url.Values{"summary": {"연간 가용성 99.95%, 장애 2건"}, "availability_pct": {"99.95"}, "incidents": {"2"}}, sla)
	case "POST /ui/quality/:id/remediation":
		// The fixture case is inspecting by then: the provider is admitted and refused by
		// the case's state (409), anyone else by the route.
		return url.Values{"remediation": {"분기 복구 훈련을 시행했습니다"}}
	case "POST /ui/quality/:id/prereview":
		return url.Values{"accepted": {"true"}, "note": {"보고서 완비"}}
	case "POST /ui/applications":
		// Without files, as a form whose files were uploaded by an earlier submission.
		return url.Values{"service.name": {"매트릭스 문서함"}, "service.type": {"cloud"}, "service.subtype": {"saas"},
			"service.description": {"문서 보관 SaaS"}, "provider.business_no": {pv1BusinessNo}, "provider.name": {"(주)한빛클라우드"},
			"provider.founded_on": {"2015-04-01"}, "provider.credit_rating": {"BBB"}, "provider.business_status": {"active"},
			"provider.size": {"sme"}}
	case "POST /ui/committee":
		return url.Values{"held_on": {inDays(7)}, "members": {"song.committee", "lim.committee"}, "chair": {"song.committee"}}
	case "POST /ui/committee/:id/close":
		return url.Values{}
	case "POST /ui/applications/:id/documents":
		return sla
	case "POST /ui/applications/:id/withdraw":
		return url.Values{"reason": {"사업 계획 변경"}}
	case "POST /ui/applications/:id/review-report":
		return url.Values{"report": {"적합 의견 2건, 상정 권고."}}
	case "POST /ui/applications/:id/release-expert":
		// Nobody's review: the case is left as it is for the rows after this one.
		return url.Values{"expert": {"nobody.expert"}, "reason": {"검토 기한 경과"}}
	case "POST /ui/organizations":
		return url.Values{"kind": {"provider"}, "org": {"PV-0961"}, "name": {"(주)매트릭스데이터"}, "business_no": {"315-81-12348"},
			"size": {"midsize"}, "founded_on": {"2011-09-01"}}
	case "POST /ui/organizations/:id":
		return url.Values{"name_en": {"Matrix Cloud"}, "size": {"midsize"}}
	case "POST /ui/people":
		return url.Values{"sub": {"matrix.committee"}, "role": {"committee"}, "name": {"한결"}, "affiliation": {"행정안전부"},
			"email": {"han@mois.example"}, "language": {"ko"}}
	case "POST /ui/people/:id":
		return url.Values{"affiliation": {"KAIST"}, "language": {"en"}}
	case "POST /ui/audit/person-read-checks":
		return url.Values{"from": {inDays(-30)}, "to": {inDays(-1)}, "outcome": {"no_findings"}}
	case "POST /ui/me/settings":
		return url.Values{"email_notifications": {"mine"}}
	case "POST /ui/people/:id/status":
		return url.Values{"active": {"false"}}
	case "POST /ui/people/:id/relations", "POST /ui/me/relations":
		// A provider no fixture case is of, so that no conflict of interest follows.
		return url.Values{"business_no": {"416-81-12340"}, "kind": {"work"}, "since": {inDays(-30)}}
	}
	return nil
}

package web

import (
	"io/fs"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/api"
	"github.com/dsmarket/dsmarket/models"
)

// pageRoute is one row of the pages: "METHOD /path", the roles that may see it as the API's
// routes write theirs ("public" for anyone, signed in or not), and its handler.
type pageRoute struct {
	pattern, roles string
	h              gin.HandlerFunc
}

// routes lists every page with the roles that may see it. The app layer checks again
// (organization, assignee, state): a route's roles only decide which pages exist for whom.
// The lists show a provider's own cases, an agency's own, or every one for operators,
// reviewers and auditors.
func (u *UI) routes(g *gin.RouterGroup) {
	a := u.app
	for _, r := range []pageRoute{
		{"GET /", "public", u.home},
		{"GET /lang", "public", u.switchLang},
		{"GET /login", "public", u.loginPage},
		{"POST /login/dev", "public", u.devLogin},
		{"GET /login/oidc", "public", u.oidcStart},
		{"GET /auth/callback", "public", u.oidcCallback},
		{"POST /logout", "public", u.logout},
		{"GET /services", "public", u.services},
		{"GET /services/:id", "public", u.firstShow(u.showService)},
		{"POST /services/:id/events", "operator", u.recordEvent()},
		{"POST /services/:id/change-requests", "provider", u.requestChange},
		{"GET /notices", "public", u.notices},
		{"GET /rules", "public", u.rules},
		{"GET /stats", "public", u.stats},
		{"POST /rules/what-if", "operator auditor", u.whatIf},
		{"GET /changes.csv", "provider operator auditor", listCSV(u, "change-requests", models.ChangeRequestStatuses, "invalid.change_request_status", a.Changes.List,
			changeCSVHeader, changeCSVRow)},
		{"GET /changes", "provider operator auditor", listPage(u, "h.changerequests", "change_requests", models.ChangeRequestStatuses, "invalid.change_request_status", a.Changes.List,
			func(items []models.ChangeRequest, next string) any {
				return changesView{Requests: items, NextToken: next}
			})},
		{"GET /changes/:id", "provider operator auditor", u.firstShow(u.changeRequestPage())},
		{"POST /changes/:id/decision", "operator", u.decideChange()},

		{"GET /inbox", "any role", u.inbox},
		{"GET /tasks/:id", "operator expert committee auditor", u.firstShow(u.taskPage())},
		{"POST /tasks/:id", "operator expert committee", u.completeTask},

		{"GET /orders.csv", "agency provider auditor", listCSV(u, "orders", models.AllOrderStatuses, "invalid.order_status", a.Orders.List,
			orderCSVHeader, orderCSVRow)},
		{"GET /orders", "agency provider auditor", listPage(u, "h.orders", "orders", models.AllOrderStatuses, "invalid.order_status", a.Orders.List,
			func(items []models.Order, next string) any { return ordersView{Orders: items, NextToken: next} })},
		{"GET /orders/new", "agency", u.newCase(orderOpening)},
		{"POST /orders", "agency", openCase(u, orderOpening, formOnly(orderFrom), a.Orders.Create)},
		{"GET /orders/:id", "agency provider auditor", u.firstShow(u.orderPage())},
		{"POST /orders/:id/proposal", "provider", u.proposal()},
		{"POST /orders/:id/evaluation", "agency", u.orderAction("evaluation")},
		{"POST /orders/:id/negotiation", "agency", u.orderAction("negotiation")},
		{"POST /orders/:id/cancel", "agency", u.orderAction("cancel")},

		{"GET /contracts.csv", "agency provider auditor", listCSV(u, "contracts", models.AllDirectContractStatuses, "invalid.contract_status", a.Contracts.List,
			contractCSVHeader, contractCSVRow)},
		{"GET /contracts", "agency provider auditor", listPage(u, "h.contracts", "contracts", models.AllDirectContractStatuses, "invalid.contract_status", a.Contracts.List,
			func(items []models.DirectContract, next string) any {
				return contractsView{Contracts: items, NextToken: next}
			})},
		{"GET /contracts/new", "agency", u.newContract},
		{"POST /contracts", "agency", openCase(u, contractOpening, u.contractWithFiles, a.Contracts.Create)},
		{"GET /contracts/:id", "agency provider auditor", u.firstShow(u.contractPage())},
		{"POST /contracts/:id/changes", "agency", u.changeContract()},

		{"GET /searches", "agency auditor", u.searches},
		{"POST /searches", "agency", u.saveSearch},
		{"GET /searches/:id", "agency auditor", u.firstShow(u.searchPage())},
		{"GET /searches/:id/download", "agency auditor", u.downloadSearch},
		{"POST /searches/:id/evaluation", "agency", u.evaluateSearch()},
		{"POST /searches/:id/outcome", "agency", u.endSearch()},

		{"GET /quality", "provider operator auditor", listPage(u, "h.quality", "quality_cases", models.AllQualityStatuses, "invalid.quality_status", u.qualityList,
			func(items []models.QualityCase, next string) any {
				return qualityListView{Cases: items, NextToken: next}
			})},
		{"GET /quality.csv", "provider operator auditor", listCSV(u, "quality-cases", models.AllQualityStatuses, "invalid.quality_status", u.qualityList,
			qualityCSVHeader, qualityCSVRow)},
		{"GET /quality/:id", "provider operator auditor", u.firstShow(u.qualityPage())},
		{"POST /quality/:id/report", "provider", u.qualityReport()},
		{"POST /quality/:id/prereview", "operator", u.qualityPreReview()},
		{"POST /quality/:id/remediation", "provider", u.qualityRemediation()},

		{"GET /applications.csv", "provider operator expert committee auditor", listCSV(u, "applications", models.AllApplicationStatuses, "invalid.application_status", a.Applications.List,
			applicationCSVHeader, applicationCSVRow)},
		{"GET /applications", "provider operator expert committee auditor", listPage(u, "h.apps", "applications", models.AllApplicationStatuses, "invalid.application_status", a.Applications.List,
			func(items []models.Application, next string) any {
				return applicationsView{Applications: items, NextToken: next}
			})},
		{"GET /applications/new", "provider", u.newApplication},
		{"POST /applications", "provider", u.createApplication},
		{"GET /applications/:id", "provider operator expert committee auditor", u.firstShow(u.applicationPage())},
		{"POST /applications/:id/documents", "provider", u.applicationAction("documents")},
		{"POST /applications/:id/withdraw", "provider", u.applicationAction("withdraw")},
		{"POST /applications/:id/review-report", "operator", u.applicationAction("review-report")},
		{"POST /applications/:id/release-expert", "operator", u.applicationAction("release-expert")},
		// Who may download a file is the app layer's to say (Documents.Download): anyone
		// else gets the 404 page, as for a file that does not exist.
		{"GET /documents/:id", "any role", u.downloadDocument},
		{"GET /documents/:id/downloads", "operator auditor", u.documentDownloads},

		{"GET /committee", "operator committee auditor", u.committeeSessions},
		{"POST /committee", "operator", u.openSession},
		{"GET /committee/:id", "operator committee auditor", u.firstShow(u.sessionPage())},
		{"POST /committee/:id/close", "operator", u.closeSession()},

		{"GET /organizations", "operator auditor", u.organizations},
		{"POST /organizations", "operator", u.registerOrganization},
		{"GET /organizations/:id", "operator auditor", u.firstShow(u.organizationPage())},
		{"POST /organizations/:id", "operator", u.editOrganization()},
		{"GET /people", "operator auditor", u.people},
		{"POST /people", "operator", u.registerPerson},
		{"GET /people/:id", "operator auditor", u.firstShow(u.personPage())},
		{"GET /people/:id/reads", "auditor", u.personReads},
		{"POST /people/:id", "operator", u.personAction("edit")},
		{"POST /people/:id/status", "operator", u.personAction("status")},
		{"POST /people/:id/relations", "operator", u.personAction("relation")},
		{"GET /me/relations", "expert committee", u.myRelations},
		{"POST /me/relations", "expert committee", u.declareMyRelation},
		{"GET /notifications", "any role", u.notifications},
		{"GET /me/settings", "operator agency provider expert committee", u.mySettings},
		{"GET /me/reads", "expert committee", u.myReads},
		{"POST /me/settings", "operator agency provider expert committee", u.saveMySettings},

		{"GET /audit", "auditor", u.audit},
		{"GET /audit/log", "auditor", u.auditLog},
		{"GET /audit/log.csv", "auditor", u.auditLogCSV},
		{"GET /audit/person-reads", "auditor", u.auditPersonReads},
		{"GET /audit/person-reads.csv", "auditor", u.auditPersonReadsCSV},
		{"GET /audit/registry-changes", "auditor", u.auditRegistryChanges},
		{"POST /audit/person-read-checks", "auditor", u.recordPersonReadCheck},
		{"GET /cases/:workflow_id", "auditor", u.caseTimeline},
	} {
		method, path, _ := strings.Cut(r.pattern, " ")
		if r.roles == "public" {
			g.Handle(method, path, u.checkParams, r.h)
			continue
		}
		// The role check comes before the check of the parameters: a visitor who may not
		// see the page gets the same answer whatever its address holds.
		g.Handle(method, path, u.requireRole(api.Roles(r.roles)...), u.checkParams, r.h)
	}
}

func staticFiles() http.FileSystem {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err) // the embed directive guarantees the folder
	}
	return http.FS(sub)
}

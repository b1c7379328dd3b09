package api

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/models"
)

// route is one row of the API surface: the roles that may call it are written as the
// OpenAPI document's x-roles says them ("public" for anyone, "any role" for every role).
type route struct {
	method, path, roles string
	h                   gin.HandlerFunc
}

// routes is the entire API surface, each route with the roles that may call it.
func (s *Server) routes(r *gin.Engine, d Deps) {
	a := d.App
	for _, rt := range []route{
		{http.MethodGet, "/healthz", "public", handleHealthz()},
		{http.MethodGet, "/readyz", "public", handleReadyz(a.Store, a.Temporal)},
		{http.MethodGet, "/metrics", "public", handleMetrics(d.Registry, d.NoMetrics)},
		{http.MethodGet, "/api/v1/openapi.json", "public", handleOpenAPI()},
		{http.MethodGet, "/api/v1/rules", "public", handleRulesAt(a.Clock)},
		{http.MethodPost, "/api/v1/rules/what-if", "operator auditor", handleRulesWhatIf(a.Rules)},

		// Catalog: public, no token needed.
		{http.MethodGet, "/api/v1/services", "public", handleListServices(a.Store)},
		{http.MethodGet, "/api/v1/services/:id", "public", handleGetService(a.Store)},
		{http.MethodGet, "/api/v1/notices", "public", handleListNotices(a.Store)},

		// OCDS 1.1 open data: the feed of every published change, and one process's record.
		{http.MethodGet, ocdsReleasesPath, "public", handleOCDSReleases(a.OCDS)},
		{http.MethodGet, "/api/v1/ocds/records/:ocid", "public", handleOCDSRecord(a.OCDS)},
		// Statistics of the catalog and the contracts: public (docs/stats.md).
		{http.MethodGet, "/api/v1/stats", "public", handleStats(a.Store, a.Clock)},

		// Continuous inspection (Process 4): the operator records facts about a catalog
		// service; the operator and auditors read its inspection record.
		{http.MethodPost, "/api/v1/services/:id/events", "operator", caseAction(a.Inspections.RecordEvent)},
		{http.MethodGet, "/api/v1/services/:id/events", "operator auditor", byID(a.Inspections.Get)},

		// Regular quality inspection (Process 4): the provider reports, the operator
		// pre-reviews (the rounds are inbox tasks); the operator starts the year's cycle by hand.
		{http.MethodPost, "/api/v1/services/:id/quality-reports", "provider", caseAction(a.Quality.SubmitReport)},
		{http.MethodGet, "/api/v1/quality-cases", "operator provider auditor", handleListQualityCases(a.Quality)},
		{http.MethodGet, "/api/v1/quality-cases/:id", "operator provider auditor", byID(a.Quality.Get)},
		{http.MethodPost, "/api/v1/quality-cases/:id/prereview", "operator", caseAction(a.Quality.PreReview)},
		{http.MethodPost, "/api/v1/quality-cases/:id/remediation", "provider", caseAction(a.Quality.ReportRemediation)},
		{http.MethodPost, "/api/v1/quality-cycles", "operator", handleStartQualityCycle(a.Quality)},

		// Information changes (Process 4): the provider asks, the operator decides a change
		// that touches no selection criterion; the catalog's history of changes is public.
		{http.MethodPost, "/api/v1/services/:id/change-requests", "provider", handleCreateChangeRequest(a.Changes)},
		{http.MethodGet, "/api/v1/services/:id/changes", "public", handleListServiceChanges(a.Changes)},
		{http.MethodGet, "/api/v1/change-requests", "operator provider auditor", listOf(statusIn[string](models.ChangeRequestStatuses, "invalid.change_request_status"), a.Changes.List)},
		{http.MethodGet, "/api/v1/change-requests/:id", "operator provider auditor", byID(a.Changes.Get)},
		{http.MethodPost, "/api/v1/change-requests/:id/decision", "operator", caseAction(a.Changes.Decide)},

		// Catalog orders: agencies run them, providers answer, auditors read (API.md).
		{http.MethodPost, "/api/v1/orders", "agency", createCase(a.Orders.Create, "/api/v1/orders/")},
		{http.MethodGet, "/api/v1/orders", "agency provider auditor", listOf(statusIn[string](models.AllOrderStatuses, "invalid.order_status"), a.Orders.List)},
		{http.MethodGet, "/api/v1/orders/:id", "agency provider auditor", byID(a.Orders.Get)},
		{http.MethodPost, "/api/v1/orders/:id/proposal", "provider", caseAction(a.Orders.SubmitProposal)},
		{http.MethodPost, "/api/v1/orders/:id/evaluation", "agency", handleEvaluate(a.Orders)},
		{http.MethodPost, "/api/v1/orders/:id/negotiation", "agency", caseAction(a.Orders.Negotiate)},
		{http.MethodPost, "/api/v1/orders/:id/cancel", "agency", caseAction(a.Orders.Cancel)},

		// Direct contracts (Process 3): agencies register them and their changes; the provider
		// of the service and auditors read (API.md).
		{http.MethodPost, "/api/v1/contracts", "agency", createCase(a.Contracts.Create, "/api/v1/contracts/")},
		{http.MethodGet, "/api/v1/contracts", "agency provider auditor", listOf(statusIn[string](models.AllDirectContractStatuses, "invalid.contract_status"), a.Contracts.List)},
		{http.MethodGet, "/api/v1/contracts/:id", "agency provider auditor", byID(a.Contracts.Get)},
		// A change is a step on the contract's case, answered with the contract in its new state.
		{http.MethodPatch, "/api/v1/contracts/:id", "agency", caseAction(a.Contracts.RegisterChange)},

		// Direct-award searches: an agency freezes a catalog search as the evidence of a
		// direct contract, evaluates and ends it; auditors read every search (API.md).
		{http.MethodPost, "/api/v1/searches", "agency", handleCreateSearch(a.Searches)},
		{http.MethodGet, "/api/v1/searches", "agency auditor", handleListSearches(a.Searches)},
		{http.MethodGet, "/api/v1/searches/:id", "agency auditor", handleGetSearch(a.Searches)},
		{http.MethodPost, "/api/v1/searches/:id/evaluation", "agency", caseAction(a.Searches.Evaluate)},
		{http.MethodPost, "/api/v1/searches/:id/outcome", "agency", caseAction(a.Searches.SetOutcome)},

		// Selection of services (Process 1): providers apply, the operator, experts and the
		// committee decide in the inbox, auditors read (API.md).
		{http.MethodPost, "/api/v1/applications", "provider", createCase(a.Applications.Create, "/api/v1/applications/")},
		{http.MethodGet, "/api/v1/applications", "provider operator expert committee auditor", listOf(statusParsed(models.ParseApplicationStatus), a.Applications.List)},
		{http.MethodGet, "/api/v1/applications/:id", "provider operator expert committee auditor", byID(a.Applications.Get)},
		{http.MethodPost, "/api/v1/applications/:id/documents", "provider", handleSupplement(a.Applications)},
		{http.MethodPost, "/api/v1/applications/:id/withdraw", "provider", caseAction(a.Applications.Withdraw)},
		{http.MethodPost, "/api/v1/applications/:id/review-report", "operator", caseAction(a.Applications.WriteReviewReport)},
		{http.MethodPost, "/api/v1/applications/:id/release-expert", "operator", caseAction(a.Applications.ReplaceExpert)},

		// The inbox: every human step of every case, for the role that decides it.
		{http.MethodGet, "/api/v1/tasks", "operator expert committee auditor", handleListTasks(a.Tasks)},
		{http.MethodGet, "/api/v1/tasks/:id", "operator expert committee auditor", byID(a.Tasks.Get)},
		// Completing a task answers the case it leaves: an application's view for an
		// application's task, the quality case for a quality_inspection task.
		{http.MethodPost, "/api/v1/tasks/:id/complete", "operator expert committee", caseAction(a.Tasks.Complete)},

		// Committee sessions: the operator opens and closes them, members vote in the inbox.
		{http.MethodGet, "/api/v1/committee/sessions", "operator committee auditor", listOf(statusIn[models.SessionStatus](sessionStatuses, "invalid.session_status"), a.Committee.List)},
		{http.MethodPost, "/api/v1/committee/sessions", "operator", createCase(a.Committee.Create, "/api/v1/committee/sessions/")},
		{http.MethodGet, "/api/v1/committee/sessions/:id", "operator committee auditor", byID(a.Committee.Get)},
		{http.MethodPost, "/api/v1/committee/sessions/:id/close", "operator", handleCloseSession(a.Committee)},

		// Audit: the decisions of a case and its workflow in the Temporal Web UI.
		{http.MethodGet, "/api/v1/cases/:workflow_id/history", "auditor", handleCaseHistory(a.Cases)},
		// The hash-chained decision log: its head is public so outsiders can hold us to it.
		{http.MethodGet, "/api/v1/audit/head", "public", handleAuditHead(a.Store)},
		{http.MethodGet, "/api/v1/audit/verify", "auditor", handleAuditVerify(a.Store)},
		{http.MethodGet, "/api/v1/audit/log", "auditor", handleAuditLog(a.Store)},
		{http.MethodGet, "/api/v1/audit/person-reads", "auditor", listOf(personReadFilter, a.Directory.ListPersonReads)},
		{http.MethodGet, "/api/v1/audit/person-readers", "auditor", handlePersonReaders(a.Directory)},
		{http.MethodGet, "/api/v1/audit/person-read-checks", "auditor", listOf(noFilter, a.Directory.ListPersonReadChecks)},
		{http.MethodGet, "/api/v1/audit/registry-changes", "auditor", listOf(registryChangeFilter, a.Directory.ListRegistryChanges)},
		{http.MethodPost, "/api/v1/audit/person-read-checks", "auditor", handleRecordPersonReadCheck(a.Directory)},

		// Who am I: lets a client check its token.
		{http.MethodGet, "/api/v1/me", "any role", handleMe()},

		// Documents: every signed-in role uploads; a file is served to its uploader's
		// organization and to those who may see a case that references it, others 404.
		{http.MethodPost, documentsPath, "any role", handleUploadDocument(a.Documents)},
		{http.MethodGet, documentsPath + "/:id", "any role", handleDownloadDocument(a.Documents)},
		{http.MethodGet, documentsPath + "/:id/downloads", "operator auditor", listOf(pathID, a.Documents.Downloads)},

		// The registry (API.md, "People and organizations"): the operator keeps it, auditors
		// read it; a provider or agency reads its own organization, a pool member their own
		// declared relations.
		{http.MethodGet, "/api/v1/organizations", "operator auditor", listOf(organizationFilter, a.Directory.ListOrganizations)},
		{http.MethodPost, "/api/v1/organizations", "operator", handleRegisterOrganization(a.Directory)},
		{http.MethodGet, "/api/v1/organizations/:id", "operator auditor provider agency", byID(a.Directory.GetOrganization)},
		{http.MethodPatch, "/api/v1/organizations/:id", "operator", caseAction(a.Directory.UpdateOrganization)},
		{http.MethodGet, "/api/v1/organizations/:id/changes", "operator auditor", listOf(pathID, a.Directory.OrganizationChanges)},
		{http.MethodGet, "/api/v1/people", "operator auditor", listOf(peopleFilter, a.Directory.ListPeople)},
		{http.MethodPost, "/api/v1/people", "operator", handleRegisterPerson(a.Directory)},
		{http.MethodGet, "/api/v1/people/:id", "operator auditor", byID(a.Directory.GetPerson)},
		{http.MethodPatch, "/api/v1/people/:id", "operator", caseAction(a.Directory.UpdatePerson)},
		{http.MethodGet, "/api/v1/people/:id/relations", "operator auditor", handleRelations(a.Directory)},
		{http.MethodGet, "/api/v1/people/:id/changes", "operator auditor", listOf(pathID, a.Directory.PersonChanges)},
		// Who read a person's record (개인정보 접속기록): the auditors, who check the operators;
		// the person themselves by the readers' office only.
		{http.MethodGet, "/api/v1/people/:id/reads", "auditor", listOf(pathID, a.Directory.PersonReads)},
		{http.MethodGet, "/api/v1/me/reads", "expert committee", listOf(noFilter, a.Directory.MyReads)},
		{http.MethodPost, "/api/v1/people/:id/relations", "operator", handleDeclareRelation(a.Directory)},
		{http.MethodGet, "/api/v1/me/relations", "expert committee", handleMyRelations(a.Directory)},
		{http.MethodGet, "/api/v1/me/notifications", "any role", listOf(noFilter, a.Directory.MyNotifications)},
		{http.MethodGet, "/api/v1/me/notifications/unread", "any role", handleNotificationsRead(a.Directory)},
		{http.MethodGet, "/api/v1/me/turns", "agency provider", handleMyTurns(a.Tasks)},
		{http.MethodPost, "/api/v1/me/notifications/read", "operator agency provider expert committee", handleMarkNotificationsRead(a.Directory)},
		{http.MethodGet, "/api/v1/me/settings", "operator agency provider expert committee", handleMySettings(a.Directory)},
		{http.MethodPatch, "/api/v1/me/settings", "operator agency provider expert committee", handleUpdateMySettings(a.Directory)},
		{http.MethodPost, "/api/v1/me/relations", "expert committee", handleDeclareMyRelation(a.Directory)},
	} {
		s.handle(r, rt)
	}
}

// handle adds a route behind its role check. The roles are checked before the
// parameters: who may not call a route learns nothing more than that.
func (s *Server) handle(r *gin.Engine, rt route) {
	r.Handle(rt.method, rt.path, who(rt.roles), checkParams, rt.h)
	s.Routes = append(s.Routes, Route{Method: rt.method, Path: rt.path, Roles: rt.roles})
}

// who is the role check of a route's roles.
func who(roles string) gin.HandlerFunc {
	if roles == "public" {
		return public
	}
	return allow(Roles(roles)...)
}

// Roles reads a route's roles as the route tables write them (the web pages' too): role
// names separated by spaces, or "any role". A name the models do not know is a mistake in
// a table, found when the server is built.
func Roles(names string) []models.Role {
	if names == "any role" {
		return models.AllRoles
	}
	var roles []models.Role
	for _, name := range strings.Fields(names) {
		role, err := models.ParseRole(name)
		if err != nil {
			panic("route roles " + names + ": " + err.Error())
		}
		roles = append(roles, role)
	}
	return roles
}

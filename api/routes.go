package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/models"
)

// routes is the entire API surface, each route with the roles that may call it.
func (s *Server) routes(r *gin.Engine, d Deps) {
	const (
		provider  = models.RoleProvider
		operator  = models.RoleOperator
		agency    = models.RoleAgency
		auditor   = models.RoleAuditor
		expert    = models.RoleExpert
		committee = models.RoleCommittee
	)
	everyone := []models.Role{provider, operator, expert, committee, agency, auditor}
	a := d.App

	s.handle(r, http.MethodGet, "/healthz", public, "public", handleHealthz())
	s.handle(r, http.MethodGet, "/readyz", public, "public", handleReadyz(a.Store, a.Temporal))
	s.handle(r, http.MethodGet, "/metrics", public, "public", handleMetrics(d.Registry))
	s.handle(r, http.MethodGet, "/api/v1/openapi.json", public, "public", handleOpenAPI())
	s.handle(r, http.MethodGet, "/api/v1/rules", public, "public", handleRules())

	// Catalog: public, no token needed.
	s.handle(r, http.MethodGet, "/api/v1/services", public, "public", handleListServices(a.Store))
	s.handle(r, http.MethodGet, "/api/v1/services/:id", public, "public", handleGetService(a.Store))
	s.handle(r, http.MethodGet, "/api/v1/notices", public, "public", handleListNotices(a.Store))

	// Continuous inspection (Process 4): the operator records facts about a catalog
	// service; the operator and auditors read its inspection record.
	s.handle(r, http.MethodPost, "/api/v1/services/:id/events", allow(operator), "operator", handleRecordEvent(a.Inspections))
	s.handle(r, http.MethodGet, "/api/v1/services/:id/events", allow(operator, auditor), "operator auditor", handleGetServiceWatch(a.Inspections))

	// Regular quality inspection (Process 4): the provider reports, the operator
	// pre-reviews (the rounds are inbox tasks); the operator starts the year's cycle by hand.
	s.handle(r, http.MethodPost, "/api/v1/services/:id/quality-reports", allow(provider), "provider", handleSubmitQualityReport(a.Quality))
	s.handle(r, http.MethodGet, "/api/v1/quality-cases", allow(operator, provider, auditor), "operator provider auditor", handleListQualityCases(a.Quality))
	s.handle(r, http.MethodGet, "/api/v1/quality-cases/:id", allow(operator, provider, auditor), "operator provider auditor", handleGetQualityCase(a.Quality))
	s.handle(r, http.MethodPost, "/api/v1/quality-cases/:id/prereview", allow(operator), "operator", handlePreReview(a.Quality))
	s.handle(r, http.MethodPost, "/api/v1/quality-cycles", allow(operator), "operator", handleStartQualityCycle(a.Quality))

	// Information changes (Process 4): the provider asks, the operator decides a change
	// that touches no selection criterion; the catalog's history of changes is public.
	s.handle(r, http.MethodPost, "/api/v1/services/:id/change-requests", allow(provider), "provider", handleCreateChangeRequest(a.Changes))
	s.handle(r, http.MethodGet, "/api/v1/services/:id/changes", public, "public", handleListServiceChanges(a.Changes))
	s.handle(r, http.MethodGet, "/api/v1/change-requests", allow(operator, provider, auditor), "operator provider auditor", handleListChangeRequests(a.Changes))
	s.handle(r, http.MethodGet, "/api/v1/change-requests/:id", allow(operator, provider, auditor), "operator provider auditor", handleGetChangeRequest(a.Changes))
	s.handle(r, http.MethodPost, "/api/v1/change-requests/:id/decision", allow(operator), "operator", handleDecideChange(a.Changes))

	// Catalog orders: agencies run them, providers answer, auditors read (API.md).
	s.handle(r, http.MethodPost, "/api/v1/orders", allow(agency), "agency", handleCreateOrder(a.Orders))
	s.handle(r, http.MethodGet, "/api/v1/orders", allow(agency, provider, auditor), "agency provider auditor", handleListOrders(a.Orders))
	s.handle(r, http.MethodGet, "/api/v1/orders/:id", allow(agency, provider, auditor), "agency provider auditor", handleGetOrder(a.Orders))
	s.handle(r, http.MethodPost, "/api/v1/orders/:id/proposal", allow(provider), "provider", handleSubmitProposal(a.Orders))
	s.handle(r, http.MethodPost, "/api/v1/orders/:id/evaluation", allow(agency), "agency", handleEvaluate(a.Orders))
	s.handle(r, http.MethodPost, "/api/v1/orders/:id/negotiation", allow(agency), "agency", handleNegotiate(a.Orders))
	s.handle(r, http.MethodPost, "/api/v1/orders/:id/cancel", allow(agency), "agency", handleCancel(a.Orders))

	// Direct contracts (Process 3): agencies register them and their changes; the provider
	// of the service and auditors read (API.md).
	s.handle(r, http.MethodPost, "/api/v1/contracts", allow(agency), "agency", handleCreateContract(a.Contracts))
	s.handle(r, http.MethodGet, "/api/v1/contracts", allow(agency, provider, auditor), "agency provider auditor", handleListContracts(a.Contracts))
	s.handle(r, http.MethodGet, "/api/v1/contracts/:id", allow(agency, provider, auditor), "agency provider auditor", handleGetContract(a.Contracts))
	s.handle(r, http.MethodPatch, "/api/v1/contracts/:id", allow(agency), "agency", handleChangeContract(a.Contracts))

	// Selection of services (Process 1): providers apply, the operator, experts and the
	// committee decide in the inbox, auditors read (API.md).
	s.handle(r, http.MethodPost, "/api/v1/applications", allow(provider), "provider", handleCreateApplication(a.Applications))
	s.handle(r, http.MethodGet, "/api/v1/applications", allow(provider, operator, expert, committee, auditor),
		"provider operator expert committee auditor", handleListApplications(a.Applications))
	s.handle(r, http.MethodGet, "/api/v1/applications/:id", allow(provider, operator, expert, committee, auditor),
		"provider operator expert committee auditor", handleGetApplication(a.Applications))
	s.handle(r, http.MethodPost, "/api/v1/applications/:id/documents", allow(provider), "provider", handleSupplement(a.Applications))
	s.handle(r, http.MethodPost, "/api/v1/applications/:id/withdraw", allow(provider), "provider", handleWithdraw(a.Applications))

	// The inbox: every human step of every case, for the role that decides it.
	s.handle(r, http.MethodGet, "/api/v1/tasks", allow(operator, expert, committee, auditor), "operator expert committee auditor", handleListTasks(a.Tasks))
	s.handle(r, http.MethodGet, "/api/v1/tasks/:id", allow(operator, expert, committee, auditor), "operator expert committee auditor", handleGetTask(a.Tasks))
	s.handle(r, http.MethodPost, "/api/v1/tasks/:id/complete", allow(operator, expert, committee), "operator expert committee", handleCompleteTask(a.Tasks))

	// Committee sessions: the operator opens and closes them, members vote in the inbox.
	s.handle(r, http.MethodGet, "/api/v1/committee/sessions", allow(operator, committee, auditor), "operator committee auditor", handleListSessions(a.Committee))
	s.handle(r, http.MethodPost, "/api/v1/committee/sessions", allow(operator), "operator", handleCreateSession(a.Committee))
	s.handle(r, http.MethodGet, "/api/v1/committee/sessions/:id", allow(operator, committee, auditor), "operator committee auditor", handleGetSession(a.Committee))
	s.handle(r, http.MethodPost, "/api/v1/committee/sessions/:id/close", allow(operator), "operator", handleCloseSession(a.Committee))

	// Audit: the decisions of a case and its workflow in the Temporal Web UI.
	s.handle(r, http.MethodGet, "/api/v1/cases/:workflow_id/history", allow(auditor), "auditor", handleCaseHistory(a.Cases))
	// The hash-chained decision log: its head is public so outsiders can hold us to it.
	s.handle(r, http.MethodGet, "/api/v1/audit/head", public, "public", handleAuditHead(a.Store))
	s.handle(r, http.MethodGet, "/api/v1/audit/verify", allow(auditor), "auditor", handleAuditVerify(a.Store))

	// Who am I: lets a client check its token.
	s.handle(r, http.MethodGet, "/api/v1/me", allow(everyone...), "any role", handleMe())
}

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

	s.handle(r, http.MethodGet, "/healthz", public, "public", handleHealthz())
	s.handle(r, http.MethodGet, "/readyz", public, "public", handleReadyz(d.Store, d.Temporal))
	s.handle(r, http.MethodGet, "/metrics", public, "public", handleMetrics(d.Registry))
	s.handle(r, http.MethodGet, "/api/v1/openapi.json", public, "public", handleOpenAPI())
	s.handle(r, http.MethodGet, "/api/v1/rules", public, "public", handleRules())

	// Catalog: public, no token needed.
	s.handle(r, http.MethodGet, "/api/v1/services", public, "public", handleListServices(d.Store))
	s.handle(r, http.MethodGet, "/api/v1/services/:id", public, "public", handleGetService(d.Store))

	// Catalog orders: agencies run them, providers answer, auditors read (API.md).
	s.handle(r, http.MethodPost, "/api/v1/orders", allow(agency), "agency", handleCreateOrder(d.Orders))
	s.handle(r, http.MethodGet, "/api/v1/orders", allow(agency, provider, auditor), "agency provider auditor", handleListOrders(d.Orders))
	s.handle(r, http.MethodGet, "/api/v1/orders/:id", allow(agency, provider, auditor), "agency provider auditor", handleGetOrder(d.Orders))
	s.handle(r, http.MethodPost, "/api/v1/orders/:id/proposal", allow(provider), "provider", handleSubmitProposal(d.Orders))
	s.handle(r, http.MethodPost, "/api/v1/orders/:id/evaluation", allow(agency), "agency", handleEvaluate(d.Orders))
	s.handle(r, http.MethodPost, "/api/v1/orders/:id/negotiation", allow(agency), "agency", handleNegotiate(d.Orders))
	s.handle(r, http.MethodPost, "/api/v1/orders/:id/cancel", allow(agency), "agency", handleCancel(d.Orders))

	// Audit: the decisions of a case and its workflow in the Temporal Web UI.
	s.handle(r, http.MethodGet, "/api/v1/cases/:workflow_id/history", allow(auditor), "auditor", handleCaseHistory(d))

	// Who am I: lets a client check its token.
	s.handle(r, http.MethodGet, "/api/v1/me", allow(everyone...), "any role", handleMe())
}

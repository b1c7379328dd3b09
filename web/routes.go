package web

import (
	"io/fs"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/models"
)

// routes lists every page with the roles that may see it. The app layer checks again
// (organization, assignee, state): a route's roles only decide which pages exist for whom.
func (u *UI) routes(g *gin.RouterGroup) {
	const (
		provider  = models.RoleProvider
		operator  = models.RoleOperator
		agency    = models.RoleAgency
		auditor   = models.RoleAuditor
		expert    = models.RoleExpert
		committee = models.RoleCommittee
	)
	g.GET("/", u.home)
	g.GET("/lang", u.switchLang)
	g.GET("/login", u.loginPage)
	g.POST("/login/dev", u.devLogin)
	g.GET("/login/oidc", u.oidcStart)
	g.GET("/auth/callback", u.oidcCallback)
	g.POST("/logout", u.logout)
	g.GET("/services", u.services)
	g.GET("/services/:id", u.service)
	g.POST("/services/:id/events", u.requireRole(operator), u.recordEvent)
	g.POST("/services/:id/change-requests", u.requireRole(provider), u.requestChange)
	g.GET("/notices", u.notices)
	g.GET("/changes", u.requireRole(provider, operator, auditor), u.changeRequests)
	g.GET("/changes/:id", u.requireRole(provider, operator, auditor), u.changeRequest)
	g.POST("/changes/:id/decision", u.requireRole(operator), u.decideChange)

	g.GET("/inbox", u.requireRole(operator, expert, committee, auditor), u.inbox)
	g.GET("/tasks/:id", u.requireRole(operator, expert, committee, auditor), u.task)
	g.POST("/tasks/:id", u.requireRole(operator, expert, committee), u.completeTask)

	g.GET("/orders", u.requireRole(agency, provider, auditor), u.orders)
	g.GET("/orders/new", u.requireRole(agency), u.newOrder)
	g.POST("/orders", u.requireRole(agency), u.createOrder)
	g.GET("/orders/:id", u.requireRole(agency, provider, auditor), u.order)
	g.POST("/orders/:id/proposal", u.requireRole(provider), u.orderAction("proposal"))
	g.POST("/orders/:id/evaluation", u.requireRole(agency), u.orderAction("evaluation"))
	g.POST("/orders/:id/negotiation", u.requireRole(agency), u.orderAction("negotiation"))
	g.POST("/orders/:id/cancel", u.requireRole(agency), u.orderAction("cancel"))

	g.GET("/contracts", u.requireRole(agency, provider, auditor), u.contracts)
	g.GET("/contracts/new", u.requireRole(agency), u.newContract)
	g.POST("/contracts", u.requireRole(agency), u.createContract)
	g.GET("/contracts/:id", u.requireRole(agency, provider, auditor), u.contract)
	g.POST("/contracts/:id/changes", u.requireRole(agency), u.changeContract)

	g.GET("/quality", u.requireRole(provider, operator, auditor), u.qualityCases)
	g.GET("/quality/:id", u.requireRole(provider, operator, auditor), u.qualityCase)
	g.POST("/quality/:id/report", u.requireRole(provider), u.qualityAction("report"))
	g.POST("/quality/:id/prereview", u.requireRole(operator), u.qualityAction("prereview"))

	readers := u.requireRole(provider, operator, expert, committee, auditor)
	g.GET("/applications", readers, u.applications)
	g.GET("/applications/:id", readers, u.application)
	g.POST("/applications/:id/documents", u.requireRole(provider), u.supplement)
	g.POST("/applications/:id/withdraw", u.requireRole(provider), u.withdraw)

	g.GET("/audit", u.requireRole(auditor), u.audit)
	g.GET("/cases/:workflow_id", u.requireRole(auditor), u.caseTimeline)
}

func staticFiles() http.FileSystem {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err) // the embed directive guarantees the folder
	}
	return http.FS(sub)
}

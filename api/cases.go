package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/app"
)

// CaseHistory is a case's decisions in order, with a link to its workflow.
type CaseHistory = app.CaseHistory

// handleCaseHistory serves the history of every kind of case by its workflow ID: orders,
// applications and committee sessions.
func handleCaseHistory(cases *app.Cases) gin.HandlerFunc {
	return func(c *gin.Context) {
		h, err := cases.History(c.Request.Context(), mustActor(c), c.Param("workflow_id"))
		if err != nil {
			fail(c, err)
			return
		}
		c.JSON(http.StatusOK, h)
	}
}

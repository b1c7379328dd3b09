package api

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/workflows"
)

// CaseHistory is a case's decisions in order, with a link to its workflow.
type CaseHistory struct {
	WorkflowID    string        `json:"workflow_id"`
	CaseType      string        `json:"case_type"`
	CaseID        string        `json:"case_id"`
	Status        string        `json:"status"`
	Decisions     []models.Step `json:"decisions"`
	TemporalUIURL string        `json:"temporal_ui_url"`
}

func handleCaseHistory(d Deps) gin.HandlerFunc {
	return func(c *gin.Context) {
		wid := c.Param("workflow_id")
		orderID, ok := strings.CutPrefix(wid, workflows.OrderWorkflowID(""))
		if !ok {
			fail(c, models.Errorf(models.ENOTFOUND, "no case with workflow ID %s", wid))
			return
		}
		o, err := d.Orders.Get(c.Request.Context(), mustActor(c), orderID)
		if err != nil {
			fail(c, err)
			return
		}
		c.JSON(http.StatusOK, CaseHistory{WorkflowID: wid, CaseType: "order", CaseID: o.ID,
			Status: string(o.Status), Decisions: o.Steps, TemporalUIURL: temporalUILink(d, wid)})
	}
}

// temporalUILink points at the workflow in the Temporal Web UI.
func temporalUILink(d Deps, workflowID string) string {
	if d.TemporalUIURL == "" {
		return ""
	}
	ns := d.Namespace
	if ns == "" {
		ns = "default"
	}
	return strings.TrimRight(d.TemporalUIURL, "/") + "/namespaces/" + url.PathEscape(ns) +
		"/workflows/" + url.PathEscape(workflowID)
}

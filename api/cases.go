package api

import (
	"context"
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

// handleCaseHistory serves the history of every kind of case by its workflow ID: orders,
// applications and committee sessions.
func handleCaseHistory(d Deps) gin.HandlerFunc {
	return func(c *gin.Context) {
		wid := c.Param("workflow_id")
		h, err := caseHistory(c.Request.Context(), d, mustActor(c), wid)
		if err != nil {
			fail(c, err)
			return
		}
		h.WorkflowID, h.TemporalUIURL = wid, temporalUILink(d, wid)
		c.JSON(http.StatusOK, h)
	}
}

func caseHistory(ctx context.Context, d Deps, by models.Actor, wid string) (CaseHistory, error) {
	if id, ok := strings.CutPrefix(wid, workflows.OrderWorkflowID("")); ok {
		o, err := d.Orders.Get(ctx, by, id)
		if err != nil {
			return CaseHistory{}, err
		}
		return CaseHistory{CaseType: "order", CaseID: o.ID, Status: string(o.Status), Decisions: o.Steps}, nil
	}
	if id, ok := strings.CutPrefix(wid, workflows.ApplicationWorkflowID("")); ok {
		a, err := d.Applications.Get(ctx, by, id)
		if err != nil {
			return CaseHistory{}, err
		}
		return CaseHistory{CaseType: "application", CaseID: a.ID, Status: string(a.Status), Decisions: a.Steps}, nil
	}
	if id, ok := strings.CutPrefix(wid, workflows.SessionWorkflowID("")); ok {
		cs, err := d.Committee.Get(ctx, by, id)
		if err != nil {
			return CaseHistory{}, err
		}
		return CaseHistory{CaseType: "committee_session", CaseID: cs.ID, Status: string(cs.Status), Decisions: cs.Steps}, nil
	}
	return CaseHistory{}, models.Errorf(models.ENOTFOUND, "no case with workflow ID %s", wid)
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

package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

// The handlers of the routes that are more than one of the shared shapes (actions.go,
// lists.go) with an app-layer call: a body of their own, no body, another answer.

// CaseHistory is a case's decisions in order, with a link to its workflow.
type CaseHistory = app.CaseHistory

// handleCaseHistory serves the history of every kind of case by its workflow ID: orders,
// applications and committee sessions.
func handleCaseHistory(cases *app.Cases) gin.HandlerFunc {
	return ok(func(c *gin.Context) (*CaseHistory, error) {
		return cases.History(c.Request.Context(), mustActor(c), c.Param("workflow_id"))
	})
}

func handleGetService(st *store.Store) gin.HandlerFunc {
	return ok(func(c *gin.Context) (models.Service, error) { return st.GetService(c.Request.Context(), c.Param("id")) })
}

// NoticeList is the answer of GET /notices: the unfit notices displayed today, a page at a
// time (API.md's list envelope).
type NoticeList struct {
	Items         []models.UnfitNotice `json:"items"`
	NextPageToken string               `json:"next_page_token"`
}

// handleListNotices serves the unfit-removal notices (부적합 서비스 게시) displayed today,
// newest first; an expired notice is simply no longer selected.
func handleListNotices(st *store.Store) gin.HandlerFunc {
	return ok(func(c *gin.Context) (NoticeList, error) {
		size, token, err := pageOf(c)
		if err != nil {
			return NoticeList{}, err
		}
		items, next, err := st.UnfitNoticesPage(c.Request.Context(), size, token)
		if items == nil {
			items = []models.UnfitNotice{}
		}
		return NoticeList{Items: items, NextPageToken: next}, err
	})
}

// handleCreateChangeRequest opens a change request on the service the path names.
func handleCreateChangeRequest(changes *app.Changes) gin.HandlerFunc {
	return serve(withBody(func(c *gin.Context, key string, in models.ChangeRequestInput) (app.ChangeCreated, error) {
		return changes.Create(c.Request.Context(), mustActor(c), c.Param("id"), in, key)
	}), created("/api/v1/change-requests/", func(out app.ChangeCreated) (string, bool) { return out.ID, out.Created }))
}

// ServiceChanges is the body of GET /services/{id}/changes: the catalog's history of a
// service's applied changes, oldest first, a page at a time.
type ServiceChanges struct {
	Items         []models.ServiceChange `json:"items"`
	NextPageToken string                 `json:"next_page_token"`
}

func handleListServiceChanges(changes *app.Changes) gin.HandlerFunc {
	return ok(func(c *gin.Context) (ServiceChanges, error) {
		size, token, err := pageOf(c)
		if err != nil {
			return ServiceChanges{}, err
		}
		items, next, err := changes.ServiceChanges(c.Request.Context(), c.Param("id"), size, token)
		if items == nil {
			items = []models.ServiceChange{}
		}
		return ServiceChanges{Items: items, NextPageToken: next}, err
	})
}

// SupplementInput is the body of POST /applications/{id}/documents.
type SupplementInput struct {
	Documents []models.DocumentInput `json:"documents"`
}

func handleSupplement(apps *app.Applications) gin.HandlerFunc {
	return caseAction(func(ctx context.Context, by models.Actor, id, key string, in SupplementInput) (*app.ApplicationView, error) {
		return apps.Supplement(ctx, by, id, key, in.Documents)
	})
}

// EvaluationInput is the body of POST /orders/{id}/evaluation.
type EvaluationInput struct {
	Scores []models.ScoreInput `json:"scores"`
}

func handleEvaluate(orders *app.Orders) gin.HandlerFunc {
	return caseAction(func(ctx context.Context, by models.Actor, id, key string, in EvaluationInput) (*models.Order, error) {
		return orders.Evaluate(ctx, by, id, key, in.Scores)
	})
}

var sessionStatuses = []models.SessionStatus{models.SessionOpen, models.SessionClosing, models.SessionClosed}

// handleCloseSession takes no body: closing is the whole of the request.
func handleCloseSession(committee *app.Committee) gin.HandlerFunc {
	return ok(keyed(func(c *gin.Context, key string) (*models.CommitteeSession, error) {
		return committee.Close(c.Request.Context(), mustActor(c), c.Param("id"), key)
	}))
}

// handleStartQualityCycle starts this year's regular quality inspection (정기점검) by its
// business key: 202, the cycle runs on, its cases open one page after another (their
// rounds are quality_inspection tasks of the inbox). The key is checked, not used: the
// year is the cycle's key.
func handleStartQualityCycle(q *app.Quality) gin.HandlerFunc {
	return serve(keyed(func(c *gin.Context, _ string) (app.QualityCycleStarted, error) {
		return q.StartCycle(c.Request.Context(), mustActor(c))
	}), withStatus[app.QualityCycleStarted](http.StatusAccepted))
}

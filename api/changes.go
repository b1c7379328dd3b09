package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
)

func handleCreateChangeRequest(changes *app.Changes) gin.HandlerFunc {
	return func(c *gin.Context) {
		key, err := idempotencyKey(c)
		if err != nil {
			fail(c, err)
			return
		}
		var in models.ChangeRequestInput
		if err := decode(c, &in); err != nil {
			fail(c, err)
			return
		}
		out, err := changes.Create(c.Request.Context(), mustActor(c), c.Param("id"), in, key)
		if err != nil {
			fail(c, err)
			return
		}
		status := http.StatusCreated
		if !out.Created {
			status = http.StatusOK
		}
		c.Header("Location", "/api/v1/change-requests/"+out.ID)
		c.JSON(status, out)
	}
}

func handleListChangeRequests(changes *app.Changes) gin.HandlerFunc {
	return func(c *gin.Context) {
		var fe models.Fields
		size := pageSize(c, &fe)
		status := c.Query("status")
		if status != "" && !validChangeRequestStatus(status) {
			fe.Add("status", "is not a change request status")
		}
		if err := fe.Err(); err != nil {
			fail(c, err)
			return
		}
		items, next, err := changes.List(c.Request.Context(), mustActor(c), status, size, c.Query("page_token"))
		if err != nil {
			fail(c, err)
			return
		}
		if items == nil {
			items = []models.ChangeRequest{}
		}
		c.JSON(http.StatusOK, Page[models.ChangeRequest]{Items: items, NextPageToken: next})
	}
}

func validChangeRequestStatus(s string) bool {
	for _, st := range models.ChangeRequestStatuses {
		if string(st) == s {
			return true
		}
	}
	return false
}

func handleGetChangeRequest(changes *app.Changes) gin.HandlerFunc {
	return func(c *gin.Context) {
		cr, err := changes.Get(c.Request.Context(), mustActor(c), c.Param("id"))
		if err != nil {
			fail(c, err)
			return
		}
		c.JSON(http.StatusOK, cr)
	}
}

func handleDecideChange(changes *app.Changes) gin.HandlerFunc {
	return caseAction(func(ctx context.Context, by models.Actor, id, key string, in models.DecideChangeInput) (*models.ChangeRequest, error) {
		return changes.Decide(ctx, by, id, key, in)
	})
}

// ServiceChanges is the body of GET /services/{id}/changes: the catalog's history of a
// service's applied changes, oldest first.
type ServiceChanges struct {
	Items []models.ServiceChange `json:"items"`
}

func handleListServiceChanges(changes *app.Changes) gin.HandlerFunc {
	return func(c *gin.Context) {
		items, err := changes.ServiceChanges(c.Request.Context(), c.Param("id"))
		if err != nil {
			fail(c, err)
			return
		}
		if items == nil {
			items = []models.ServiceChange{}
		}
		c.JSON(http.StatusOK, ServiceChanges{Items: items})
	}
}

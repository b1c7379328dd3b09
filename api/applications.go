package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
)

func handleCreateApplication(apps *app.Applications) gin.HandlerFunc {
	return createCase(apps.Create, "/api/v1/applications/")
}

func handleListApplications(apps *app.Applications) gin.HandlerFunc {
	return func(c *gin.Context) {
		var fe models.Fields
		size := pageSize(c, &fe)
		var status models.ApplicationStatus
		if v := c.Query("status"); v != "" {
			var err error
			if status, err = models.ParseApplicationStatus(v); err != nil {
				fe.Add("status", "%s", err)
			}
		}
		if err := fe.Err(); err != nil {
			fail(c, err)
			return
		}
		items, next, err := apps.List(c.Request.Context(), mustActor(c), status, size, c.Query("page_token"))
		if err != nil {
			fail(c, err)
			return
		}
		if items == nil {
			items = []models.Application{}
		}
		c.JSON(http.StatusOK, Page[models.Application]{Items: items, NextPageToken: next})
	}
}

func handleGetApplication(apps *app.Applications) gin.HandlerFunc {
	return func(c *gin.Context) {
		a, err := apps.Get(c.Request.Context(), mustActor(c), c.Param("id"))
		if err != nil {
			fail(c, err)
			return
		}
		c.JSON(http.StatusOK, a)
	}
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

func handleWithdraw(apps *app.Applications) gin.HandlerFunc {
	return caseAction(apps.Withdraw)
}

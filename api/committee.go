package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
)

func handleCreateSession(committee *app.Committee) gin.HandlerFunc {
	return createCase(committee.Create, "/api/v1/committee/sessions/")
}

func handleListSessions(committee *app.Committee) gin.HandlerFunc {
	return func(c *gin.Context) {
		var fe models.Fields
		size := pageSize(c, &fe)
		status := models.SessionStatus(c.Query("status"))
		switch status {
		case "", models.SessionOpen, models.SessionClosing, models.SessionClosed:
		default:
			fe.Add("status", "must be one of open, closing, closed")
		}
		if err := fe.Err(); err != nil {
			fail(c, err)
			return
		}
		items, next, err := committee.List(c.Request.Context(), mustActor(c), status, size, c.Query("page_token"))
		if err != nil {
			fail(c, err)
			return
		}
		if items == nil {
			items = []models.CommitteeSession{}
		}
		c.JSON(http.StatusOK, Page[models.CommitteeSession]{Items: items, NextPageToken: next})
	}
}

func handleGetSession(committee *app.Committee) gin.HandlerFunc {
	return func(c *gin.Context) {
		cs, err := committee.Get(c.Request.Context(), mustActor(c), c.Param("id"))
		if err != nil {
			fail(c, err)
			return
		}
		c.JSON(http.StatusOK, cs)
	}
}

// handleCloseSession takes no body: closing is the whole of the request.
func handleCloseSession(committee *app.Committee) gin.HandlerFunc {
	return func(c *gin.Context) {
		key, err := idempotencyKey(c)
		if err != nil {
			fail(c, err)
			return
		}
		cs, err := committee.Close(c.Request.Context(), mustActor(c), c.Param("id"), key)
		if err != nil {
			fail(c, err)
			return
		}
		c.JSON(http.StatusOK, cs)
	}
}

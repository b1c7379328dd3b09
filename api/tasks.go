package api

import (
	"context"
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
)

func handleListTasks(tasks *app.Tasks) gin.HandlerFunc {
	return func(c *gin.Context) {
		var fe models.Fields
		size := pageSize(c, &fe)
		status := models.TaskStatus(c.Query("status"))
		switch status {
		case "", models.TaskOpen, models.TaskDone, models.TaskCancelled:
		default:
			fe.Add("status", "must be one of open, done, cancelled")
		}
		kind := models.TaskKind(c.Query("kind"))
		if kind != "" && !slices.Contains(models.AllTaskKinds, kind) {
			fe.Add("kind", "is not a task kind")
		}
		if err := fe.Err(); err != nil {
			fail(c, err)
			return
		}
		items, next, err := tasks.List(c.Request.Context(), mustActor(c), status, kind, size, c.Query("page_token"))
		if err != nil {
			fail(c, err)
			return
		}
		if items == nil {
			items = []models.Task{}
		}
		c.JSON(http.StatusOK, Page[models.Task]{Items: items, NextPageToken: next})
	}
}

func handleGetTask(tasks *app.Tasks) gin.HandlerFunc {
	return func(c *gin.Context) {
		t, err := tasks.Get(c.Request.Context(), mustActor(c), c.Param("id"))
		if err != nil {
			fail(c, err)
			return
		}
		c.JSON(http.StatusOK, t)
	}
}

// handleCompleteTask answers the case the task leaves: an application's view for an
// application's task, the quality case for a quality_inspection task.
func handleCompleteTask(tasks *app.Tasks) gin.HandlerFunc {
	return caseAction(func(ctx context.Context, by models.Actor, id, key string, body models.TaskCompletion) (*any, error) {
		out, err := tasks.Complete(ctx, by, id, key, body)
		if err != nil {
			return nil, err
		}
		return &out, nil
	})
}

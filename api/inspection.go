package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

// NoticeList is the answer of GET /notices: every unfit notice displayed today. It has no
// pages: a notice stays up about three weeks, so the list is short.
type NoticeList struct {
	Items []models.UnfitNotice `json:"items"`
}

// handleListNotices serves the unfit-removal notices (부적합 서비스 게시) displayed today,
// newest first; an expired notice is simply no longer selected.
func handleListNotices(st *store.Store) gin.HandlerFunc {
	return func(c *gin.Context) {
		items, err := st.CurrentUnfitNotices(c.Request.Context())
		if err != nil {
			fail(c, err)
			return
		}
		c.JSON(http.StatusOK, NoticeList{Items: items})
	}
}

func handleRecordEvent(ins *app.Inspections) gin.HandlerFunc {
	return caseAction(func(ctx context.Context, by models.Actor, id, key string, in models.InspectionEventInput) (*models.ServiceWatch, error) {
		return ins.RecordEvent(ctx, by, id, key, in)
	})
}

func handleGetServiceWatch(ins *app.Inspections) gin.HandlerFunc {
	return func(c *gin.Context) {
		w, err := ins.Get(c.Request.Context(), mustActor(c), c.Param("id"))
		if err != nil {
			fail(c, err)
			return
		}
		c.JSON(http.StatusOK, w)
	}
}

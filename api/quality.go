package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
)

// The regular quality inspection (정기점검, Process 4): the provider's report, the
// operator's pre-review, the cases' list and the cycle started by hand. The inspection
// rounds are quality_inspection tasks, completed through the inbox (api/tasks.go).

func handleSubmitQualityReport(q *app.Quality) gin.HandlerFunc {
	return caseAction(func(ctx context.Context, by models.Actor, id, key string, in models.QualityReportInput) (*models.QualityCase, error) {
		return q.SubmitReport(ctx, by, id, key, in)
	})
}

func handlePreReview(q *app.Quality) gin.HandlerFunc {
	return caseAction(func(ctx context.Context, by models.Actor, id, key string, in models.PreReviewInput) (*models.QualityCase, error) {
		return q.PreReview(ctx, by, id, key, in)
	})
}

func handleListQualityCases(q *app.Quality) gin.HandlerFunc {
	return func(c *gin.Context) {
		var fe models.Fields
		query := app.QualityCaseQuery{PageSize: pageSize(c, &fe), PageToken: c.Query("page_token"), ServiceID: c.Query("service_id")}
		if y := c.Query("year"); y != "" {
			n, err := strconv.Atoi(y)
			if err != nil || n < 2000 || n > 9999 {
				fe.Add("year", "must be a year such as 2026")
			}
			query.Year = n
		}
		if s := c.Query("status"); s != "" {
			st, err := models.ParseQualityStatus(s)
			if err != nil {
				fe.Add("status", "%s", err)
			}
			query.Status = st
		}
		if err := fe.Err(); err != nil {
			fail(c, err)
			return
		}
		items, next, err := q.List(c.Request.Context(), mustActor(c), query)
		if err != nil {
			fail(c, err)
			return
		}
		if items == nil {
			items = []models.QualityCase{}
		}
		c.JSON(http.StatusOK, Page[models.QualityCase]{Items: items, NextPageToken: next})
	}
}

func handleGetQualityCase(q *app.Quality) gin.HandlerFunc {
	return func(c *gin.Context) {
		qc, err := q.Get(c.Request.Context(), mustActor(c), c.Param("id"))
		if err != nil {
			fail(c, err)
			return
		}
		c.JSON(http.StatusOK, qc)
	}
}

// handleStartQualityCycle starts this year's cycle by its business key: 202, the cycle
// runs on, its cases open one page after another.
func handleStartQualityCycle(q *app.Quality) gin.HandlerFunc {
	return func(c *gin.Context) {
		if _, err := idempotencyKey(c); err != nil {
			fail(c, err)
			return
		}
		out, err := q.StartCycle(c.Request.Context(), mustActor(c))
		if err != nil {
			fail(c, err)
			return
		}
		c.JSON(http.StatusAccepted, out)
	}
}

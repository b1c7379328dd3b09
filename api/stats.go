package api

import (
	"time"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

// handleStats serves GET /api/v1/stats: the catalog and the contracts of a period, for
// anyone. The period defaults to the start of the regime through today in Seoul.
func handleStats(st *store.Store, now func() time.Time) gin.HandlerFunc {
	return ok(func(c *gin.Context) (models.Stats, error) {
		p, err := models.ParseStatsPeriod(c.Query("from"), c.Query("to"), models.DateOf(now()))
		if err != nil {
			return models.Stats{}, err
		}
		return st.Stats(c.Request.Context(), p)
	})
}

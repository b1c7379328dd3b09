package api

import (
	"context"
	_ "embed"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.temporal.io/sdk/client"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

//go:embed openapi.json
var openAPIDoc []byte

func handleHealthz() gin.HandlerFunc {
	return func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) }
}

// handleReadyz answers 200 only when both Temporal and PostgreSQL answer, so a load
// balancer sends no traffic to an instance that could not serve it.
func handleReadyz(st *store.Store, tc client.Client) gin.HandlerFunc {
	return func(c *gin.Context) {
		ctx, cancel := context.WithTimeout(c.Request.Context(), 3*time.Second)
		defer cancel()
		checks := gin.H{"postgres": "ok", "temporal": "ok"}
		ready := true
		if err := st.Ping(ctx); err != nil {
			checks["postgres"], ready = "unreachable", false
		}
		if _, err := tc.CheckHealth(ctx, &client.CheckHealthRequest{}); err != nil {
			checks["temporal"], ready = "unreachable", false
		}
		if !ready {
			writeProblem(c, Problem{Type: problemType(models.EUNAVAILABLE), Title: problemKinds[models.EUNAVAILABLE].title,
				Status: http.StatusServiceUnavailable, Detail: "not ready: postgres " + checks["postgres"].(string) +
					", temporal " + checks["temporal"].(string)})
			return
		}
		c.JSON(http.StatusOK, gin.H{"status": "ready", "checks": checks})
	}
}

// handleMetrics serves the registry, or, when the process serves it on a listener of its
// own (off), answers 404 as for any unknown path.
func handleMetrics(reg *prometheus.Registry, off bool) gin.HandlerFunc {
	if off {
		return noRoute
	}
	h := MetricsHandler(reg)
	return func(c *gin.Context) { h.ServeHTTP(c.Writer, c.Request) }
}

// MetricsHandler serves reg in Prometheus's text format, for a listener of its own.
func MetricsHandler(reg *prometheus.Registry) http.Handler {
	return promhttp.HandlerFor(reg, promhttp.HandlerOpts{})
}

func handleOpenAPI() gin.HandlerFunc {
	return func(c *gin.Context) { c.Data(http.StatusOK, "application/json", openAPIDoc) }
}

// RuleView is one row of the rule table as served.
type RuleView struct {
	Key           string `json:"key"`
	Value         string `json:"value"`
	Unit          string `json:"unit"`
	Source        string `json:"source"`
	EffectiveFrom string `json:"effective_from"`
}

func handleRules() gin.HandlerFunc {
	return func(c *gin.Context) {
		var out []RuleView
		for _, r := range models.RuleTable() {
			out = append(out, RuleView{Key: string(r.Key), Value: r.Value, Unit: r.Unit, Source: r.Source,
				EffectiveFrom: models.DateOf(r.EffectiveFrom).String()})
		}
		c.JSON(http.StatusOK, gin.H{"items": out, "time_zone": "Asia/Seoul", "days": "calendar days"})
	}
}

func handleMe() gin.HandlerFunc {
	return func(c *gin.Context) { c.JSON(http.StatusOK, mustActor(c)) }
}

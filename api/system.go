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

// RuleView is one version of a rule as served: the table lists every version of every
// key, so that a case judged under an earlier one can be read against it.
type RuleView struct {
	Key    string `json:"key"`
	Value  string `json:"value"`
	Type   string `json:"type"`
	Unit   string `json:"unit"`
	Source string `json:"source"`
	// SourceEn is the source named in English, where the table gives it.
	SourceEn      string `json:"source_en,omitempty"`
	EffectiveFrom string `json:"effective_from"`
	// EffectiveTo is the last day of a version a later one replaced; the current version
	// has none.
	EffectiveTo string `json:"effective_to,omitempty"`
	// InForce: the version applies at the moment of the request (Asia/Seoul).
	InForce            bool   `json:"in_force"`
	AppliesToOpenCases bool   `json:"applies_to_open_cases"`
	OpenCasesSource    string `json:"applies_to_open_cases_source,omitempty"`
}

// handleRulesAt serves the rule table, each version's in_force judged at now().
func handleRulesAt(now func() time.Time) gin.HandlerFunc {
	return func(c *gin.Context) {
		c.JSON(http.StatusOK, gin.H{"items": ruleViews(models.RuleTable(), now()), "time_zone": "Asia/Seoul", "days": "calendar days"})
	}
}

// ruleViews lists table's versions in its order, each with its last day (the day before
// the next version of its key) and whether it is in force at at.
func ruleViews(table []models.Rule, at time.Time) []RuleView {
	out := make([]RuleView, 0, len(table))
	for _, r := range table {
		typ := r.Type
		if typ == "" {
			// A version built in code rather than read from a file carries no type; its key's is the same.
			typ, _ = models.RuleTypeOf(r.Key)
		}
		v := RuleView{Key: string(r.Key), Value: r.Value, Type: string(typ), Unit: r.Unit, Source: r.Source, SourceEn: r.SourceEn,
			EffectiveFrom: models.DateOf(r.EffectiveFrom).String(), AppliesToOpenCases: r.AppliesToOpenCases,
			OpenCasesSource: r.OpenCasesSource}
		var next time.Time
		for _, o := range table {
			if o.Key == r.Key && o.EffectiveFrom.After(r.EffectiveFrom) && (next.IsZero() || o.EffectiveFrom.Before(next)) {
				next = o.EffectiveFrom
			}
		}
		v.InForce = !r.EffectiveFrom.After(at) && (next.IsZero() || at.Before(next))
		if !next.IsZero() {
			v.EffectiveTo = models.DateOf(next).AddDate(0, 0, -1).Format(time.DateOnly)
		}
		out = append(out, v)
	}
	return out
}

func handleMe() gin.HandlerFunc {
	return func(c *gin.Context) { c.JSON(http.StatusOK, mustActor(c)) }
}

package api

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/auth"
	"github.com/dsmarket/dsmarket/models"
)

const (
	ctxRequestID = "request_id"
	ctxActor     = "actor"
	ctxLogger    = "logger"
)

// requestIDPattern is what a client's X-Request-Id may be to be kept: it is logged, sent
// back and written to the audit log, so it is plain and short.
var requestIDPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// requestID tags each request, so a logged internal error can be found from its problem and
// a decision in the audit log from the request that made it.
func requestID(c *gin.Context) {
	id := c.GetHeader("X-Request-Id")
	if !requestIDPattern.MatchString(id) {
		b := make([]byte, 8)
		_, _ = rand.Read(b)
		id = hex.EncodeToString(b)
	}
	c.Set(ctxRequestID, id)
	c.Request = c.Request.WithContext(app.WithRequest(c.Request.Context(), id, c.ClientIP()))
	c.Header("X-Request-Id", id)
	c.Next()
}

type metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "dsmarket_http_requests_total", Help: "HTTP requests by route and status.",
		}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "dsmarket_http_request_duration_seconds", Help: "HTTP request latency by route.",
			Buckets: prometheus.DefBuckets,
		}, []string{"method", "route"}),
	}
	reg.MustRegister(m.requests, m.duration)
	return m
}

// observe logs and measures every request by its route pattern, never its raw path, so
// that IDs do not explode the metric's cardinality.
func (m *metrics) observe(logger *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Set(ctxLogger, logger)
		c.Next()
		route := c.FullPath()
		if route == "" {
			route = "unmatched"
		}
		status := strconv.Itoa(c.Writer.Status())
		m.requests.WithLabelValues(c.Request.Method, route, status).Inc()
		m.duration.WithLabelValues(c.Request.Method, route).Observe(time.Since(start).Seconds())
		logger.LogAttrs(c.Request.Context(), slog.LevelInfo, "http",
			slog.String("method", c.Request.Method), slog.String("route", route),
			slog.Int("status", c.Writer.Status()), slog.Duration("took", time.Since(start)),
			slog.String("request_id", c.GetString(ctxRequestID)))
	}
}

// authenticate verifies the bearer token, if any, and stores the actor. A person the
// registry deactivated is refused with a token still valid (Directory.Deactivated).
func authenticate(v auth.Verifier, dir *app.Directory) gin.HandlerFunc {
	return func(c *gin.Context) {
		h := c.GetHeader("Authorization")
		if h == "" {
			c.Next()
			return
		}
		// Every 401 carries its challenge (RFC 7235 §3.1); a token that was sent and failed
		// is an invalid_token (RFC 6750 §3.1).
		raw, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			c.Header("WWW-Authenticate", `Bearer realm="dsmarket", error="invalid_request"`)
			fail(c, models.Refuse(models.EUNAUTHORIZED, models.Msg("error.bearer_malformed")))
			return
		}
		a, err := v.Verify(c.Request.Context(), strings.TrimSpace(raw))
		if err != nil {
			if models.ErrorCode(err) == models.EUNAUTHORIZED {
				c.Header("WWW-Authenticate", `Bearer realm="dsmarket", error="invalid_token"`)
			}
			fail(c, err)
			return
		}
		switch gone, err := dir.Deactivated(c.Request.Context(), a); {
		case err != nil:
			fail(c, err)
			return
		case gone:
			fail(c, models.Refuse(models.EFORBIDDEN, models.Msg("error.person_deactivated")))
			return
		}
		c.Set(ctxActor, a)
		c.Next()
	}
}

// allow admits only the named roles: every route states who may call it.
func allow(roles ...models.Role) gin.HandlerFunc {
	return func(c *gin.Context) {
		a, ok := actorOf(c)
		if !ok {
			c.Header("WWW-Authenticate", `Bearer realm="dsmarket"`)
			fail(c, models.Refuse(models.EUNAUTHORIZED, models.Msg("error.bearer_required")))
			return
		}
		if !slices.Contains(roles, a.Role) {
			fail(c, models.Refuse(models.EFORBIDDEN, models.Msg("error.role_may_not", "role", string(a.Role))))
			return
		}
		c.Next()
	}
}

// public admits anyone, with or without a token.
func public(c *gin.Context) { c.Next() }

func actorOf(c *gin.Context) (models.Actor, bool) {
	v, ok := c.Get(ctxActor)
	if !ok {
		return models.Actor{}, false
	}
	a, ok := v.(models.Actor)
	return a, ok
}

// mustActor is for handlers behind allow(), which guarantees an actor.
func mustActor(c *gin.Context) models.Actor {
	a, _ := actorOf(c)
	return a
}

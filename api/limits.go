package api

import (
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/go-chi/httprate"

	"github.com/dsmarket/dsmarket/models"
)

// Limits are the request rates one caller may use in a minute; zero leaves that kind of
// request unlimited (tests, the benchmark).
type Limits struct {
	// WritesPerMinute bounds the writes (every method but GET, HEAD and OPTIONS) of one
	// caller: the signed-in person (organization and subject), else the client's address.
	WritesPerMinute int
	// AnonReadsPerMinute bounds the reads one client address makes without a token.
	AnonReadsPerMinute int
}

// DefaultLimits are a production process's: a person deciding cases writes far less
// than twice a second, and a visitor of the public catalog reads far less than ten pages
// a second; a script past either waits for Retry-After instead of crowding out everyone
// else (issue 12).
var DefaultLimits = Limits{WritesPerMinute: 120, AnonReadsPerMinute: 600}

const rateLimitedTitle = "요청 한도 초과 (Too many requests)"

// RateLimiter counts each caller's requests against Limits. One serves the API's routes
// and, through SessionUI, the web pages, so that a person's writes count once whichever
// way they come.
type RateLimiter struct {
	writes, reads *httprate.RateLimiter
}

func newRateLimiter(l Limits) *RateLimiter {
	return &RateLimiter{writes: newLimiter(l.WritesPerMinute), reads: newLimiter(l.AnonReadsPerMinute)}
}

// Over counts the request against its caller's limit and says whether the caller is past
// it, with Retry-After set on the response. who is the signed-in person, nil for a visitor
// without one: a person's writes count against the person, whatever address they come
// from (an office's many people share one), a visitor's against the address. A signed-in
// person's reads, probes and scrapes (/healthz, /readyz, /metrics) and the UI's static
// files are never limited.
func (l *RateLimiter) Over(c *gin.Context, who *models.Actor) bool {
	lim, key := l.writes, ""
	switch c.Request.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		if who != nil || unlimited(c.Request.URL.Path) {
			return false
		}
		lim, key = l.reads, "read ip "+c.ClientIP()
	default:
		if who != nil {
			key = "write caller " + who.Org + "/" + who.Sub
		} else {
			key = "write ip " + c.ClientIP()
		}
	}
	return lim != nil && lim.OnLimit(c.Writer, c.Request, key)
}

// SessionUI is a UI whose visitors sign in with a session of its own, which the API's
// middleware does not see: it is handed the limiter (UseLimits) and applies it to its
// pages once it has read the session, answering a caller past the limit with a page in
// the visitor's language. The API's middleware then leaves the UI's paths to it.
type SessionUI interface {
	UseLimits(*RateLimiter)
}

// rateLimit answers 429 with Retry-After to a caller past its limit, before any handler
// runs, so that a refused request changes nothing. With uiLimits the UI's paths are left
// to the UI (SessionUI).
func rateLimit(l *RateLimiter, uiLimits bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		if uiLimits && uiPath(c.Request.URL.Path) {
			c.Next()
			return
		}
		var who *models.Actor
		if a, ok := actorOf(c); ok {
			who = &a
		}
		if l.Over(c, who) {
			writeProblem(c, Problem{Type: problemType(models.ERATELIMITED), Title: rateLimitedTitle,
				Status: http.StatusTooManyRequests, Instance: c.Request.URL.Path,
				Detail: models.Msg("error.rate_limited").In(problemLang(c))})
			return
		}
		c.Next()
	}
}

func newLimiter(perMinute int) *httprate.RateLimiter {
	if perMinute <= 0 {
		return nil
	}
	return httprate.NewRateLimiter(perMinute, time.Minute)
}

func unlimited(path string) bool {
	switch path {
	case "/healthz", "/readyz", "/metrics":
		return true
	}
	return strings.HasPrefix(path, "/ui/static/")
}

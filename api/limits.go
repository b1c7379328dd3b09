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

// codeRateLimited is the problem code of a 429.
const codeRateLimited = "rate_limited"

// rateLimit answers 429 with Retry-After to a caller past its limit, before any handler
// runs, so that a refused request changes nothing. Probes and scrapes (/healthz, /readyz,
// /metrics) and the UI's static files are never limited.
func rateLimit(l Limits) gin.HandlerFunc {
	writes, reads := newLimiter(l.WritesPerMinute), newLimiter(l.AnonReadsPerMinute)
	return func(c *gin.Context) {
		lim, key := writes, ""
		switch c.Request.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			if _, signedIn := actorOf(c); signedIn || unlimited(c.Request.URL.Path) {
				c.Next()
				return
			}
			lim, key = reads, "read ip "+c.ClientIP()
		default:
			if a, ok := actorOf(c); ok {
				key = "write caller " + a.Org + "/" + a.Sub
			} else {
				key = "write ip " + c.ClientIP()
			}
		}
		if lim != nil && lim.OnLimit(c.Writer, c.Request, key) {
			writeProblem(c, Problem{Type: problemType(codeRateLimited), Title: "요청 한도 초과 (Too many requests)",
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

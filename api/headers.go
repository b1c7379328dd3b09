package api

import (
	"github.com/gin-gonic/gin"
	"github.com/unrolled/secure"
)

// securityHeaders sets the browser protections on every response, problems and pages
// alike: the pages load only their own script and style (no inline code, so a stored
// text can never run), are never framed (clickjacking), and send no referrer to other
// sites; JSON is never sniffed into HTML; HTTPS is pinned for a year once a request came
// over it (directly or through a proxy that says so).
var securityHeaders = func() gin.HandlerFunc {
	s := secure.New(secure.Options{
		ContentTypeNosniff: true,
		FrameDeny:          true,
		ReferrerPolicy:     "same-origin",
		ContentSecurityPolicy: "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; " +
			"frame-ancestors 'none'",
		CrossOriginOpenerPolicy: "same-origin",
		PermissionsPolicy:       "camera=(), microphone=(), geolocation=()",
		STSSeconds:              365 * 24 * 3600,
		STSIncludeSubdomains:    true,
		SSLProxyHeaders:         map[string]string{"X-Forwarded-Proto": "https"},
	})
	return func(c *gin.Context) {
		if err := s.Process(c.Writer, c.Request); err != nil {
			// Only host and TLS redirects fail here, and none is configured.
			c.Abort()
			return
		}
		c.Next()
	}
}()

// Package web is the inbox and the auditor's pages: server-rendered HTML under /ui/,
// Korean by default with an English switch, plain forms that work without JavaScript.
// Every action goes through the same app-layer call as the REST API, so the validation,
// the Update and its validator are one code path, not two.
package web

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/api"
	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/auth"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/web/links"
)

// Prefix is where the pages live.
const Prefix = links.Prefix

// Config says how people sign in.
type Config struct {
	// SessionSecret signs and encrypts the session cookie; at least 32 bytes.
	SessionSecret []byte
	// DevSignIn offers a page that signs in as any seeded user: development only.
	DevSignIn bool
	// CodeFlow, when set, signs people in with the OIDC issuer's authorization-code flow.
	CodeFlow *auth.CodeFlow
	// InsecureCookies drops the Secure flag, for a deployment behind plain HTTP that is
	// not localhost (browsers accept Secure cookies from http://localhost).
	InsecureCookies bool
}

// UI serves the pages.
type UI struct {
	app     *app.App
	cfg     Config
	cookies *cookieCodec
	pages   *pages
	cop     *http.CrossOriginProtection
	// limits are the API's (api.SessionUI), applied by the session's person; nil: none.
	limits *api.RateLimiter
}

// New builds the web interface over the app layer, whose services every page and form
// calls. It fails only on a missing secret, a template that does not parse or a message
// file that does not load, all found at start-up rather than on the first request.
func New(a *app.App, cfg Config) (*UI, error) {
	if messagesErr != nil {
		return nil, messagesErr
	}
	if !cfg.DevSignIn && cfg.CodeFlow == nil {
		return nil, errors.New("web: no way to sign in: enable the development sign-in or configure OIDC")
	}
	cc, err := newCookieCodec(cfg.SessionSecret, !cfg.InsecureCookies)
	if err != nil {
		return nil, err
	}
	p, err := parsePages()
	if err != nil {
		return nil, err
	}
	return &UI{app: a, cfg: cfg, cookies: cc, pages: p, cop: http.NewCrossOriginProtection()}, nil
}

// Mount adds the pages to the engine.
func (u *UI) Mount(r *gin.Engine) {
	r.GET("/", func(c *gin.Context) { c.Redirect(http.StatusFound, Prefix+"/") })
	// Browsers ask for /favicon.ico wherever a page names no icon (the API's JSON, the
	// OpenAPI page); the pages name the SVG itself.
	r.GET("/favicon.ico", func(c *gin.Context) { c.Redirect(http.StatusMovedPermanently, Prefix+"/static/favicon.svg") })
	static := http.FileServer(staticFiles())
	r.GET(Prefix+"/static/*file", func(c *gin.Context) {
		c.Header("Cache-Control", "public, max-age=3600")
		c.Request.URL.Path = c.Param("file")
		static.ServeHTTP(c.Writer, c.Request)
	})
	g := r.Group(Prefix, u.securityHeaders, u.loadSession, u.rateLimit, u.checkPost)
	u.routes(g)
}

// NotFound answers an unknown page.
func (u *UI) NotFound(c *gin.Context) {
	u.loadSession(c)
	if c.IsAborted() {
		return
	}
	if u.overLimit(c) {
		return
	}
	u.fail(c, models.Refuse(models.ENOTFOUND, models.Msg("error.no_such_resource", "path", c.Request.URL.Path)))
}

func (u *UI) now() time.Time { return u.app.Clock() }

// ctx is the request's context; gin's own context is pooled and must not outlive the handler.
func ctx(c *gin.Context) context.Context { return c.Request.Context() }

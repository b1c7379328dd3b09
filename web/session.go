package web

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/gorilla/securecookie"

	"github.com/dsmarket/dsmarket/api"
	"github.com/dsmarket/dsmarket/auth"
	"github.com/dsmarket/dsmarket/models"
)

// Cookie names. The session is encrypted and signed (securecookie), so its content can be
// neither read nor forged by the browser; the language is a plain preference.
const (
	sessionCookie = "dsmarket_session"
	loginCookie   = "dsmarket_login"
	langCookie    = "dsmarket_lang"
	csrfField     = "csrf_token"
)

// sessionTTL bounds a signed-in session: a working day. The login cookie of an OIDC
// sign-in lives only as long as a person needs at the issuer.
const (
	sessionTTL = 8 * time.Hour
	loginTTL   = 10 * time.Minute
)

// session is what the cookie holds. Anonymous visitors get one too, with only a CSRF
// token, so that the sign-in form itself is protected against login CSRF.
type session struct {
	// ID names a signed-in session, so that signing out can revoke it on the server
	// (store.RevokeSession): the cookie alone would stay valid until it expires.
	ID      string
	Sub     string
	Role    models.Role
	Org     string
	Name    string
	NameEn  string // the name in English, "" when the registry has none
	CSRF    string
	Expires int64 // Unix seconds
}

func (s *session) signedIn() bool { return s != nil && s.Sub != "" }

func (s *session) actor() models.Actor { return models.Actor{Sub: s.Sub, Role: s.Role, Org: s.Org} }

type cookieCodec struct {
	sc     *securecookie.SecureCookie
	secure bool
}

func newCookieCodec(secret []byte, secure bool) (*cookieCodec, error) {
	if len(secret) < 32 {
		return nil, errors.New("web: the session secret must be at least 32 bytes")
	}
	// Separate keys for signing and encryption, both derived from the one secret.
	hashKey := sha256.Sum256(append([]byte("dsmarket-ui-hash\x00"), secret...))
	blockKey := sha256.Sum256(append([]byte("dsmarket-ui-block\x00"), secret...))
	sc := securecookie.New(hashKey[:], blockKey[:])
	sc.MaxAge(int(sessionTTL / time.Second))
	return &cookieCodec{sc: sc, secure: secure}, nil
}

func (cc *cookieCodec) set(c *gin.Context, name string, v any, ttl time.Duration) error {
	enc, err := cc.sc.Encode(name, v)
	if err != nil {
		return err
	}
	// Secure is on unless UI_INSECURE_COOKIES=1 (plain HTTP other than localhost).
	http.SetCookie(c.Writer, &http.Cookie{Name: name, Value: enc, Path: Prefix + "/", MaxAge: int(ttl / time.Second), //nolint:gosec // G124: Secure is cc.secure, on by default
		HttpOnly: true, Secure: cc.secure, SameSite: http.SameSiteLaxMode})
	return nil
}

func (cc *cookieCodec) get(c *gin.Context, name string, v any) bool {
	raw, err := c.Cookie(name)
	if err != nil {
		return false
	}
	return cc.sc.Decode(name, raw, v) == nil
}

func (cc *cookieCodec) clear(c *gin.Context, name string) {
	http.SetCookie(c.Writer, &http.Cookie{Name: name, Value: "", Path: Prefix + "/", MaxAge: -1, //nolint:gosec // G124: Secure is cc.secure, on by default
		HttpOnly: true, Secure: cc.secure, SameSite: http.SameSiteLaxMode})
}

const (
	ctxSession      = "ui_session"
	ctxSessionEnded = "ui_session_ended"
)

// loadSession reads the session cookie, or starts an anonymous one with a fresh CSRF token.
func (u *UI) loadSession(c *gin.Context) {
	var s session
	read := u.cookies.get(c, sessionCookie, &s)
	valid := read && s.Expires >= u.now().Unix() && s.CSRF != ""
	if valid && s.signedIn() {
		revoked, err := u.revoked(c, &s)
		if err != nil {
			u.fail(c, err)
			return
		}
		valid = !revoked
	}
	if read && !valid && s.signedIn() {
		// Signed in once, ended since (its hours are up, signed out in another tab): a
		// form it sends is refused saying so (formRefused).
		c.Set(ctxSessionEnded, true)
	}
	if !valid {
		s = session{CSRF: rand.Text(), Expires: u.now().Add(sessionTTL).Unix()}
		if err := u.cookies.set(c, sessionCookie, s, sessionTTL); err != nil {
			u.fail(c, err)
			return
		}
	}
	c.Set(ctxSession, &s)
	c.Next()
}

// revoked reports whether a signed-in session was signed out, or its person deactivated
// in the registry since they signed in. A session without an ID was
// started before sessions had one and cannot be revoked, so it counts as signed out: its
// holder signs in once more.
func (u *UI) revoked(c *gin.Context, s *session) (bool, error) {
	if s.ID == "" {
		return true, nil
	}
	if gone, err := u.app.Directory.Deactivated(ctx(c), models.Actor{Sub: s.Sub, Role: s.Role, Org: s.Org}); err != nil || gone {
		return gone, err
	}
	return u.app.Store.SessionRevoked(ctx(c), s.ID)
}

// UseLimits takes the API's rate limits (api.SessionUI): the API cannot see who a page's
// visitor is, so the pages apply them once the session is read.
func (u *UI) UseLimits(l *api.RateLimiter) { u.limits = l }

// rateLimit counts the request against its caller's limit as the API does for a token's
// holder: a signed-in person's forms count against the person (their REST writes too),
// not against the office's address that many people share; a visitor without a session
// against its address. A caller past the limit gets a page in its language, with
// Retry-After, and the request changes nothing.
func (u *UI) rateLimit(c *gin.Context) {
	if !u.overLimit(c) {
		c.Next()
	}
}

// overLimit is rateLimit's check; true when it has answered the request.
func (u *UI) overLimit(c *gin.Context) bool {
	if u.limits == nil {
		return false
	}
	var who *models.Actor
	if s := sessionOf(c); s.signedIn() {
		a := s.actor()
		who = &a
	}
	if !u.limits.Over(c, who) {
		return false
	}
	u.fail(c, models.Refuse(models.ERATELIMITED, nil))
	return true
}

func sessionOf(c *gin.Context) *session {
	if v, ok := c.Get(ctxSession); ok {
		if s, ok := v.(*session); ok {
			return s
		}
	}
	return &session{}
}

// startSession signs a person in with a new session and a new CSRF token: nothing from
// before the sign-in, which an attacker might have planted, survives it.
func (u *UI) startSession(c *gin.Context, a models.Actor, name, nameEn string) error {
	s := session{ID: rand.Text(), Sub: a.Sub, Role: a.Role, Org: a.Org, Name: name, NameEn: nameEn, CSRF: rand.Text(),
		Expires: u.now().Add(sessionTTL).Unix()}
	c.Set(ctxSession, &s)
	return u.cookies.set(c, sessionCookie, s, sessionTTL)
}

// checkPost refuses a state-changing request that comes from another site (the browser's
// Sec-Fetch-Site and Origin headers) or does not carry the session's CSRF token.
func (u *UI) checkPost(c *gin.Context) {
	if c.Request.Method == http.MethodGet || c.Request.Method == http.MethodHead {
		c.Next()
		return
	}
	if err := u.cop.Check(c.Request); err != nil {
		u.fail(c, uiRefusal(models.EFORBIDDEN, models.Msg("msg.refused.cross_site")))
		return
	}
	// A form with files is read before its token is looked for, so that a body past its
	// limit is said to be too large rather than a form that did not come from this site.
	if err := c.Request.ParseMultipartForm(multipartMemory); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			u.fail(c, &models.Error{Code: models.ETOOLARGE, Message: "the form is too large",
				Text: models.Msg("msg.upload.too_large", "mib", strconv.Itoa(models.MaxUploadBytes>>20))})
			return
		}
	}
	got := c.PostForm(csrfField)
	want := sessionOf(c).CSRF
	if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		u.formRefused(c)
		return
	}
	c.Next()
}

// multipartMemory is how much of a form's files is held in memory while it is read; the
// rest waits in temporary files (gin's default).
const multipartMemory = 32 << 20

// securityHeaders keep the pages out of frames and scripts to our own.
func (u *UI) securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Cache-Control", "no-store")
	h.Add("Vary", "Accept-Language") // langOf, for a visitor who has not switched
	c.Next()
}

// requireRole admits signed-in people of the given roles; anyone else is sent to sign in
// (not signed in) or refused (another role).
func (u *UI) requireRole(roles ...models.Role) gin.HandlerFunc {
	return func(c *gin.Context) {
		s := sessionOf(c)
		if !s.signedIn() {
			next := c.Request.URL.RequestURI()
			if c.Request.Method != http.MethodGet {
				next = Prefix + "/"
			}
			c.Redirect(http.StatusSeeOther, Prefix+"/login?next="+urlQueryEscape(next))
			c.Abort()
			return
		}
		for _, r := range roles {
			if s.Role == r {
				c.Next()
				return
			}
		}
		u.fail(c, uiRefusal(models.EFORBIDDEN, models.Msg("msg.refused.role", "role", "role."+string(s.Role))))
	}
}

// safeNext keeps a post-sign-in redirect on our own pages.
func safeNext(next string) string {
	if strings.HasPrefix(next, Prefix+"/") && !strings.HasPrefix(next, "//") && !strings.ContainsAny(next, "\\\r\n") {
		return next
	}
	return Prefix + "/"
}

// pendingLogin is the OIDC sign-in in progress: its secrets, and where to go after.
type pendingLogin struct {
	auth.PendingLogin
	Next string
}

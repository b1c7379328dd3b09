package api

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

// Problem is an RFC 9457 problem detail.
type Problem struct {
	Type     string              `json:"type"`
	Title    string              `json:"title"`
	Status   int                 `json:"status"`
	Detail   string              `json:"detail"`
	Instance string              `json:"instance,omitempty"`
	Errors   []models.FieldError `json:"errors"`
}

type problemKind struct {
	status int
	title  string // Korean first, English in parentheses: both audiences read the same answer
}

var problemKinds = map[string]problemKind{
	models.EMALFORMED:       {http.StatusBadRequest, "잘못된 요청 (Malformed request)"},
	models.EUNAUTHORIZED:    {http.StatusUnauthorized, "인증 필요 (Unauthorized)"},
	models.EFORBIDDEN:       {http.StatusForbidden, "권한 없음 (Forbidden)"},
	models.ENOTFOUND:        {http.StatusNotFound, "찾을 수 없음 (Not found)"},
	models.ECONFLICT:        {http.StatusConflict, "처리할 수 없는 상태 (Conflict)"},
	models.ETOOLARGE:        {http.StatusRequestEntityTooLarge, "요청이 너무 큼 (Content too large)"},
	models.EINVALID:         {http.StatusUnprocessableEntity, "입력값 오류 (Invalid field)"},
	models.EIDEMPOTENCY:     {http.StatusUnprocessableEntity, "멱등키 재사용 (Idempotency-Key reused)"},
	models.EUNSUPPORTEDTYPE: {http.StatusUnsupportedMediaType, "지원하지 않는 파일 형식 (Unsupported media type)"},
	models.EUNAVAILABLE:     {http.StatusServiceUnavailable, "일시적 장애 (Service unavailable)"},
	models.ERATELIMITED:     {http.StatusTooManyRequests, rateLimitedTitle},
	models.EINTERNAL:        {http.StatusInternalServerError, "내부 오류 (Internal error)"},
	"method":                {http.StatusMethodNotAllowed, "허용되지 않는 메서드 (Method not allowed)"},
}

// RetryAfterSeconds is the Retry-After of every 503: long enough for a restarting
// dependency, short enough that a client's retry lands soon after it is back.
const RetryAfterSeconds = "5"

// problemType is a stable URI per code, so clients can switch on it.
func problemType(code string) string { return "urn:dsmarket:problem:" + code }

// fail answers err as problem+json. Internal errors are logged with the request's ID
// and answered with a fixed text: nothing internal reaches a client.
func fail(c *gin.Context, err error) {
	code := models.ErrorCode(err)
	var me *models.Error
	errors.As(err, &me)
	if code == models.EINTERNAL && store.IsUnavailable(err) {
		// The database or the workflow service is unreachable: nothing was changed, and
		// the same request will work once it is back.
		loggerOf(c).WarnContext(c.Request.Context(), "dependency unavailable", "error", err,
			"method", c.Request.Method, "path", c.FullPath(), "request_id", c.GetString(ctxRequestID))
		me = models.Refuse(models.EUNAVAILABLE, models.Msg("error.unavailable"))
		code, err = models.EUNAVAILABLE, me
	}
	kind, ok := problemKinds[code]
	if !ok || code == models.EINTERNAL {
		kind, code = problemKinds[models.EINTERNAL], models.EINTERNAL
		loggerOf(c).ErrorContext(c.Request.Context(), "internal error", "error", err,
			"method", c.Request.Method, "path", c.FullPath(), "request_id", c.GetString(ctxRequestID))
	}
	lang := problemLang(c)
	p := Problem{Type: problemType(code), Title: kind.title, Status: kind.status,
		Detail: models.ErrorMessage(err), Instance: c.Request.URL.Path, Errors: []models.FieldError{}}
	switch {
	case code == models.EINTERNAL:
		p.Detail = models.Msg("error.internal", "request_id", c.GetString(ctxRequestID)).In(lang)
	case me != nil && me.Text != nil:
		p.Detail = me.Text.In(lang)
	}
	if me != nil && me.Fields != nil {
		// A copy: the error may be shared, and its English messages are the contract's.
		p.Errors = make([]models.FieldError, len(me.Fields))
		for i, f := range me.Fields {
			if f.Text != nil {
				f.Message = f.Text.In(lang)
			}
			p.Errors[i] = f
		}
	}
	writeProblem(c, p)
}

// problemLang is the language of the caller's Accept-Language: the REST contract's texts
// are English; a caller that prefers Korean (Accept-Language: ko) reads the same reasons in
// Korean, as the web pages show them. English when the header is absent, malformed or
// names neither. The answer says which (Content-Language) and that it varies with the
// header.
func problemLang(c *gin.Context) string {
	c.Writer.Header().Add("Vary", "Accept-Language")
	lang := models.AcceptedLang(c.GetHeader("Accept-Language"), models.LangEN)
	c.Header("Content-Language", lang)
	return lang
}

func writeProblem(c *gin.Context, p Problem) {
	if p.Errors == nil {
		p.Errors = []models.FieldError{}
	}
	if p.Status == http.StatusServiceUnavailable {
		c.Header("Retry-After", RetryAfterSeconds)
	}
	c.Header("Content-Type", "application/problem+json")
	c.AbortWithStatusJSON(p.Status, p)
}

// loggerOf returns the server's logger, which the first middleware puts in the context.
func loggerOf(c *gin.Context) *slog.Logger {
	if l, ok := c.Get(ctxLogger); ok {
		if logger, ok := l.(*slog.Logger); ok {
			return logger
		}
	}
	return slog.Default()
}

func noRoute(c *gin.Context) {
	fail(c, models.Refuse(models.ENOTFOUND, models.Msg("error.no_such_resource", "path", c.Request.URL.Path)))
}

// noRouteWith answers unknown paths under /ui with the web interface's page, others with
// a problem document.
func noRouteWith(ui UI) gin.HandlerFunc {
	if ui == nil {
		return noRoute
	}
	return func(c *gin.Context) {
		if uiPath(c.Request.URL.Path) {
			ui.NotFound(c)
			return
		}
		noRoute(c)
	}
}

// uiPath says the path is the web UI's.
func uiPath(p string) bool { return p == "/ui" || strings.HasPrefix(p, "/ui/") }

func noMethod(c *gin.Context) {
	k := problemKinds["method"]
	detail := models.Msg("error.method_not_allowed", "method", c.Request.Method, "path", c.Request.URL.Path)
	writeProblem(c, Problem{Type: problemType("method_not_allowed"), Title: k.title, Status: k.status,
		Detail: detail.In(problemLang(c)), Instance: c.Request.URL.Path})
}

// recovery turns a panic into a logged 500 problem instead of a dropped connection.
func recovery() gin.HandlerFunc {
	return gin.CustomRecoveryWithWriter(nil, func(c *gin.Context, rec any) {
		loggerOf(c).ErrorContext(c.Request.Context(), "panic", "panic", rec, "path", c.FullPath(),
			"request_id", c.GetString(ctxRequestID))
		fail(c, errors.New("panic"))
	})
}

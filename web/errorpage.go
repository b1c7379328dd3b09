package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/api"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

// errorView is the error page's content.
type errorView struct {
	Status  int
	Code    string
	Message string
	// Fields are the refused fields of a 422, each with why.
	Fields []models.FieldError
	// Typed is what a form refused before it was read carried (its session ended, its page
	// was older than the session), shown back so that what the person wrote is not lost;
	// Again is the page the form was on, to open once more.
	Typed []typedField
	Again string
}

var statusOf = map[string]int{
	models.EMALFORMED: http.StatusBadRequest, models.EUNAUTHORIZED: http.StatusUnauthorized,
	models.EFORBIDDEN: http.StatusForbidden, models.ENOTFOUND: http.StatusNotFound,
	models.ECONFLICT: http.StatusConflict, models.ETOOLARGE: http.StatusRequestEntityTooLarge,
	models.EINVALID: http.StatusUnprocessableEntity, models.EIDEMPOTENCY: http.StatusUnprocessableEntity,
	models.EUNAVAILABLE: http.StatusServiceUnavailable, models.EINTERNAL: http.StatusInternalServerError,
	models.ERATELIMITED: http.StatusTooManyRequests,
}

// fail shows an error page with the same status the REST API would answer. Internal
// errors are logged and shown without detail.
func (u *UI) fail(c *gin.Context, err error) { u.failShowing(c, err, nil) }

// failShowing is fail with more on the page: show adds it to the page's content.
func (u *UI) failShowing(c *gin.Context, err error, show func(*errorView)) {
	code := models.ErrorCode(err)
	status, ok := statusOf[code]
	if !ok {
		code, status = models.EINTERNAL, http.StatusInternalServerError
	}
	if code == models.EINTERNAL && store.IsUnavailable(err) {
		code, status = models.EUNAVAILABLE, http.StatusServiceUnavailable
		err = models.Refuse(models.EUNAVAILABLE, models.Msg("error.unavailable"))
	}
	if status == http.StatusServiceUnavailable {
		c.Header("Retry-After", "5")
	}
	msg := models.ErrorMessage(err)
	var me *models.Error
	if errors.As(err, &me) {
		msg = say(langOf(c), me.Text, msg)
	}
	if code == models.EINTERNAL {
		u.app.Logger.ErrorContext(ctx(c), "internal error", "error", err, "path", c.Request.URL.Path)
		msg = ""
	}
	p := u.pageFor(c, "h.error")
	v := errorView{Status: status, Code: code, Message: msg}
	if code == models.EINVALID && me != nil {
		// A refusal that has no form to show its fields beside (a page's parameters, a
		// form with text no field accepts) names them here.
		v.Fields = me.Fields
	}
	if show != nil {
		show(&v)
	}
	p.Data = v
	u.html(c, status, "error", p)
	c.Abort()
}

// uiRefusal is a refusal of the pages' own, its text from the pages' catalog: the error page
// shows it in the visitor's language, the log in English.
func uiRefusal(code string, t *models.Text) *models.Error {
	return &models.Error{Code: code, Message: say(langEN, t, t.Key), Text: t}
}

// errIs reports whether err carries the code.
func errIs(err error, code string) bool {
	var me *models.Error
	return errors.As(err, &me) && me.Code == code
}

// fieldsOf returns the field errors of an EINVALID error.
func fieldsOf(err error) []models.FieldError {
	var me *models.Error
	if errors.As(err, &me) {
		if len(me.Fields) == 0 {
			return []models.FieldError{{Field: "", Message: me.Message}}
		}
		return me.Fields
	}
	return nil
}

// checkParams refuses a page whose path or query parameters are not text, as the API
// does: a NUL in a search box must not reach PostgreSQL as a 500.
func (u *UI) checkParams(c *gin.Context) {
	if err := api.CheckParams(c); err != nil {
		u.fail(c, err)
		return
	}
	c.Next()
}

package web

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/models"
)

// typedField is one value a refused form carried, under the label its field has.
type typedField struct {
	Name, Label, Value string
}

// Rows is the height its box is shown with: a score's one line, a review's paragraphs.
func (f typedField) Rows() int {
	return min(12, strings.Count(f.Value, "\n")+1+utf8.RuneCountInString(f.Value)/80)
}

// formRefused answers a form whose token is not its session's: the session ended (a
// working day after sign-in, or signed out in another tab; then the person is asked to
// sign in again) or the page is older than the session. Nothing is done, and what the
// form carried is shown back: an expert's review written over an afternoon must not be
// lost to a session that ended while it was typed. Only a form from this site gets here
// (checkPost refuses other sites first), so the page shows its sender what they sent.
func (u *UI) formRefused(c *gin.Context) {
	err := uiRefusal(models.EFORBIDDEN, models.Msg("msg.refused.form_expired"))
	if ended, _ := c.Get(ctxSessionEnded); ended == true {
		err = uiRefusal(models.EUNAUTHORIZED, models.Msg("msg.refused.session_ended",
			"hours", strconv.Itoa(int(sessionTTL.Hours()))))
	}
	u.failShowing(c, err, func(v *errorView) {
		v.Typed, v.Again = typedIn(c, langOf(c)), samePage(c.Request.Referer(), c.Request.Host)
	})
}

// machineFields are the fields a page fills in itself, not the person.
var machineFields = []string{csrfField, "idempotency_key", "next", "verify", "active", "sub", "search_id"}

// typedIn is what the posted form carried that a person may have written or chosen, by
// name (the body does not keep the page's order), each under its label in lang.
func typedIn(c *gin.Context, lang string) []typedField {
	posted := c.Request.PostForm
	names := make([]string, 0, len(posted))
	for name := range posted {
		if !slices.Contains(machineFields, name) && !strings.Contains(name, "document_id") {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	f := &form{Lang: lang}
	var out []typedField
	for _, name := range names {
		value := strings.TrimSpace(strings.Join(posted[name], "\n"))
		if value != "" {
			out = append(out, typedField{Name: name, Label: f.Label(name), Value: value})
		}
	}
	return out
}

// samePage is the page a form was sent from, when the browser said and it is one of ours:
// after signing in again the person opens it to send the form once more.
func samePage(referer, host string) string {
	r, err := url.Parse(referer)
	if err != nil || r.Host != host {
		return ""
	}
	// safeNext answers the home page for an address it will not send anyone to.
	if p := safeNext(r.RequestURI()); p != Prefix+"/" || r.Path == Prefix+"/" {
		return p
	}
	return ""
}

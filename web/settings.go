package web

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/models"
)

// A person's own settings (GET/PATCH /api/v1/me/settings): the language their e-mail is
// written in and which notifications reach them by e-mail. Someone known by their
// organization's token alone has no record, and the page says so instead of a form: the
// operators register the people who receive mail.

type mySettingsView struct {
	// Me is nil for a visitor without a record.
	Me      *models.User
	Choices []string
	// Org is a provider's or agency's organization as the registry holds it, which the
	// operators keep and a notice of their change leads here to
	// (models.OrganizationChangedNotices); nil for the other roles or an organization the
	// registry does not hold.
	Org *models.Organization
}

func (u *UI) mySettings(c *gin.Context) { u.showMySettings(c, http.StatusOK, nil, "") }

// showMySettings is the page, f the form when it came back refused.
func (u *UI) showMySettings(c *gin.Context, status int, f *form, notice string) {
	p := u.pageFor(c, "h.mysettings")
	v := mySettingsView{Choices: models.EmailNotificationChoices}
	me, err := u.app.Directory.MySettings(ctx(c), sessionOf(c).actor())
	var e *models.Error
	switch {
	case errors.As(err, &e) && e.Code == models.ENOTFOUND:
		// no record: the page explains, with no form
	case err != nil:
		u.fail(c, err)
		return
	default:
		v.Me = &me
		if f == nil {
			f = newForm(url.Values{"language": {me.Language}, "email_notifications": {me.EmailNotifications}})
		}
	}
	if a := sessionOf(c).actor(); a.Role == models.RoleProvider || a.Role == models.RoleAgency {
		o, err := u.app.Directory.GetOrganization(ctx(c), a, a.Org)
		switch {
		case err == nil:
			v.Org = &o
		case models.ErrorCode(err) != models.ENOTFOUND:
			u.fail(c, err)
			return
		}
	}
	u.showCase(c, status, "my_settings", p, f, notice, v)
}

// saveMySettings changes them with the call of PATCH /api/v1/me/settings.
func (u *UI) saveMySettings(c *gin.Context) {
	u.submit(c, func(sent url.Values, _ string) (string, error) {
		_, err := u.app.Directory.UpdateMySettings(ctx(c), sessionOf(c).actor(), models.MySettings{
			Language: given(sent, "language"), EmailNotifications: given(sent, "email_notifications")})
		return Prefix + "/me/settings?done=settings", err
	}, func(status int, f *form, notice string) { u.showMySettings(c, status, f, notice) })
}

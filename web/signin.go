package web

import (
	"context"
	"net/http"
	"slices"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/models"
)

// home sends each role to where its work is.
func (u *UI) home(c *gin.Context) {
	s := sessionOf(c)
	if !s.signedIn() {
		c.Redirect(http.StatusSeeOther, Prefix+"/login")
		return
	}
	dest := map[models.Role]string{
		models.RoleOperator: "/inbox", models.RoleExpert: "/inbox", models.RoleCommittee: "/inbox",
		models.RoleAgency: "/inbox", models.RoleProvider: "/inbox", models.RoleAuditor: "/audit",
	}[s.Role]
	c.Redirect(http.StatusSeeOther, Prefix+dest)
}

// switchLang remembers the language for a year and goes back to the page.
func (u *UI) switchLang(c *gin.Context) {
	lang := langKO
	if c.Query("to") == langEN {
		lang = langEN
	}
	http.SetCookie(c.Writer, &http.Cookie{Name: langCookie, Value: lang, Path: Prefix + "/", MaxAge: 365 * 24 * 3600, //nolint:gosec // G124: Secure is the session cookie's setting, on by default
		Secure: u.cookies.secure, SameSite: http.SameSiteLaxMode, HttpOnly: true})
	c.Redirect(http.StatusSeeOther, safeNext(c.Query("back")))
}

type loginView struct {
	Next  string
	Dev   bool
	OIDC  bool
	Error string
	// Users are the seeded people by role, for the development sign-in.
	Users []roleUsers
}

type roleUsers struct {
	Role  models.Role
	Users []models.User
}

func (u *UI) loginPage(c *gin.Context) {
	u.showLogin(c, http.StatusOK, "")
}

func (u *UI) showLogin(c *gin.Context, status int, errMsg string) {
	v := loginView{Next: safeNext(c.Query("next")), Dev: u.cfg.DevSignIn, OIDC: u.cfg.CodeFlow != nil, Error: errMsg}
	if v.Dev {
		users, err := u.app.Store.ListUsers(ctx(c))
		if err != nil {
			u.fail(c, err)
			return
		}
		for _, r := range models.AllRoles {
			ru := roleUsers{Role: r}
			for _, x := range users {
				if x.Role == r {
					ru.Users = append(ru.Users, x)
				}
			}
			if len(ru.Users) > 0 {
				v.Users = append(v.Users, ru)
			}
		}
	}
	p := u.pageFor(c, "h.signin")
	p.Data = v
	u.html(c, status, "login", p)
}

// devLogin signs in as a seeded user: development only, refused when OIDC is configured.
func (u *UI) devLogin(c *gin.Context) {
	if !u.cfg.DevSignIn {
		u.fail(c, uiRefusal(models.ENOTFOUND, models.Msg("msg.refused.devsignin_off")))
		return
	}
	users, err := u.app.Store.ListUsers(ctx(c))
	if err != nil {
		u.fail(c, err)
		return
	}
	i := slices.IndexFunc(users, func(x models.User) bool { return x.Sub == c.PostForm("sub") })
	if i < 0 {
		u.showLogin(c, http.StatusUnprocessableEntity, "unknown user")
		return
	}
	x := users[i]
	if err := u.startSession(c, models.Actor{Sub: x.Sub, Role: x.Role, Org: x.Org}, x.Name, x.NameEn); err != nil {
		u.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, safeNext(c.PostForm("next")))
}

// oidcStart sends the browser to the issuer, keeping the flow's secrets in a short-lived
// encrypted cookie until it comes back.
func (u *UI) oidcStart(c *gin.Context) {
	if u.cfg.CodeFlow == nil {
		u.fail(c, uiRefusal(models.ENOTFOUND, models.Msg("msg.refused.sso_off")))
		return
	}
	authURL, pending, err := u.cfg.CodeFlow.Start()
	if err != nil {
		u.fail(c, err)
		return
	}
	if err := u.cookies.set(c, loginCookie, pendingLogin{PendingLogin: pending, Next: safeNext(c.Query("next"))}, loginTTL); err != nil {
		u.fail(c, err)
		return
	}
	c.Redirect(http.StatusFound, authURL)
}

// oidcCallback finishes the authorization-code flow and starts the session.
func (u *UI) oidcCallback(c *gin.Context) {
	if u.cfg.CodeFlow == nil {
		u.fail(c, uiRefusal(models.ENOTFOUND, models.Msg("msg.refused.sso_off")))
		return
	}
	var pending pendingLogin
	ok := u.cookies.get(c, loginCookie, &pending)
	u.cookies.clear(c, loginCookie)
	if e := c.Query("error"); e != "" {
		u.showLogin(c, http.StatusUnauthorized, "the identity provider refused the sign-in ("+e+")")
		return
	}
	if !ok {
		u.showLogin(c, http.StatusUnauthorized, "the sign-in took too long or was started elsewhere; sign in again")
		return
	}
	a, err := u.cfg.CodeFlow.Finish(ctx(c), pending.PendingLogin, c.Query("state"), c.Query("code"))
	if err != nil {
		u.app.Logger.WarnContext(ctx(c), "oidc sign-in refused", "error", err)
		u.showLogin(c, statusOf[models.ErrorCode(err)], models.ErrorMessage(err))
		return
	}
	unknown, err := u.unregistered(ctx(c), a)
	if err != nil {
		u.fail(c, err)
		return
	}
	if unknown != nil {
		u.app.Logger.InfoContext(ctx(c), "sign-in of someone not registered", "sub", a.Sub, "role", a.Role, "org", a.Org)
		u.showUnregistered(c, *unknown)
		return
	}
	name, nameEn := a.Sub, ""
	if users, err := u.app.Store.ListUsers(ctx(c)); err == nil {
		if i := slices.IndexFunc(users, func(x models.User) bool { return x.Sub == a.Sub }); i >= 0 {
			name, nameEn = users[i].Name, users[i].NameEn
		}
	}
	if err := u.startSession(c, a, name, nameEn); err != nil {
		u.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, pending.Next)
}

// logout revokes the session on the server before it clears the cookie, so that a copy of
// the cookie (a shared computer, a proxy's log) no longer signs anyone in. If the revocation
// cannot be written the person is told to try again and stays signed in, rather than being
// shown a sign-out that did not happen.
func (u *UI) logout(c *gin.Context) {
	if s := sessionOf(c); s.signedIn() && s.ID != "" {
		if err := u.app.Store.RevokeSession(ctx(c), s.ID, time.Unix(s.Expires, 0)); err != nil {
			u.fail(c, err)
			return
		}
	}
	u.cookies.clear(c, sessionCookie)
	c.Redirect(http.StatusSeeOther, Prefix+"/login")
}

// unregisteredView is the page of a person the identity provider vouched for whom the
// registry does not know (yet): Person says whether it is they (an expert or a committee
// member) or their organization (a provider or an agency) that is missing.
type unregisteredView struct {
	Sub, Org string
	Role     models.Role
	Person   bool
}

// unregistered says whom the registry lacks for a sign-in, nil when it may go on. The
// identity provider vouches for who someone is; the registry decides whether they take
// part: a provider or an agency through its registered organization of that kind, an
// expert or a committee member as an active member of the pool or roster of that role.
// The operator (NIA) and auditors are known by their token alone.
func (u *UI) unregistered(ctx context.Context, a models.Actor) (*unregisteredView, error) {
	v := &unregisteredView{Sub: a.Sub, Org: a.Org, Role: a.Role}
	switch a.Role {
	case models.RoleProvider, models.RoleAgency:
		o, err := u.app.Store.GetOrganization(ctx, a.Org)
		switch {
		case errIs(err, models.ENOTFOUND):
			return v, nil
		case err != nil:
			return nil, err
		case string(o.Kind) != string(a.Role):
			return v, nil
		}
	case models.RoleExpert, models.RoleCommittee:
		v.Person = true
		p, err := u.app.Store.GetPerson(ctx, a.Sub)
		switch {
		case errIs(err, models.ENOTFOUND):
			return v, nil
		case err != nil:
			return nil, err
		case !p.Active || p.Role != a.Role:
			return v, nil
		}
	}
	return nil, nil
}

// showUnregistered says, in both languages, that the sign-in worked but the registry does
// not know the person or their organization yet, and whom to ask: 403, and no session.
func (u *UI) showUnregistered(c *gin.Context, v unregisteredView) {
	p := u.pageFor(c, "h.notregistered")
	// The language switch comes back to the sign-in page: the callback cannot be replayed.
	p.Path = Prefix + "/login"
	p.Data = v
	u.html(c, http.StatusForbidden, "not_registered", p)
}

package web

import (
	"testing"

	"golang.org/x/net/html"

	"github.com/dsmarket/dsmarket/models"
)

// The golden cases of the pages before signing in: the sign-in and the error page.

// signinGoldenCases: the sign-in page, with the development sign-in and with OIDC.
func signinGoldenCases() []goldenCase {
	var cs []goldenCase
	add := func(name, tmpl string, p page, check func(*testing.T, string, *html.Node)) {
		cs = append(cs, goldenCase{name: name, tmpl: tmpl, p: p, check: check})
	}

	p := fxPage(langKO, nil, "h.signin", "/ui/login?next=%2Fui%2Finbox")
	p.Data = loginView{Next: "/ui/inbox", Dev: true, Users: []roleUsers{
		{Role: models.RoleOperator, Users: []models.User{{Sub: "park.operator", Name: "박지훈", Role: models.RoleOperator, Org: "NIA"}}},
		{Role: models.RoleAuditor, Users: []models.User{{Sub: "lee.auditor", Name: "이도현", Role: models.RoleAuditor, Org: "BAI"}}},
	}}
	add("login_dev", "login", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `data-sub="park.operator"`, `data-sub="lee.auditor"`, `<input type="hidden" name="next" value="/ui/inbox">`)
		mustNotContain(t, body, `id="oidc-signin"`)
	})
	p = fxPage(langKO, nil, "h.signin", "/ui/login")
	p.Data = loginView{Next: "/ui/inbox", OIDC: true, Error: "the sign-in took too long or was started elsewhere; sign in again"}
	add("login_oidc", "login", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `<a class="button primary" href="/ui/login/oidc?next=%2fui%2finbox" id="oidc-signin">`,
			`<div class="error-summary" role="alert"><p>the sign-in took too long`)
		mustNotContain(t, body, `data-sub=`, `action="/ui/login/dev"`)
	})
	return cs
}

// errorGoldenCases: the error page.
func errorGoldenCases() []goldenCase {
	var cs []goldenCase
	add := func(name, tmpl string, p page, check func(*testing.T, string, *html.Node)) {
		cs = append(cs, goldenCase{name: name, tmpl: tmpl, p: p, check: check})
	}

	p := fxPage(langKO, nil, "h.error", "/ui/nowhere")
	p.Data = errorView{Status: 404, Code: models.ENOTFOUND, Message: "없는 자원입니다: /ui/nowhere"}
	add("error_404", "error", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `<h1>오류 404</h1>`, `<p>찾을 수 없습니다.</p>`, `<p class="detail">없는 자원입니다: /ui/nowhere</p>`,
			`<a href="/ui/login">로그인</a>`)
	})
	return cs
}

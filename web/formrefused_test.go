package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// postFrom sends a form as the browser sends it from the page at referer (a whole URL).
func (v *visitor) postFrom(path, referer string, form url.Values) pageResp {
	v.h.t.Helper()
	req, err := http.NewRequest(http.MethodPost, v.h.url+path, strings.NewReader(form.Encode()))
	require.NoError(v.h.t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", v.h.url)
	req.Header.Set("Referer", referer)
	res, err := v.c.Do(req)
	require.NoError(v.h.t, err)
	return read(v.h.t, res)
}

// TestFormRefused_ShowsWhatWasTyped: a form sent after its session ended (here signed out
// in another window; the same holds when its hours are up) is refused asking to sign in
// again, and one sent from a page older than its session is refused as expired; neither
// acts, and both show back what the person typed, under its label, with the way back to
// the form's page, and nothing the page filled in itself.
func TestFormRefused_ShowsWhatWasTyped(t *testing.T) {
	h := newHarness(t)
	v := h.visitor()
	v.signIn("kim.agency")
	token := v.csrf()
	other := h.visitor() // another window of the same browser
	other.jar.SetCookies(nil, []*http.Cookie{v.jar.m[pageSessionCookie]})
	require.Equal(t, http.StatusSeeOther, other.post("/ui/logout", url.Values{"csrf_token": {token}}).status)

	const page = "/ui/orders/ORD-2026-000002"
	typed := url.Values{"csrf_token": {token}, "idempotency_key": {"key-7f3a"}, "scores[0].criterion": {"기술능력"},
		"scores[0].score": {"70"}, "comment": {"가용성 99.9% 확인, 백업 복구 시험 기록 검토 완료"}}
	r := v.postFrom(page+"/evaluation", h.url+page, typed)
	require.Equal(t, http.StatusUnauthorized, r.status, r.body)
	require.Contains(t, r.body, "로그인이 끝났습니다(로그인하고 8시간이 지났거나")
	require.Contains(t, r.body, `<section id="typed">`)
	require.Contains(t, r.body, "가용성 99.9% 확인, 백업 복구 시험 기록 검토 완료</textarea>")
	require.Contains(t, r.body, "기술능력</textarea>")
	require.Contains(t, r.body, `href="/ui/login?next=%2Fui%2Forders%2FORD-2026-000002"`)
	require.NotContains(t, r.body, "key-7f3a", "the page's own fields are not shown")
	require.NotContains(t, r.body, ">"+token+"<")

	v.signIn("kim.agency")
	typed.Set("csrf_token", token) // the old page's token: not this session's
	r = v.postFrom(page+"/evaluation", h.url+page, typed)
	require.Equal(t, http.StatusForbidden, r.status, r.body)
	require.Contains(t, r.body, "가용성 99.9% 확인, 백업 복구 시험 기록 검토 완료</textarea>")
	require.Contains(t, r.body, `href="`+page+`">양식 다시 열기</a>`)

	r = v.postFrom(page+"/evaluation", "https://elsewhere.example"+page, typed)
	require.Equal(t, http.StatusForbidden, r.status, r.body)
	require.NotContains(t, r.body, "양식 다시 열기", "a page of another site is not linked")
}

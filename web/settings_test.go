package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/internal/oidctest"
	"github.com/dsmarket/dsmarket/models"
)

// TestMySettingsPage: a person chooses which notifications reach them by e-mail and the
// language it is written in; a refused choice comes back beside its field and changes
// nothing; someone known by their organization's token alone is told why they have no
// settings; an auditor has no such page.
func TestMySettingsPage(t *testing.T) {
	iss := oidctest.New(t)
	h := newHarness(t, withCodeFlow(t, iss, true))
	ctx := context.Background()
	v := h.visitor()
	v.signIn("cho.expert")
	page := v.get("/ui/inbox")
	require.Contains(t, page.body, `<a href="/ui/me/settings">내 설정</a>`, "in the header")
	page = v.get("/ui/me/settings")
	require.Equal(t, http.StatusOK, page.status, page.body)
	require.Contains(t, page.body, `name="email_notifications" value="all" checked>`, "everything, until they choose")

	r := v.post("/ui/me/settings", url.Values{"email_notifications": {"weekly"}, "language": {"en"}})
	require.Equal(t, http.StatusUnprocessableEntity, r.status, r.body)
	require.Contains(t, r.body, `<a href="#f-email_notifications">메일로 받을 알림: all(모든 알림), mine(나에게 온 알림만) 또는 none(받지 않음)이어야 합니다</a>`)
	require.Contains(t, r.body, `<option value="en" selected>`, "the form comes back as sent")
	me, err := h.store.GetUser(ctx, "cho.expert")
	require.NoError(t, err)
	require.Equal(t, models.EmailAll, me.EmailNotifications)
	require.Equal(t, "ko", me.Language, "a refused form changes nothing")

	r = v.post("/ui/me/settings", url.Values{"email_notifications": {"mine"}, "language": {"en"}})
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	require.Equal(t, "/ui/me/settings?done=settings", r.location)
	page = v.get(r.location)
	require.Contains(t, page.body, `name="email_notifications" value="mine" checked>`)
	me, err = h.store.GetUser(ctx, "cho.expert")
	require.NoError(t, err)
	require.Equal(t, models.EmailMine, me.EmailNotifications)
	require.Equal(t, "en", me.Language)

	// The operators see the choice on the person's page.
	op := h.visitor()
	op.signIn("park.operator")
	require.Contains(t, op.get("/ui/people/cho.expert").body, `<dd id="person-mail">나에게 온 알림만 (내 작업과 그 독촉)</dd>`)

	// Signed in through the single sign-on with no record of their own.
	w := h.visitor()
	w.signInOIDC(iss, models.RoleAgency, "new.agency", "AG-0001")
	page = w.get("/ui/me/settings")
	require.Equal(t, http.StatusOK, page.status, page.body)
	require.Contains(t, page.body, `id="no-record"`)
	require.False(t, strings.Contains(page.body, `action="/ui/me/settings"`), "no form without a record")
	require.Equal(t, http.StatusNotFound, w.post("/ui/me/settings", url.Values{"email_notifications": {"none"}}).status)

	auditor := h.visitor()
	auditor.signIn("lee.auditor")
	require.Equal(t, http.StatusForbidden, auditor.get("/ui/me/settings").status)
	require.NotContains(t, auditor.get("/ui/inbox").body, `href="/ui/me/settings"`)
}

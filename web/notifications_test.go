package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// TestNotificationsPage: a provider reads the proposal request of an order on its service
// in its own language with a link to the order; the agency that ordered does not read it.
func TestNotificationsPage(t *testing.T) {
	h := newHarness(t)
	order := h.newOrder()
	key := flow.OrderWorkflowID(order) + "/proposal-requested"
	require.Eventually(t, func() bool {
		list, err := h.store.ListNotifications(context.Background(), "PV-0001", 100)
		require.NoError(t, err)
		for _, n := range list {
			if n.Key == key {
				return true
			}
		}
		return false
	}, 30*time.Second, 100*time.Millisecond, "the workflow tells the provider")

	v := h.visitor()
	v.signIn("jung.provider")
	// Before reading: every page's header counts the unread news.
	require.Contains(t, v.get("/ui/services").body, `<span class="badge badge-unread" id="unread" aria-hidden="true">`)
	page := v.get("/ui/notifications")
	require.Equal(t, http.StatusOK, page.status, page.body)
	require.Contains(t, page.body, `<a href="/ui/notifications">알림</a>`, "in the header, read now")
	row := page.body[strings.Index(page.body, `<tr data-key="`+key+`" class="unread">`):]
	row = row[:strings.Index(row, "</tr>")]
	require.Contains(t, row, "<strong>제안요청: 민원포털 클라우드 전환</strong>", "the subject in Korean, not the stored bilingual text")
	require.Contains(t, row, `<a href="/ui/orders/`+order+`">`+order+`</a>`)

	require.Contains(t, row, `<span class="badge badge-unread">새 알림</span>`)
	require.NotContains(t, v.get("/ui/services").body, `id="unread"`, "read")

	v.get("/ui/lang?to=en&back=/ui/notifications")
	again := v.get("/ui/notifications").body
	require.Contains(t, again, "<strong>Proposal request: 민원포털 클라우드 전환</strong>")
	require.Contains(t, again, `<tr data-key="`+key+`">`, "no longer new")

	agency := h.visitor()
	agency.signIn("kim.agency")
	require.NotContains(t, agency.get("/ui/notifications").body, `data-key="`+key+`"`)
}

// TestNotificationsPage_ChangeToOwnRecord: an operator changes an expert's address on the
// person's page; the expert reads in their inbox, in Korean, which fields changed and both
// addresses, with a link to their settings, and no other expert reads it.
func TestNotificationsPage_ChangeToOwnRecord(t *testing.T) {
	h := newHarness(t)
	op := h.visitor()
	op.signIn("park.operator")
	page := op.get("/ui/people/cho.expert")
	require.Contains(t, page.body, `id="edit-told"`, "the operator is told the expert will be")
	before, err := h.store.GetPerson(context.Background(), "cho.expert")
	require.NoError(t, err)
	r := op.post("/ui/people/cho.expert", url.Values{"name": {before.Name}, "name_en": {before.NameEn},
		"affiliation": {before.Affiliation}, "email": {"cho@elsewhere.example"}, "language": {before.Language},
		"email_notifications": {before.EmailNotifications}})
	require.Equal(t, http.StatusSeeOther, r.status, r.body)

	ex := h.visitor()
	ex.signIn("cho.expert")
	body := ex.get("/ui/notifications").body
	i := strings.Index(body, `data-key="person/cho.expert/changed/`)
	require.GreaterOrEqual(t, i, 0, "the notice is in the expert's inbox:\n%s", body)
	row := body[i:]
	row = row[:strings.Index(row, "</tr>")]
	require.Contains(t, row, "<strong>운영기관이 내 등록 정보를 변경했습니다</strong>")
	require.Contains(t, row, "이메일 주소가 "+before.Email+"에서 cho@elsewhere.example(으)로")
	require.Contains(t, row, `<a href="/ui/me/settings">내 설정</a>`)
	require.NotContains(t, body, `/previous"`, "the copy to the old address is mail only")

	other := h.visitor()
	other.signIn("kang.expert")
	require.NotContains(t, other.get("/ui/notifications").body, "person/cho.expert")
}

// TestNotificationsPage_ChangeToOwnOrganization: the operator's change to a provider's
// record is news to its people, leading to their settings, which show the record as it is
// now; another provider hears nothing.
func TestNotificationsPage_ChangeToOwnOrganization(t *testing.T) {
	h := newHarness(t)
	op := h.visitor()
	op.signIn("park.operator")
	o, err := h.store.GetOrganization(context.Background(), "PV-0001")
	require.NoError(t, err)
	require.Equal(t, models.SizeSME, o.Size)
	r := op.post("/ui/organizations/PV-0001", url.Values{"name": {o.Name}, "name_en": {o.NameEn},
		"business_no": {o.BusinessNo}, "size": {"large"}, "founded_on": {o.FoundedOn.String()}})
	require.Equal(t, http.StatusSeeOther, r.status, r.body)

	pv := h.visitor()
	pv.signIn("jung.provider")
	body := pv.get("/ui/notifications").body
	i := strings.Index(body, `data-key="organization/PV-0001/changed/`)
	require.GreaterOrEqual(t, i, 0, "the notice is in the provider's inbox:\n%s", body)
	row := body[i:]
	row = row[:strings.Index(row, "</tr>")]
	require.Contains(t, row, "<strong>운영기관이 우리 기관의 등록 정보를 변경했습니다</strong>")
	require.Contains(t, row, "기업 규모")
	require.NotContains(t, row, "기관명", "the name did not change")
	require.Contains(t, row, `<a href="/ui/me/settings">내 설정</a>`)
	settings := pv.get("/ui/me/settings").body
	require.Contains(t, settings, `id="my-org"`)
	require.Contains(t, settings, "<dd>대기업</dd>", "the record as it is now")

	other := h.visitor()
	other.signIn("han.provider")
	require.NotContains(t, other.get("/ui/notifications").body, "organization/PV-0001")
}

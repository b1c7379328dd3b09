package web_test

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
)

// TestBrowserNewExpertReviews: the operator registers a new expert in the pool, assigns
// them to an application from the inbox, and the new expert, signing in for the first
// time, completes the review from their inbox. Nobody touches SQL.
func TestBrowserNewExpertReviews(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	appID := h.newApplication()
	_, err := h.tasks.Complete(ctx, parkOperator, h.openTask(parkOperator, appID, models.TaskDocumentCheck), "",
		models.TaskCompletion{Outcome: "accept", Note: "서류 완비"})
	require.NoError(t, err)
	assign := h.openTask(parkOperator, appID, models.TaskAssignExperts)
	const sub = "oidc|b7e1"
	b := newBrowser(t, h)

	b.signIn("park.operator")
	b.run(chromedp.Click(`a[href="/ui/people"]`, chromedp.ByQuery), chromedp.WaitVisible(`#people`, chromedp.ByQuery))
	require.Equal(t, "전문가 풀·심사위원 명단", b.text("main h1"))
	b.run(chromedp.SendKeys(`#f-sub`, sub, chromedp.ByQuery),
		chromedp.SetValue(`#f-role`, "expert", chromedp.ByQuery),
		chromedp.SendKeys(`#f-name`, "문서윤", chromedp.ByQuery),
		chromedp.SendKeys(`#f-affiliation`, "서울대학교", chromedp.ByQuery),
		chromedp.SendKeys(`#f-email`, "moon@snu.example", chromedp.ByQuery),
		chromedp.SetValue(`#f-language`, "ko", chromedp.ByQuery))
	b.shot("ui-people-operator")
	// The list's filter is a form of the same address; the one to send posts.
	b.run(chromedp.Click(`form[method="post"][action="/ui/people"] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible("#person-summary", chromedp.ByQuery))
	require.Contains(t, b.text(".flash"), sub)
	require.Equal(t, "문서윤 "+sub, b.text("main h1"))
	require.Contains(t, b.text("#deactivate-hint"), "운영기관 작업함으로 돌아가", "the deactivation says what it does")
	b.shot("ui-person-expert")

	b.open("/ui/inbox")
	b.run(chromedp.Click(`a[href="/ui/tasks/`+assign+`"]`, chromedp.ByQuery), chromedp.WaitVisible(`#form-h`, chromedp.ByQuery))
	b.run(chromedp.Click(`input[name="experts"][value="`+sub+`"]`, chromedp.ByQuery))
	b.submit("/ui/tasks/"+assign, ".flash")
	b.signOut()

	// The development sign-in lists the users of the database, the new expert among them.
	b.signIn(sub)
	require.Equal(t, "받은 작업함", b.text("main h1"), "an expert starts in the inbox")
	review := h.openTask(models.Actor{Sub: sub, Role: models.RoleExpert, Org: models.PoolOrg}, appID, models.TaskExpertReview)
	b.run(chromedp.Click(`a[href="/ui/tasks/`+review+`"]`, chromedp.ByQuery), chromedp.WaitVisible(`#form-h`, chromedp.ByQuery))
	b.run(chromedp.Click(`#f-opinion-0`, chromedp.ByQuery), chromedp.SendKeys(`#f-comment`, "가용성·백업 확인", chromedp.ByQuery))
	for _, id := range []string{"f-criteria.eligibility-0", "f-criteria.management-0", "f-criteria.security-2", "f-criteria.stability-0", "f-criteria.support-0"} {
		b.run(chromedp.Click(`[id="`+id+`"]`, chromedp.ByQuery))
	}
	b.submit("/ui/tasks/"+review, ".flash")
	require.Contains(t, b.text(".flash"), review)
	require.Zero(t, b.count(`a[href="/ui/tasks/`+review+`"]`), "the review left the inbox")

	a, err := h.apps.Get(ctx, leeAuditor, appID)
	require.NoError(t, err)
	require.Equal(t, []string{sub}, a.Experts)
	require.Len(t, a.Reviews, 1)
	require.Equal(t, sub, a.Reviews[0].Expert)
	require.Equal(t, "suitable", a.Reviews[0].Opinion)

	// The expert prints the application for the file: the printout has no menus or forms,
	// and says what it is, by whom and when; on a phone's width the page does not run off
	// to the side.
	b.open("/ui/applications/" + appID)
	var printed struct {
		Header, Line, Forms string
		Stamp               string
	}
	b.run(emulation.SetEmulatedMedia().WithMedia("print"),
		chromedp.Evaluate(`({Header: getComputedStyle(document.querySelector("header.top")).display,
			Line: getComputedStyle(document.getElementById("printed")).display,
			Forms: [...document.querySelectorAll("main form")].map(f => getComputedStyle(f).display).filter(d => d != "none").join(","),
			Stamp: document.getElementById("printed-at").textContent})`, &printed))
	require.Equal(t, "none", printed.Header)
	require.Equal(t, "block", printed.Line)
	require.Empty(t, printed.Forms, "no form is printed")
	require.Regexp(t, `^ · \d{4}-\d{2}-\d{2} \d{2}:\d{2}$`, printed.Stamp)
	require.Contains(t, b.text("#printed"), "문서윤 ("+sub+")")
	require.Contains(t, b.text("#printed"), "/ui/applications/"+appID)

	var overflow bool
	b.run(emulation.SetEmulatedMedia().WithMedia(""), chromedp.EmulateViewport(360, 780),
		chromedp.Evaluate(`document.documentElement.scrollWidth > document.documentElement.clientWidth`, &overflow))
	require.False(t, overflow, "the page is wider than a phone's screen")

	// The expert sees that the operators read their record, and the auditor who did.
	b.open("/ui/me/settings")
	b.run(chromedp.Click(`#my-reads`, chromedp.ByQuery), chromedp.WaitVisible(`#reads`, chromedp.ByQuery))
	require.Contains(t, b.text("#reads"), "운영기관")
	require.NotContains(t, b.text("#reads"), "park.operator")
	b.shot("ui-my-reads")
	b.signOut()
	b.signIn("lee.auditor")
	b.open("/ui/audit/person-reads")
	b.shot("ui-audit-person-reads")
	b.run(chromedp.Click(`tr[data-reader="park.operator"] a`, chromedp.ByQuery), chromedp.WaitVisible(`#reads`, chromedp.ByQuery))
	require.Contains(t, b.text("#reads"), sub)
	b.open("/ui/people/" + sub + "/reads")
	b.open("/ui/audit/person-reads")
	// Last month is unchecked: the auditor records a check of it, and the page says it no
	// longer is. Something found with no note is refused beside the note.
	require.Equal(t, 1, b.count(`#check-due`))
	b.run(chromedp.SetValue(`#f-check-outcome`, "findings", chromedp.ByQuery))
	b.submit("/ui/audit/person-read-checks", `#e-check-note`)
	b.run(chromedp.SendKeys(`#f-check-note`, "야간 열람 1건: 소명 받음", chromedp.ByQuery))
	b.submit("/ui/audit/person-read-checks", `#check-list tr[data-check]`)
	require.Equal(t, 0, b.count(`#check-due`))
	require.Contains(t, b.text(`#check-list`), "확인 필요 사항 있음")
	b.requireReadable()
	b.requireFitsAPhone()
	b.shot("ui-audit-person-read-check")
}

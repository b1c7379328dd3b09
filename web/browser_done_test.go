package web_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/internal/devenv"
	"github.com/dsmarket/dsmarket/mail"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

// TestBrowserIssue13DoneWhen proves issue 13's "Done when" the way a new user meets the
// system, every step in the browser: the operator registers an expert; a provider applies
// with an uploaded PDF for every document its service type requires; the operator opens a
// file from the document check, accepts and assigns the new expert, who signs in for the
// first time and reviews; the operator opens a committee session from the roster, the
// members vote from their inboxes, the operator closes it and the service is selected.
// Then the mail sender runs against the test's database and a real Mailpit holds exactly
// one message per (notification of the case, recipient), in the recipient's language,
// with the link to the case, which the provider follows to the selected application.
func TestBrowserIssue13DoneWhen(t *testing.T) {
	h := newHarness(t)
	sink := startSink(t)
	ctx := context.Background()
	b := newBrowser(t, h)

	// 1. The operator registers a new expert, who reads English.
	const expertSub, expertEmail = "oidc|d0e13", "yoon@kaist.example"
	expert := models.Actor{Sub: expertSub, Role: models.RoleExpert, Org: models.PoolOrg}
	b.signIn("park.operator")
	b.run(chromedp.Click(`a[href="/ui/people"]`, chromedp.ByQuery), chromedp.WaitVisible(`#people`, chromedp.ByQuery))
	b.run(chromedp.SendKeys(`#f-sub`, expertSub, chromedp.ByQuery),
		chromedp.SetValue(`#f-role`, "expert", chromedp.ByQuery),
		chromedp.SendKeys(`#f-name`, "Yoon Hana", chromedp.ByQuery),
		chromedp.SendKeys(`#f-affiliation`, "KAIST", chromedp.ByQuery),
		chromedp.SendKeys(`#f-email`, expertEmail, chromedp.ByQuery),
		chromedp.SetValue(`#f-language`, "en", chromedp.ByQuery))
	b.run(chromedp.Click(`form[method="post"][action="/ui/people"] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible("#person-summary", chromedp.ByQuery))
	require.Contains(t, b.text(".flash"), expertSub)
	b.signOut()

	// 2. The provider applies for a consulting service with a file for every document the
	// page marks as required once the type is chosen.
	b.signIn("jung.provider")
	b.run(chromedp.Click(`a[href="/ui/applications/new"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`form[action="/ui/applications"]`, chromedp.ByQuery))
	b.run(change(`[id="f-service.type"]`, "support"),
		chromedp.SetValue(`[id="f-service.subtype"]`, "consulting", chromedp.ByQuery),
		chromedp.SendKeys(`[id="f-service.name"]`, "한빛 전환 컨설팅", chromedp.ByQuery),
		chromedp.SendKeys(`[id="f-service.description"]`, "공공기관 클라우드 전환 컨설팅", chromedp.ByQuery),
		chromedp.SendKeys(`[id="f-provider.credit_rating"]`, "BBB", chromedp.ByQuery))
	var marked []string
	b.run(chromedp.Evaluate(`Array.from(document.querySelectorAll('#documents tr[data-rule]')).
		filter(function (r) { return !r.querySelector('[data-required]').hidden; }).
		map(function (r) { return r.querySelector('input[type=file]').name.replace('documents.', ''); })`, &marked))
	required := models.RequiredDocuments(models.TypeSupport, false, false)
	require.Len(t, marked, len(required), "the page marks the required documents before submitting")
	dir := t.TempDir()
	files := map[string][]byte{}
	for _, k := range required {
		require.Contains(t, marked, string(k))
		content := minimalPDF(string(k) + " (done-when)")
		path := filepath.Join(dir, string(k)+".pdf")
		require.NoError(t, os.WriteFile(path, content, 0o600))
		files[string(k)] = content
		b.run(chromedp.SetUploadFiles(`[id="f-documents.`+string(k)+`"]`, []string{path}, chromedp.ByQuery))
	}
	b.submit("/ui/applications", ".flash")
	appID := b.text("main h1 .muted")
	require.Regexp(t, `^APP-\d{4}-\d+$`, appID)
	require.Equal(t, len(required), b.count(`a[data-document]`), "the page links every file")
	b.signOut()

	// 3. The operator checks the documents, opening one, accepts them and assigns the new
	// expert.
	b.signIn("park.operator")
	check := b.openInboxTask(h, parkOperator, appID, models.TaskDocumentCheck)
	require.Equal(t, len(required), b.count(`a[data-document]`), "the document check links every file")
	var formName string
	b.run(chromedp.Evaluate(`(function () {
		var a = Array.from(document.querySelectorAll('a[data-document]')).find(function (a) { return a.textContent.trim() === 'application_form.pdf'; });
		return a ? a.getAttribute('data-document') : '';
	})()`, &formName))
	require.NotEmpty(t, formName, "the application form's file is linked")
	got := b.download(`a[data-document="` + formName + `"]`)
	require.Equal(t, 200, got.Status)
	require.Equal(t, string(files[string(models.DocApplicationForm)]), got.Body, "the operator gets the file's bytes")
	require.Contains(t, got.Disposition, "attachment;")
	b.run(chromedp.Click(`#f-outcome-0`, chromedp.ByQuery), chromedp.SendKeys(`#f-note`, "서류 완비", chromedp.ByQuery))
	b.submit("/ui/tasks/"+check, ".flash")
	assign := b.openInboxTask(h, parkOperator, appID, models.TaskAssignExperts)
	b.run(chromedp.Click(`input[name="experts"][value="`+expertSub+`"]`, chromedp.ByQuery))
	b.submit("/ui/tasks/"+assign, ".flash")
	b.signOut()

	// 4. The new expert signs in from the list of the database's users and reviews:
	// suitable, no site visit, every criterion met (security too: a consulting service has
	// no CSAP certificate to stand for it).
	b.signIn(expertSub)
	review := b.openInboxTask(h, expert, appID, models.TaskExpertReview)
	b.run(chromedp.Click(`#f-opinion-0`, chromedp.ByQuery), chromedp.SendKeys(`#f-comment`, "Availability and backups checked", chromedp.ByQuery))
	for _, id := range []string{"f-criteria.eligibility-0", "f-criteria.management-0", "f-criteria.security-0", "f-criteria.stability-0", "f-criteria.support-0"} {
		b.run(chromedp.Click(`[id="`+id+`"]`, chromedp.ByQuery))
	}
	b.submit("/ui/tasks/"+review, ".flash")
	b.signOut()

	// 5. The committee. jang.committee advises PV-0001 (the seed's conflict) and would be
	// recused: the session is of three members who may all vote.
	members := []string{"song.committee", "lim.committee", "kwon.committee"}
	b.signIn("park.operator")
	b.run(chromedp.Click(`a[href="/ui/committee"]`, chromedp.ByQuery), chromedp.WaitVisible(`#roster`, chromedp.ByQuery))
	for _, m := range members {
		b.run(chromedp.Click(`#roster tr[data-sub="`+m+`"] input[name="members"]`, chromedp.ByQuery))
	}
	b.run(chromedp.Click(`#roster tr[data-sub="lim.committee"] input[name="chair"]`, chromedp.ByQuery))
	b.submit("/ui/committee", "#session-summary")
	sessionID := b.text("main h1 .muted")
	require.Contains(t, b.text(".flash"), sessionID)
	b.signOut()
	votes := map[string]string{}
	for _, m := range members {
		b.signIn(m)
		votes[m] = b.openInboxTask(h, models.Actor{Sub: m, Role: models.RoleCommittee, Org: "MSIT"}, appID, models.TaskCommitteeVote)
		b.run(chromedp.Click(`#f-vote-0`, chromedp.ByQuery))
		b.submit("/ui/tasks/"+votes[m], ".flash")
		b.signOut()
	}
	b.signIn("park.operator")
	b.open("/ui/committee/" + sessionID)
	require.Equal(t, 1, b.count(`#agenda tr[data-application="`+appID+`"]`), "the application is on the agenda")
	b.submit("/ui/committee/"+sessionID+"/close", ".flash")
	// Closing answers once every application has counted its votes, or says it is closing.
	require.Eventually(t, func() bool {
		s, err := h.committee.Get(ctx, parkOperator, sessionID)
		return err == nil && s.Status == models.SessionClosed
	}, 30*time.Second, 50*time.Millisecond, "the session closes")
	b.open("/ui/committee/" + sessionID)
	require.Equal(t, 1, b.count(`#agenda tr[data-application="`+appID+`"] strong.outcome[data-outcome="selected"]`), "the decision is shown")
	// The selection notice follows the decision with the catalog's registration.
	var noticeNo string
	require.Eventually(t, func() bool {
		a, err := h.apps.Get(ctx, parkOperator, appID)
		if err == nil {
			noticeNo = a.NoticeNo
		}
		return err == nil && a.Status == models.AppSelected && noticeNo != ""
	}, 30*time.Second, 50*time.Millisecond, "the service is selected and registered")
	b.open("/ui/applications/" + appID)
	require.Equal(t, "선정", b.text(`dl.summary .status`))
	b.signOut()

	// 6. The e-mail, once the selection notice is in the outbox (the workflow writes it
	// right after the projection the page showed).
	require.Eventually(t, func() bool {
		var n int64
		err := h.store.DB().Raw(`SELECT count(*) FROM notifications WHERE case_type = 'application' AND case_id = ?
			AND key LIKE '%/status-selected-%'`, appID).Scan(&n).Error
		return err == nil && n == 1
	}, 15*time.Second, 50*time.Millisecond, "the selection notice is in the outbox")
	sender, err := mail.New(h.store, mail.Config{SMTPURL: sink.srv.SMTPURL(), PublicBaseURL: h.url,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	require.NoError(t, err)
	round, err := sender.RunOnce(ctx)
	require.NoError(t, err)
	require.NoError(t, round.Unreachable)
	require.Zero(t, round.Refused+round.Failed, "every message is taken")
	again, err := sender.RunOnce(ctx)
	require.NoError(t, err)
	require.Zero(t, again.Planned+again.Sent, "a second round sends nothing")

	want := expectedMail(t, h.store, appID)
	link := mail.CaseURL(h.url, "application", appID)
	received := sink.caseMessages(want)
	t.Logf("%s: %d messages for its notifications' recipients", appID, len(want))
	require.Len(t, received, len(want), "one message per notification and recipient")
	lines := map[string]struct{ prefix, link string }{
		"ko": {"[디지털서비스 전문계약] ", "사건 보기: "}, "en": {"[Digital Service Contracts] ", "View the case: "}}
	for id, w := range want {
		m, ok := received[id]
		if !assert(t, ok, "no message of %s to %s", w.key, w.sub) {
			continue
		}
		require.Len(t, m.To, 1)
		require.Equal(t, w.email, m.To[0].Address, "%s to %s", w.key, w.sub)
		require.Equal(t, []string{w.lang}, m.Headers["Content-Language"], "%s to %s", w.key, w.sub)
		require.Equal(t, lines[w.lang].prefix+w.subject, m.Subject, "%s to %s: the subject in %s", w.key, w.sub, w.lang)
		require.Contains(t, m.Text, lines[w.lang].link+link, "%s to %s: the case's link in %s", w.key, w.sub, w.lang)
	}

	// Each step's news reached its person: the expert's task, each member's vote, the
	// provider's selection notice.
	subjectTo := func(part, sub string) string {
		t.Helper()
		for id, w := range want {
			if strings.Contains(w.key, part) && w.sub == sub {
				return received[id].Subject
			}
		}
		t.Fatalf("no notification …%s… to %s", part, sub)
		return ""
	}
	require.Equal(t, "[Digital Service Contracts] New task: Expert review: 한빛 전환 컨설팅", subjectTo("/assigned-"+review, expertSub),
		"in the new expert's English")
	for _, m := range members {
		require.Equal(t, "[디지털서비스 전문계약] 새 과제: 심사위원회 의결: 한빛 전환 컨설팅", subjectTo("/assigned-"+votes[m], m))
	}
	require.Equal(t, "[디지털서비스 전문계약] 선정 통보 "+noticeNo+": 한빛 전환 컨설팅", subjectTo("/status-selected-", "jung.provider"))

	// The provider follows the notice's link to the selected application.
	b.signIn("jung.provider")
	b.run(chromedp.Navigate(link), chromedp.WaitReady("main h1", chromedp.ByQuery))
	require.Equal(t, "선정", b.text(`dl.summary .status`))
}

// assert reports a failed condition and lets the test go on to the next message.
func assert(t *testing.T, ok bool, format string, args ...any) bool {
	t.Helper()
	if !ok {
		t.Errorf(format, args...)
	}
	return ok
}

// openInboxTask waits until by's inbox has the open task of kind on the case (the
// projection follows the step that opened it), opens the inbox filtered by kind, and
// opens the task from the row of the case.
func (b *browser) openInboxTask(h *harness, by models.Actor, caseID string, kind models.TaskKind) string {
	b.t.Helper()
	id := h.openTask(by, caseID, kind)
	b.open("/ui/inbox?kind=" + string(kind))
	row := `#tasks tr[data-task="` + id + `"]`
	require.Contains(b.t, b.text(row), caseID, "the inbox lists the task with its case")
	b.run(chromedp.Click(row+` a[href="/ui/tasks/`+id+`"]`, chromedp.ByQuery), chromedp.WaitVisible(`#form-h`, chromedp.ByQuery))
	return id
}

// mailWanted is one message the outbox owes: a notification to one recipient, its
// subject in the recipient's language.
type mailWanted struct{ key, sub, email, lang, subject string }

// expectedMail reads the case's notifications and the users, and names the recipients as
// docs/email.md defines them: the active users with an address who are the person named
// ("user:<sub>") or have the role in the organization. Keyed by the Message-ID.
func expectedMail(t *testing.T, st *store.Store, appID string) map[string]mailWanted {
	t.Helper()
	var notes []struct {
		Key, ToRole, ToOrg, Subject string
		SubjectText                 *string
		Planned                     bool
	}
	require.NoError(t, st.DB().Raw(`SELECT key, to_role, to_org, subject, subject_text::text AS subject_text,
		mail_planned_at IS NOT NULL AS planned FROM notifications
		WHERE case_type = 'application' AND case_id = ?`, appID).Scan(&notes).Error)
	var users []struct {
		Sub, Role, Org, Email, Language string
		Active                          bool
	}
	require.NoError(t, st.DB().Raw(`SELECT sub, role, org, email, language, active FROM users`).Scan(&users).Error)
	want := map[string]mailWanted{}
	for _, n := range notes {
		require.True(t, n.Planned, "%s was planned by the sender's round", n.Key)
		news := models.Notification{Subject: n.Subject}
		if n.SubjectText != nil {
			news.SubjectText = &models.Text{}
			require.NoError(t, json.Unmarshal([]byte(*n.SubjectText), news.SubjectText))
		}
		for _, u := range users {
			named := n.ToOrg == "user:"+u.Sub
			inQueue := !strings.HasPrefix(n.ToOrg, "user:") && u.Org == n.ToOrg && u.Role == n.ToRole
			if u.Active && u.Email != "" && (named || inQueue) {
				want[store.MailMessageID(n.Key, u.Sub)] = mailWanted{key: n.Key, sub: u.Sub, email: u.Email, lang: u.Language,
					subject: strings.Join(strings.Fields(news.SubjectIn(u.Language)), " ")}
			}
		}
	}
	return want
}

// sink is a Mailpit of the test's own, read through its REST API.
type sink struct {
	t   *testing.T
	srv *devenv.MailpitServer
}

// startSink starts bin/mailpit on free ports of 127.0.0.1, stopped when the test ends;
// without the binary the test fails saying `make bin/mailpit`.
func startSink(t *testing.T) *sink {
	t.Helper()
	path, err := devenv.MailpitPath(os.Getenv)
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	m, err := devenv.StartMailpit(ctx, path, devenv.MailpitOptions{SMTPAddr: devenv.AnyPort, HTTPAddr: devenv.AnyPort})
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, m.Stop()) })
	return &sink{t: t, srv: m}
}

// sunk is one message as Mailpit parsed it.
type sunk struct {
	ID, MessageID, Subject, Text string
	To                           []struct{ Name, Address string }
	Headers                      map[string][]string
}

func (s *sink) get(path string, v any) {
	s.t.Helper()
	resp, err := http.Get(s.srv.WebURL() + path) //nolint:noctx // a local test server
	require.NoError(s.t, err)
	defer resp.Body.Close()
	require.Equal(s.t, http.StatusOK, resp.StatusCode, "GET %s", path)
	require.NoError(s.t, json.NewDecoder(resp.Body).Decode(v), "GET %s", path)
}

// caseMessages are the messages of the notifications in want, by Message-ID, read with
// their headers; a Message-ID received twice fails the test. Messages of other cases
// (the seed's services, say) are left alone.
func (s *sink) caseMessages(want map[string]mailWanted) map[string]sunk {
	s.t.Helper()
	keys := map[string]bool{}
	for _, w := range want {
		keys[w.key] = true
	}
	var list struct {
		Total    int
		Messages []struct{ ID, MessageID string }
	}
	s.get("api/v1/messages?limit=1000", &list)
	require.Equal(s.t, list.Total, len(list.Messages), "every message listed")
	out := map[string]sunk{}
	for _, l := range list.Messages {
		var m sunk
		s.get("api/v1/message/"+l.ID, &m)
		s.get("api/v1/message/"+l.ID+"/headers", &m.Headers)
		if n := m.Headers["X-Dsmarket-Notification"]; len(n) != 1 || !keys[n[0]] {
			if _, owed := want[m.MessageID]; !owed {
				continue
			}
		}
		_, dup := out[m.MessageID]
		require.False(s.t, dup, "Message-ID %s received twice", m.MessageID)
		out[m.MessageID] = m
	}
	return out
}

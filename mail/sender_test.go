package mail

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/store/storetest"
)

const testBaseURL = "https://dsmarket.example.go.kr"

var testStart = time.Date(2026, 5, 4, 9, 0, 0, 0, models.Seoul)

func newSender(t *testing.T, st *store.Store, smtpURL string, clk *clock, cfg Config) *Sender {
	t.Helper()
	cfg.SMTPURL, cfg.PublicBaseURL, cfg.Clock = smtpURL, testBaseURL, clk.now
	cfg.From = "dsmarket <no-reply@dsmarket.example.go.kr>"
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s, err := New(st, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func runOnce(t *testing.T, s *Sender) Round {
	t.Helper()
	r, err := s.RunOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// expected is one message the outbox must produce.
type expected struct {
	key, sub, email, lang, link string
}

// people and news: a Korean and an English operator of the NIA queue, an English provider,
// a Korean agency, an expert named by a reminder, and people who must get nothing.
func seedNews(t *testing.T, st *store.Store) []expected {
	t.Helper()
	person(t, st, "op.kim", "김운영", models.RoleOperator, "NIA", "kim@nia.example", "ko")
	person(t, st, "op.lee", "Lee Operator", models.RoleOperator, "NIA", "lee@nia.example", "en")
	person(t, st, "pv.jung", "Jung Provider", models.RoleProvider, "PV-0001", "jung@pv.example", "en")
	person(t, st, "ag.park", "박기관", models.RoleAgency, "AG-0001", "park@ag.example", "ko")
	person(t, st, "ex.choi", "최전문", models.RoleExpert, "EXPERTS", "choi@uni.example", "ko")
	person(t, st, "ex.other", "Other Expert", models.RoleExpert, "EXPERTS", "other@uni.example", "en")
	person(t, st, "op.noaddr", "주소없음", models.RoleOperator, "NIA", "", "ko")
	if err := st.DB().Exec(`UPDATE users SET active = false WHERE sub = 'ex.other'`).Error; err != nil {
		t.Fatal(err)
	}
	at := testStart.Add(-time.Hour)
	for _, n := range []models.Notification{
		{Key: "application-APP-2026-0001/status-selected-7", ToRole: models.RoleProvider, ToOrg: "PV-0001",
			CaseType: "application", CaseID: "APP-2026-0001", Subject: "선정 통보 Selection notice 2026-01: 민원 챗봇",
			Body: "선정되었습니다. Selected."},
		{Key: "application-APP-2026-0001/reminder-T3", ToRole: models.RoleExpert, ToOrg: "user:ex.choi",
			CaseType: "application", CaseID: "APP-2026-0001", Subject: "기한 경과 Overdue: 전문가 심사",
			Body: "과제 T3 기한 Task T3 was due"},
		{Key: "change-CR-1/submitted", ToRole: models.RoleOperator, ToOrg: "NIA",
			CaseType: "change_request", CaseID: "CR-1", Subject: "정보 변경 승인 요청 Change request: 민원 챗봇", Body: "price"},
		{Key: "contract-DC-1/change-1-overdue", ToRole: models.RoleAgency, ToOrg: "AG-0001",
			CaseType: "contract", CaseID: "DC-1", Subject: "변경 등록 기한 경과 Change registration overdue: 계약", Body: "late"},
		{Key: "service-watch-SVC-0001/unfit", ToRole: models.RoleProvider, ToOrg: "PV-0001",
			CaseType: "service", CaseID: "SVC-0001", Subject: "부적합 Unfit: 민원 챗봇 (SVC-0001)", Body: "CSAP expired"},
		{Key: "order-ORD-1/proposal-requested", ToRole: models.RoleProvider, ToOrg: "PV-0404",
			CaseType: "order", CaseID: "ORD-1", Subject: "제안요청 Proposal request: nobody there", Body: "none"},
	} {
		n.CreatedAt = at
		notify(t, st, n)
	}
	return []expected{
		{"application-APP-2026-0001/status-selected-7", "pv.jung", "jung@pv.example", "en", testBaseURL + "/ui/applications/APP-2026-0001"},
		{"application-APP-2026-0001/reminder-T3", "ex.choi", "choi@uni.example", "ko", testBaseURL + "/ui/applications/APP-2026-0001"},
		{"change-CR-1/submitted", "op.kim", "kim@nia.example", "ko", testBaseURL + "/ui/changes/CR-1"},
		{"change-CR-1/submitted", "op.lee", "lee@nia.example", "en", testBaseURL + "/ui/changes/CR-1"},
		{"contract-DC-1/change-1-overdue", "ag.park", "park@ag.example", "ko", testBaseURL + "/ui/contracts/DC-1"},
		{"service-watch-SVC-0001/unfit", "pv.jung", "jung@pv.example", "en", testBaseURL + "/ui/services/SVC-0001"},
	}
}

// checkReceived asserts exactly one message per expected (notification, recipient), in the
// recipient's language, with the case's link.
func checkReceived(t *testing.T, mp *mailpit, st *store.Store, want []expected) {
	t.Helper()
	got := mp.byMessageID()
	if len(got) != len(want) {
		t.Errorf("mailpit holds %d messages, want %d (one per notification and recipient)", len(got), len(want))
	}
	for _, w := range want {
		id := store.MailMessageID(w.key, w.sub)
		m, ok := got[id]
		if !ok {
			t.Errorf("no message %s (%s to %s)", id, w.key, w.sub)
			continue
		}
		if len(m.To) != 1 || m.To[0].Address != w.email {
			t.Errorf("%s to %s: To %v, want %s", w.key, w.sub, m.To, w.email)
		}
		if lang := m.Headers["Content-Language"]; len(lang) != 1 || lang[0] != w.lang {
			t.Errorf("%s to %s: Content-Language %v, want %s", w.key, w.sub, lang, w.lang)
		}
		if ct := strings.Join(m.Headers["Content-Type"], ";"); !strings.Contains(ct, "text/plain") || !strings.Contains(strings.ToLower(ct), "utf-8") {
			t.Errorf("%s to %s: Content-Type %q, want UTF-8 plain text", w.key, w.sub, ct)
		}
		wd := wordings[w.lang]
		if !strings.Contains(m.Text, fmt.Sprintf(wd.linkLine, w.link)) {
			t.Errorf("%s to %s: text lacks %q:\n%s", w.key, w.sub, fmt.Sprintf(wd.linkLine, w.link), m.Text)
		}
		if !strings.Contains(m.Text, wd.footer) || !strings.HasPrefix(m.Subject, wd.subjectPrefix) {
			t.Errorf("%s to %s: subject %q or text not in %s:\n%s", w.key, w.sub, m.Subject, w.lang, m.Text)
		}
		if other := wordings[map[string]string{"ko": "en", "en": "ko"}[w.lang]]; strings.Contains(m.Text, other.footer) {
			t.Errorf("%s to %s: the %s message holds the other language's footer", w.key, w.sub, w.lang)
		}
		if m.Headers["X-Dsmarket-Notification"][0] != w.key {
			t.Errorf("%s to %s: X-Dsmarket-Notification %v", w.key, w.sub, m.Headers["X-Dsmarket-Notification"])
		}
	}
	rows, err := st.ListMailDeliveries(context.Background(), "", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.Status != "sent" || r.SentAt == nil || r.ServerResponse == "" {
			t.Errorf("delivery %s to %s: %s, sent_at %v, response %q; want sent and recorded", r.NotificationKey, r.RecipientSub, r.Status, r.SentAt, r.ServerResponse)
		}
	}
}

// TestSendOncePerRecipient: every notification reaches each of its recipients once, in
// their language, with the link to the case; a second round and a second sender send
// nothing more.
func TestSendOncePerRecipient(t *testing.T) {
	t.Parallel()
	mp := startMailpit(t, "")
	st := storetest.New(t)
	want := seedNews(t, st)
	clk := &clock{t: testStart}
	reg := prometheus.NewRegistry()
	s := newSender(t, st, mp.srv.SMTPURL(), clk, Config{Registerer: reg})

	r := runOnce(t, s)
	if r.Planned != len(want) || r.Sent != len(want) || r.Unreachable != nil {
		t.Fatalf("first round: %+v, want %d planned and sent", r, len(want))
	}
	checkReceived(t, mp, st, want)
	var sent dto.Metric
	if err := s.messages.WithLabelValues("sent").Write(&sent); err != nil {
		t.Fatal(err)
	}
	if n := sent.GetCounter().GetValue(); int(n) != len(want) {
		t.Errorf("dsmarket_mail_messages_total{outcome=sent} = %v, want %d", n, len(want))
	}

	clk.add(time.Hour)
	if r := runOnce(t, s); r != (Round{}) {
		t.Errorf("second round did %+v, want nothing", r)
	}
	other := newSender(t, st, mp.srv.SMTPURL(), clk, Config{Registerer: reg})
	if r := runOnce(t, other); r != (Round{}) {
		t.Errorf("another sender's round did %+v, want nothing", r)
	}
	checkReceived(t, mp, st, want)
}

// TestSendersShareTheOutbox: senders running at once (one per worker) send each message
// once between them.
func TestSendersShareTheOutbox(t *testing.T) {
	t.Parallel()
	mp := startMailpit(t, "")
	st := storetest.New(t)
	langs := []string{"ko", "en"}
	var want []expected
	for i := range 6 {
		sub := fmt.Sprintf("op.%d", i)
		person(t, st, sub, "Operator "+sub, models.RoleOperator, "NIA", sub+"@nia.example", langs[i%2])
	}
	for j := range 5 {
		key := fmt.Sprintf("change-CR-%d/submitted", j)
		notify(t, st, models.Notification{Key: key, ToRole: models.RoleOperator, ToOrg: "NIA",
			CaseType: "change_request", CaseID: fmt.Sprintf("CR-%d", j), Subject: "정보 변경 승인 요청 Change request", Body: "b"})
		for i := range 6 {
			sub := fmt.Sprintf("op.%d", i)
			want = append(want, expected{key, sub, sub + "@nia.example", langs[i%2], fmt.Sprintf("%s/ui/changes/CR-%d", testBaseURL, j)})
		}
	}
	clk := &clock{t: testStart}
	var wg sync.WaitGroup
	rounds := make([]Round, 3)
	for i := range rounds {
		s := newSender(t, st, mp.srv.SMTPURL(), clk, Config{})
		wg.Go(func() {
			r, err := s.RunOnce(context.Background())
			if err != nil {
				t.Error(err)
			}
			rounds[i] = r
		})
	}
	wg.Wait()
	sent, planned := 0, 0
	for _, r := range rounds {
		sent += r.Sent
		planned += r.Planned
	}
	if sent != len(want) || planned != len(want) {
		t.Errorf("senders planned %d and sent %d between them (%+v), want %d each", planned, sent, rounds, len(want))
	}
	checkReceived(t, mp, st, want)
}

// TestSendCrashAfterSend: a sender that dies after the server took a message and before
// recording it leaves the row pending; the next round sends it again with the same
// Message-ID, which a receiver that drops duplicates (here Mailpit with
// --ignore-duplicate-ids) keeps once. This is the one window docs/email.md describes.
func TestSendCrashAfterSend(t *testing.T) {
	t.Parallel()
	mp := startMailpit(t, "", "--ignore-duplicate-ids")
	st := storetest.New(t)
	person(t, st, "pv.jung", "Jung Provider", models.RoleProvider, "PV-0001", "jung@pv.example", "en")
	notify(t, st, models.Notification{Key: "quality-Q-1/outcome", ToRole: models.RoleProvider, ToOrg: "PV-0001",
		CaseType: "quality", CaseID: "Q-1", Subject: "품질점검 결과 Quality inspection 2026: passed", Body: "ok"})
	want := []expected{{"quality-Q-1/outcome", "pv.jung", "jung@pv.example", "en", testBaseURL + "/ui/quality/Q-1"}}
	clk := &clock{t: testStart}
	s := newSender(t, st, mp.srv.SMTPURL(), clk, Config{})
	crash := errors.New("killed between the send and the record")
	sends := 0
	s.afterSend = func(store.MailDelivery) error {
		sends++
		if sends == 1 {
			return crash
		}
		return nil
	}
	if _, err := s.RunOnce(context.Background()); !errors.Is(err, crash) {
		t.Fatalf("first round: %v, want the crash", err)
	}
	rows, err := st.ListMailDeliveries(context.Background(), "", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Status != "pending" || rows[0].Attempts != 0 {
		t.Fatalf("after the crash: %+v, want the delivery pending as planned", rows)
	}
	if r := runOnce(t, s); r.Sent != 1 || sends != 2 {
		t.Fatalf("round after the crash: %+v (%d sends), want the message sent again", r, sends)
	}
	checkReceived(t, mp, st, want)
	if r := runOnce(t, s); r != (Round{}) || sends != 2 {
		t.Errorf("third round: %+v (%d sends), want nothing", r, sends)
	}
}

// TestSendServerDown: with the server down the messages wait, the error recorded and no
// attempt counted; once it is up they go, once each.
func TestSendServerDown(t *testing.T) {
	t.Parallel()
	st := storetest.New(t)
	want := seedNews(t, st)
	smtpAddr := quietAddr(t)
	clk := &clock{t: testStart}
	s := newSender(t, st, "smtp://"+smtpAddr, clk, Config{})

	for range 2 {
		r := runOnce(t, s)
		if r.Sent != 0 || r.Unreachable == nil {
			t.Fatalf("round with the server down: %+v, want nothing sent and the server unreachable", r)
		}
		rows, err := st.ListMailDeliveries(context.Background(), "", 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != len(want) {
			t.Fatalf("%d deliveries, want %d", len(rows), len(want))
		}
		for _, d := range rows {
			if d.Status != "pending" || d.Attempts != 0 || !strings.Contains(d.LastError, smtpAddr) ||
				!strings.Contains(d.LastError, "connection refused") || d.LastAttemptAt == nil || !d.LastAttemptAt.Equal(clk.now()) {
				t.Errorf("%s to %s: %+v, want pending, no attempt counted, the refused connection recorded now",
					d.NotificationKey, d.RecipientSub, d)
			}
		}
		clk.add(time.Hour)
	}

	mp := startMailpit(t, smtpAddr)
	if r := runOnce(t, s); r.Sent != len(want) || r.Unreachable != nil {
		t.Fatalf("round with the server back: %+v, want %d sent", r, len(want))
	}
	checkReceived(t, mp, st, want)
}

// TestSendRefusedBounded: a refused message is retried after a growing wait and given up
// (status failed, the server's answer kept) after MaxAttempts; others still go.
func TestSendRefusedBounded(t *testing.T) {
	t.Parallel()
	mp := startMailpit(t, "", "--enable-chaos")
	st := storetest.New(t)
	person(t, st, "ag.park", "박기관", models.RoleAgency, "AG-0001", "park@ag.example", "ko")
	notify(t, st, models.Notification{Key: "contract-DC-1/change-1-reminder", ToRole: models.RoleAgency, ToOrg: "AG-0001",
		CaseType: "contract", CaseID: "DC-1", Subject: "변경 등록 기한 임박 Change registration due soon", Body: "due"})
	clk := &clock{t: testStart}
	s := newSender(t, st, mp.srv.SMTPURL(), clk, Config{MaxAttempts: 3})
	row := func() store.MailDeliveryRecord {
		rows, err := st.ListMailDeliveries(context.Background(), "contract-DC-1/change-1-reminder", 0)
		if err != nil || len(rows) != 1 {
			t.Fatalf("deliveries %+v, %v", rows, err)
		}
		return rows[0]
	}

	mp.chaos(451)
	for attempt := 1; attempt <= 3; attempt++ {
		r := runOnce(t, s)
		d := row()
		if !strings.Contains(d.LastError, "451") || d.Attempts != attempt {
			t.Fatalf("attempt %d: %+v, want the 451 recorded as attempt %d", attempt, d, attempt)
		}
		if attempt < 3 {
			wait := retryDelay(attempt - 1)
			if r.Refused != 1 || d.Status != "pending" || !d.NextAttemptAt.Equal(clk.now().Add(wait)) {
				t.Fatalf("attempt %d: %+v, %+v; want pending, next try in %s", attempt, r, d, wait)
			}
			if r := runOnce(t, s); r != (Round{}) {
				t.Fatalf("attempt %d: a round before the retry time did %+v", attempt, r)
			}
			clk.add(wait)
			continue
		}
		if r.Failed != 1 || d.Status != "failed" {
			t.Fatalf("last attempt: %+v, %+v; want given up", r, d)
		}
	}

	mp.chaos(0)
	clk.add(24 * time.Hour)
	if r := runOnce(t, s); r != (Round{}) {
		t.Errorf("a failed message was tried again: %+v", r)
	}
	if got := mp.messages(); len(got) != 0 {
		t.Errorf("mailpit holds %d messages, want none", len(got))
	}
	person(t, st, "ag.kang", "Kang Agency", models.RoleAgency, "AG-0002", "kang@ag.example", "en")
	notify(t, st, models.Notification{Key: "contract-DC-2/change-1-reminder", ToRole: models.RoleAgency, ToOrg: "AG-0002",
		CaseType: "contract", CaseID: "DC-2", Subject: "변경 등록 기한 임박 Change registration due soon", Body: "due"})
	if r := runOnce(t, s); r.Sent != 1 {
		t.Errorf("the next message after a failed one: %+v, want sent", r)
	}
}

// TestRunStopsOnCancel: the loop sends what is due and returns when its context ends.
func TestRunStopsOnCancel(t *testing.T) {
	t.Parallel()
	mp := startMailpit(t, "")
	st := storetest.New(t)
	person(t, st, "pv.jung", "Jung Provider", models.RoleProvider, "PV-0001", "jung@pv.example", "en")
	notify(t, st, models.Notification{Key: "order-ORD-1/delivery-requested", ToRole: models.RoleProvider, ToOrg: "PV-0001",
		CaseType: "order", CaseID: "ORD-1", Subject: "납품요구 Delivery request", Body: "계약 Contract C-1"})
	s := newSender(t, st, mp.srv.SMTPURL(), &clock{t: testStart}, Config{Poll: 50 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	for {
		rows, err := st.ListMailDeliveries(context.Background(), "", 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) == 1 && rows[0].Status == "sent" {
			break
		}
		select {
		case err := <-done:
			t.Fatalf("Run returned before sending: %v", err)
		case <-time.After(20 * time.Millisecond):
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}
	checkReceived(t, mp, st, []expected{{"order-ORD-1/delivery-requested", "pv.jung", "jung@pv.example", "en", testBaseURL + "/ui/orders/ORD-1"}})
}

package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/store/storetest"
)

// mailPerson adds a user as the people API would.
func mailPerson(t *testing.T, s *store.Store, sub string, role models.Role, org, email, lang string, active bool) {
	t.Helper()
	err := s.DB().Exec(`INSERT INTO users (sub, name, role, org, email, language, active) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		sub, "Name of "+sub, string(role), org, email, lang, active).Error
	if err != nil {
		t.Fatal(err)
	}
}

func mailNote(t *testing.T, s *store.Store, key string, role models.Role, org string, at time.Time) {
	t.Helper()
	n := models.Notification{Key: key, ToRole: role, ToOrg: org, CaseType: "application", CaseID: "APP-1",
		Subject: "선정 Selected: " + key, Body: "본문 body", CreatedAt: at}
	if err := s.SaveNotification(context.Background(), n); err != nil {
		t.Fatal(err)
	}
}

// mailRecipients is sub -> delivery of the notification key.
func mailRecipients(t *testing.T, s *store.Store, key string) map[string]store.MailDeliveryRecord {
	t.Helper()
	rows, err := s.ListMailDeliveries(context.Background(), key, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]store.MailDeliveryRecord{}
	for _, r := range rows {
		out[r.RecipientSub] = r
	}
	return out
}

// TestPlanMailDeliveries: the recipients of a notification are the active people of its
// role and organization who have an address, or the one person it names; each
// notification is planned once, whoever plans again.
func TestPlanMailDeliveries(t *testing.T) {
	t.Parallel()
	s := storetest.New(t)
	ctx := context.Background()
	now := time.Date(2026, 5, 4, 9, 0, 0, 0, models.Seoul)
	mailPerson(t, s, "op.ko", models.RoleOperator, "NIA", "op.ko@nia.example", "ko", true)
	mailPerson(t, s, "op.en", models.RoleOperator, "NIA", "op.en@nia.example", "en", true)
	mailPerson(t, s, "op.gone", models.RoleOperator, "NIA", "gone@nia.example", "ko", false)
	mailPerson(t, s, "op.noaddr", models.RoleOperator, "NIA", "", "ko", true)
	mailPerson(t, s, "auditor.nia", models.RoleAuditor, "NIA", "audit@nia.example", "ko", true)
	mailPerson(t, s, "pv1", models.RoleProvider, "PV-0001", "pv1@pv.example", "en", true)
	mailPerson(t, s, "pv2", models.RoleProvider, "PV-0002", "pv2@pv.example", "ko", true)
	mailPerson(t, s, "exp1", models.RoleExpert, "EXPERTS", "exp1@uni.example", "en", true)
	mailPerson(t, s, "exp2", models.RoleExpert, "EXPERTS", "exp2@uni.example", "ko", true)

	mailNote(t, s, "wf-1/queue", models.RoleOperator, "NIA", now)
	mailNote(t, s, "wf-1/status", models.RoleProvider, "PV-0001", now.Add(time.Second))
	mailNote(t, s, "wf-1/reminder-T1", models.RoleExpert, "user:exp1", now.Add(2*time.Second))
	mailNote(t, s, "wf-1/nobody", models.RoleAgency, "AG-0404", now.Add(3*time.Second))

	n, d, err := s.PlanMailDeliveries(ctx, now, 0)
	if err != nil {
		t.Fatal(err)
	}
	if n != 4 || d != 4 {
		t.Fatalf("planned %d notifications into %d deliveries, want 4 into 4", n, d)
	}
	want := map[string][]string{
		"wf-1/queue":       {"op.en", "op.ko"},
		"wf-1/status":      {"pv1"},
		"wf-1/reminder-T1": {"exp1"},
		"wf-1/nobody":      nil,
	}
	for key, subs := range want {
		got := mailRecipients(t, s, key)
		requireRecipients(t, got, key, subs)
		for _, sub := range subs {
			r, ok := got[sub]
			switch {
			case !ok: // requireRecipients said so
			case r.Status != "pending" || r.Attempts != 0 || !r.NextAttemptAt.Equal(now):
				t.Errorf("%s to %s: %+v, want pending, no attempt, due at %s", key, sub, r, now)
			case r.MessageID != store.MailMessageID(key, sub):
				t.Errorf("%s to %s: Message-ID %s, want %s", key, sub, r.MessageID, store.MailMessageID(key, sub))
			}
		}
	}
	if r := mailRecipients(t, s, "wf-1/queue")["op.en"]; r.Email != "op.en@nia.example" || r.Language != "en" {
		t.Errorf("op.en planned with %s in %s, want op.en@nia.example in en", r.Email, r.Language)
	}

	// Planned once: a second planner (another worker, or a restart) finds nothing to do.
	if n, d, err := s.PlanMailDeliveries(ctx, now, 0); err != nil || n != 0 || d != 0 {
		t.Fatalf("second plan: %d notifications, %d deliveries, %v; want none", n, d, err)
	}
	mailNote(t, s, "wf-2/status", models.RoleProvider, "PV-0002", now.Add(time.Minute))
	if n, d, err := s.PlanMailDeliveries(ctx, now, 0); err != nil || n != 1 || d != 1 {
		t.Fatalf("plan of a new notification: %d notifications, %d deliveries, %v; want 1, 1", n, d, err)
	}
	if due, err := s.DueMail(ctx, now); err != nil || due != 5 {
		t.Fatalf("due %d (%v), want 5", due, err)
	}
}

// TestPlanMailDeliveriesHonoursChoices: a person who chose "mine" gets only what is
// addressed to them by name, one who chose "none" gets nothing, and the choice is read
// when the notification is planned.
func TestPlanMailDeliveriesHonoursChoices(t *testing.T) {
	t.Parallel()
	s := storetest.New(t)
	ctx := context.Background()
	now := time.Date(2026, 5, 4, 9, 0, 0, 0, models.Seoul)
	for sub, choice := range map[string]string{"exp.all": models.EmailAll, "exp.mine": models.EmailMine, "exp.none": models.EmailNone} {
		mailPerson(t, s, sub, models.RoleExpert, "EXPERTS", sub+"@uni.example", "ko", true)
		_, err := s.UpdatePerson(ctx, sub, models.Actor{Sub: sub, Role: models.RoleExpert, Org: "EXPERTS"}, now,
			func(u models.User) (models.User, error) {
				return u.Patched(models.PersonPatch{EmailNotifications: &choice})
			})
		if err != nil {
			t.Fatal(err)
		}
	}
	mailNote(t, s, "wf-1/pool", models.RoleExpert, "EXPERTS", now)
	for _, sub := range []string{"exp.all", "exp.mine", "exp.none"} {
		mailNote(t, s, "wf-1/task-"+sub, models.RoleExpert, "user:"+sub, now)
	}
	if _, _, err := s.PlanMailDeliveries(ctx, now, 0); err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"wf-1/pool":          {"exp.all"},
		"wf-1/task-exp.all":  {"exp.all"},
		"wf-1/task-exp.mine": {"exp.mine"},
		"wf-1/task-exp.none": nil,
	}
	for key, subs := range want {
		requireRecipients(t, mailRecipients(t, s, key), key, subs)
	}
}

// requireRecipients checks that got, a notification's deliveries by recipient, are to subs.
func requireRecipients(t *testing.T, got map[string]store.MailDeliveryRecord, key string, subs []string) {
	t.Helper()
	if len(got) != len(subs) {
		t.Errorf("%s: recipients %v, want %v", key, got, subs)
	}
	for _, sub := range subs {
		if _, ok := got[sub]; !ok {
			t.Errorf("%s: %s is not a recipient", key, sub)
		}
	}
}

// TestDeliverMailSkipLocked: a delivery a sender holds is invisible to the others, who take
// the next one or none.
func TestDeliverMailSkipLocked(t *testing.T) {
	t.Parallel()
	s := storetest.New(t)
	ctx := context.Background()
	now := time.Date(2026, 5, 4, 9, 0, 0, 0, models.Seoul)
	mailPerson(t, s, "op.a", models.RoleOperator, "NIA", "a@nia.example", "ko", true)
	mailPerson(t, s, "op.b", models.RoleOperator, "NIA", "b@nia.example", "en", true)
	mailNote(t, s, "wf/queue", models.RoleOperator, "NIA", now)
	if _, _, err := s.PlanMailDeliveries(ctx, now, 0); err != nil {
		t.Fatal(err)
	}

	held := make(chan store.MailDelivery)
	release := make(chan struct{})
	errA := make(chan error, 1)
	go func() {
		_, err := s.DeliverMail(ctx, now, func(_ context.Context, d store.MailDelivery) (store.MailOutcome, error) {
			held <- d
			<-release
			return store.MailOutcome{Sent: true, ServerResponse: "250 A"}, nil
		})
		errA <- err
	}()
	a := <-held

	var b store.MailDelivery
	claimed, err := s.DeliverMail(ctx, now, func(_ context.Context, d store.MailDelivery) (store.MailOutcome, error) {
		b = d
		return store.MailOutcome{Sent: true, ServerResponse: "250 B"}, nil
	})
	if err != nil || !claimed {
		t.Fatalf("second sender: claimed %v, %v; want the other delivery", claimed, err)
	}
	if b.RecipientSub == a.RecipientSub {
		t.Fatalf("both senders claimed the delivery to %s", a.RecipientSub)
	}
	claimed, err = s.DeliverMail(ctx, now, func(_ context.Context, d store.MailDelivery) (store.MailOutcome, error) {
		t.Errorf("third sender claimed %s to %s, held by the first", d.NotificationKey, d.RecipientSub)
		return store.MailOutcome{}, nil
	})
	if err != nil || claimed {
		t.Fatalf("third sender: claimed %v, %v; want nothing (one held, one sent)", claimed, err)
	}
	close(release)
	if err := <-errA; err != nil {
		t.Fatal(err)
	}
	got := mailRecipients(t, s, "wf/queue")
	for sub, resp := range map[string]string{a.RecipientSub: "250 A", b.RecipientSub: "250 B"} {
		if r := got[sub]; r.Status != "sent" || r.ServerResponse != resp || r.SentAt == nil || !r.SentAt.Equal(now) {
			t.Errorf("%s: %+v, want sent at %s with %q", sub, r, now, resp)
		}
	}
	if a.Subject != "선정 Selected: wf/queue" || a.CaseType != "application" || a.CaseID != "APP-1" || a.RecipientName != "Name of "+a.RecipientSub {
		t.Errorf("claimed delivery lacks the notification or the name: %+v", a)
	}
}

// TestDeliverMailOutcomes: a refusal counts and waits, the last one gives up, a server out
// of reach counts nothing, and an error of send (a crash) leaves the row as it was.
func TestDeliverMailOutcomes(t *testing.T) {
	t.Parallel()
	s := storetest.New(t)
	ctx := context.Background()
	now := time.Date(2026, 5, 4, 9, 0, 0, 0, models.Seoul)
	mailPerson(t, s, "pv1", models.RoleProvider, "PV-0001", "pv1@pv.example", "en", true)
	mailNote(t, s, "wf/status", models.RoleProvider, "PV-0001", now)
	if _, _, err := s.PlanMailDeliveries(ctx, now, 0); err != nil {
		t.Fatal(err)
	}
	deliver := func(at time.Time, out store.MailOutcome, sendErr error) bool {
		t.Helper()
		claimed, err := s.DeliverMail(ctx, at, func(context.Context, store.MailDelivery) (store.MailOutcome, error) {
			return out, sendErr
		})
		if !errors.Is(err, sendErr) {
			t.Fatalf("DeliverMail: %v, want %v", err, sendErr)
		}
		return claimed
	}
	row := func() store.MailDeliveryRecord { return mailRecipients(t, s, "wf/status")["pv1"] }

	crash := errors.New("crash")
	if !deliver(now, store.MailOutcome{Sent: true}, crash) {
		t.Fatal("nothing claimed")
	}
	if r := row(); r.Status != "pending" || r.Attempts != 0 || r.LastAttemptAt != nil || r.LastError != "" {
		t.Fatalf("after a crash mid-send: %+v, want the row as planned", r)
	}

	retry := now.Add(time.Minute)
	deliver(now, store.MailOutcome{Refused: true, Error: "451 try later", RetryAt: retry}, nil)
	if r := row(); r.Status != "pending" || r.Attempts != 1 || r.LastError != "451 try later" || !r.NextAttemptAt.Equal(retry) {
		t.Fatalf("after a refusal: %+v, want pending, 1 attempt, due %s", r, retry)
	}
	if deliver(now, store.MailOutcome{Sent: true}, nil) {
		t.Fatal("a refused delivery was claimed again before its retry time")
	}
	if n, err := s.RecordMailUnreachable(ctx, now, "down"); err != nil || n != 0 {
		t.Fatalf("RecordMailUnreachable before the retry time touched %d rows (%v)", n, err)
	}

	deliver(retry, store.MailOutcome{Error: "dial tcp: connection refused"}, nil)
	if r := row(); r.Status != "pending" || r.Attempts != 1 || r.LastError != "dial tcp: connection refused" ||
		r.LastAttemptAt == nil || !r.LastAttemptAt.Equal(retry) {
		t.Fatalf("after an unreachable server: %+v, want pending, still 1 attempt, the error recorded", r)
	}
	later := retry.Add(time.Minute)
	if n, err := s.RecordMailUnreachable(ctx, later, "SMTP down"); err != nil || n != 1 {
		t.Fatalf("RecordMailUnreachable: %d rows (%v), want 1", n, err)
	}
	if r := row(); r.Attempts != 1 || r.LastError != "SMTP down" || !r.LastAttemptAt.Equal(later) {
		t.Fatalf("after RecordMailUnreachable: %+v", r)
	}

	deliver(later, store.MailOutcome{Refused: true, GiveUp: true, Error: "550 no such user"}, nil)
	if r := row(); r.Status != "failed" || r.Attempts != 2 || r.LastError != "550 no such user" {
		t.Fatalf("after giving up: %+v, want failed, 2 attempts, the last error", r)
	}
	if deliver(later.Add(24*time.Hour), store.MailOutcome{Sent: true}, nil) {
		t.Fatal("a failed delivery was claimed again")
	}
}

// Package mail sends the notifications of the outbox by SMTP (docs/email.md): each
// notification once per recipient, in the recipient's language, with a link to the case.
// The store keeps one row per (notification, recipient); the sender claims a row, sends it
// and records the outcome in the transaction that holds the claim.
package mail

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	gomail "github.com/wneessen/go-mail"
	"github.com/wneessen/go-mail/smtp"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

// Defaults of Config.
const (
	DefaultPublicBaseURL = "http://localhost:8080"
	DefaultFrom          = "dsmarket <no-reply@localhost>"
	DefaultPoll          = 5 * time.Second
	// DefaultMaxAttempts refusals give up a message (status failed); with the backoff
	// below that is about five hours of trying.
	DefaultMaxAttempts = 10
	// firstRetry doubles after each refusal up to maxRetry.
	firstRetry = time.Minute
	maxRetry   = time.Hour
	// maxIdle is the longest wait between rounds while the server cannot be reached.
	maxIdle = 5 * time.Minute
	// planBatch notifications are planned per statement.
	planBatch = 200
	// recordTimeout bounds recording an outcome after shutdown began: a message the server
	// took is recorded even then, or it would be sent again.
	recordTimeout = 30 * time.Second
)

// Config configures a Sender. Zero fields take the defaults above.
type Config struct {
	// SMTPURL is smtp://[user:pass@]host[:port][?starttls=required] or smtps://… .
	SMTPURL string
	// From is the sender's address (RFC 5322, e.g. "dsmarket <no-reply@example.go.kr>").
	From string
	// PublicBaseURL is where the web UI is reached, for the link to the case.
	PublicBaseURL string
	Poll          time.Duration
	MaxAttempts   int
	Logger        *slog.Logger
	// Registerer, if set, gets the counter dsmarket_mail_messages_total{outcome}.
	Registerer prometheus.Registerer
	// Clock is the sender's time (due rows, backoff, the Date header); tests set it.
	Clock func() time.Time
	// Labels is the pages' catalog (web.Labels), for the labels of statuses and kinds that
	// a domain text names; nil writes their codes.
	Labels models.Lookup
}

// Sender delivers the outbox. Several may run against one database (one per worker).
type Sender struct {
	st          *store.Store
	server      smtpServer
	client      *gomail.Client
	from        *mail.Address
	baseURL     string
	labels      models.Lookup
	poll        time.Duration
	maxAttempts int
	log         *slog.Logger
	clock       func() time.Time
	messages    *prometheus.CounterVec

	// afterSend, in tests, runs after the server took a message and before it is recorded;
	// an error from it is the process dying there (the claim's transaction rolls back).
	afterSend func(store.MailDelivery) error
}

// New checks cfg and makes a Sender; it connects to nothing yet.
func New(st *store.Store, cfg Config) (*Sender, error) {
	srv, err := parseSMTPURL(cfg.SMTPURL)
	if err != nil {
		return nil, err
	}
	c, err := srv.client()
	if err != nil {
		return nil, err
	}
	if cfg.From == "" {
		cfg.From = DefaultFrom
	}
	from, err := mail.ParseAddress(cfg.From)
	if err != nil {
		return nil, fmt.Errorf("MAIL_FROM %q: %w", cfg.From, err)
	}
	s := &Sender{st: st, server: srv, client: c, from: from, baseURL: cfg.PublicBaseURL, labels: cfg.Labels, poll: cfg.Poll,
		maxAttempts: cfg.MaxAttempts, log: cfg.Logger, clock: cfg.Clock}
	if s.baseURL == "" {
		s.baseURL = DefaultPublicBaseURL
	}
	if s.poll <= 0 {
		s.poll = DefaultPoll
	}
	if s.maxAttempts <= 0 {
		s.maxAttempts = DefaultMaxAttempts
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.clock == nil {
		s.clock = time.Now
	}
	s.messages, err = messagesCounter(cfg.Registerer)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// messagesCounter is registered once per registry; a second Sender on it shares it.
func messagesCounter(reg prometheus.Registerer) (*prometheus.CounterVec, error) {
	c := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "dsmarket_mail_messages_total",
		Help: "E-mail messages by outcome: sent, refused (retried later), failed (given up), unreachable (server down, retried).",
	}, []string{"outcome"})
	if reg == nil {
		return c, nil
	}
	if err := reg.Register(c); err != nil {
		var are prometheus.AlreadyRegisteredError
		if errors.As(err, &are) {
			if existing, ok := are.ExistingCollector.(*prometheus.CounterVec); ok {
				return existing, nil
			}
		}
		return nil, fmt.Errorf("register mail metrics: %w", err)
	}
	return c, nil
}

// Server is the SMTP server's host:port, for logs.
func (s *Sender) Server() string { return s.server.addr() }

// Round is what one RunOnce did.
type Round struct {
	Planned int // deliveries planned from new notifications
	Sent    int
	Refused int // refused by the server, to be retried
	Failed  int // refused for the last time
	// Unreachable is why the server could not be reached (or the connection broke); the
	// due messages wait for the next round, their last error saying so.
	Unreachable error
}

// Run sends until ctx is done, a round every Poll, less often while the server is down.
// A message being sent when ctx ends is finished and recorded first.
func (s *Sender) Run(ctx context.Context) error {
	s.log.InfoContext(ctx, "mail sender started", "smtp", s.server.addr(), "poll", s.poll.String(), "public_base_url", s.baseURL)
	wait := s.poll
	for {
		r, err := s.RunOnce(ctx)
		switch {
		case ctx.Err() != nil:
			s.log.InfoContext(ctx, "mail sender stopped")
			return nil
		case err != nil:
			s.log.ErrorContext(ctx, "mail round failed", "error", err)
			wait = min(wait*2, maxIdle)
		case r.Unreachable != nil:
			s.log.WarnContext(ctx, "mail server unreachable; messages wait", "smtp", s.server.addr(),
				"error", r.Unreachable, "retry_in", min(wait*2, maxIdle))
			wait = min(wait*2, maxIdle)
		default:
			wait = s.poll
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			s.log.InfoContext(ctx, "mail sender stopped")
			return nil
		case <-t.C:
		}
	}
}

// RunOnce plans the new notifications and sends every message due, over one connection.
// An error is the database's; the server's problems are in the Round.
func (s *Sender) RunOnce(ctx context.Context) (Round, error) {
	var r Round
	for {
		n, d, err := s.st.PlanMailDeliveries(ctx, s.clock(), planBatch)
		if err != nil {
			return r, err
		}
		r.Planned += d
		if n < planBatch {
			break
		}
	}
	due, err := s.st.DueMail(ctx, s.clock())
	if err != nil || due == 0 {
		return r, err
	}
	conn, err := s.client.DialToSMTPClientWithContext(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return r, nil
		}
		r.Unreachable = err
		n, rerr := s.st.RecordMailUnreachable(context.WithoutCancel(ctx), s.clock(), "SMTP "+s.server.addr()+": "+err.Error())
		s.messages.WithLabelValues("unreachable").Add(float64(n))
		return r, rerr
	}
	defer func() { _ = s.client.CloseWithSMTPClient(conn) }()
	for ctx.Err() == nil && r.Unreachable == nil {
		// The claim and the record outlive ctx: stopping mid-message finishes it.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), smtpTimeout+recordTimeout)
		claimed, err := s.st.DeliverMail(rctx, s.clock(), func(_ context.Context, d store.MailDelivery) (store.MailOutcome, error) {
			return s.send(conn, d, &r)
		})
		cancel()
		if err != nil || !claimed {
			return r, err
		}
	}
	return r, nil
}

// send sends d over conn and says what to record. A connection that broke ends the round
// (r.Unreachable): the message waits, nothing counted against it.
func (s *Sender) send(conn *smtp.Client, d store.MailDelivery, r *Round) (store.MailOutcome, error) {
	log := s.log.With("notification", d.NotificationKey, "recipient", d.RecipientSub, "message_id", d.MessageID)
	now := s.clock()
	m, err := message(d, s.from, s.baseURL, s.labels, now)
	if err != nil {
		r.Failed++
		s.messages.WithLabelValues("failed").Inc()
		log.Error("mail given up", "error", err)
		return store.MailOutcome{Error: err.Error(), Refused: true, GiveUp: true}, nil
	}
	err = s.client.SendWithSMTPClient(conn, m)
	if m.IsDelivered() {
		// The server took it; an error after that (the RSET) is the connection's.
		if err != nil {
			r.Unreachable = err
		}
		if s.afterSend != nil {
			if herr := s.afterSend(d); herr != nil {
				return store.MailOutcome{}, herr
			}
		}
		r.Sent++
		s.messages.WithLabelValues("sent").Inc()
		log.Info("mail sent", "to", d.Email, "language", d.Language)
		return store.MailOutcome{Sent: true, ServerResponse: m.ServerResponse()}, nil
	}
	if err == nil {
		err = errors.New("the server did not confirm the message")
	}
	var se *gomail.SendError
	if !errors.As(err, &se) || se.ErrorCode() < 400 {
		// No SMTP reply code: the connection, not the message.
		r.Unreachable = err
		s.messages.WithLabelValues("unreachable").Inc()
		log.Warn("mail connection lost", "error", err)
		return store.MailOutcome{Error: "SMTP " + s.server.addr() + ": " + err.Error()}, nil
	}
	out := store.MailOutcome{Error: err.Error(), Refused: true, RetryAt: now.Add(retryDelay(d.Attempts))}
	if d.Attempts+1 >= s.maxAttempts {
		out.GiveUp = true
		r.Failed++
		s.messages.WithLabelValues("failed").Inc()
		log.Error("mail given up", "attempts", d.Attempts+1, "error", err)
		return out, nil
	}
	r.Refused++
	s.messages.WithLabelValues("refused").Inc()
	log.Warn("mail refused; will retry", "attempts", d.Attempts+1, "retry_at", out.RetryAt, "error", err)
	return out, nil
}

// retryDelay is the wait after the attempts+1-th refusal: firstRetry doubling, at most maxRetry.
func retryDelay(attempts int) time.Duration {
	d := firstRetry
	for range attempts {
		if d >= maxRetry {
			break
		}
		d *= 2
	}
	return min(d, maxRetry)
}

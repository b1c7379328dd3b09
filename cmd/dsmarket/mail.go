package main

import (
	"context"
	"path/filepath"

	"github.com/dsmarket/dsmarket/internal/devenv"
	"github.com/dsmarket/dsmarket/mail"
	"github.com/dsmarket/dsmarket/web"
)

// startMail runs the e-mail sender of the notifications (docs/email.md) beside the worker
// until ctx ends, when smtpURL is set; without it the notifications stay in the outbox and
// a log line says so. stop ends the sender, letting a message in flight be recorded, and
// waits for it.
func startMail(ctx context.Context, cfg config, s *services, smtpURL, baseURL string) (stop func(), err error) {
	if smtpURL == "" {
		s.logger.Info("e-mail disabled: SMTP_URL is not set; notifications stay in the outbox (table notifications)")
		return func() {}, nil
	}
	sender, err := mail.New(s.store, mail.Config{SMTPURL: smtpURL, From: cfg.MailFrom, PublicBaseURL: baseURL,
		Logger: s.logger.With("component", "mail"), Registerer: s.registry, Labels: web.Labels})
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = sender.Run(ctx) // Run returns only when ctx ends
	}()
	return func() { cancel(); <-done }, nil
}

// startDevMailpit starts the local mail sink of `dsmarket dev` on 127.0.0.1 (ports 1025
// and 8025, or free ones if those are taken), its messages kept in <dataDir>/mailpit.db.
func startDevMailpit(ctx context.Context, dataDir string, getenv func(string) string) (*devenv.MailpitServer, error) {
	path, err := devenv.MailpitPath(getenv)
	if err != nil {
		return nil, err
	}
	return devenv.StartMailpit(ctx, path, devenv.MailpitOptions{DataDir: filepath.Clean(dataDir)})
}

package store

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// The sealer chains staged steps after their writers have answered: a decision's answer
// waits for its own commit only, not for the chain's lock and the seal's round trips
// (about half of a projection write's time). Readers of the chain seal first, so what a
// caller was answered is in every head and verification read after it.

const (
	// sealDelay is how long the sealer waits after a kick before it seals: the steps of
	// every write in that time are chained by one seal, and the seal's commit is not in
	// the way of the requests that follow the write at once.
	sealDelay = 50 * time.Millisecond
	// sealSweep is how often the sealer looks for steps staged by a process that died
	// before its sealer ran; one query, and nothing when none is staged.
	sealSweep = 5 * time.Second
	// sealTimeout bounds one seal, so that a database outage does not hold Close.
	sealTimeout = 30 * time.Second
)

type sealer struct {
	kick      chan struct{}
	stop      chan struct{}
	done      chan struct{}
	closeOnce sync.Once
}

func (s *Store) startSealer() {
	s.seal = &sealer{kick: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	go s.sealLoop()
}

// sealSoon asks the sealer for a seal and returns at once; kicks that come while a seal
// is due are one seal.
func (s *Store) sealSoon() {
	select {
	case s.seal.kick <- struct{}{}:
	default:
	}
}

func (s *Store) sealLoop() {
	defer close(s.seal.done)
	sweep := time.NewTicker(sealSweep)
	defer sweep.Stop()
	for {
		select {
		case <-s.seal.stop:
			return
		case <-s.seal.kick:
			select {
			case <-s.seal.stop:
				return
			case <-time.After(sealDelay):
			}
		case <-sweep.C:
		}
		ctx, cancel := context.WithTimeout(context.Background(), sealTimeout)
		if err := s.sealAudit(ctx); err != nil {
			// The steps stay staged; the next kick or sweep seals them.
			slog.Default().Warn("audit seal failed; retrying", "error", err)
		}
		cancel()
	}
}

// stopSealer ends the sealer after the seal it may be running.
func (s *Store) stopSealer() {
	s.seal.closeOnce.Do(func() { close(s.seal.stop) })
	<-s.seal.done
}

// SealAudit chains every staged step now. Readers of the chain call it first; so do
// tests that read audit_log directly.
func (s *Store) SealAudit(ctx context.Context) error { return s.sealAudit(ctx) }

// Package activities holds every side effect of the workflows. Each method is idempotent:
// Temporal may run it again after a crash or a timeout, and the second run must find the
// first one's work and change nothing more.
package activities

import (
	"context"
	"log/slog"
	"time"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

// Activities holds the dependencies of every activity.
type Activities struct {
	Store  *store.Store
	Clock  func() time.Time
	Logger *slog.Logger
}

func (a *Activities) now() time.Time {
	if a.Clock != nil {
		return a.Clock()
	}
	return time.Now()
}

func (a *Activities) logger() *slog.Logger {
	if a.Logger != nil {
		return a.Logger
	}
	return slog.Default()
}

// GetService reads a service's current catalog entry, to confirm it is still orderable.
func (a *Activities) GetService(ctx context.Context, id string) (models.Service, error) {
	svc, err := a.Store.GetService(ctx, id)
	return svc, businessOrRetry(err)
}

// SaveOrder writes the order projection. A late retry of an older version is ignored by
// the store, so the projection never moves backwards.
func (a *Activities) SaveOrder(ctx context.Context, o *models.Order) error {
	return businessOrRetry(a.Store.SaveOrder(ctx, o))
}

// RegisterContract records the contract a delivery request concluded; the contract ID is
// derived from the order, so a second run finds the first record.
func (a *Activities) RegisterContract(ctx context.Context, c models.Contract) error {
	return businessOrRetry(a.Store.SaveContract(ctx, c))
}

// Notify puts a message in the outbox, once per key.
func (a *Activities) Notify(ctx context.Context, n models.Notification) error {
	if n.CreatedAt.IsZero() {
		n.CreatedAt = a.now()
	}
	if err := a.Store.SaveNotification(ctx, n); err != nil {
		return businessOrRetry(err)
	}
	a.logger().InfoContext(ctx, "notification queued", "key", n.Key, "to_org", n.ToOrg, "case", n.CaseID)
	return nil
}

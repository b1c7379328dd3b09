// Package activities holds every side effect of the workflows. Each method is idempotent:
// Temporal may run it again after a crash or a timeout, and the second run must find the
// first one's work and change nothing more.
package activities

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/dsmarket/dsmarket/docstore"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/temporalerr"
)

// Activities holds the dependencies of every activity.
type Activities struct {
	Store  *store.Store
	Clock  func() time.Time
	Logger *slog.Logger
	// Temporal starts workflows from an activity: the nightly sweep starts missing service
	// watches (StartServiceWatches). Activities that only write the store need none.
	Temporal client.Client
	// Documents keeps the uploaded files' bytes, which the nightly housekeeping removes for
	// files no request took (PurgeUnattachedDocuments); nil keeps every file.
	Documents docstore.Backend
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

// SaveOrder writes the order projection. A late retry of an older version is ignored by
// the store, so the projection never moves backwards.
func (a *Activities) SaveOrder(ctx context.Context, o *models.Order) error {
	return temporalerr.Wrap(a.Store.SaveOrder(ctx, o))
}

// RegisterContract records the contract a delivery request concluded; the contract ID is
// derived from the order, so a second run finds the first record.
func (a *Activities) RegisterContract(ctx context.Context, c models.Contract) error {
	return temporalerr.Wrap(a.Store.SaveContract(ctx, c))
}

// DeliveredOrder is the writes of the step that requested delivery: the order's
// projection, the contract it concluded and the provider's notification.
type DeliveredOrder struct {
	Order        *models.Order
	Contract     models.Contract
	Notification models.Notification
}

// SaveDeliveredOrder is SaveOrder, RegisterContract and Notify in one local activity, one
// history event instead of three, and one transaction. Each write is idempotent, so a
// retry repeats nothing.
func (a *Activities) SaveDeliveredOrder(ctx context.Context, in DeliveredOrder) error {
	return a.saveOrderWith(ctx, in.Order, &in.Contract, in.Notification)
}

// OrderWithNews is an order's projection and what its move tells its parties
// (models.OrderNews).
type OrderWithNews struct {
	Order *models.Order
	News  []models.Notification
}

// SaveOrderWithNews is SaveOrder with the news of the move in the same transaction, in
// one local activity: telling the parties costs the case no history event.
func (a *Activities) SaveOrderWithNews(ctx context.Context, in OrderWithNews) error {
	return a.saveOrderWith(ctx, in.Order, nil, in.News...)
}

// saveOrderWith writes the order, its contract when it has one, and its news, dated, in
// one transaction, and logs the news as queued once it is written. The news is dated in a
// copy: a local activity's argument is the workflow's own value, not a decoded one.
func (a *Activities) saveOrderWith(ctx context.Context, o *models.Order, k *models.Contract, told ...models.Notification) error {
	news := make([]models.Notification, len(told))
	for i, n := range told {
		var err error
		if news[i], err = a.prepared(ctx, n); err != nil {
			return err
		}
	}
	if err := a.Store.SaveOrderWith(ctx, o, k, news...); err != nil {
		return temporalerr.Wrap(err)
	}
	for _, n := range news {
		a.queued(ctx, n)
	}
	return nil
}

// Notify puts a message in the outbox, once per key.
func (a *Activities) Notify(ctx context.Context, n models.Notification) error {
	n, err := a.prepared(ctx, n)
	if err != nil {
		return err
	}
	if err := a.Store.SaveNotification(ctx, n); err != nil {
		return temporalerr.Wrap(err)
	}
	a.queued(ctx, n)
	return nil
}

// prepared is n as it is written: dated when the workflow did not date it, and with the
// organizations its texts show ({$agency}) named, which a workflow cannot read. A name's
// lookup that fails for an outage fails the write, to be retried; an organization that
// is not found stays a code.
func (a *Activities) prepared(ctx context.Context, n models.Notification) (models.Notification, error) {
	if n.CreatedAt.IsZero() {
		n.CreatedAt = a.now()
	}
	var lookupErr error
	name := func(code string) (string, string, bool) {
		o, err := a.Store.GetOrganization(ctx, code)
		if err != nil {
			if models.ErrorCode(err) != models.ENOTFOUND && lookupErr == nil {
				lookupErr = err
			}
			return "", "", false
		}
		return o.Name, o.NameEn, true
	}
	subject, namedSubject := n.SubjectText.NameOrganizations(name)
	body, namedBody := n.BodyText.NameOrganizations(name)
	if lookupErr != nil {
		return n, temporalerr.Wrap(fmt.Errorf("notification %s: name its organizations: %w", n.Key, lookupErr))
	}
	if namedSubject || namedBody {
		// The REST text says the same news as the keyed one, names and all; a part without
		// an organization keeps its text as the workflow wrote it.
		was := n
		n = n.Bilingual(models.Notice{Subject: subject, Body: body})
		if !namedSubject {
			n.Subject = was.Subject
		}
		if !namedBody {
			n.Body = was.Body
		}
	}
	return n, nil
}

func (a *Activities) queued(ctx context.Context, n models.Notification) {
	a.logger().InfoContext(ctx, "notification queued", "key", n.Key, "to_org", n.ToOrg, "case", n.CaseID)
}

// OpenOrderInput is the first write of an order: its projection and the provider's
// proposal request, to be made only if the service is still orderable.
type OpenOrderInput struct {
	Order        *models.Order
	Notification models.Notification
}

// OpenOrder confirms the service is still orderable and, if so, writes the order's
// projection and queues the provider's notification, in one activity so that opening an
// order costs one round trip. It returns the service's status; a service no longer in the
// catalog counts as removed. Each write is idempotent, so a retry finds the first.
func (a *Activities) OpenOrder(ctx context.Context, in OpenOrderInput) (models.ServiceStatus, error) {
	svc, err := a.Store.GetService(ctx, in.Order.ServiceID)
	if models.ErrorCode(err) == models.ENOTFOUND {
		return models.ServiceRemoved, nil
	}
	if err != nil {
		return "", temporalerr.Wrap(err)
	}
	if !svc.Status.Orderable() {
		return svc.Status, nil
	}
	n, err := a.prepared(ctx, in.Notification)
	if err != nil {
		return "", err
	}
	if err := a.Store.SaveOrderWith(ctx, in.Order, nil, n); err != nil {
		return "", temporalerr.Wrap(err)
	}
	a.queued(ctx, n)
	return svc.Status, nil
}

// PurgeIdempotencyKeys forgets the keys older than their retention and returns how many.
// Deleting what is already gone deletes nothing, so a retry is harmless.
func (a *Activities) PurgeIdempotencyKeys(ctx context.Context) (int64, error) {
	n, err := a.Store.PurgeIdempotencyKeys(ctx, a.now().Add(-store.IdempotencyKeyTTL))
	if err != nil {
		return 0, temporalerr.Wrap(err)
	}
	if n > 0 {
		a.logger().InfoContext(ctx, "idempotency keys purged", "count", n)
	}
	return n, nil
}

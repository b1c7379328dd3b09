package activities

import (
	"context"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/temporalerr"
)

// SaveChangeRequest writes a change request's projection; a late retry of an older
// version is ignored by the store.
func (a *Activities) SaveChangeRequest(ctx context.Context, cr *models.ChangeRequest) error {
	return temporalerr.Wrap(a.Store.SaveChangeRequest(ctx, cr))
}

// ApplyChangeRequest applies an approved change request to the catalog and appends it to
// the service's history of changes. A retry finds the history rows and changes nothing.
func (a *Activities) ApplyChangeRequest(ctx context.Context, cr *models.ChangeRequest) error {
	return temporalerr.Wrap(a.Store.ApplyServiceChanges(ctx, cr, a.now()))
}

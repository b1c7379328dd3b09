package activities

import (
	"context"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/temporalerr"
)

// SaveDirectContract writes the projection of a direct contract and its row in the
// contract register. A late retry of an older version is ignored by the store.
func (a *Activities) SaveDirectContract(ctx context.Context, c *models.DirectContract) error {
	return temporalerr.Wrap(a.Store.SaveDirectContract(ctx, c))
}

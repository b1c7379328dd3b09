package web

import (
	"context"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/models"
)

// registryChangesView is a page of an organization's or a person's change log (GET
// /api/v1/organizations/{id}/changes, /people/{sub}/changes) on its page, for the
// operators and auditors who read the registry.
type registryChangesView struct {
	Items []models.RegistryChange
	// Next is the token of the older entries, Path the page they are shown on.
	Next, Path string
}

// changesPageSize keeps the log below the record it is about: older entries are a link away.
const changesPageSize = 20

// registryChanges reads the page of the log that ?changes_token names, newest first.
func registryChanges(c *gin.Context, list func(context.Context, models.Actor, string, int, string) ([]models.RegistryChange, string, error),
	id string) (registryChangesView, error) {
	items, next, err := list(ctx(c), sessionOf(c).actor(), id, changesPageSize, c.Query("changes_token"))
	return registryChangesView{Items: items, Next: next, Path: c.Request.URL.Path}, err
}

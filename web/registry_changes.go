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

// registryValueLabels are the label namespaces of the registry's enumerated fields, by
// subject and field: a change log reads "기업 규모: 중견기업 → 중소기업", not the codes.
var registryValueLabels = map[string]string{
	"organization.kind": "orgkind", "organization.size": "psize", "organization.agency_kind": "agencykind",
	"person.role": "role", "person.language": "language", "person.email_notifications": "mailopt",
	"person.active": "yesno", "relation.kind": "relkind",
}

// RegValue shows a value of a registry change: an enumerated field's value by its label,
// anything else as it was recorded.
func (p page) RegValue(subject, field, value string) string {
	if ns, ok := registryValueLabels[subject+"."+field]; ok && value != "" {
		return p.L(ns, value)
	}
	return value
}

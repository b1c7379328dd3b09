package web

import (
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/api"
	"github.com/dsmarket/dsmarket/models"
)

// registryChangeFields are the filters of the registry's change log across records, as
// GET /api/v1/audit/registry-changes reads them.
var registryChangeFields = []string{"actor", "subject", "kind", "from", "to"}

// auditRegistryChangesView is the auditors' change log of the registry across records:
// who registered or changed which organization, person or relation, newest first.
type auditRegistryChangesView struct {
	Items     []models.RegistryChange
	Sent      url.Values
	NextToken string
}

// More is the address of the next page of the same filter.
func (v auditRegistryChangesView) More() string {
	return addressOf(Prefix+"/audit/registry-changes", v.Sent, "page_token", v.NextToken)
}

// JSON is the same page from the REST API.
func (v auditRegistryChangesView) JSON() string {
	return addressOf("/api/v1/audit/registry-changes", v.Sent)
}

// RecordPath is the page of the record a change was made to.
func (v auditRegistryChangesView) RecordPath(ch models.RegistryChange) string {
	if ch.Subject == "organization" {
		return Prefix + "/organizations/" + url.PathEscape(ch.SubjectID)
	}
	return Prefix + "/people/" + url.PathEscape(ch.SubjectID)
}

func (u *UI) auditRegistryChanges(c *gin.Context) {
	sent, f, err := queryFilter(c, registryChangeFields, api.RegistryChangeFilterOf)
	v := auditRegistryChangesView{Sent: sent}
	if err == nil {
		v.Items, v.NextToken, err = u.app.Directory.ListRegistryChanges(ctx(c), sessionOf(c).actor(), f, 50, c.Query("page_token"))
	}
	if err != nil {
		u.fail(c, err)
		return
	}
	u.showCase(c, http.StatusOK, "audit_registry_changes", u.pageFor(c, "h.auditregistrychanges"), nil, "", v)
}

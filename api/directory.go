package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

// The registry's routes (API.md, "People and organizations"): organizations, the expert
// pool and committee roster, and declared relations. A registration is idempotent by its
// natural key (org ID, subject, the relation itself), so a retry answers the first one.

// register answers a registry write: 201 with its Location when this request made it, 200
// when an earlier one did.
func register[T, R any](do func(c *gin.Context, by models.Actor, in T) (app.Registered[R], error), location func(c *gin.Context, item R) string) gin.HandlerFunc {
	return serve(withBody(func(c *gin.Context, _ string, in T) (app.Registered[R], error) {
		return do(c, mustActor(c), in)
	}), func(c *gin.Context, out app.Registered[R]) {
		status := http.StatusOK
		if out.Created {
			status = http.StatusCreated
		}
		c.Header("Location", location(c, out.Item))
		c.JSON(status, out.Item)
	})
}

func handleRegisterOrganization(d *app.Directory) gin.HandlerFunc {
	return register(func(c *gin.Context, by models.Actor, in models.OrganizationInput) (app.Registered[models.Organization], error) {
		return d.RegisterOrganization(c.Request.Context(), by, in)
	}, func(_ *gin.Context, o models.Organization) string { return "/api/v1/organizations/" + o.Org })
}

func handleRegisterPerson(d *app.Directory) gin.HandlerFunc {
	return register(func(c *gin.Context, by models.Actor, in models.PersonInput) (app.Registered[models.User], error) {
		return d.RegisterPerson(c.Request.Context(), by, in)
	}, func(_ *gin.Context, u models.User) string { return "/api/v1/people/" + u.Sub })
}

func handleDeclareRelation(d *app.Directory) gin.HandlerFunc {
	return register(func(c *gin.Context, by models.Actor, in models.RelationInput) (app.Registered[models.Relation], error) {
		return d.DeclareRelation(c.Request.Context(), by, c.Param("id"), in)
	}, func(c *gin.Context, _ models.Relation) string {
		return "/api/v1/people/" + c.Param("id") + "/relations"
	})
}

func handleDeclareMyRelation(d *app.Directory) gin.HandlerFunc {
	return register(func(c *gin.Context, by models.Actor, in models.RelationInput) (app.Registered[models.Relation], error) {
		return d.DeclareMyRelation(c.Request.Context(), by, in)
	}, func(*gin.Context, models.Relation) string { return "/api/v1/me/relations" })
}

// handleMySettings and handleUpdateMySettings serve the caller's own record: a change
// answers the record as it now is, so a retry answers the same.
func handleMySettings(d *app.Directory) gin.HandlerFunc {
	return ok(func(c *gin.Context) (models.User, error) { return d.MySettings(c.Request.Context(), mustActor(c)) })
}

func handleUpdateMySettings(d *app.Directory) gin.HandlerFunc {
	return ok(withBody(func(c *gin.Context, _ string, in models.MySettings) (models.User, error) {
		return d.UpdateMySettings(c.Request.Context(), mustActor(c), in)
	}))
}

func handleNotificationsRead(d *app.Directory) gin.HandlerFunc {
	return ok(func(c *gin.Context) (models.NotificationsRead, error) {
		return d.NotificationsRead(c.Request.Context(), mustActor(c))
	})
}

func handleMarkNotificationsRead(d *app.Directory) gin.HandlerFunc {
	return ok(withBody(func(c *gin.Context, _ string, in models.ReadThroughInput) (models.NotificationsRead, error) {
		return d.MarkNotificationsRead(c.Request.Context(), mustActor(c), in)
	}))
}

// RelationList is a person's declared relations, all of them: a person declares a handful.
type RelationList struct {
	Items []models.Relation `json:"items"`
}

func relationList(rels []models.Relation, err error) (RelationList, error) {
	if rels == nil {
		rels = []models.Relation{}
	}
	return RelationList{Items: rels}, err
}

func handleRelations(d *app.Directory) gin.HandlerFunc {
	return ok(func(c *gin.Context) (RelationList, error) {
		return relationList(d.Relations(c.Request.Context(), mustActor(c), c.Param("id")))
	})
}

func handleMyRelations(d *app.Directory) gin.HandlerFunc {
	return ok(func(c *gin.Context) (RelationList, error) {
		return relationList(d.MyRelations(c.Request.Context(), mustActor(c)))
	})
}

// organizationFilter reads ?kind=.
func organizationFilter(c *gin.Context, fe *models.Fields) store.OrganizationFilter {
	return store.OrganizationFilter{Kind: oneOf(c, fe, "kind", []models.OrgKind{models.OrgProvider, models.OrgAgency},
		"invalid.org_kind")}
}

// peopleFilter reads ?role= and ?active=.
func peopleFilter(c *gin.Context, fe *models.Fields) store.PeopleFilter {
	return store.PeopleFilter{Role: oneOf(c, fe, "role", models.PoolRoles, "invalid.pool_role"),
		Active: optionalBool(c, "active", fe)}
}

// TurnList is a page of what waits on the caller's organization, the soonest due first, and
// how many wait in all.
type TurnList struct {
	Items         []models.Turn `json:"items"`
	Total         int64         `json:"total"`
	NextPageToken string        `json:"next_page_token"`
}

func handleMyTurns(t *app.Tasks) gin.HandlerFunc {
	return ok(func(c *gin.Context) (TurnList, error) {
		size, token, err := pageOf(c)
		if err != nil {
			return TurnList{}, err
		}
		p, err := t.Turns(c.Request.Context(), mustActor(c), size, token)
		if p.Items == nil {
			p.Items = []models.Turn{}
		}
		return TurnList{Items: p.Items, Total: p.Total, NextPageToken: p.NextPageToken}, err
	})
}

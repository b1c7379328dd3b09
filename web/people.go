package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

// The expert pool and the committee roster (API.md, "People and organizations"): the
// operator adds people, corrects them, deactivates and reactivates them, and declares
// relations for them; auditors read it all.

type peopleView struct {
	People []models.User
	// Role and Active are the list's filters ("" for any); Roles the role's choices.
	Role      models.Role
	Roles     []models.Role
	Active    string
	NextToken string
	// CanRegister shows the operator's form.
	CanRegister bool
}

func (u *UI) people(c *gin.Context) { u.showPeople(c, http.StatusOK, nil) }

// showPeople lists the pool by subject, ?page_token's page of 50, narrowed by ?role= and
// ?active=, with the operator's form to add a person (f when it came back refused).
func (u *UI) showPeople(c *gin.Context, status int, f *form) {
	s := sessionOf(c)
	v := peopleView{Role: models.Role(c.Query("role")), Roles: models.PoolRoles, Active: c.Query("active"),
		CanRegister: s.Role == models.RoleOperator}
	if !slices.Contains(models.PoolRoles, v.Role) {
		v.Role = ""
	}
	filter := store.PeopleFilter{Role: v.Role}
	switch v.Active {
	case "true", "false":
		active := v.Active == "true"
		filter.Active = &active
	default:
		v.Active = ""
	}
	var err error
	v.People, v.NextToken, err = u.app.Directory.ListPeople(ctx(c), s.actor(), filter, 50, c.Query("page_token"))
	if err != nil {
		u.fail(c, err)
		return
	}
	u.showCase(c, status, "people", u.pageFor(c, "h.people"), f, "", v)
}

// registerPerson adds an expert or a committee member with the call of POST /api/v1/people.
func (u *UI) registerPerson(c *gin.Context) {
	u.submit(c, func(sent url.Values, _ string) (string, error) {
		in := models.PersonInput{Sub: sent.Get("sub"), Role: sent.Get("role"), Name: sent.Get("name"),
			NameEn: sent.Get("name_en"), Affiliation: sent.Get("affiliation"), Email: sent.Get("email"), Language: sent.Get("language")}
		out, err := u.app.Directory.RegisterPerson(ctx(c), sessionOf(c).actor(), in)
		return Prefix + "/people/" + url.PathEscape(out.Item.Sub) + "?done=" + urlQueryEscape(out.Item.Sub), err
	}, func(status int, f *form, _ string) { u.showPeople(c, status, f) })
}

type personView struct {
	Person    models.User
	Relations []models.Relation
	CanEdit   bool
	// Current are the person's values, which the edit form shows until it comes back refused.
	Current url.Values
	Action  string
	Today   string
	Changes registryChangesView
}

// person is a member of the pool with their declared relations, as the visitor may read them.
type person struct {
	models.User
	Relations []models.Relation
}

func (u *UI) getPerson(ctx context.Context, by models.Actor, sub string) (person, error) {
	p, err := u.app.Directory.GetPerson(ctx, by, sub)
	if err != nil {
		return person{}, err
	}
	rels, err := u.app.Directory.Relations(ctx, by, sub)
	return person{User: p, Relations: rels}, err
}

func (u *UI) personPage() casePage { return withCase(u, u.getPerson, u.showPerson) }

func (u *UI) showPerson(c *gin.Context, x person, status int, f *form, action, notice string) {
	v := personView{Person: x.User, Relations: x.Relations, CanEdit: sessionOf(c).Role == models.RoleOperator,
		Action: action, Today: models.DateOf(u.now()).String(),
		Current: url.Values{"name": {x.Name}, "name_en": {x.NameEn}, "affiliation": {x.Affiliation}, "email": {x.Email}, "language": {x.Language},
			"email_notifications": {x.EmailNotifications}}}
	var err error
	if v.Changes, err = registryChanges(c, u.app.Directory.PersonChanges, x.Sub); err != nil {
		u.fail(c, err)
		return
	}
	p := u.pageFor(c, "h.person")
	p.Title = p.Named(x.Name, x.NameEn) + " · " + p.Title
	u.showCase(c, status, "person", p, f, notice, v)
}

// personAction is one of the operator's forms on a person's page, with the app-layer
// call of its REST route: the edit and the (de)activation are PATCH /api/v1/people/{sub},
// the relation POST /api/v1/people/{sub}/relations.
func (u *UI) personAction(action string) gin.HandlerFunc {
	d := u.app.Directory
	steps := map[string]step{
		"edit": formStep(func(sent url.Values) (models.PersonPatch, error) {
			return models.PersonPatch{Name: given(sent, "name"), NameEn: given(sent, "name_en"), Affiliation: given(sent, "affiliation"),
				Email: given(sent, "email"), Language: given(sent, "language"),
				EmailNotifications: given(sent, "email_notifications")}, nil
		}, d.UpdatePerson),
		// Deactivating an expert releases their open reviews (app.Directory.UpdatePerson).
		"status": formStep(func(sent url.Values) (models.PersonPatch, error) {
			active := yesNo(sent, "active")
			if active == nil {
				return models.PersonPatch{}, uiRefusal(models.EMALFORMED, models.Msg("msg.refused.person_status"))
			}
			return models.PersonPatch{Active: active}, nil
		}, d.UpdatePerson),
		"relation": func(ctx context.Context, by models.Actor, sub, _ string, sent url.Values) error {
			_, err := d.DeclareRelation(ctx, by, sub, relationFrom(sent))
			return err
		},
	}
	return u.caseStep("/people/", action, steps[action], u.personPage())
}

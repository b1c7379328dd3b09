package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

// The registry's organizations (API.md, "People and organizations"): the operator
// registers providers and agencies and corrects them; auditors read them. Every form calls
// the app layer as its REST route does, so the registry's checks (the business number's
// check digit, a taken org ID) are the API's.

var orgKinds = []models.OrgKind{models.OrgProvider, models.OrgAgency}

type organizationsView struct {
	Organizations []models.Organization
	// Kind is the list's filter, "" for both kinds; Kinds its choices.
	Kind      models.OrgKind
	Kinds     []models.OrgKind
	NextToken string
	// CanRegister shows the operator's forms; Action names the one that came back refused.
	CanRegister bool
	Action      string
	Today       string
}

func (u *UI) organizations(c *gin.Context) { u.showOrganizations(c, http.StatusOK, nil, "") }

// showOrganizations lists ?kind='s organizations by org ID, ?page_token's page of 50, with
// the operator's two register forms, f being the refused one (action names it).
func (u *UI) showOrganizations(c *gin.Context, status int, f *form, action string) {
	s := sessionOf(c)
	kind := models.OrgKind(c.Query("kind"))
	if !slices.Contains(orgKinds, kind) {
		kind = ""
	}
	items, next, err := u.app.Directory.ListOrganizations(ctx(c), s.actor(), store.OrganizationFilter{Kind: kind}, 50, c.Query("page_token"))
	if err != nil {
		u.fail(c, err)
		return
	}
	v := organizationsView{Organizations: items, Kind: kind, Kinds: orgKinds, NextToken: next,
		CanRegister: s.Role == models.RoleOperator, Action: action, Today: models.DateOf(u.now()).String()}
	u.showCase(c, status, "organizations", u.pageFor(c, "h.organizations"), f, "", v)
}

// registerOrganization registers a provider or an agency with the call of POST
// /api/v1/organizations. Each form sends its kind and only its kind's fields.
func (u *UI) registerOrganization(c *gin.Context) {
	u.submit(c, func(sent url.Values, _ string) (string, error) {
		in := models.OrganizationInput{Org: sent.Get("org"), Kind: sent.Get("kind"), Name: sent.Get("name"),
			NameEn: sent.Get("name_en"), BusinessNo: sent.Get("business_no"), Size: sent.Get("size"),
			FoundedOn: sent.Get("founded_on"), AgencyKind: sent.Get("agency_kind")}
		out, err := u.app.Directory.RegisterOrganization(ctx(c), sessionOf(c).actor(), in)
		return Prefix + "/organizations/" + url.PathEscape(out.Item.Org) + "?done=" + urlQueryEscape(out.Item.Org), err
	}, func(status int, f *form, _ string) {
		action := string(models.OrgProvider)
		if c.PostForm("kind") == string(models.OrgAgency) {
			action = string(models.OrgAgency)
		}
		u.showOrganizations(c, status, f, refused(f, action))
	})
}

type organizationView struct {
	Org     models.Organization
	CanEdit bool
	// Current are the organization's values, which the edit form shows until it comes
	// back refused.
	Current url.Values
	Action  string
	Today   string
	Changes registryChangesView
}

func (u *UI) organizationPage() casePage {
	return withCase(u, u.app.Directory.GetOrganization, u.showOrganization)
}

func (u *UI) showOrganization(c *gin.Context, o models.Organization, status int, f *form, action, notice string) {
	v := organizationView{Org: o, CanEdit: sessionOf(c).Role == models.RoleOperator, Action: action,
		Today: models.DateOf(u.now()).String(), Current: url.Values{"name": {o.Name}, "name_en": {o.NameEn}}}
	switch o.Kind {
	case models.OrgProvider:
		v.Current.Set("business_no", o.BusinessNo)
		v.Current.Set("size", string(o.Size))
		if o.FoundedOn != nil {
			v.Current.Set("founded_on", o.FoundedOn.String())
		}
	case models.OrgAgency:
		v.Current.Set("agency_kind", string(o.AgencyKind))
	}
	var err error
	if v.Changes, err = registryChanges(c, u.app.Directory.OrganizationChanges, o.Org); err != nil {
		u.fail(c, err)
		return
	}
	p := u.pageFor(c, "h.organization")
	p.Title = o.Org + " · " + o.Name
	u.showCase(c, status, "organization", p, f, notice, v)
}

// editOrganization changes an organization with the call of PATCH
// /api/v1/organizations/{org}; the patch holds the fields of the organization's kind.
func (u *UI) editOrganization() gin.HandlerFunc {
	d := u.app.Directory
	return u.caseStep("/organizations/", "edit", func(ctx context.Context, by models.Actor, id, key string, sent url.Values) error {
		o, err := d.GetOrganization(ctx, by, id)
		if err != nil {
			return pageError{err}
		}
		_, err = d.UpdateOrganization(ctx, by, id, key, organizationPatchFrom(o.Kind, sent))
		return err
	}, u.organizationPage())
}

func organizationPatchFrom(kind models.OrgKind, sent url.Values) models.OrganizationPatch {
	p := models.OrganizationPatch{Name: given(sent, "name"), NameEn: given(sent, "name_en")}
	switch kind {
	case models.OrgProvider:
		p.BusinessNo, p.Size = given(sent, "business_no"), given(sent, "size")
		// A provider must have a founding date, so a field left blank keeps the one it has
		// rather than clearing it.
		if v := strings.TrimSpace(sent.Get("founded_on")); v != "" {
			p.FoundedOn = &v
		}
	case models.OrgAgency:
		p.AgencyKind = given(sent, "agency_kind")
	}
	return p
}

// given is a form's field as a patch names it: nil when the form did not send it, so
// that a form of some of the fields changes only those.
func given(sent url.Values, name string) *string {
	if !sent.Has(name) {
		return nil
	}
	v := sent.Get(name)
	return &v
}

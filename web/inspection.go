package web

import (
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/models"
)

type noticesView struct {
	Notices []models.UnfitNotice
}

// notices is the public board of unfit services (부적합 서비스 게시): each notice stays at
// least 20 days and leaves by itself, as GET /api/v1/notices.
func (u *UI) notices(c *gin.Context) {
	items, err := u.app.Store.CurrentUnfitNotices(ctx(c))
	u.showPage(c, "h.notices", "notices", noticesView{Notices: items}, err)
}

type serviceView struct {
	Service models.Service
	// Watch is the continuous-inspection record, for operators and auditors; nil before
	// the first fact or for others.
	Watch       *models.ServiceWatch
	CanRecord   bool
	Kinds       []string
	Today       string
	ShowInspect bool
	// CanRequestChange is the service's provider; History the applied changes (public);
	// CanOpenChanges, a visitor who may read their change requests (the provider, the
	// operators, an auditor), whom the history links to them.
	CanRequestChange bool
	CanOpenChanges   bool
	// Pending are the service's change requests not yet decided, for those who may open them.
	Pending      []models.ChangeRequest
	History      []models.ServiceChange
	ChangeFields []string
	// The change request's files.
	fileRows
	// OCID is the service's framework process in the OCDS open data, whose record the page
	// links.
	OCID string
}

// showService shows one catalog entry; operators and auditors also see its inspection
// record, and operators record a continuous-inspection fact (POST /services/{id}/events).
// It has one form for each role, so which one was refused does not matter.
func (u *UI) showService(c *gin.Context, status int, f *form, _, notice string) {
	s := sessionOf(c)
	svc, err := u.app.Store.GetService(ctx(c), c.Param("id"))
	if err != nil {
		u.fail(c, err)
		return
	}
	v := serviceView{Service: svc, Today: models.DateOf(u.now()).String(), OCID: u.app.OCDS.Publisher.OCID(svc.ID),
		Kinds: []string{"credit_rating", "business_status", "debarment", "csap"}}
	if s.signedIn() && (s.Role == models.RoleOperator || s.Role == models.RoleAuditor) {
		v.ShowInspect = true
		w, err := u.app.Inspections.Get(ctx(c), s.actor(), svc.ID)
		switch {
		case err == nil:
			v.Watch = w
		case errIs(err, models.ENOTFOUND):
		default:
			u.fail(c, err)
			return
		}
		v.CanRecord = s.Role == models.RoleOperator && svc.Status != models.ServiceRemoved
	}
	v.ChangeFields = changeFields
	own := s.signedIn() && s.Role == models.RoleProvider && s.Org == svc.Provider.Org
	v.CanRequestChange = own && svc.Status != models.ServiceRemoved
	if v.CanRequestChange {
		v.fileRows = newFileRows(models.ChangeRequestDocumentKinds, u.keptDocuments(c, f, documentRowFields()))
	}
	v.CanOpenChanges = own || s.Role == models.RoleOperator || s.Role == models.RoleAuditor
	if v.CanOpenChanges {
		if v.Pending, err = u.app.Changes.Pending(ctx(c), s.actor(), svc.ID); err != nil {
			u.fail(c, err)
			return
		}
	}
	// The page shows the first page of changes (up to 500); the API pages through all.
	if v.History, _, err = u.app.Changes.ServiceChanges(ctx(c), svc.ID, models.MaxPageSize, ""); err != nil {
		u.fail(c, err)
		return
	}
	p := u.pageFor(c, "h.service")
	p.Title = svc.ID + " · " + p.Named(svc.Name, svc.NameEn)
	u.showCase(c, status, "service", p, f, notice, v)
}

// recordEvent records a continuous-inspection fact with the call of its REST route.
func (u *UI) recordEvent() gin.HandlerFunc {
	return u.caseStep("/services/", "event", formStep(func(sent url.Values) (models.InspectionEventInput, error) {
		return models.InspectionEventInput{Kind: sent.Get("kind"), Value: sent.Get("value"),
			EffectiveOn: sent.Get("effective_on"), Source: sent.Get("source")}, nil
	}, u.app.Inspections.RecordEvent), u.showService)
}

package web

import (
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/models"
)

// changeFields are the fields of a service a provider may ask to change, in form order.
var changeFields = []string{"name", "name_en", "description", "description_en", "type", "subtype",
	"csap_valid_until", "sla", "provider_name", "business_no", "features", "features_en", "prices"}

type changesView struct {
	Requests  []models.ChangeRequest
	NextToken string
}

type changeView struct {
	Request   *models.ChangeRequest
	CanDecide bool
}

func (u *UI) changeRequestPage() casePage { return withCase(u, u.app.Changes.Get, u.showChangeRequest) }

// showChangeRequest has one form, so which one was refused does not matter.
func (u *UI) showChangeRequest(c *gin.Context, cr *models.ChangeRequest, status int, f *form, _, notice string) {
	v := changeView{Request: cr, CanDecide: sessionOf(c).Role == models.RoleOperator && cr.Path == models.ChangeApproval &&
		cr.Status == models.ChangeSubmitted}
	u.showCase(c, status, "change_request", u.pageFor(c, "h.changerequest").about(cr.ID), f, notice, v)
}

// requestChange sends a provider's change request with the call of POST
// /api/v1/services/{id}/change-requests; blank fields are not part of it.
func (u *UI) requestChange(c *gin.Context) {
	u.submit(c, func(sent url.Values, key string) (string, error) {
		in := changeRequestFrom(sent)
		var err error
		if in.Documents, err = u.formFiles(ctx(c), c, sessionOf(c).actor(), key, sent, catalogChanges(sent, &in)); err != nil {
			return "", err
		}
		out, err := u.app.Changes.Create(ctx(c), sessionOf(c).actor(), c.Param("id"), in, key)
		return Prefix + "/changes/" + url.PathEscape(out.ID) + "?done=" + urlQueryEscape(out.ID), err
	}, func(status int, f *form, notice string) { u.showService(c, status, f, "", notice) })
}

func changeRequestFrom(sent url.Values) models.ChangeRequestInput {
	in := models.ChangeRequestInput{Reason: sent.Get("reason")}
	set := map[string]**string{"name": &in.Changes.Name, "name_en": &in.Changes.NameEn, "description": &in.Changes.Description,
		"description_en": &in.Changes.DescriptionEn, "type": &in.Changes.Type, "subtype": &in.Changes.Subtype,
		"csap_valid_until": &in.Changes.CSAPValidUntil, "sla": &in.Changes.SLA, "provider_name": &in.Changes.ProviderName,
		"business_no": &in.Changes.BusinessNo}
	for _, name := range changeFields {
		if set[name] == nil {
			continue // a list, read by catalogChanges
		}
		if v := strings.TrimSpace(sent.Get(name)); v != "" {
			*set[name] = &v
		}
	}
	return in
}

// catalogChanges reads the form's features and price lines into the request: a blank box
// is no change, a ticked "remove all" beside a blank box asks for the list to be emptied
// (the REST request's empty list), and beside lines it is refused, as the two contradict.
func catalogChanges(sent url.Values, in *models.ChangeRequestInput) error {
	features, prices, err := catalogLines(sent, "features", "prices")
	if err != nil && !errIs(err, models.EINVALID) {
		return err
	}
	fe := models.Fields(fieldsOf(err))
	in.Changes.Features = clearedList(sent, "features", features, &fe)
	in.Changes.FeaturesEn = clearedList(sent, "features_en", featureLines(sent, "features_en"), &fe)
	in.Changes.Prices = clearedList(sent, "prices", prices, &fe)
	return fe.Err()
}

// clearedList is the list a catalog box asks for, given its "remove all" box (field_clear).
func clearedList[T any](sent url.Values, field string, lines *[]T, fe *models.Fields) *[]T {
	if sent.Get(field+"_clear") != "true" {
		return lines
	}
	if lines != nil {
		refuse(fe, field, "msg.form.clear_or_lines")
		return lines
	}
	return &[]T{}
}

// decideChange records the operator's decision with the call of POST
// /api/v1/change-requests/{id}/decision.
func (u *UI) decideChange() gin.HandlerFunc {
	return u.caseStep("/changes/", "decision", formStep(func(sent url.Values) (models.DecideChangeInput, error) {
		return models.DecideChangeInput{Reason: sent.Get("reason"), Approve: yesNo(sent, "approve")}, nil
	}, u.app.Changes.Decide), u.changeRequestPage())
}

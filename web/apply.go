package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/models"
)

// A provider applies for selection in the browser (Process 1): the service, the company's
// facts, the flags that decide the documents, and one file per document kind. The form is
// sent as multipart/form-data; each file is uploaded through the call of POST
// /api/v1/documents and the application is created through the call of POST
// /api/v1/applications with {kind, document_id} references, under the form's
// Idempotency-Key, so a double submission makes one application.

// applyDocument is one document kind of the form: when it is required, whether it is for
// the form's current type and flags, and the file a refused submission already uploaded.
type applyDocument struct {
	Kind models.DocumentKind
	// Rule says when the kind is required (docRules); the page's script reads it too.
	Rule     string
	Required bool
	Kept     *models.StoredDocument
}

type applyView struct {
	Documents []applyDocument
	// Preview is true when the page answers "show the required documents".
	Preview  bool
	MaxMiB   int
	MaxBytes int64
	Today    string
}

// docRules are when each kind is required, found from the models' own rule
// (RequiredDocuments) rather than written again: always, for a cloud service, for a cloud
// service not given to schools only (the CSAP certificate), or for a broker.
var docRules = func() map[models.DocumentKind]string {
	rules := map[models.DocumentKind]string{}
	for _, r := range []struct {
		rule                string
		typ                 models.ServiceType
		broker, schoolsOnly bool
	}{
		{"broker", models.TypeSupport, true, false},
		{"csap", models.TypeCloud, false, false},
		{"cloud", models.TypeCloud, false, true},
		{"always", models.TypeSupport, false, false},
	} {
		for _, k := range models.RequiredDocuments(r.typ, r.broker, r.schoolsOnly) {
			rules[k] = r.rule // the narrower rules come first and are overwritten by the wider
		}
	}
	return rules
}()

// applyField is the form's file field of a kind, and keptField the hidden field that holds
// the ID of the file a refused submission uploaded for it.
func applyField(k models.DocumentKind) string { return "documents." + string(k) }

func keptField(k models.DocumentKind) string { return "document_id." + string(k) }

// newApplication shows the empty form, with the company's facts the registry has.
func (u *UI) newApplication(c *gin.Context) {
	values := url.Values{"provider.business_status": {string(models.BusinessActive)}}
	if p, err := u.app.Store.GetProvider(ctx(c), sessionOf(c).Org); err == nil {
		values.Set("provider.business_no", p.BusinessNo)
		values.Set("provider.name", p.Name)
		values.Set("provider.size", string(p.Size))
		if p.FoundedOn != nil {
			values.Set("provider.founded_on", p.FoundedOn.String())
		}
	}
	u.showApply(c, http.StatusOK, newForm(values), false)
}

func (u *UI) showApply(c *gin.Context, status int, f *form, preview bool) {
	required := requiredKinds(f.Values)
	kept := u.keptDocuments(c, f, keptFields())
	v := applyView{Preview: preview, MaxMiB: models.MaxUploadBytes >> 20, MaxBytes: models.MaxUploadBytes,
		Today: models.DateOf(u.now()).String()}
	for _, k := range models.ApplicationDocumentKinds {
		v.Documents = append(v.Documents, applyDocument{Kind: k, Rule: docRules[k], Required: slices.Contains(required, k),
			Kept: kept[keptField(k)]})
	}
	p := u.pageFor(c, "h.newapp")
	p.Form, p.Data = f, v
	u.html(c, status, "application_new", p)
}

func keptFields() []string {
	out := make([]string, len(models.ApplicationDocumentKinds))
	for i, k := range models.ApplicationDocumentKinds {
		out[i] = keptField(k)
	}
	return out
}

// requiredKinds are the documents the form's type and flags require; none before a type
// is chosen but the general ones.
func requiredKinds(f url.Values) []models.DocumentKind {
	t, _ := models.ParseServiceType(f.Get("service.type"))
	return models.RequiredDocuments(t, f.Get("broker") == "true", f.Get("school_education_only") == "true")
}

// applicationFrom reads the form into the body of POST /api/v1/applications, each document
// by the ID of its uploaded file and the catalog from its two boxes, named as the API names
// them (service.features, service.prices) so that the validator's errors of a line stand
// beside its box. The error is of a price line that does not read; the body is read anyway.
func applicationFrom(f url.Values) (models.ApplicationInput, error) {
	in := models.ApplicationInput{
		Service: models.ApplicationServiceInput{Name: f.Get("service.name"), Type: f.Get("service.type"),
			Subtype: f.Get("service.subtype"), Description: f.Get("service.description"),
			NameEn: f.Get("service.name_en"), DescriptionEn: f.Get("service.description_en")},
		Provider: models.ApplicantInput{BusinessNo: strings.TrimSpace(f.Get("provider.business_no")), Name: f.Get("provider.name"),
			FoundedOn: strings.TrimSpace(f.Get("provider.founded_on")), CreditRating: strings.ToUpper(strings.TrimSpace(f.Get("provider.credit_rating"))),
			BusinessStatus: f.Get("provider.business_status"), Size: f.Get("provider.size"),
			DebarredUntil: strings.TrimSpace(f.Get("provider.debarred_until"))},
		Broker:              f.Get("broker") == "true",
		SchoolEducationOnly: f.Get("school_education_only") == "true",
		Documents:           []models.DocumentInput{},
	}
	for _, k := range models.ApplicationDocumentKinds {
		id := strings.TrimSpace(f.Get(keptField(k)))
		if id == "" {
			continue
		}
		d := models.DocumentInput{Kind: string(k), DocumentID: id}
		if k == models.DocCSAPCertificate {
			d.ValidUntil = strings.TrimSpace(f.Get("valid_until"))
		}
		in.Documents = append(in.Documents, d)
	}
	features, prices, err := catalogLines(f, "service.features", "service.prices")
	if features != nil {
		in.Service.Features = *features
	}
	if en := featureLines(f, "service.features_en"); en != nil {
		in.Service.FeaturesEn = *en
	}
	if prices != nil {
		in.Service.Prices = *prices
	}
	return in, err
}

// createApplication uploads the form's files, then applies with references to them. A
// refused form comes back filled in, each error beside its field, with the files it
// uploaded kept (their IDs in hidden fields) and a fresh key: the corrected form is another
// request. "Show the required documents" (preview) uploads the files chosen so far and
// shows the form again without applying.
func (u *UI) createApplication(c *gin.Context) {
	sent, ok := u.postForm(c)
	if !ok {
		return
	}
	by, key := sessionOf(c).actor(), sent.Get("idempotency_key")
	preview := sent.Get("preview") != ""
	err := u.uploadApplicationFiles(c, by, key, sent)
	in, lerr := applicationFrom(sent)
	switch {
	case err == nil && preview:
		u.showApply(c, http.StatusOK, newForm(sent), true)
		return
	case err == nil && lerr == nil:
		out, cerr := u.app.Applications.Create(ctx(c), by, in, key)
		if err = applicationFields(cerr, in.Documents); err == nil {
			c.Redirect(http.StatusSeeOther, Prefix+"/applications/"+url.PathEscape(out.ID)+"?done="+urlQueryEscape(out.ID))
			return
		}
	case (err == nil || errIs(err, models.EINVALID)) && !preview:
		// A file or a price line was refused, so nothing was applied for: the other fields
		// are checked too, so that one round shows every error.
		in.Documents = nil
		fields := append(fieldsOf(err), fieldsOf(lerr)...)
		if _, perr := models.ParseApplication(in, by.Org, by.Sub, u.now()); perr != nil {
			fields = append(fields, fieldsOf(perr)...)
		}
		err = models.Invalid(fields)
	}
	if errIs(err, models.EINVALID) || errIs(err, models.ECONFLICT) || errIs(err, models.EIDEMPOTENCY) {
		f := newForm(sent)
		f.Errors = fieldsOf(err)
		u.showApply(c, statusOf[models.ErrorCode(err)], f, preview)
		return
	}
	u.fail(c, err)
}

// uploadApplicationFiles uploads each kind's chosen file and keeps its ID in the form's
// hidden field of the kind; a refused file is an error beside its field.
func (u *UI) uploadApplicationFiles(c *gin.Context, by models.Actor, key string, sent url.Values) error {
	var fe models.Fields
	for _, k := range models.ApplicationDocumentKinds {
		fh := formFile(c, applyField(k))
		if fh == nil {
			continue
		}
		doc, err := u.uploadFile(ctx(c), by, fh, string(k), key, applyField(k))
		if errIs(err, models.EINVALID) {
			fe = append(fe, fieldsOf(err)...)
			continue
		} else if err != nil {
			return err
		}
		sent.Set(keptField(k), doc.ID)
	}
	return fe.Err()
}

// applicationFields names the form's fields in the app layer's refusal: an error of the
// i-th document (documents[i].…) is one of its kind's file, but for the CSAP certificate's
// validity, which has a field of its own.
func applicationFields(err error, docs []models.DocumentInput) error {
	if !errIs(err, models.EINVALID) {
		return err
	}
	fields := slices.Clone(fieldsOf(err))
	for i, fe := range fields {
		for j, d := range docs {
			prefix := "documents[" + strconv.Itoa(j) + "]"
			if !strings.HasPrefix(fe.Field, prefix) {
				continue
			}
			if strings.HasSuffix(fe.Field, ".valid_until") {
				fields[i].Field = "valid_until"
			} else {
				fields[i].Field = applyField(models.DocumentKind(d.Kind))
			}
		}
	}
	return models.Invalid(fields)
}

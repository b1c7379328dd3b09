package web

import (
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/dsmarket/dsmarket/models"
)

// TestDocRules: each kind's rule says when the models require it, for every type and flag.
func TestDocRules(t *testing.T) {
	for _, typ := range []models.ServiceType{models.TypeCloud, models.TypeSupport, models.TypeConvergence} {
		for _, broker := range []bool{false, true} {
			for _, schools := range []bool{false, true} {
				required := models.RequiredDocuments(typ, broker, schools)
				for _, k := range models.ApplicationDocumentKinds {
					var want bool
					switch docRules[k] {
					case "always":
						want = true
					case "cloud":
						want = typ == models.TypeCloud
					case "csap":
						want = typ == models.TypeCloud && !schools
					case "broker":
						want = broker
					default:
						t.Fatalf("%s has no rule", k)
					}
					if got := slices.Contains(required, k); got != want {
						t.Errorf("%s/broker=%v/schools=%v: %s required %v, its rule %q says %v", typ, broker, schools, k, got, docRules[k], want)
					}
				}
			}
		}
	}
}

func TestApplicationFrom(t *testing.T) {
	in, err := applicationFrom(url.Values{"service.type": {"cloud"}, "provider.credit_rating": {" bbb+ "}, "broker": {"true"},
		"document_id.csap_certificate": {"DOC-1"}, "valid_until": {"2027-06-30"}, "document_id.sla_policy": {" DOC-2 "},
		"document_id.application_form": {""}, "service.features": {"SSO 연동\r\n\r\n 웹 접근성 인증 "},
		"service.prices":      {"표준 요금제 | user-month | 9,500원 | 최소 10명 | Standard plan\n특별 라이선스|license-year|9000000"},
		"service.features_en": {"SSO integration\r\n\r\n Web accessibility "}})
	want := []models.DocumentInput{{Kind: "csap_certificate", DocumentID: "DOC-1", ValidUntil: "2027-06-30"},
		{Kind: "sla_policy", DocumentID: "DOC-2"}}
	if err != nil || !slices.Equal(in.Documents, want) || in.Provider.CreditRating != "BBB+" || !in.Broker || in.SchoolEducationOnly {
		t.Errorf("got %+v, %v", in, err)
	}
	// The boxes are read as the change request's are; the validator trims the cells (a
	// catalog unit is read as the unit, trimmed).
	prices := []models.PriceLine{{Item: "표준 요금제 ", Unit: "user-month", UnitPriceKRW: 9500, Conditions: " 최소 10명 ", ItemEn: " Standard plan"},
		{Item: "특별 라이선스", Unit: "license-year", UnitPriceKRW: 9_000_000}}
	if !slices.Equal(in.Service.Features, []string{"SSO 연동", "웹 접근성 인증"}) || !slices.Equal(in.Service.Prices, prices) ||
		!slices.Equal(in.Service.FeaturesEn, []string{"SSO integration", "Web accessibility"}) {
		t.Errorf("catalog %q %q %+v", in.Service.Features, in.Service.FeaturesEn, in.Service.Prices)
	}
	// Blank boxes are no catalog, as a JSON body without one; a line that does not read is
	// an error of its box.
	in, err = applicationFrom(url.Values{"service.features": {" \n "}, "service.prices": {"표준 | user-month | 만원\n\n표준 | user-month"}})
	if in.Service.Features != nil || len(in.Service.Prices) != 0 {
		t.Errorf("catalog %q %+v", in.Service.Features, in.Service.Prices)
	}
	if got := fieldsOf(err); len(got) != 2 || got[0].Field != "service.prices" || got[1].Field != "service.prices" {
		t.Errorf("errors %+v", got)
	}
	// The app layer's refusal names the form's fields: the i-th document's kind.
	err = applicationFields(&models.Error{Code: models.EINVALID, Fields: []models.FieldError{
		{Field: "documents[1].document_id", Message: "is not a document your organization uploaded"},
		{Field: "documents[0].valid_until", Message: "the certificate expired"}, {Field: "service.name", Message: "is required"}}}, want)
	var got []string
	for _, fe := range fieldsOf(err) {
		got = append(got, fe.Field)
	}
	if !slices.Equal(got, []string{"documents.sla_policy", "valid_until", "service.name"}) {
		t.Errorf("fields %v", got)
	}
}

func TestDocumentRowsFromUploads(t *testing.T) {
	sum := "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
	docs, err := documentRowsFrom(url.Values{
		"documents[0].kind": {"sla_policy"}, "documents[0].document_id": {" DOC-1 "}, "documents[0].filename": {"ignored.pdf"},
		"documents[2].kind": {"csap_certificate"}, "documents[2].filename": {" csap.pdf "}, "documents[2].sha256": {sum},
		"documents[2].size": {"2048"}, "documents[2].valid_until": {"2027-06-30"}})
	want := []models.DocumentInput{{Kind: "sla_policy", DocumentID: "DOC-1"},
		{Kind: "csap_certificate", Filename: "csap.pdf", SHA256: sum, Size: 2048, ValidUntil: "2027-06-30"}}
	if err != nil || !slices.Equal(docs, want) {
		t.Errorf("got %+v, %v", docs, err)
	}
	_, err = documentRowsFrom(url.Values{"documents[1].kind": {"sla_policy"}, "documents[2].kind": {"csap_certificate"},
		"documents[2].filename": {"csap.pdf"}, "documents[2].size": {"2kb"}})
	var fields []string
	for _, fe := range fieldsOf(err) {
		fields = append(fields, fe.Field)
	}
	if !slices.Equal(fields, []string{"documents[1].file", "documents[2].size"}) {
		t.Errorf("fields %v", fields)
	}
}

func TestSessionFrom(t *testing.T) {
	in, err := sessionFrom(url.Values{"held_on": {" 2026-03-20 "}, "members": {"jang.committee", "lim.committee", "song.committee"},
		"chair": {"lim.committee"}})
	if err != nil || in.HeldOn != "2026-03-20" || !slices.Equal(in.Members, []string{"lim.committee", "jang.committee", "song.committee"}) {
		t.Errorf("got %+v, %v", in, err)
	}
	// A chair not ticked as a member still sits, first.
	in, _ = sessionFrom(url.Values{"members": {"song.committee"}, "chair": {"lim.committee"}})
	if !slices.Equal(in.Members, []string{"lim.committee", "song.committee"}) {
		t.Errorf("got %v", in.Members)
	}
	if _, err := sessionFrom(url.Values{"members": {"song.committee"}}); len(fieldsOf(err)) != 1 || fieldsOf(err)[0].Field != "chair" {
		t.Errorf("members without a chair: %v", err)
	}
	// No one chosen: the app layer names the members field.
	if in, err := sessionFrom(url.Values{}); err != nil || len(in.Members) != 0 {
		t.Errorf("got %+v, %v", in, err)
	}
	got := memberFields([]models.FieldError{{Field: "members[0]"}, {Field: "members[2]"}, {Field: "held_on"}}, nil)
	if got[0].Field != "members[0]" {
		t.Errorf("without members, members[0] is not the chair: %v", got)
	}
	got = memberFields([]models.FieldError{{Field: "members[0]"}, {Field: "members[2]"}}, []string{"a", "b", "c"})
	if got[0].Field != "chair" || got[1].Field != "members[2]" {
		t.Errorf("got %v", got)
	}
}

func TestUploadLimit(t *testing.T) {
	u := &UI{}
	for _, tc := range []struct {
		method, path string
		want         int64
	}{
		{http.MethodPost, "/ui/applications", int64(len(models.ApplicationDocumentKinds))*models.MaxUploadBytes + formOverhead},
		{http.MethodPost, "/ui/applications/:id/documents", documentRows*models.MaxUploadBytes + formOverhead},
		{http.MethodPost, "/ui/quality/:id/report", documentRows*models.MaxUploadBytes + formOverhead},
		{http.MethodPost, "/ui/quality/:id/remediation", documentRows*models.MaxUploadBytes + formOverhead},
		{http.MethodPost, "/ui/orders/:id/proposal", documentRows*models.MaxUploadBytes + formOverhead},
		{http.MethodPost, "/ui/contracts", documentRows*models.MaxUploadBytes + formOverhead},
		{http.MethodPost, "/ui/contracts/:id/changes", documentRows*models.MaxUploadBytes + formOverhead},
		{http.MethodPost, "/ui/services/:id/change-requests", documentRows*models.MaxUploadBytes + formOverhead},
		{http.MethodGet, "/ui/applications", 0},
		{http.MethodPost, "/ui/applications/:id/withdraw", 0},
	} {
		if got := u.UploadLimit(tc.method, tc.path); got != tc.want {
			t.Errorf("%s %s: %d, want %d", tc.method, tc.path, got, tc.want)
		}
	}
}

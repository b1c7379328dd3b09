package models

import (
	"slices"
	"testing"
)

// --- documents ----------------------------------------------------------------------

func TestRequiredDocuments(t *testing.T) {
	general := []DocumentKind{DocApplicationForm, DocCorporateRegistry, DocBusinessRegistration,
		DocCreditRating, DocServiceOverview, DocCapabilityProof}
	with := func(extra ...DocumentKind) []DocumentKind { return append(slices.Clone(general), extra...) }
	for _, tc := range []struct {
		name           string
		typ            ServiceType
		broker, school bool
		want           []DocumentKind
	}{
		{"Cloud", TypeCloud, false, false, with(DocCSAPCertificate, DocSLAPolicy)},
		{"CloudSchoolEducationOnly", TypeCloud, false, true, with(DocSLAPolicy)},
		{"CloudBroker", TypeCloud, true, false, with(DocCSAPCertificate, DocSLAPolicy, DocBrokerAgreement, DocCapabilitySplit)},
		{"CloudBrokerSchoolEducationOnly", TypeCloud, true, true, with(DocSLAPolicy, DocBrokerAgreement, DocCapabilitySplit)},
		{"Support", TypeSupport, false, false, with()},
		{"SupportSchoolEducationOnly", TypeSupport, false, true, with()},
		{"SupportBroker", TypeSupport, true, false, with(DocBrokerAgreement, DocCapabilitySplit)},
		{"SupportBrokerSchoolEducationOnly", TypeSupport, true, true, with(DocBrokerAgreement, DocCapabilitySplit)},
		{"Convergence", TypeConvergence, false, false, with()},
		{"ConvergenceSchoolEducationOnly", TypeConvergence, false, true, with()},
		{"ConvergenceBroker", TypeConvergence, true, false, with(DocBrokerAgreement, DocCapabilitySplit)},
		{"ConvergenceBrokerSchoolEducationOnly", TypeConvergence, true, true, with(DocBrokerAgreement, DocCapabilitySplit)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := RequiredDocuments(tc.typ, tc.broker, tc.school)
			if !slices.Equal(got, tc.want) {
				t.Fatalf("got %v\nwant %v", got, tc.want)
			}
			for _, k := range got {
				if _, err := ParseDocumentKind(string(k)); err != nil {
					t.Fatalf("%s is not a document kind", k)
				}
			}
		})
	}
}

func TestRequiredDocumentsDoNotAlias(t *testing.T) {
	a := RequiredDocuments(TypeCloud, true, false)
	a[0] = "tampered"
	if b := RequiredDocuments(TypeCloud, true, false); b[0] != DocApplicationForm {
		t.Fatal("RequiredDocuments returns a shared slice")
	}
}

func TestMissingDocuments(t *testing.T) {
	docs := func(kinds ...DocumentKind) []Document {
		var out []Document
		for _, k := range kinds {
			out = append(out, Document{Kind: k, Filename: string(k) + ".pdf", SHA256: sumOf(string(k))})
		}
		return out
	}
	cloud := RequiredDocuments(TypeCloud, false, false)
	for _, tc := range []struct {
		name     string
		required []DocumentKind
		docs     []Document
		want     []DocumentKind
	}{
		{"OK_NoneMissing", cloud, docs(cloud...), nil},
		{"OK_NoneMissingAnyOrder", cloud, docs(DocSLAPolicy, DocCSAPCertificate, DocCapabilityProof, DocServiceOverview,
			DocCreditRating, DocBusinessRegistration, DocCorporateRegistry, DocApplicationForm), nil},
		{"AllMissing", cloud, nil, cloud},
		{"SomeMissingInRequiredOrder", cloud, docs(DocApplicationForm, DocCreditRating, DocServiceOverview, DocCapabilityProof, DocCorporateRegistry),
			[]DocumentKind{DocBusinessRegistration, DocCSAPCertificate, DocSLAPolicy}},
		{"ExtraKindsDoNotCount", []DocumentKind{DocApplicationForm}, docs(DocBrokerAgreement, DocCapabilitySplit), []DocumentKind{DocApplicationForm}},
		{"NothingRequired", nil, docs(DocApplicationForm), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := MissingDocuments(tc.required, tc.docs); !slices.Equal(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestParseDocumentKindAndStatus(t *testing.T) {
	for _, k := range AllDocumentKinds {
		if got, err := ParseDocumentKind(string(k)); err != nil || got != k {
			t.Errorf("%s: %v", k, err)
		}
	}
	for _, bad := range []string{"", "CSAP_certificate", "csap", "application_form "} {
		if _, err := ParseDocumentKind(bad); err == nil {
			t.Errorf("%q accepted as a document kind", bad)
		}
	}
	for _, s := range AllApplicationStatuses {
		if got, err := ParseApplicationStatus(string(s)); err != nil || got != s {
			t.Errorf("%s: %v", s, err)
		}
	}
	if _, err := ParseApplicationStatus("approved"); err == nil {
		t.Error("approved accepted as a status")
	}
	final := map[ApplicationStatus]bool{AppSelected: true, AppNotSelected: true, AppReturned: true, AppIneligible: true, AppWithdrawn: true}
	for _, s := range AllApplicationStatuses {
		if s.Final() != final[s] {
			t.Errorf("%s.Final() = %v", s, s.Final())
		}
	}
}

package web

import (
	"testing"
)

// The error summary names a field as its form labels it, in the page's language, not by
// the name the form posts: a Korean visitor reads "이름: …" on the people page and
// "기관명: …" on the organizations page, where both post "name".
func TestErrorSummaryNamesFieldsByTheirLabels(t *testing.T) {
	ps, err := parsePages()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		page, field, ko, en string
	}{
		{"people", "name", "이름", "Name"},
		{"organizations", "name", "기관명", "Name"},
		{"application", "report", "보고서 내용", "Report"},
		{"quality_case", "summary", "자가점검 요약", "Self-assessment summary"},
		{"quality_case", "remediation", "보완조치 내용", "What was remediated"},
		{"order", "summary", "제안 요약", "Proposal summary"},
		// a select (pick) and a nested name the form labels with a shared key
		{"application_new", "provider.size", "기업 규모", "Company size"},
		{"application_new", "provider.business_no", "사업자등록번호", "Business registration number"},
		// two forms on the search page label "reason" differently: the catalog's own
		{"search", "reason", "사유", "Reason"},
		// a list's element is its list's label and its number from one
		{"task", "experts[1]", "검토위원 2", "Experts 2"},
		{"order", "scores[0].score", "점수 1", "Score 1"},
		{"rules", "rules[2].effective_from", "시행일 3", "Effective from 3"},
		// a document of a kind is named by its kind
		{"application_new", "documents.csap_certificate", "CSAP 보안인증서", "CSAP security certificate"},
		{"committee", "chair", "위원장", "Chair"},
		// a name nothing labels stays as it is, rather than a wrong label
		{"order", "no_such_field", "no_such_field", "no_such_field"},
	}
	for _, c := range cases {
		labels, ok := ps.labels[c.page]
		if !ok {
			t.Fatalf("no page %q", c.page)
		}
		for lang, want := range map[string]string{langKO: c.ko, langEN: c.en} {
			f := &form{Lang: lang, labels: labels}
			if got := f.Label(c.field); got != want {
				t.Errorf("%s: Label(%q) in %s = %q, want %q", c.page, c.field, lang, got, want)
			}
		}
	}
}

// Every field a page's forms declare is labelled in the summary from the catalog, never
// shown by its posted name: the key the form gives exists in both languages.
func TestEveryDeclaredFieldHasASummaryLabel(t *testing.T) {
	ps, err := parsePages()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for page, labels := range ps.labels {
		for name, key := range labels {
			n++
			if _, ok := messages[key]; !ok {
				t.Errorf("%s: field %q is labelled with %q, which the catalog does not have", page, name, key)
			}
			for _, lang := range []string{langKO, langEN} {
				f := &form{Lang: lang, labels: labels}
				if got := f.Label(name); got == name || got == "" {
					t.Errorf("%s: field %q has no label in %s", page, name, lang)
				}
			}
		}
	}
	if n < 50 {
		t.Fatalf("found %d labelled fields over all pages; the template walk misses the calls", n)
	}
}

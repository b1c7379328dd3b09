package models

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

// --- eligibility --------------------------------------------------------------------

func TestCheckEligibility(t *testing.T) {
	appliedOn := mustDate(t, "2026-03-02")
	base := Applicant{Org: "PV-0001", BusinessNo: "123-45-67890", Name: "(주)구름", FoundedOn: mustDate(t, "2010-01-01"),
		CreditRating: "BBB", BusinessStatus: BusinessActive, Size: SizeSME}
	for _, tc := range []struct {
		name     string
		mutate   func(*Applicant)
		eligible bool
		reason   string // a word the reason must carry
	}{
		{"OK", func(*Applicant) {}, true, "meets"},
		{"OK_RatingExactlyBMinus", func(p *Applicant) { p.CreditRating = "B-" }, true, "B-"},
		{"OK_RatingBPlus", func(p *Applicant) { p.CreditRating = "B+" }, true, "B+"},
		{"OK_RatingB", func(p *Applicant) { p.CreditRating = "B" }, true, "meets"},
		{"OK_RatingAAA", func(p *Applicant) { p.CreditRating = "AAA" }, true, "meets"},
		{"ErrRatingCCCPlus", func(p *Applicant) { p.CreditRating = "CCC+" }, false, "below the floor"},
		{"ErrRatingD", func(p *Applicant) { p.CreditRating = "D" }, false, "below the floor"},
		{"OK_CCCPlusFoundedThreeYearsMinusADay", func(p *Applicant) {
			p.CreditRating, p.FoundedOn = "CCC+", mustDate(t, "2023-03-03")
		}, true, "exempt"},
		{"ErrCCCPlusFoundedExactlyThreeYears", func(p *Applicant) {
			p.CreditRating, p.FoundedOn = "CCC+", mustDate(t, "2023-03-02")
		}, false, "below the floor"},
		{"OK_DFoundedToday", func(p *Applicant) { p.CreditRating, p.FoundedOn = "D", appliedOn }, true, "exempt"},
		{"ErrCCCPlusFoundedUnknown", func(p *Applicant) { p.CreditRating, p.FoundedOn = "CCC+", Date{} }, false, "below"},
		{"ErrClosed", func(p *Applicant) { p.BusinessStatus = BusinessClosed }, false, "closed"},
		{"ErrSuspended", func(p *Applicant) { p.BusinessStatus = BusinessSuspended }, false, "suspended"},
		{"ErrBankrupt", func(p *Applicant) { p.BusinessStatus = BusinessBankrupt }, false, "bankrupt"},
		{"ErrBankruptEvenWithAAA", func(p *Applicant) { p.BusinessStatus, p.CreditRating = BusinessBankrupt, "AAA" }, false, "bankrupt"},
		{"ErrClosedEvenIfNew", func(p *Applicant) { p.BusinessStatus, p.FoundedOn = BusinessClosed, mustDate(t, "2025-01-01") }, false, "closed"},
		{"OK_RehabilitationApproved", func(p *Applicant) { p.BusinessStatus = BusinessRehabilitationApproved }, true, "rehabilitation_approved"},
		{"OK_DebarredUntilDayBefore", func(p *Applicant) { p.DebarredUntil = datePtr(t, "2026-03-01") }, true, "not debarred"},
		{"ErrDebarredUntilApplicationDate", func(p *Applicant) { p.DebarredUntil = datePtr(t, "2026-03-02") }, false, "debarment"},
		{"ErrDebarredUntilAfter", func(p *Applicant) { p.DebarredUntil = datePtr(t, "2026-12-31") }, false, "debarment"},
		{"ErrDebarredEvenIfExemptNewCompany", func(p *Applicant) {
			p.CreditRating, p.FoundedOn, p.DebarredUntil = "CCC", mustDate(t, "2025-01-01"), datePtr(t, "2026-03-03")
		}, false, "debarment"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := base
			tc.mutate(&p)
			got := CheckEligibility(p, appliedOn)
			if got.Eligible != tc.eligible {
				t.Fatalf("eligible %v, want %v (%s)", got.Eligible, tc.eligible, got.Reason)
			}
			if strings.TrimSpace(got.Reason) == "" || !strings.Contains(got.Reason, tc.reason) {
				t.Fatalf("reason %q lacks %q", got.Reason, tc.reason)
			}
		})
	}
}

func TestParseCreditRating(t *testing.T) {
	for _, tc := range []struct {
		in, want string
	}{
		{"AAA", "AAA"}, {"b-", "B-"}, {" BB+ ", "BB+"}, {"ccc+", "CCC+"}, {"D", "D"}, {"C", "C"},
		{"", ""}, {"A++", ""}, {"E", ""}, {"BBB0", ""}, {"B−", ""}, {"AAA-", ""}, {"B -", ""},
	} {
		got, err := ParseCreditRating(tc.in)
		if tc.want == "" {
			if err == nil {
				t.Errorf("%q accepted as %q", tc.in, got)
			}
			continue
		}
		if err != nil || string(got) != tc.want {
			t.Errorf("%q: got %q %v, want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestCreditRatingBelow(t *testing.T) {
	scale := []CreditRating{"AAA", "AA+", "AA", "AA-", "A+", "A", "A-", "BBB+", "BBB", "BBB-",
		"BB+", "BB", "BB-", "B+", "B", "B-", "CCC+", "CCC", "CCC-", "CC", "C", "D"}
	for i, r := range scale {
		if _, err := ParseCreditRating(string(r)); err != nil {
			t.Fatalf("%s: %v", r, err)
		}
		for j, floor := range scale {
			if got := r.Below(floor); got != (i > j) {
				t.Errorf("%s.Below(%s) = %v", r, floor, got)
			}
		}
	}
	for _, tc := range []struct {
		r, floor CreditRating
		want     bool
	}{
		{"B-", "B-", false}, {"B+", "B-", false}, {"CCC+", "B-", true}, {"D", "B-", true}, {"AAA", "D", false},
	} {
		if tc.r.Below(tc.floor) != tc.want {
			t.Errorf("%s.Below(%s) != %v", tc.r, tc.floor, tc.want)
		}
	}
	if ruleValue(t, RuleMinCreditRating) != "B-" {
		t.Fatal("the floor of the rule table is B-")
	}
}

// ruleValue returns the value of a rule in force at tNow.
func ruleValue(t *testing.T, key RuleKey) string {
	t.Helper()
	r, err := RuleAt(key, tNow)
	if err != nil {
		t.Fatal(err)
	}
	return r.Value
}

// --- ParseApplication ---------------------------------------------------------------

func TestParseApplication(t *testing.T) {
	long := func(n int) string { return strings.Repeat("가", n) }
	setDoc := func(i int, f func(*DocumentInput)) func(*ApplicationInput) {
		return func(in *ApplicationInput) { f(&in.Documents[i]) }
	}
	for _, tc := range []struct {
		name   string
		mutate func(*ApplicationInput)
		fields []string // exactly the fields named; none means OK
	}{
		{"OK", func(*ApplicationInput) {}, nil},
		{"OK_NoDocumentsYet", func(in *ApplicationInput) { in.Documents = nil }, nil},
		{"OK_FoundedToday", func(in *ApplicationInput) { in.Provider.FoundedOn = "2026-03-02" }, nil},
		{"OK_NameOf200Characters", func(in *ApplicationInput) { in.Service.Name = long(200) }, nil},
		{"OK_DescriptionAtMax", func(in *ApplicationInput) { in.Service.Description = long(MaxDescription) }, nil},
		{"OK_EveryKind", func(in *ApplicationInput) { in.Documents = docInputs(ApplicationDocumentKinds...) }, nil},
		{"OK_SupportConsulting", func(in *ApplicationInput) { in.Service.Type, in.Service.Subtype = "support", "consulting" }, nil},
		{"OK_ConvergenceBroker", func(in *ApplicationInput) {
			in.Service.Type, in.Service.Subtype, in.Broker = "convergence", "convergence", true
		}, nil},
		{"ErrServiceNameRequired", func(in *ApplicationInput) { in.Service.Name = "  " }, []string{"service.name"}},
		{"ErrServiceNameTooLong", func(in *ApplicationInput) { in.Service.Name = long(201) }, []string{"service.name"}},
		{"OK_EnglishAtTheLimits", func(in *ApplicationInput) {
			in.Service.NameEn, in.Service.DescriptionEn = strings.Repeat("a", 200), strings.Repeat("a", MaxDescription)
		}, nil},
		{"ErrEnglishTooLong", func(in *ApplicationInput) {
			in.Service.NameEn, in.Service.DescriptionEn = strings.Repeat("a", 201), strings.Repeat("a", MaxDescription+1)
		}, []string{"service.name_en", "service.description_en"}},
		{"ErrServiceTypeUnknown", func(in *ApplicationInput) { in.Service.Type = "hosting" }, []string{"service.type"}},
		{"ErrServiceTypeCase", func(in *ApplicationInput) { in.Service.Type = "Cloud" }, []string{"service.type"}},
		{"ErrSubtypeUnknown", func(in *ApplicationInput) { in.Service.Subtype = "faas" }, []string{"service.subtype"}},
		{"ErrSubtypeOfAnotherType", func(in *ApplicationInput) { in.Service.Subtype = "consulting" }, []string{"service.subtype"}},
		{"ErrSubtypeConvergenceForCloud", func(in *ApplicationInput) { in.Service.Subtype = "convergence" }, []string{"service.subtype"}},
		{"ErrSaaSForSupport", func(in *ApplicationInput) { in.Service.Type = "support" }, []string{"service.subtype"}},
		{"ErrDescriptionRequired", func(in *ApplicationInput) { in.Service.Description = "" }, []string{"service.description"}},
		{"ErrDescriptionTooLong", func(in *ApplicationInput) { in.Service.Description = long(MaxDescription + 1) }, []string{"service.description"}},
		{"ErrBusinessNoDigitsOnly", func(in *ApplicationInput) { in.Provider.BusinessNo = "1234567890" }, []string{"provider.business_no"}},
		{"ErrBusinessNoShort", func(in *ApplicationInput) { in.Provider.BusinessNo = "123-45-6789" }, []string{"provider.business_no"}},
		{"ErrBusinessNoLetter", func(in *ApplicationInput) { in.Provider.BusinessNo = "12a-45-67890" }, []string{"provider.business_no"}},
		{"ErrBusinessNoTrailing", func(in *ApplicationInput) { in.Provider.BusinessNo = "123-45-678901" }, []string{"provider.business_no"}},
		{"ErrProviderNameRequired", func(in *ApplicationInput) { in.Provider.Name = "" }, []string{"provider.name"}},
		{"ErrFoundedOnMalformed", func(in *ApplicationInput) { in.Provider.FoundedOn = "2015/04/01" }, []string{"provider.founded_on"}},
		{"ErrFoundedOnRequired", func(in *ApplicationInput) { in.Provider.FoundedOn = "" }, []string{"provider.founded_on"}},
		{"ErrFoundedOnFuture", func(in *ApplicationInput) { in.Provider.FoundedOn = "2026-03-03" }, []string{"provider.founded_on"}},
		{"ErrCreditRating", func(in *ApplicationInput) { in.Provider.CreditRating = "A++" }, []string{"provider.credit_rating"}},
		{"ErrBusinessStatus", func(in *ApplicationInput) { in.Provider.BusinessStatus = "dormant" }, []string{"provider.business_status"}},
		{"ErrSize", func(in *ApplicationInput) { in.Provider.Size = "huge" }, []string{"provider.size"}},
		{"ErrDebarredUntilMalformed", func(in *ApplicationInput) { in.Provider.DebarredUntil = "next year" }, []string{"provider.debarred_until"}},
		{"ErrDocumentKind", setDoc(0, func(d *DocumentInput) { d.Kind = "passport" }), []string{"documents[0].kind"}},
		{"ErrQualityKind", setDoc(0, func(d *DocumentInput) { d.Kind = string(DocQualityReport) }), []string{"documents[0].kind"}},
		{"ErrDuplicateKind", setDoc(3, func(d *DocumentInput) { d.Kind = string(DocApplicationForm) }), []string{"documents[3].kind"}},
		{"ErrFilenameRequired", setDoc(1, func(d *DocumentInput) { d.Filename = " " }), []string{"documents[1].filename"}},
		{"ErrFilenameSlash", setDoc(2, func(d *DocumentInput) { d.Filename = "../etc/passwd" }), []string{"documents[2].filename"}},
		{"ErrFilenameBackslash", setDoc(2, func(d *DocumentInput) { d.Filename = `C:\docs\a.pdf` }), []string{"documents[2].filename"}},
		{"ErrFilenameNUL", setDoc(2, func(d *DocumentInput) { d.Filename = "a\x00.pdf" }), []string{"documents[2].filename"}},
		{"ErrFilenameTooLong", setDoc(0, func(d *DocumentInput) { d.Filename = strings.Repeat("a", 252) + ".pdf" }), []string{"documents[0].filename"}},
		{"ErrSHA256Short", setDoc(4, func(d *DocumentInput) { d.SHA256 = "abc123" }), []string{"documents[4].sha256"}},
		{"ErrSHA256NotHex", setDoc(4, func(d *DocumentInput) { d.SHA256 = strings.Repeat("g", 64) }), []string{"documents[4].sha256"}},
		{"ErrSHA256Missing", setDoc(4, func(d *DocumentInput) { d.SHA256 = "" }), []string{"documents[4].sha256"}},
		{"ErrSizeNegative", setDoc(0, func(d *DocumentInput) { d.Size = -1 }), []string{"documents[0].size"}},
		{"ErrSizeOver1GiB", setDoc(0, func(d *DocumentInput) { d.Size = 1<<30 + 1 }), []string{"documents[0].size"}},
		{"ErrTooManyDocuments", func(in *ApplicationInput) {
			for len(in.Documents) <= MaxDocuments {
				in.Documents = append(in.Documents, docInputs(DocApplicationForm)...)
			}
		}, []string{"documents"}},
		{"ErrEveryFieldNamed", func(in *ApplicationInput) { *in = ApplicationInput{Documents: []DocumentInput{{}}} }, []string{
			"service.name", "service.type", "service.subtype", "service.description",
			"provider.business_no", "provider.name", "provider.founded_on", "provider.credit_rating",
			"provider.business_status", "provider.size",
			"documents[0].kind", "documents[0].filename", "documents[0].sha256"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := validAppInput()
			tc.mutate(&in)
			req, err := ParseApplication(in, "PV-0001", "choi", tNow)
			if len(tc.fields) > 0 {
				if ErrorCode(err) != EINVALID {
					t.Fatalf("error %v, want invalid", err)
				}
				if got := fieldNames(err); !slices.Equal(got, tc.fields) {
					t.Fatalf("fields %v, want %v", got, tc.fields)
				}
				var me *Error
				if !errors.As(err, &me) {
					t.Fatalf("error %v is not a models error", err)
				}
				for _, f := range me.Fields {
					if f.Message == "" {
						t.Fatalf("%s without a message", f.Field)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if req.Provider.Org != "PV-0001" || len(req.Documents) != len(in.Documents) {
				t.Fatalf("request %+v", req)
			}
			if sub := req.Service.Subtype; sub.Type() != req.Service.Type {
				t.Fatalf("subtype %s of type %s", sub, req.Service.Type)
			}
		})
	}
}

func TestParseApplicationNormalizes(t *testing.T) {
	in := validAppInput()
	in.Service.Name = "  구름 문서함 "
	in.Service.NameEn, in.Service.DescriptionEn = " Gureum Docs ", " Document storage\n"
	in.Provider.BusinessNo = " 123-45-67890 "
	in.Provider.CreditRating = "bbb+"
	in.Provider.DebarredUntil = "2020-01-31"
	in.Broker, in.SchoolEducationOnly = true, true
	in.Documents[0].SHA256 = strings.ToUpper(in.Documents[0].SHA256)
	in.Documents[0].Filename = "  신청서.pdf  "
	now := time.Date(2026, 3, 1, 16, 30, 0, 0, time.UTC) // 01:30 on 2026-03-02 in Seoul
	req, err := ParseApplication(in, "PV-0001", "choi", now)
	if err != nil {
		t.Fatal(err)
	}
	if req.Service.Name != "구름 문서함" || req.Provider.BusinessNo != "123-45-67890" || req.Provider.CreditRating != "BBB+" ||
		req.Service.NameEn != "Gureum Docs" || req.Service.DescriptionEn != "Document storage" {
		t.Fatalf("not trimmed/normalized: %+v", req)
	}
	if req.Provider.DebarredUntil == nil || req.Provider.DebarredUntil.String() != "2020-01-31" {
		t.Fatalf("debarred_until %v", req.Provider.DebarredUntil)
	}
	if !req.Broker || !req.SchoolEducationOnly {
		t.Fatal("flags lost")
	}
	d := req.Documents[0]
	if d.SHA256 != sumOf(string(DocApplicationForm)) || d.Filename != "신청서.pdf" {
		t.Fatalf("document %+v", d)
	}
	if d.UploadedBy != "choi" || !d.UploadedAt.Equal(now) || d.UploadedAt.Location() != Seoul {
		t.Fatalf("uploaded %s at %s", d.UploadedBy, d.UploadedAt)
	}
	// Founded "today" is today in Seoul, though it is still 2026-03-01 in UTC.
	in.Provider.FoundedOn = "2026-03-02"
	if _, err := ParseApplication(in, "PV-0001", "choi", now); err != nil {
		t.Fatalf("founded today in Seoul: %v", err)
	}
}

func TestParseApplicationCSAPValidity(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, Seoul)
	in := func(kind, until string) ApplicationInput {
		return ApplicationInput{
			Service: ApplicationServiceInput{Name: "s", Type: "cloud", Subtype: "saas", Description: "d"},
			Provider: ApplicantInput{BusinessNo: "123-45-67890", Name: "n", FoundedOn: "2015-01-01",
				CreditRating: "A", BusinessStatus: "active", Size: "sme"},
			Documents: []DocumentInput{{Kind: kind, Filename: "c.pdf", SHA256: strings.Repeat("a", 64), ValidUntil: until}},
		}
	}
	for _, tc := range []struct {
		name, kind, until string
		ok                bool
	}{
		{"OK_CSAPToday", "csap_certificate", "2026-03-02", true},
		{"OK_CSAPFiveYears", "csap_certificate", "2031-03-02", true},
		{"ErrCSAPExpired", "csap_certificate", "2026-03-01", false},
		{"ErrCSAPBeyondFiveYears", "csap_certificate", "2031-03-03", false},
		{"ErrNotADate", "csap_certificate", "2031-13-01", false},
		{"ErrOtherKind", "sla_policy", "2027-01-01", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, err := ParseApplication(in(tc.kind, tc.until), "PV-1", "u", now)
			if tc.ok {
				if err != nil || req.Documents[0].ValidUntil == nil || req.Documents[0].ValidUntil.String() != tc.until {
					t.Fatalf("got %+v, %v", req.Documents, err)
				}
				a := NewApplication("APP-2026-000001", "application-APP-2026-000001", req, Actor{Sub: "u", Role: RoleProvider, Org: "PV-1"}, now)
				if a.CSAPValidUntil() == nil || a.CSAPValidUntil().String() != tc.until {
					t.Fatalf("CSAPValidUntil = %v", a.CSAPValidUntil())
				}
				return
			}
			if got := fieldNames(err); len(got) != 1 || got[0] != "documents[0].valid_until" {
				t.Fatalf("fields %v (%v)", got, err)
			}
		})
	}
}

package models

import (
	"strings"
	"testing"
	"time"
)

// TestServiceNamesInTheReadersLanguage: a case opened on a service with an English name
// names it in English to an English reader (its task title, its notifications), in
// Korean to a Korean one, and as recorded in the REST contract's strings, which read as
// they did before the case kept the English name.
func TestServiceNamesInTheReadersLanguage(t *testing.T) {
	const ko, en = "한빛 클라우드 서버", "Hanbit Cloud Server"
	svc := qDueService
	svc.NameEn = en
	svc.SelectedOn = mustDate(t, qSelectedOn)
	named := NewQualityCase(svc, 2027, "quality-"+svc.ID+"-2027", qOpenAt)
	if err := named.SubmitReport(qSubmitAt, qProvider, qReport()); err != nil {
		t.Fatal(err)
	}
	if err := named.PreReview(qPreReviewAt, qOperator, PreReviewInput{Accepted: boolPtr(true)}); err != nil {
		t.Fatal(err)
	}
	bare := qPreReviewed(t) // the same service, as a case recorded before kept the English name
	if named.ServiceNameEn != en || bare.ServiceNameEn != "" {
		t.Fatalf("the cases keep %q and %q", named.ServiceNameEn, bare.ServiceNameEn)
	}

	for _, tc := range []struct {
		name   string
		of     func(c *QualityCase) *Text
		enWant string
	}{
		{"TaskTitle", func(c *QualityCase) *Text { return c.Tasks[0].TitleText },
			"Quality inspection 2027/1: " + en},
		{"ReportRequested", func(c *QualityCase) *Text { return NoticeReportRequested(c).Subject },
			"Quality report request 2027: " + en},
		{"ReportMissing", func(c *QualityCase) *Text { return NoticeReportMissing(c).Subject },
			"No quality report: " + en},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := tc.of(named)
			if got := text.In(LangEN); got != tc.enWant {
				t.Errorf("English: got %q, want %q", got, tc.enWant)
			}
			if got := text.In(LangKO); !strings.HasSuffix(got, ": "+ko) {
				t.Errorf("Korean: got %q, want the Korean name", got)
			}
			before := tc.of(bare)
			if got, want := bilingual(text), bilingual(before); got != want {
				t.Errorf("REST string: got %q, want it as before: %q", got, want)
			}
			if got := before.In(LangEN); !strings.HasSuffix(got, ": "+ko) {
				t.Errorf("a case without the English name: got %q, want the Korean name", got)
			}
		})
	}
	if got := named.Tasks[0].Title; got != "품질점검 Quality inspection 2027/1: "+ko {
		t.Errorf("the REST title %q names the service as recorded", got)
	}
}

// TestServiceNameArgs: a service whose English name is missing or the same as its Korean
// one carries one name; RecordedNames leaves alone a text that has no English name to drop,
// and the organizations' names it has.
func TestServiceNameArgs(t *testing.T) {
	if got := ServiceNameArgs("name", "가", ""); len(got) != 2 {
		t.Errorf("no English name: %q", got)
	}
	if got := ServiceNameArgs("name", "Same", "Same"); len(got) != 2 {
		t.Errorf("the same name twice: %q", got)
	}
	plain := Msg("notify.unfit.subject", "name", "가", "service", "SVC-1")
	if plain.RecordedNames() != plain {
		t.Error("a text without an English service name is copied")
	}
	withOrg := Msg("notify.contract_registered.body", append(ServiceNameArgs("service", "가", "Ga"),
		"agency", "AG-1", "agency@en", "Agency One", "contract", "DC-1", "registration", "contract.registered")...)
	got := withOrg.RecordedNames()
	if _, ok := got.Args["service%en"]; ok || got.Args["agency@en"] != "Agency One" {
		t.Errorf("recorded names: %v", got.Args)
	}
	if _, ok := withOrg.Args["service%en"]; !ok {
		t.Error("RecordedNames changed the text it was given")
	}
}

// TestServiceNamesOfContractsAndChanges: a direct contract's and a change request's news
// name the service in the reader's language too, and their REST strings as recorded.
func TestServiceNamesOfContractsAndChanges(t *testing.T) {
	svc := changeTestService() // 한빛 클라우드 서버, Hanbit Cloud Server
	req := DirectContractRequest{Title: "민원 챗봇 도입", AmountKRW: 52_000_000, ContractedOn: mustDate(t, "2026-03-02"),
		PeriodFrom: mustDate(t, "2026-03-02"), PeriodTo: mustDate(t, "2027-03-01")}
	c := NewDirectContract("CT-2026-000001", "contract-CT-2026-000001", req, svc, tAgency, time.Date(2026, 3, 2, 9, 0, 0, 0, Seoul))
	p, err := ParseChangeRequest(ChangeRequestInput{Changes: ChangeFields{Description: strp("새 소개")}, Reason: "소개 수정"}, svc)
	if err != nil {
		t.Fatal(err)
	}
	cr := NewChangeRequest("CR-2026-000001", "change-CR-2026-000001", p, svc, Actor{Sub: "jung", Role: RoleProvider, Org: "PV-0001"},
		time.Date(2026, 3, 2, 9, 0, 0, 0, Seoul))
	for name, text := range map[string]*Text{
		"ContractRegistered": NoticeContractRegistered(c).Body,
		"ChangeApplied":      NoticeChangeApplied(cr).Subject,
	} {
		t.Run(name, func(t *testing.T) {
			if en := text.In(LangEN); !strings.Contains(en, svc.NameEn) || strings.Contains(en, svc.Name) {
				t.Errorf("English %q, want %q alone", en, svc.NameEn)
			}
			if ko := text.In(LangKO); !strings.Contains(ko, svc.Name) {
				t.Errorf("Korean %q, want %q", ko, svc.Name)
			}
			if rest := bilingual(text); strings.Contains(rest, svc.NameEn) {
				t.Errorf("REST string %q names the service as recorded", rest)
			}
		})
	}
}

// TestServiceNamesOfRereviews: a re-review keeps the catalog's English name of the service
// it re-reviews, so its tasks read in English to an English operator; an application for
// selection has the one name its provider gave, in every language.
func TestServiceNamesOfRereviews(t *testing.T) {
	svc := rereviewService(t, "2027-12-31")
	svc.NameEn = "Hanbit e-Approval SaaS"
	ref := RereviewRef{ServiceID: svc.ID, Ground: "credit rating CCC+ is below B-", From: RereviewFromInspection,
		CaseRef: "service-SVC-0007/rereview-1", CSAPValidUntil: svc.CSAPValidUntil}
	a := NewRereview("APP-2026-000100", "application-APP-2026-000100", RereviewRequest(svc), ref, SystemActor, tNow)
	task := findOpen(t, a, TaskAssignExperts, selOperator)
	if got, want := task.TitleText.In(LangEN), "Re-review, assign experts: "+svc.NameEn; got != want {
		t.Errorf("English title %q, want %q", got, want)
	}
	if got := task.TitleText.In(LangKO); !strings.HasSuffix(got, svc.Name) {
		t.Errorf("Korean title %q, want the Korean name", got)
	}
	if strings.Contains(task.Title, svc.NameEn) {
		t.Errorf("the REST title %q names the service as recorded", task.Title)
	}
	selection := newTestApp(t)
	if task := findOpen(t, selection, TaskDocumentCheck, selOperator); task.TitleText.In(LangEN) != "Document check: "+selection.Service.Name {
		t.Errorf("an application for selection: %q", task.TitleText.In(LangEN))
	}
}

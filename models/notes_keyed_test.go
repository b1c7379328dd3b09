package models

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// lastNote is the note of the last step of steps: its English string and its keyed text.
func lastNote(t *testing.T, steps []Step) Step {
	t.Helper()
	if len(steps) == 0 {
		t.Fatal("no steps")
	}
	return steps[len(steps)-1]
}

// lastOf is the last step of steps that records action.
func lastOf(t *testing.T, steps []Step, action string) Step {
	t.Helper()
	for i := len(steps) - 1; i >= 0; i-- {
		if steps[i].Action == action {
			return steps[i]
		}
	}
	t.Fatalf("no step %s", action)
	return Step{}
}

// TestStepNotesAreKeyed: the notes of a direct contract's registration and changes, of a
// quality case's report and inspection rounds, and of a supplement are keyed texts: their
// English is the REST contract's string as it always was, their Korean reads in Korean.
func TestStepNotesAreKeyed(t *testing.T) {
	// A direct contract registered in time, then a change registered late with its details.
	registered := newTestContract(t, "2026-01-30", seoul(2026, 2, 2, 9, 0, 0))
	regStep := registered.Steps[0]
	lateReg := newTestContract(t, "2026-01-30", seoul(2026, 3, 2, 9, 0, 0))

	changed := newTestContract(t, "2026-01-30", seoul(2026, 2, 2, 9, 0, 0))
	if err := changed.RegisterChange(seoul(2026, 4, 1, 10, 0, 0), tAgency, ContractChangeInput{ChangedOn: "2026-03-01",
		Reason: "단가 조정", AmountKRW: ptr[int64](45_000_000), Title: ptr(" 민원포털 운영 (변경) ")}); err != nil {
		t.Fatal(err)
	}
	// Announced in time, then its details (the period's end) in time.
	announced := newTestContract(t, "2026-01-30", seoul(2026, 2, 2, 9, 0, 0))
	if err := announced.RegisterChange(seoul(2026, 3, 5, 10, 0, 0), tAgency, ContractChangeInput{ChangedOn: "2026-03-02",
		Reason: "기간 연장 예정"}); err != nil {
		t.Fatal(err)
	}
	announcedStep := lastNote(t, announced.Steps)
	if err := announced.RegisterChange(seoul(2026, 3, 20, 10, 0, 0), tAgency, ContractChangeInput{ChangedOn: "2026-03-02",
		Reason: "기간 연장", PeriodTo: ptr("2027-03-31")}); err != nil {
		t.Fatal(err)
	}
	// Announced after its own due date: overdue at once.
	overdue := newTestContract(t, "2026-01-30", seoul(2026, 2, 2, 9, 0, 0))
	if err := overdue.RegisterChange(seoul(2026, 4, 1, 10, 0, 0), tAgency, ContractChangeInput{ChangedOn: "2026-02-01",
		Reason: "늦은 예고"}); err != nil {
		t.Fatal(err)
	}

	// A quality case: the report, a round that goes on site, a remediation, a fit round.
	q := qSubmitted(t)
	reportStep := lastNote(t, q.Steps)
	q = qPreReviewed(t)
	if err := q.Inspect(qInspectAt, qOperator, QualityInspectionInput{OnSite: true}); err != nil {
		t.Fatal(err)
	}
	onSiteStep := lastNote(t, q.Steps)
	if err := q.Inspect(qInspectAt, qOperator, QualityInspectionInput{Outcome: "remediate", Reason: "백업 정책 미비",
		Due: "2027-05-10"}); err != nil {
		t.Fatal(err)
	}
	remediateStep := lastNote(t, q.Steps)
	fit := qPreReviewed(t)
	if err := fit.Inspect(qInspectAt, qOperator, QualityInspectionInput{Outcome: "fit"}); err != nil {
		t.Fatal(err)
	}
	unfit := qPreReviewed(t)
	if err := unfit.Inspect(qInspectAt, qOperator, QualityInspectionInput{Outcome: "unfit", Reason: "보안인증 취소",
		OnSite: true}); err != nil {
		t.Fatal(err)
	}

	// Pre-reviews: accepted without a note, not accepted with one.
	accepted := qPreReviewed(t)
	notAccepted := qSubmitted(t)
	if err := notAccepted.PreReview(qPreReviewAt, qOperator, PreReviewInput{Accepted: boolPtr(false), Note: "장애 이력 누락"}); err != nil {
		t.Fatal(err)
	}

	// A supplement of two kinds.
	app := newTestApp(t, dropDocs(DocCSAPCertificate, DocSLAPolicy))
	if err := app.Supplement(tNow.AddDate(0, 0, 1), tProvider, docInputs(DocCSAPCertificate, DocSLAPolicy)); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		name   string
		step   Step
		en, ko string
	}{
		{"ContractRegisteredInTime", regStep,
			"contracted on 2026-01-30, 48000000 KRW, period 2026-02-01 – 2026-12-31; registration due 2026-03-01: registered in time",
			"2026-01-30 계약, 48,000,000원, 계약기간 2026-02-01 – 2026-12-31; 등록기한 2026-03-01: 기한 내 등록"},
		{"ContractRegisteredLate", lateReg.Steps[0],
			"contracted on 2026-01-30, 48000000 KRW, period 2026-02-01 – 2026-12-31; registration due 2026-03-01: registered late",
			"2026-01-30 계약, 48,000,000원, 계약기간 2026-02-01 – 2026-12-31; 등록기한 2026-03-01: 기한 경과 후 등록(지연)"},
		{"ChangeRegisteredAtOnce", lastNote(t, changed.Steps),
			`change no. 1 of 2026-03-01 registered (단가 조정): amount 45000000 KRW, title "민원포털 운영 (변경)"; due 2026-03-31: registered late`,
			`2026-03-01 변경 1번 등록 (단가 조정): 금액 45,000,000원, 계약명 "민원포털 운영 (변경)"; 등록기한 2026-03-31: 기한 경과 후 등록(지연)`},
		{"ChangeAnnounced", announcedStep,
			"change no. 1 of 2026-03-02 announced (기간 연장 예정); details due 2026-04-01",
			"2026-03-02 변경 1번 신고 (기간 연장 예정); 세부 내용 등록기한 2026-04-01"},
		{"ChangeDetailsRegistered", lastNote(t, announced.Steps),
			"change no. 1 of 2026-03-02 registered (기간 연장): period unchanged – 2027-03-31; due 2026-04-01: registered in time",
			"2026-03-02 변경 1번 등록 (기간 연장): 계약기간 (시작일 변경 없음) – 2027-03-31; 등록기한 2026-04-01: 기한 내 등록"},
		{"ChangeAnnouncedOverdue", lastNote(t, overdue.Steps),
			"change no. 1 of 2026-02-01 announced (늦은 예고); details due 2026-03-03, already passed: overdue",
			"2026-02-01 변경 1번 신고 (늦은 예고); 세부 내용 등록기한 2026-03-03, 이미 지나 기한 경과"},
		{"QualityReportSubmitted", reportStep,
			"availability 99.95 %, 2 incidents, 1 documents",
			"가용성 99.95%, 장애 2건, 서류 1건"},
		{"QualityOnSiteByDefault", onSiteStep,
			"the round continues on site",
			"해당 차수 점검을 현장점검으로 계속함"},
		{"QualityRemediate", remediateStep,
			"round 1 (on site): remediate: 백업 정책 미비; remediate by 2027-05-10 (Asia/Seoul)",
			"1차 점검 (현장): 보완조치: 백업 정책 미비; 보완조치 기한 2027-05-10 (Asia/Seoul)"},
		{"QualityFitInWriting", lastNote(t, fit.Steps),
			"round 1 (in writing): fit",
			"1차 점검 (서면): 적합"},
		{"QualityUnfitOnSite", lastNote(t, unfit.Steps),
			"round 1 (on site): unfit: 보안인증 취소",
			"1차 점검 (현장): 부적합: 보안인증 취소"},
		{"PreReviewAccepted", lastOf(t, accepted.Steps, ActionQualityPreReviewed),
			"report accepted",
			"보고서 접수"},
		{"PreReviewNotAccepted", lastOf(t, notAccepted.Steps, ActionQualityPreReviewed),
			"report not accepted: 장애 이력 누락",
			"보고서 미흡: 장애 이력 누락"},
		{"Supplemented", lastNote(t, app.Steps),
			"csap_certificate, sla_policy",
			"csap_certificate, sla_policy"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.step.NoteText == nil {
				t.Fatalf("the note %q is not keyed", tc.step.Note)
			}
			if tc.step.Note != tc.en {
				t.Errorf("REST note\n got %q\nwant %q", tc.step.Note, tc.en)
			}
			if got := tc.step.NoteText.English(); got != tc.en {
				t.Errorf("English\n got %q\nwant %q", got, tc.en)
			}
			if got := tc.step.NoteText.In(LangKO); got != tc.ko {
				t.Errorf("Korean\n got %q\nwant %q", got, tc.ko)
			}
		})
	}
	// The quality case's reason is the closing note's English, which a page finds the
	// step of to say it in Korean.
	if fit.Reason != "round 1 (in writing): fit" || unfit.Reason != "round 1 (on site): unfit: 보안인증 취소" {
		t.Errorf("reasons %q, %q", fit.Reason, unfit.Reason)
	}
	// A reason the operator typed for going on site stays as typed.
	typed := qPreReviewed(t)
	if err := typed.Inspect(qInspectAt, qOperator, QualityInspectionInput{OnSite: true, Reason: "서버실 확인 필요"}); err != nil {
		t.Fatal(err)
	}
	if s := lastNote(t, typed.Steps); s.Note != "서버실 확인 필요" || s.NoteText != nil {
		t.Errorf("typed reason: %+v", s)
	}
}

// TestSupplementedKindsOnAPage: a page reads a supplement's kinds by their labels, which
// the web's catalog knows; the domain's alone shows the kinds themselves.
func TestSupplementedKindsOnAPage(t *testing.T) {
	labels := map[string]string{"doc.csap_certificate": "CSAP 보안인증서", "doc.sla_policy": "서비스 수준(SLA) 정책"}
	web := func(lang, key string) (string, bool) { s, ok := labels[key]; return s, ok }
	note := supplementedText([]DocumentKind{DocCSAPCertificate, DocSLAPolicy})
	if got := note.Format(LangKO, web); got != "CSAP 보안인증서, 서비스 수준(SLA) 정책" {
		t.Errorf("Korean page: %q", got)
	}
	// A text recorded when its kinds were written out ("a, b") reads as it did.
	old := Msg("application.not_supplemented", "kinds", "csap_certificate, sla_policy", "due", "2026-03-12")
	if got, want := old.English(), "documents csap_certificate, sla_policy not supplemented by the due date 2026-03-12"; got != want {
		t.Errorf("an old text: %q, want %q", got, want)
	}
	if got := old.Format(LangKO, web); !strings.Contains(got, "서류 csap_certificate, sla_policy이(가)") {
		t.Errorf("an old text on a Korean page: %q", got)
	}
	all := supplementedText(AllDocumentKinds)
	if got, want := all.English(), joinKinds(AllDocumentKinds); got != want || all.Key == "" {
		t.Errorf("every kind: %q (key %q), want %q", got, all.Key, want)
	}
}

// oldDescribeValues is describeValues as it wrote the REST note before the note was keyed.
func oldDescribeValues(v changeValues) string {
	var parts []string
	if v.amount != nil {
		parts = append(parts, fmt.Sprintf("amount %d KRW", *v.amount))
	}
	if v.from != nil || v.to != nil {
		from, to := "unchanged", "unchanged"
		if v.from != nil {
			from = v.from.String()
		}
		if v.to != nil {
			to = v.to.String()
		}
		parts = append(parts, fmt.Sprintf("period %s – %s", from, to))
	}
	if v.title != nil {
		parts = append(parts, fmt.Sprintf("title %q", *v.title))
	}
	return strings.Join(parts, ", ")
}

// TestChangeValuesEnglishAsBefore: every combination of the values a change sets, and the
// inspection notes of every outcome, write the English the REST contract always carried.
func TestChangeValuesEnglishAsBefore(t *testing.T) {
	amount := KRW(12_500_000)
	from, to := mustDate(t, "2026-05-01"), mustDate(t, "2027-04-30")
	title := "클라우드 \"운영\"\t변경"
	for mask := 1; mask < 16; mask++ {
		var v changeValues
		if mask&1 != 0 {
			v.amount = &amount
		}
		if mask&2 != 0 {
			v.from = &from
		}
		if mask&4 != 0 {
			v.to = &to
		}
		if mask&8 != 0 {
			v.title = &title
		}
		note := nest(Msg("contract.change_registered", "no", "2", "changed_on", "2026-04-01", "reason", "사유",
			"due", "2026-05-01", "timeliness", timeliness(mask%2 == 0)), "values", describeValues(v))
		want := fmt.Sprintf("change no. %d of %s registered (%s): %s; due %s: %s", 2, "2026-04-01", "사유",
			oldDescribeValues(v), "2026-05-01", map[bool]string{true: "registered late", false: "registered in time"}[mask%2 == 0])
		if got := note.English(); got != want {
			t.Errorf("mask %04b:\n got %q\nwant %q", mask, got, want)
		}
		if ko := note.In(LangKO); strings.Contains(ko, "{") || strings.Contains(ko, "amount") || strings.Contains(ko, "period") {
			t.Errorf("mask %04b: Korean %q", mask, ko)
		}
	}
	due := mustDate(t, "2027-05-10")
	for _, o := range []QualityOutcome{QualityOutcomeFit, QualityOutcomeRemediate, QualityOutcomeRereview, QualityOutcomeUnfit} {
		for _, onSite := range []bool{false, true} {
			for _, reason := range []string{"", "사유"} {
				where := "in writing"
				if onSite {
					where = "on site"
				}
				want := fmt.Sprintf("round %d (%s): %s", 3, where, o)
				if reason != "" {
					want += ": " + reason
				}
				if o == QualityOutcomeRemediate {
					want = fmt.Sprintf("%s; remediate by %s (Asia/Seoul)", want, &due)
				}
				if got := inspectedText(3, onSite, o, reason, &due).English(); got != want {
					t.Errorf("got %q, want %q", got, want)
				}
			}
		}
	}
}

// TestPinnedRegistrationNoteKeyed: when the pinned rule moves the registration's due date,
// the keyed text of its step says the new date, as the REST note does.
func TestPinnedRegistrationNoteKeyed(t *testing.T) {
	table := amendedRule(RuleDirectContractDays, "20", seoulDate(2026, time.February, 15))
	c := pinnedContract(t, table, "2026-02-20", seoul(2026, 3, 2, 9, 0, 0), 0)
	s := c.Steps[0]
	want := "contracted on 2026-02-20, 48000000 KRW, period 2026-02-01 – 2026-12-31; registration due 2026-03-12: registered in time"
	if s.Note != want || s.NoteText == nil || s.NoteText.English() != want {
		t.Fatalf("note %q, keyed %q, want %q", s.Note, s.NoteText.English(), want)
	}
	if ko := s.NoteText.In(LangKO); !strings.Contains(ko, "등록기한 2026-03-12: 기한 내 등록") {
		t.Errorf("Korean %q", ko)
	}
}

// TestApplicationSystemNotesAreKeyed: the review result report, the supplement the system
// asks for at the application, and a vote recused for a conflict of interest read in
// Korean on a page, their English as it always was.
func TestApplicationSystemNotesAreKeyed(t *testing.T) {
	reviewed := appAwaitingCommittee(t)
	report := lastOf(t, reviewed.Steps, ActionReviewClosed)
	missing := newTestApp(t, dropDocs(DocSLAPolicy))
	asked := lastOf(t, missing.Steps, ActionSupplementRequest)
	why := ConflictOf([]Relation{{PersonSub: testMembers[0], BusinessNo: "123-45-67890", Kind: RelationWork}},
		"123-45-67890", DateOf(tJoinAt))
	recused := appInSession(t, map[string]string{testMembers[0]: why})
	var vote CommitteeVote
	for _, v := range recused.Votes {
		if v.Recused {
			vote = v
		}
	}
	for _, tc := range []struct {
		name   string
		text   *Text
		en, ko string
	}{
		{"ReviewReport", report.NoteText, reviewed.ReviewReport, "검토위원 2명 중 2명이 적합 의견; 보안 항목 생략(CSAP 인증)"},
		{"SupplementAskedAtApplication", asked.NoteText, asked.Note, "까지 sla_policy 보완 (Asia/Seoul): 필수 서류 누락"},
		{"RecusedVote", vote.ReasonText(), vote.Reason, "이해충돌: 2025-01-01 이후 공급자의 용역·자문 수행"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.text == nil {
				t.Fatalf("%q is not keyed", tc.en)
			}
			if got := tc.text.English(); got != tc.en {
				t.Errorf("English %q, want %q", got, tc.en)
			}
			if got := tc.text.In(LangKO); !strings.Contains(got, tc.ko) {
				t.Errorf("Korean %q, want it to contain %q", got, tc.ko)
			}
		})
	}
	if !strings.HasPrefix(vote.Reason, "conflict of interest: did work for the provider since ") {
		t.Errorf("the recused vote's reason is %q", vote.Reason)
	}
	if typed := (CommitteeVote{Vote: VoteReject, Reason: "가격 근거 부족"}); typed.ReasonText() != nil {
		t.Errorf("a typed reason was keyed: %+v", typed.ReasonText())
	}
}

package models

import (
	"encoding/json"
	"errors"
	"testing"
	"time"
)

var (
	tAgency   = Actor{Sub: "kim", Role: RoleAgency, Org: "AG-0001"}
	tProvider = Actor{Sub: "choi", Role: RoleProvider, Org: "PV-0001"}
	tNow      = time.Date(2026, 3, 2, 10, 0, 0, 0, Seoul)
)

func newTestOrder(t *testing.T) *Order {
	t.Helper()
	req, err := ParseOrderRequest("SVC-0001", "클라우드 전환", 100_000_000, "2026-03-09", DateOf(tNow))
	if err != nil {
		t.Fatal(err)
	}
	svc := Service{ID: "SVC-0001", Name: "svc", Type: TypeCloud, Provider: Provider{Org: "PV-0001"}}
	return NewOrder("ORD-2026-000001", "order-ORD-2026-000001", req, svc, tAgency.Org, tAgency, tNow)
}

func code(err error) string { return ErrorCode(err) }

func TestParseScores(t *testing.T) {
	for _, tc := range []struct {
		name      string
		in        []ScoreInput
		total     string
		qualified bool
		errField  string
	}{
		{"OK_85Qualifies", []ScoreInput{{"a", 65, 80}, {"b", 20, 20}}, "85", true, ""},
		{"OK_84DoesNot", []ScoreInput{{"a", 64, 80}, {"b", 20, 20}}, "84", false, ""},
		{"OK_84.99DoesNot", []ScoreInput{{"a", 64.99, 80}, {"b", 20, 20}}, "84.99", false, ""},
		{"OK_ScaledTo100", []ScoreInput{{"a", 17, 20}}, "85", true, ""},
		// 5.95/7 = 85.0000...%: qualifies exactly; 5.94/7 = 84.857% does not.
		{"OK_ExactFraction", []ScoreInput{{"a", 5.95, 7}}, "85", true, ""},
		{"OK_JustBelowFraction", []ScoreInput{{"a", 5.94, 7}}, "84.85", false, ""},
		{"ErrEmpty", nil, "", false, "scores"},
		{"ErrScoreAboveMax", []ScoreInput{{"a", 11, 10}}, "", false, "scores[0].score"},
		{"ErrNegative", []ScoreInput{{"a", -1, 10}}, "", false, "scores[0].score"},
		{"ErrThreeDecimals", []ScoreInput{{"a", 1.234, 10}}, "", false, "scores[0].score"},
		{"ErrZeroMax", []ScoreInput{{"a", 0, 0}}, "", false, "scores[0].max"},
		{"ErrDuplicate", []ScoreInput{{"a", 1, 10}, {"a", 1, 10}}, "", false, "scores[1].criterion"},
		{"ErrBlankCriterion", []ScoreInput{{" ", 1, 10}}, "", false, "scores[0].criterion"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ev, err := ParseScores(tc.in, tNow)
			if tc.errField != "" {
				var me *Error
				if !errors.As(err, &me) || me.Code != EINVALID || me.Fields[0].Field != tc.errField {
					t.Fatalf("want invalid %s, got %v", tc.errField, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if ev.Total.String() != tc.total || ev.Qualified != tc.qualified {
				t.Fatalf("total %s qualified %v, want %s %v", ev.Total, ev.Qualified, tc.total, tc.qualified)
			}
		})
	}
}

func TestParseOrderRequest(t *testing.T) {
	today := DateOf(tNow)
	for _, tc := range []struct {
		name, svc, title, due string
		budget                int64
		field                 string
	}{
		{"OK", "SVC-0001", "전환", "2026-03-02", 1, ""},
		{"ErrServiceRequired", "", "전환", "2026-03-09", 1, "service_id"},
		{"ErrTitleRequired", "SVC-0001", "  ", "2026-03-09", 1, "title"},
		{"ErrBudgetZero", "SVC-0001", "t", "2026-03-09", 0, "budget_krw"},
		{"ErrBudgetHuge", "SVC-0001", "t", "2026-03-09", int64(MaxKRW) + 1, "budget_krw"},
		{"ErrDueInPast", "SVC-0001", "t", "2026-03-01", 1, "proposal_due"},
		{"ErrDueMalformed", "SVC-0001", "t", "09/03/2026", 1, "proposal_due"},
		{"ErrDueTooFar", "SVC-0001", "t", "2027-03-03", 1, "proposal_due"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseOrderRequest(tc.svc, tc.title, tc.budget, tc.due, today)
			if tc.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var me *Error
			if !errors.As(err, &me) || me.Fields[0].Field != tc.field {
				t.Fatalf("want field %s, got %v", tc.field, err)
			}
		})
	}
}

func TestOrderTransitions(t *testing.T) {
	yes, no := true, false
	cancel := CancelInput{Reason: "예산"}
	prop := ProposalInput{PriceKRW: 90_000_000, Summary: "제안"}
	qualifying := []ScoreInput{{"a", 90, 100}}
	for _, tc := range []struct {
		name string
		act  func(o *Order) error
		code string
		want OrderStatus
	}{
		{"OK_Proposal", func(o *Order) error { return o.SubmitProposal(tNow, tProvider, prop) }, "", OrderProposalSubmitted},
		{"OK_ProposalWithItsFile", func(o *Order) error {
			with := prop
			with.Documents = []DocumentInput{{Kind: string(DocProposal), Filename: "제안서.pdf", SHA256: sumOf("p"), Size: 10}}
			if err := o.SubmitProposal(tNow, tProvider, with); err != nil {
				return err
			}
			if len(o.Proposal.Documents) != 1 || o.Proposal.Documents[0].Kind != DocProposal || o.Proposal.Documents[0].UploadedBy != tProvider.Sub {
				t.Errorf("the proposal's file: %+v", o.Proposal.Documents)
			}
			// The step says what was submitted, in each language.
			step := o.Steps[len(o.Steps)-1]
			if step.Note != "price 90000000 KRW; files: 제안서.pdf" || step.NoteText.In(LangKO) != "제안가격 90,000,000원; 첨부: 제안서.pdf" {
				t.Errorf("the proposal's step: %q / %q", step.Note, step.NoteText.In(LangKO))
			}
			return nil
		}, "", OrderProposalSubmitted},
		{"ErrProposalFileOfAnApplication", func(o *Order) error {
			with := prop
			with.Documents = []DocumentInput{{Kind: string(DocCorporateRegistry), Filename: "등기.pdf", SHA256: sumOf("r"), Size: 10}}
			return o.SubmitProposal(tNow, tProvider, with)
		}, EINVALID, OrderProposalRequested},
		{"ErrProposalByAgency", func(o *Order) error { return o.SubmitProposal(tNow, tAgency, prop) }, EFORBIDDEN, OrderProposalRequested},
		{"ErrProposalOtherProvider", func(o *Order) error {
			return o.SubmitProposal(tNow, Actor{Role: RoleProvider, Org: "PV-0002"}, prop)
		}, ENOTFOUND, OrderProposalRequested},
		{"ErrProposalLate", func(o *Order) error {
			return o.SubmitProposal(o.ProposalDeadline, tProvider, prop)
		}, ECONFLICT, OrderProposalRequested},
		{"ErrEvaluateBeforeProposal", func(o *Order) error { return o.Evaluate(tNow, tAgency, qualifying) }, ECONFLICT, OrderProposalRequested},
		{"OK_Negotiating", func(o *Order) error {
			_ = o.SubmitProposal(tNow, tProvider, prop)
			return o.Evaluate(tNow, tAgency, qualifying)
		}, "", OrderNegotiating},
		{"OK_Agreed", func(o *Order) error {
			_ = o.SubmitProposal(tNow, tProvider, prop)
			_ = o.Evaluate(tNow, tAgency, qualifying)
			return o.Negotiate(tNow, tAgency, NegotiationInput{Agreed: &yes, FinalPriceKRW: 88_000_000, Terms: "SLA"})
		}, "", OrderDeliveryRequested},
		{"OK_Failed", func(o *Order) error {
			_ = o.SubmitProposal(tNow, tProvider, prop)
			_ = o.Evaluate(tNow, tAgency, qualifying)
			return o.Negotiate(tNow, tAgency, NegotiationInput{Agreed: &no, Reason: "결렬"})
		}, "", OrderLapsed},
		{"ErrAgreedWithoutPrice", func(o *Order) error {
			_ = o.SubmitProposal(tNow, tProvider, prop)
			_ = o.Evaluate(tNow, tAgency, qualifying)
			return o.Negotiate(tNow, tAgency, NegotiationInput{Agreed: &yes, Terms: "t"})
		}, EINVALID, OrderNegotiating},
		{"ErrNegotiateAtDeadline", func(o *Order) error {
			_ = o.SubmitProposal(tNow, tProvider, prop)
			_ = o.Evaluate(tNow, tAgency, qualifying)
			return o.Negotiate(tNow.AddDate(0, 0, 10), tAgency, NegotiationInput{Agreed: &yes, FinalPriceKRW: 1, Terms: "t"})
		}, ECONFLICT, OrderNegotiating},
		{"ErrAgreedMissing", func(o *Order) error {
			_ = o.SubmitProposal(tNow, tProvider, prop)
			_ = o.Evaluate(tNow, tAgency, qualifying)
			return o.Negotiate(tNow, tAgency, NegotiationInput{})
		}, EINVALID, OrderNegotiating},
		{"OK_Cancel", func(o *Order) error { return o.Cancel(tNow, tAgency, cancel) }, "", OrderCancelled},
		{"ErrCancelTwice", func(o *Order) error {
			_ = o.Cancel(tNow, tAgency, cancel)
			return o.Cancel(tNow, tAgency, cancel)
		}, ECONFLICT, OrderCancelled},
		{"ErrCancelAfterDelivery", func(o *Order) error {
			_ = o.SubmitProposal(tNow, tProvider, prop)
			_ = o.Evaluate(tNow, tAgency, qualifying)
			_ = o.Negotiate(tNow, tAgency, NegotiationInput{Agreed: &yes, FinalPriceKRW: 1, Terms: "t"})
			return o.Cancel(tNow, tAgency, cancel)
		}, ECONFLICT, OrderDeliveryRequested},
		{"ErrCancelNoReason", func(o *Order) error { return o.Cancel(tNow, tAgency, CancelInput{}) }, EINVALID, OrderProposalRequested},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := newTestOrder(t)
			err := tc.act(o)
			if code(err) != tc.code {
				t.Fatalf("error %v, want code %q", err, tc.code)
			}
			if o.Status != tc.want {
				t.Fatalf("status %s, want %s", o.Status, tc.want)
			}
		})
	}
}

func TestConflictNamesCurrentState(t *testing.T) {
	o := newTestOrder(t)
	_ = o.Cancel(tNow, tAgency, CancelInput{Reason: "x"})
	err := o.Cancel(tNow, tAgency, CancelInput{Reason: "x"})
	if want := "cannot cancel: the case is cancelled"; ErrorMessage(err) != want {
		t.Fatalf("%q, want %q", ErrorMessage(err), want)
	}
}

func TestRuleTable(t *testing.T) {
	for _, r := range RuleTable() {
		if r.Source == "" || r.EffectiveFrom.IsZero() || r.Value == "" {
			t.Errorf("rule %s is incomplete", r.Key)
		}
	}
	for _, k := range []RuleKey{RuleQualifyingScore, RuleNegotiationDays, RuleDirectContractDays, RuleUnfitNoticeDays,
		RuleQualityAfterYears, RuleNewCompanyExemptYears, RuleCSAPValidYears, RuleCommitteeMaxMembers} {
		_ = RuleInt(k, tNow) // panics on a malformed entry
	}
	if RuleInt(RuleQualifyingScore, tNow) != 85 || RuleInt(RuleNegotiationDays, tNow) != 10 {
		t.Fatal("85 points and 10 days")
	}
	if _, err := RuleAt(RuleQualifyingScore, time.Date(2019, 1, 1, 0, 0, 0, 0, Seoul)); err == nil {
		t.Fatal("no rule before the system started")
	}
}

func TestRuleAtPicksLatestEffective(t *testing.T) {
	saved := Rules
	t.Cleanup(func() { Rules = saved })
	Rules = append(append([]Rule(nil), saved...),
		Rule{Key: RuleQualifyingScore, Value: "80", Unit: "points", Source: "hypothetical amendment", EffectiveFrom: seoulDate(2027, 1, 1)})
	if RuleInt(RuleQualifyingScore, seoulDate(2026, 12, 31)) != 85 {
		t.Fatal("old rule before the amendment")
	}
	if RuleInt(RuleQualifyingScore, seoulDate(2027, 1, 1)) != 80 {
		t.Fatal("new rule from its effective date")
	}
}

func TestDates(t *testing.T) {
	d, _ := ParseDate("2026-03-09")
	if got := d.EndOfDay(); !got.Equal(time.Date(2026, 3, 9, 15, 0, 0, 0, time.UTC)) {
		t.Fatalf("end of 2026-03-09 Seoul is 15:00 UTC, got %s", got.UTC())
	}
	late := time.Date(2026, 3, 9, 16, 0, 0, 0, time.UTC) // 01:00 on the 10th in Seoul
	if DateOf(late).String() != "2026-03-10" {
		t.Fatal("DateOf uses Seoul")
	}
	if AddCalendarDays(tNow, 10) != time.Date(2026, 3, 12, 10, 0, 0, 0, Seoul) {
		t.Fatal("10 calendar days")
	}
}

func TestDateJSON(t *testing.T) {
	type doc struct {
		D Date  `json:"d"`
		P *Date `json:"p"`
	}
	for in, want := range map[string]string{
		`{"d":"2026-03-09","p":null}`:                   "2026-03-09",
		`{"d":"2026-03-09T00:00:00+09:00","p":null}`:    "2026-03-09",
		`{"d":"2026-03-08T15:30:00Z","p":"2026-01-01"}`: "2026-03-09", // 00:30 in Seoul
	} {
		var d doc
		if err := json.Unmarshal([]byte(in), &d); err != nil || d.D.String() != want {
			t.Errorf("%s: %v %v", in, d.D, err)
		}
	}
	var bad doc
	if err := json.Unmarshal([]byte(`{"d":"09/03/2026"}`), &bad); err == nil {
		t.Error("malformed date accepted")
	}
	d, _ := ParseDate("2026-03-09")
	p, _ := ParseDate("2026-01-01")
	out, _ := json.Marshal(doc{D: d, P: &p})
	if string(out) != `{"d":"2026-03-09","p":"2026-01-01"}` {
		t.Errorf("marshal: %s", out)
	}
	if out, _ := json.Marshal(doc{D: d}); string(out) != `{"d":"2026-03-09","p":null}` {
		t.Errorf("marshal without p: %s", out)
	}
}

// TestStopServiceRemoved_ReadsTheFindingInEachLanguage: an order stopped because an
// inspection found its service unfit reads the finding in its reader's language, and the
// REST API the same English as before; a reason the operator typed reads as typed.
func TestStopServiceRemoved_ReadsTheFindingInEachLanguage(t *testing.T) {
	why := Msg("inspection.csap_expired", "on", "2026-03-01")
	o := newTestOrder(t)
	if !o.StopServiceRemoved(tNow.Add(time.Hour), why.English(), why) {
		t.Fatal("an order in flight was not stopped")
	}
	last := o.Steps[len(o.Steps)-1]
	if want := "service removed from the catalog: " + why.English(); last.Note != want {
		t.Fatalf("note %q, want %q", last.Note, want)
	}
	if got, want := last.NoteText.In(LangKO), "서비스가 카탈로그에서 삭제됨: CSAP 인증 만료 (2026-03-01부터)"; got != want {
		t.Fatalf("Korean note %q, want %q", got, want)
	}
	typed := newTestOrder(t)
	typed.StopServiceRemoved(tNow.Add(time.Hour), "운영기관 직권 제외", nil)
	if got := typed.Steps[len(typed.Steps)-1].NoteText.In(LangKO); got != "서비스가 카탈로그에서 삭제됨: 운영기관 직권 제외" {
		t.Fatalf("typed reason reads %q", got)
	}
}

package web

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/models"
)

// TestKoreanDomainTexts: a reason the domain decided reads in the visitor's language on
// a page, while the English string stays what the REST contract carries; a step recorded
// before its note was keyed shows its English note.
func TestKoreanDomainTexts(t *testing.T) {
	catalogLoaded(t)
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, models.Seoul)
	o := &models.Order{Status: models.OrderProposalSubmitted, AgencyOrg: "ORG-A"}
	err := o.Evaluate(now, models.Actor{Sub: "kim", Role: models.RoleAgency, Org: "ORG-A"},
		[]models.ScoreInput{{Criterion: "기술", Score: 78, Max: 100}})
	if err != nil {
		t.Fatal(err)
	}
	old := models.Step{At: now, Actor: models.SystemActor, Action: models.ActionProposalLapsed, Note: "no proposal by the due date 2026-03-01"}
	ps, err := parsePages()
	if err != nil {
		t.Fatal(err)
	}
	steps := func(lang string) string {
		var buf strings.Builder
		p := page{Lang: lang}
		if err := ps.sets["case"].ExecuteTemplate(&buf, "steps", partialArgs{P: p, V: append(o.Steps, old)}); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	ko, en := steps(langKO), steps(langEN)
	for _, tc := range []struct {
		name, body, want string
		has              bool
	}{
		{"KoreanReason", ko, "85점 미만: 총점 78점", true},
		{"NoEnglishReasonInKorean", ko, "is below 85 points", false},
		{"EnglishReason", en, "total 78 is below 85 points", true},
		{"OldStepKeepsItsNote", ko, "no proposal by the due date 2026-03-01", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if strings.Contains(tc.body, tc.want) != tc.has {
				t.Errorf("page has %q: %v, want %v\n%s", tc.want, !tc.has, tc.has, tc.body)
			}
		})
	}
	if got := (page{Lang: langKO}).Reason(o.Steps, o.Reason); got != "85점 미만: 총점 78점" {
		t.Errorf("the order's reason in Korean is %q", got)
	}
	if got := (page{Lang: langKO}).Reason(nil, o.Reason); got != o.Reason {
		t.Errorf("a reason without a keyed step is %q, want the English %q", got, o.Reason)
	}
	// A refusal names the action and the state in the visitor's language, the state from
	// the UI's labels.
	conflict := models.Conflict("evaluate the proposal", models.OrderNegotiating)
	if got, want := say(langKO, conflict.Text, conflict.Message), "제안서를 평가할 수 없습니다: 현재 상태는 협상 중입니다"; got != want {
		t.Errorf("conflict in Korean: %q, want %q", got, want)
	}
	// A refused field says why in the visitor's language on the error page.
	var fe models.Fields
	fe.AddText("experts", models.Msg("invalid.max_experts", "max", "10"))
	var buf bytes.Buffer
	if err := ps.render(&buf, "error", page{Lang: langKO, Title: "오류",
		Data: errorView{Status: 422, Code: models.EINVALID, Fields: fe}}); err != nil {
		t.Fatal(err)
	}
	if body := buf.String(); !strings.Contains(body, "검토위원은 최대 10명입니다") || strings.Contains(body, "at most 10 experts") {
		t.Errorf("the error page does not say the field's reason in Korean:\n%s", body)
	}
	// Numbers of the rule table reach the UI's texts as arguments.
	if got := (page{Lang: langKO}).TR("h.evaluation", "score", "85"); got != "제안 평가 (85점 이상 협상대상자)" {
		t.Errorf("h.evaluation: %q", got)
	}
	for _, k := range []string{"h.evaluation", "h.negotiation", "msg.change", "msg.contract.due", "msg.contracts", "msg.notices"} {
		for i, lang := range catalogLangs {
			if m := messages[k][i]; strings.ContainsAny(m, "0123456789") {
				t.Errorf("%s text of %q writes a number of the rule table: %q", lang, k, m)
			}
		}
	}
}

// A refused form shows each field's reason beside the field in the visitor's language, and
// a field error that is not keyed yet in its English text.
func TestFormFieldErrorsInTheVisitorsLanguage(t *testing.T) {
	var fe models.Fields
	fe.AddText("experts", models.Msg("invalid.max_experts", "max", "10"))
	fe.Add("note", "must be at most 2000 characters")
	refused := &form{Errors: fe}
	for lang, want := range map[string]string{langKO: "검토위원은 최대 10명입니다", langEN: "at most 10 experts"} {
		f := page{Lang: lang, Form: refused}.Only("assign", "assign", "").Form
		if got := f.Err("experts"); !strings.Contains(got, want) {
			t.Errorf("%s: Err(experts) = %q, want it to say %q", lang, got, want)
		}
		if got := f.Err("note"); got != "must be at most 2000 characters" {
			t.Errorf("%s: Err(note) = %q", lang, got)
		}
	}
}

// A page writes amounts with digit groups and times in Seoul to the minute; the REST note
// keeps the text it always had.
func TestDomainTextArgumentsAsAPageShowsThem(t *testing.T) {
	qualified := models.Msg("order.qualified", "total", "88", "threshold", "85", "deadline", "2026-12-13T02:03:31+09:00")
	if got, want := say(langKO, qualified, ""), "총점 88점, 85점 이상: 2026-12-13 02:03까지 협상"; got != want {
		t.Errorf("order.qualified: %q, want %q", got, want)
	}
	if got, want := say(langKO, models.Msg("order.price", "price", "110000000"), ""), "제안가격 110,000,000원"; got != want {
		t.Errorf("order.price: %q, want %q", got, want)
	}
	if got, want := models.Msg("order.price", "price", "110000000").English(), "price 110000000 KRW"; got != want {
		t.Errorf("the REST note changed: %q, want %q", got, want)
	}
	// An English page groups an amount as the Korean one does; a bound too.
	amount := models.Msg("contract.value_amount", "amount", "48000000")
	if got, want := say(langEN, amount, ""), "amount 48,000,000 KRW"; got != want {
		t.Errorf("contract.value_amount: %q, want %q", got, want)
	}
	if got := say(langKO, amount, ""); !strings.Contains(got, "48,000,000원") {
		t.Errorf("contract.value_amount in Korean: %q", got)
	}
	if got, want := say(langEN, models.Msg("invalid.krw_max", "max", "100000000000"), ""), "must be at most 100,000,000,000 KRW"; got != want {
		t.Errorf("invalid.krw_max: %q, want %q", got, want)
	}
	if got, want := amount.English(), "amount 48000000 KRW"; got != want {
		t.Errorf("the REST note changed: %q, want %q", got, want)
	}
}

// A change's path names the criteria it touches by their labels on a page, by their codes
// in the REST note.
func TestChangeCriteriaAsAPageShowsThem(t *testing.T) {
	catalogLoaded(t)
	note := models.Msg("change.needs_rereview", "criteria", "chcrit.csap,chcrit.provider_identity")
	if got, want := say(langKO, note, ""), "선정 기준(CSAP 인증, 제공기업 정보)에 해당하는 변경: 재심사"; got != want {
		t.Errorf("Korean page %q, want %q", got, want)
	}
	if got, want := say(langEN, note, ""), "touches selection criteria (CSAP certificate, provider identity): re-review"; got != want {
		t.Errorf("English page %q, want %q", got, want)
	}
	if got, want := note.English(), "touches selection criteria (csap, provider_identity): re-review"; got != want {
		t.Errorf("the REST note changed: %q, want %q", got, want)
	}
}

package models

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
)

// usedKeys are the keys the domain's code names: every Msg("key", …) and every
// "namespace."+value it builds, with the values that namespace takes.
func usedKeys(t *testing.T) map[string]string {
	t.Helper()
	// The app layer refuses with the domain's texts too (a case not found, a conflict it
	// finds before any workflow is asked).
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	appFiles, err := filepath.Glob(filepath.Join("..", "app", "*.go"))
	if err != nil || len(appFiles) == 0 {
		t.Fatalf("no app files next to models: %v", err)
	}
	files = append(files, appFiles...)
	// The API and the store answer with them too (a malformed body, a service not found), in
	// the caller's language; there Msg("key", …) and Nested("key", …) name one, and so does
	// the last argument of a query filter's oneOf or statusIn.
	var edgeFiles []string
	for _, dir := range []string{"api", "store"} {
		more, err := filepath.Glob(filepath.Join("..", dir, "*.go"))
		if err != nil || len(more) == 0 {
			t.Fatalf("no %s files next to models: %v", dir, err)
		}
		edgeFiles = append(edgeFiles, more...)
	}
	// Msg("key", …), Nested("key", …) or refusal("key", …), key = "key" where the code picks one of several,
	// key: "key" in a struct literal that carries one, or the key of an enum's refusal as
	// oneOf's last argument; a case kind's nounKey and pluralKey.
	msg := regexp.MustCompile(`(?:Msg\(|Nested\(|refusal\(|key :?= |key: |nounKey(?::| :=) +|pluralKey: +|oneOf\(.*, )"([a-z_.]*[a-z_])"`)
	edgeMsg := regexp.MustCompile(`(?:Msg\(|Nested\()"([a-z_.]*[a-z_])"|(?:oneOf\(|statusIn\[).*, "([a-z_.]*[a-z_])"\)`)
	keys := map[string]string{}
	for _, f := range append(files, edgeFiles...) {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		pattern := msg
		if slices.Contains(edgeFiles, f) {
			pattern = edgeMsg
		}
		for _, m := range pattern.FindAllStringSubmatch(string(b), -1) {
			for _, key := range m[1:] {
				if key != "" {
					keys[key] = f
				}
			}
		}
	}
	if len(keys) < 15 {
		t.Fatalf("only %d keys found: the pattern no longer matches the code", len(keys))
	}
	keys["committee.count"] = "committee.go"
	for _, s := range orderNewsStatuses {
		keys["notify.order_"+string(s)+".subject"] = "order_news.go"
	}
	for _, kind := range []string{"number", "string", "bool", "array", "object"} {
		keys["json."+kind] = "api/decode.go" // jsonKind's answers
	}
	for _, b := range []BusinessStatus{BusinessActive, BusinessSuspended, BusinessClosed, BusinessBankrupt, BusinessRehabilitationApproved} {
		keys["business."+string(b)] = "application.go"
	}
	for _, k := range []RelationKind{RelationSelf, RelationSpouse, RelationEmployment, RelationWork} {
		keys["relation_kind."+string(k)] = "record_notice.go" // RelationDeclaredNotices' {@kind}
	}
	for _, from := range []RereviewFrom{RereviewFromQuality, RereviewFromInspection, RereviewFromChange} {
		keys["rereview.from."+string(from)] = "application_rereview.go"
	}
	for _, o := range []QualityOutcome{QualityOutcomeFit, QualityOutcomeRemediate, QualityOutcomeRereview, QualityOutcomeUnfit} {
		keys[outcomeKey(o)] = "quality_state.go"
	}
	for _, action := range []string{"assign experts", "cancel", "check the documents", "decide the change request",
		"evaluate the proposal", "pre-review the quality report", "record a negotiation", "record an inspection",
		"register a change", "report a site visit", "retry the registration", "submit a proposal", "submit a review",
		"submit the quality report", "supplement documents", "vote", "withdraw", "close the session", "write the review report",
		"report the remediation"} {
		keys["do."+strings.ReplaceAll(action, " ", "_")] = "errors.go"
	}
	return keys
}

// TestDomainCatalogHasEveryKey: every key the domain uses has a Korean and an English text
// with the same placeholders, and the catalog holds no key nobody uses.
func TestDomainCatalogHasEveryKey(t *testing.T) {
	if err := CatalogErr(); err != nil {
		t.Fatalf("the domain's catalog does not load: %v", err)
	}
	used := usedKeys(t)
	for key, file := range used {
		m, ok := domainMessages[key]
		if !ok {
			t.Errorf("key %q (used in %s) is not in models/messages", key, file)
			continue
		}
		for i, lang := range CatalogLangs {
			if strings.TrimSpace(m[i]) == "" {
				t.Errorf("key %q has no %s text", key, lang)
			}
		}
		ko, en := placeholders(m[0]), placeholders(m[1])
		if !slices.Equal(ko, en) {
			t.Errorf("key %q: the Korean text has the placeholders %v, the English %v", key, ko, en)
		}
	}
	for _, key := range DomainKeys() {
		if _, ok := used[key]; !ok {
			t.Errorf("key %q of models/messages is used by no code", key)
		}
	}
	// The pattern finds a key the code names, and would miss it in the catalog.
	if _, ok := used["order.below_threshold"]; !ok {
		t.Error("the key of an order below the qualifying score was not found in the code")
	}
}

// placeholders are the arguments a text names; how it writes one (a plain value, {#n} with
// thousands separators) is the language's choice.
func placeholders(s string) []string {
	var out []string
	for _, m := range placeholder.FindAllString(s, -1) {
		m = strings.Replace(m, "{#", "{", 1)
		if !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	slices.Sort(out)
	return out
}

// TestDomainTextsHaveNoDigits: no domain text writes a number; the numbers of the rule
// table (85 points, 10 days, 3 years) come in as arguments, so a changed rule changes the
// sentences with it.
func TestDomainTextsHaveNoDigits(t *testing.T) {
	for key, m := range domainMessages {
		for i, lang := range CatalogLangs {
			if strings.ContainsFunc(m[i], unicode.IsDigit) {
				t.Errorf("%s text of %q writes a number: %q", lang, key, m[i])
			}
		}
	}
}

// TestKoreanReasons: the reasons the domain decides read in Korean from the same state
// whose English string the REST contract carries.
func TestKoreanReasons(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, Seoul)
	o := &Order{Status: OrderProposalSubmitted, AgencyOrg: "ORG-A"}
	agency := Actor{Sub: "kim", Role: RoleAgency, Org: "ORG-A"}
	if err := o.Evaluate(now, agency, []ScoreInput{{Criterion: "기술", Score: 78, Max: 100}}); err != nil {
		t.Fatal(err)
	}
	last := o.Steps[len(o.Steps)-1]
	for _, tc := range []struct{ name, got, want string }{
		{"OrderEnglish", o.Reason, "total 78 is below 85 points"},
		{"StepEnglish", last.Note, o.Reason},
		{"StepKorean", last.NoteText.In(LangKO), "85점 미만: 총점 78점"},
		{"EligibilityKorean", eligibilityText(Applicant{CreditRating: "A0", BusinessStatus: BusinessClosed}, DateOf(now)).In(LangKO),
			"사업 상태가 폐업이며 승인된 회생계획이 없음 (휴업·폐업·부도)"},
		{"EligibilityEnglish", CheckEligibility(Applicant{CreditRating: "A0", BusinessStatus: BusinessClosed}, DateOf(now)).Reason,
			"business status is closed (휴업·폐업·부도) without an approved rehabilitation plan"},
		{"DecisionKorean", DecisionText(DecideCommittee("CS-1", 5, []CommitteeVote{
			{SessionID: "CS-1", Member: "a", Vote: VoteSelect}, {SessionID: "CS-1", Member: "b", Vote: VoteSelect},
			{SessionID: "CS-1", Member: "c", Vote: VoteSelect}}, now)).In(LangKO),
			"출석위원 과반수 찬성으로 선정; 위원 5명 중 3명 출석 (제척 0명): 선정 3, 미선정 0, 보류 0"},
		{"ConflictKorean", Conflict("vote", OrderNegotiating).Text.In(LangKO), "의결할 수 없습니다: 현재 상태는 negotiating입니다"},
		{"ConflictEnglish", Conflict("vote", OrderNegotiating).Message, "cannot vote: the case is negotiating"},
		{"ConflictUnkeyed", Conflict("complete task T-1", OrderNegotiating).Message, "cannot complete task T-1: the case is negotiating"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("got %q, want %q", tc.got, tc.want)
			}
		})
	}
	if Conflict("complete task T-1", OrderNegotiating).Text != nil {
		t.Error("an action the catalog does not name was keyed")
	}
}

func eligibilityText(p Applicant, on Date) *Text {
	_, why := checkEligibility(p, on)
	return why
}

// TestTextFormat: placeholders, sub-sentences and the fallbacks of a text.
func TestTextFormat(t *testing.T) {
	more := func(lang, key string) (string, bool) {
		if key == "status.negotiating" && lang == LangKO {
			return "협상 중", true
		}
		return "", false
	}
	for _, tc := range []struct{ name, got, want string }{
		{"OK_LabelFromMore", Msg("order.not_orderable", "status", "status.negotiating").Format(LangKO, more),
			"서비스가 협상 중 상태여서 주문할 수 없음"},
		{"OK_LabelNobodyKnows", Msg("order.not_orderable", "status", "svcstatus.suspended").In(LangEN),
			"service is suspended and cannot be ordered"},
		{"OK_MissingKeyShowsItself", Msg("no.such.key").In(LangKO), "no.such.key"},
		{"OK_MissingArgStays", Msg("order.price").In(LangEN), "price {price} KRW"},
		{"OK_Nil", (*Text)(nil).In(LangKO), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("got %q, want %q", tc.got, tc.want)
			}
		})
	}
}

// TestGroupedAmounts: {#n} writes a whole amount with thousands separators, and leaves
// anything that is not one as it came.
func TestGroupedAmounts(t *testing.T) {
	for in, want := range map[string]string{"0": "0", "999": "999", "1000": "1,000", "48000000": "48,000,000",
		"-1234567": "-1,234,567", "10000000000": "10,000,000,000", "": "", "-": "-", "12a": "12a", "1,000": "1,000"} {
		if got := grouped(in); got != want {
			t.Errorf("grouped(%q) = %q, want %q", in, got, want)
		}
	}
	if ko := Msg("order.price", "price", "110000000").In(LangKO); ko != "제안가격 110,000,000원" {
		t.Errorf("Korean %q", ko)
	}
	if en := Msg("order.price", "price", "110000000").English(); en != "price 110000000 KRW" {
		t.Errorf("English %q: the REST note stays as it always was", en)
	}
}

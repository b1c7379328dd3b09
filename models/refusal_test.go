package models

import (
	"errors"
	"testing"
)

// TestRefusalReadsInEveryLanguage: a value parser's refusal keeps the English of the REST
// contract as its Error, and a field error made from it reads in Korean on a page; an error
// that is not a refusal stays as it was.
func TestRefusalReadsInEveryLanguage(t *testing.T) {
	_, err := ParseDate("2026-13-01")
	if err == nil || err.Error() != "must be a date YYYY-MM-DD" {
		t.Fatalf("ParseDate: %v", err)
	}
	_, err2 := ParseServiceType("saas")
	var fe Fields
	fe.AddErr("proposal_due", err)
	fe.AddErr("type", err2)
	fe.AddErr("other", errors.New("plain words"))
	want := []struct{ field, en, ko string }{
		{"proposal_due", "must be a date YYYY-MM-DD", "YYYY-MM-DD 형식의 날짜여야 합니다"},
		{"type", "must be one of cloud, support, convergence", "cloud(클라우드컴퓨팅), support(지원서비스), convergence(융합서비스) 중 하나여야 합니다"},
	}
	if len(fe) != 3 {
		t.Fatalf("got %d field errors", len(fe))
	}
	for i, w := range want {
		if fe[i].Field != w.field || fe[i].Message != w.en || fe[i].Text.In(LangKO) != w.ko {
			t.Errorf("field error %d: %+v (ko %q), want %+v", i, fe[i], fe[i].Text.In(LangKO), w)
		}
	}
	if fe[2].Message != "plain words" || fe[2].Text != nil {
		t.Errorf("a plain error became %+v", fe[2])
	}
}

// TestRuleValueRefusalsReadInEveryLanguage: the rule table's type checks keep the English
// the what-if and the rules API gave, and a Korean page reads them in Korean.
func TestRuleValueRefusalsReadInEveryLanguage(t *testing.T) {
	_, cadence := ParseCommitteeCadence("weekly")
	_, yearly := ParseCycleCalendar("02-29 09:00")
	for _, c := range []struct {
		err    error
		en, ko string
	}{
		{CheckRuleValue(RuleTypeInteger, "010"), `"010" is not a whole number of 0 or more`, `"010"은(는) 0 이상의 정수가 아닙니다`},
		{CheckRuleValue(RuleTypeGrade, "Z"), `"Z" is not a grade of the credit scale (AAA … D, as in B-)`, `"Z"은(는) 신용등급 척도(AAA … D, 예: B-)의 등급이 아닙니다`},
		{CheckRuleValue(RuleTypeFraction, "3/2"), `"3/2" is not a fraction n/d with 0 ≤ n ≤ d and d > 0`, `"3/2"은(는) 0 ≤ n ≤ d, d > 0인 분수 n/d가 아닙니다`},
		{CheckRuleValue(RuleTypeCalendar, "03-02 9:00"), `"03-02 9:00" is not written MM-DD hh:mm (03-02 09:00)`, `"03-02 9:00"은(는) MM-DD hh:mm 형식으로 쓰여 있지 않습니다(03-02 09:00)`},
		{CheckRuleValue(RuleTypeCalendar, "March"), `"March" is not MM-DD hh:mm`, `"March"은(는) MM-DD hh:mm 형식이 아닙니다`},
		{CheckRuleValue("money", "1"), `type "money" is not one of integer, grade, fraction, cadence, calendar`, `유형 "money"은(는) integer, grade, fraction, cadence, calendar 중 하나가 아닙니다`},
		{cadence, `committee cadence "weekly" is not one the system can follow ([monthly])`, `심사위원회 주기 "weekly"은(는) 시스템이 따를 수 있는 주기가 아닙니다([monthly])`},
		{yearly, `"02-29 09:00" does not occur every year`, `"02-29 09:00"은(는) 매년 있는 날짜가 아닙니다`},
	} {
		var fe Fields
		fe.AddErr("value", c.err)
		if len(fe) != 1 || fe[0].Message != c.en || fe[0].Text.In(LangKO) != c.ko {
			t.Errorf("%v: got %+v (ko %q), want %q / %q", c.err, fe, fe[0].Text.In(LangKO), c.en, c.ko)
		}
	}
}

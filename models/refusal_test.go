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

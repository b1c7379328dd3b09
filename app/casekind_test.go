package app

import (
	"errors"
	"testing"

	"github.com/dsmarket/dsmarket/models"
)

// TestCaseKindRefusalsNameTheKindInEveryLanguage: the REST contract keeps its English
// ("this role does not see change requests"), and a Korean page names the kind in Korean
// rather than in the English plural.
func TestCaseKindRefusalsNameTheKindInEveryLanguage(t *testing.T) {
	_, _, err := changeCase.listScope(models.Actor{Role: models.RoleAgency, Org: "ORG-A"})
	var e *models.Error
	if !errors.As(err, &e) || e.Code != models.EFORBIDDEN {
		t.Fatalf("an agency listing change requests: %v", err)
	}
	if e.Message != "this role does not see change requests" {
		t.Errorf("English: %q", e.Message)
	}
	if got := e.Text.In(models.LangKO); got != "이 역할은 정보 변경 요청을(를) 조회할 수 없습니다" {
		t.Errorf("Korean: %q", got)
	}
	for _, k := range []struct{ noun, nounKey, pluralKey string }{
		{applicationCase.noun, applicationCase.nounKey, applicationCase.pluralKey},
		{orderCase.noun, orderCase.nounKey, orderCase.pluralKey},
		{sessionCase.noun, sessionCase.nounKey, sessionCase.pluralKey},
		{contractCase.noun, contractCase.nounKey, contractCase.pluralKey},
		{changeCase.noun, changeCase.nounKey, changeCase.pluralKey},
		{qualityCase.noun, qualityCase.nounKey, qualityCase.pluralKey},
	} {
		unreadable := models.Msg("error.case_unreadable_now", "noun", k.nounKey)
		if want := "the " + k.noun + " cannot be read right now; try again shortly"; unreadable.English() != want {
			t.Errorf("%s: English %q, want %q", k.noun, unreadable.English(), want)
		}
		if models.Msg("error.role_does_not_see", "cases", k.pluralKey).English() != "this role does not see "+k.noun+"s" {
			t.Errorf("%s: the plural reads %q", k.noun, models.Msg("error.role_does_not_see", "cases", k.pluralKey).English())
		}
	}
}

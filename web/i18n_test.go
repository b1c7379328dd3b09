package web

import (
	"strings"
	"testing"

	"github.com/dsmarket/dsmarket/models"
)

// catalogLoaded stops a test of the catalog's contents when the files did not load, whose
// error says why better than hundreds of missing keys would.
func catalogLoaded(t *testing.T) {
	t.Helper()
	if messagesErr != nil {
		t.Fatalf("the catalog does not load: %v", messagesErr)
	}
}

// TestCatalogNoEmptyMessage: no text of the catalog is empty or padded.
func TestCatalogNoEmptyMessage(t *testing.T) {
	catalogLoaded(t)
	for k, m := range messages {
		for i, lang := range []string{langKO, langEN} {
			if strings.TrimSpace(m[i]) == "" {
				t.Errorf("%s has an empty %s text", k, lang)
			} else if strings.TrimSpace(m[i]) != m[i] {
				t.Errorf("%s: the %s text %q has spaces around it", k, lang, m[i])
			}
		}
	}
}

// TestCatalogNamesEveryPriceUnit: each unit of the catalog reads in both languages (a
// page writes an unknown unit as it is, so a missing text would not show as a bare key).
func TestCatalogNamesEveryPriceUnit(t *testing.T) {
	catalogLoaded(t)
	for _, u := range models.PriceUnits {
		if _, ok := messages["priceunit."+u]; !ok {
			t.Errorf("the unit %q has no priceunit.%s text", u, u)
		}
	}
}

// TestCatalogTranslate: the lookups the pages make, including their fallbacks.
func TestCatalogTranslate(t *testing.T) {
	for _, tc := range []struct {
		name, got, want string
	}{
		{"OK_Korean", translate(langKO, "nav.inbox"), "받은 작업함"},
		{"OK_English", translate(langEN, "nav.inbox"), "Inbox"},
		{"OK_UnknownLanguageIsKorean", translate("fr", "nav.inbox"), "받은 작업함"},
		{"OK_MissingKeyShowsItself", translate(langEN, "no.such.key"), "no.such.key"},
		{"OK_Label", label(langEN, "status", string(models.OrderNegotiating)), "Negotiating"},
		{"OK_LabelUnknownValue", label(langKO, "status", "some_new_status"), "some new status"},
		{"OK_PageL", page{Lang: langKO}.L("kind", models.TaskSiteVisit), "현장실사·기업면담"},
		{"OK_PriceUnitKorean", page{Lang: langKO}.PriceUnit("user-month"), "사용자·월"},
		{"OK_PriceUnitEnglish", page{Lang: langEN}.PriceUnit("1,000 API calls"), "1,000 API calls"},
		{"OK_PriceUnitTypedIsKeptAsTyped", page{Lang: langEN}.PriceUnit("식"), "식"},
		{"OK_UnitCodeFromKorean", unitCode(" 인스턴스·월 "), "instance-month"},
		{"OK_UnitCodeFromEnglish", unitCode("vcpu-MONTH"), "vCPU-month"},
		{"OK_UnitCodeOtherIsKept", unitCode("식"), "식"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("got %q, want %q", tc.got, tc.want)
			}
		})
	}
}

// TestLabelsForTheEmails: the e-mails name a status as the pages do (cmd/dsmarket hands
// Labels to the sender).
func TestLabelsForTheEmails(t *testing.T) {
	catalogLoaded(t)
	for _, c := range []struct{ lang, key, want string }{
		{"ko", "svcstatus.suspended", "정지"}, {"ko", "status.withdrawn", "철회"}, {"en", "status.withdrawn", translate("en", "status.withdrawn")},
	} {
		if got, ok := Labels(c.lang, c.key); !ok || got != c.want {
			t.Errorf("Labels(%s, %s) = %q, %v; want %q", c.lang, c.key, got, ok, c.want)
		}
	}
	if _, ok := Labels("ko", "no.such.label"); ok {
		t.Error("an unknown label was found")
	}
}

package store

import (
	"strings"
	"testing"

	"github.com/dsmarket/dsmarket/models"
)

// The files of seeddata/ are checked when they are read: a subtype left without features
// or a price sheet shorter than its fixed lines is refused, not drawn from.
func TestSeedDataComplete(t *testing.T) {
	if err := loadSeedData(); err != nil {
		t.Fatalf("the files as built: %v", err)
	}
	features, sheet := seedFeatures[models.SubPaaS], seedPriceSheets[models.SubPaaS]
	t.Cleanup(func() { seedFeatures[models.SubPaaS], seedPriceSheets[models.SubPaaS] = features, sheet })
	seedFeatures[models.SubPaaS] = features[:2]
	if err := seedDataComplete(); err == nil || !strings.Contains(err.Error(), "paas") {
		t.Errorf("two features: %v, want a refusal naming paas", err)
	}
	seedFeatures[models.SubPaaS] = features
	seedPriceSheets[models.SubPaaS] = priceSheet{Always: 3, Lines: sheet.Lines[:2]}
	if err := seedDataComplete(); err == nil || !strings.Contains(err.Error(), "price sheet") {
		t.Errorf("a sheet shorter than its fixed lines: %v, want a refusal", err)
	}
	if err := strictJSON([]byte(`{"itme":"x"}`), &seedPrice{}); err == nil {
		t.Error("a misspelt field was read")
	}
}

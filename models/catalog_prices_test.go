package models

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestParseCatalog(t *testing.T) {
	line := func(item, unit string, price KRW) PriceLine {
		return PriceLine{Item: item, Unit: unit, UnitPriceKRW: price}
	}
	many := func(n int) []PriceLine {
		out := make([]PriceLine, n)
		for i := range out {
			out[i] = line("항목 "+strings.Repeat("가", i+1), "user-month", 1000)
		}
		return out
	}
	manyFeatures := make([]string, MaxFeatures+1)
	for i := range manyFeatures {
		manyFeatures[i] = "기능 " + strings.Repeat("나", i+1)
	}
	for _, c := range []struct {
		name     string
		features []string
		prices   []PriceLine
		field    string // "" when valid
	}{
		{"Empty", nil, nil, ""},
		{"Valid", []string{"가용성 99.95% SLA"}, []PriceLine{line("가상서버 vCPU", "vCPU-month", 32000), line("트래픽", "GB", 0)}, ""},
		{"FreeTextUnit", nil, []PriceLine{line("공인 IP", "IP-month", 5000)}, ""},
		{"SameItemOtherUnit", nil, []PriceLine{line("라이선스", "user-month", 9000), line("라이선스", "license-year", 90000)}, ""},
		{"ErrDuplicateLine", nil, []PriceLine{line("라이선스", "user-month", 9000), line(" 라이선스", "User-month", 8000)}, "changes.prices[1].item"},
		{"ErrNegative", nil, []PriceLine{line("a", "GB", 1), line("b", "GB", -1)}, "changes.prices[1].unit_price_krw"},
		{"ErrAboveMax", nil, []PriceLine{line("a", "GB", MaxUnitPriceKRW+1)}, "changes.prices[0].unit_price_krw"},
		{"ErrEmptyItem", nil, []PriceLine{line("  ", "GB", 1)}, "changes.prices[0].item"},
		{"ErrEmptyUnit", nil, []PriceLine{line("a", "", 1)}, "changes.prices[0].unit"},
		{"ErrLongUnit", nil, []PriceLine{line("a", strings.Repeat("u", MaxPriceUnitLen+1), 1)}, "changes.prices[0].unit"},
		{"ErrLongConditions", nil, []PriceLine{{Item: "a", Unit: "GB", Conditions: strings.Repeat("c", MaxConditionsLen+1)}}, "changes.prices[0].conditions"},
		{"ErrTooManyLines", nil, many(MaxPriceLines + 1), "changes.prices"},
		{"ErrEmptyFeature", []string{"a", " "}, nil, "changes.features[1]"},
		{"ErrLongFeature", []string{strings.Repeat("f", MaxFeatureLen+1)}, nil, "changes.features[0]"},
		{"ErrDuplicateFeature", []string{"a", "a "}, nil, "changes.features[1]"},
		{"ErrTooManyFeatures", manyFeatures, nil, "changes.features"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cat, err := ParseCatalog("changes.", c.features, c.prices)
			if c.field == "" {
				require.NoError(t, err)
				require.NotNil(t, cat.Features, "written as a JSON array")
				require.NotNil(t, cat.Prices, "written as a JSON array")
				require.Len(t, cat.Prices, len(c.prices))
				return
			}
			require.Equal(t, EINVALID, ErrorCode(err))
			var fields []string
			var e *Error
			require.ErrorAs(t, err, &e)
			for _, f := range e.Fields {
				fields = append(fields, f.Field)
			}
			require.Contains(t, fields, c.field)
		})
	}
}

func TestParseCatalogTrims(t *testing.T) {
	cat, err := ParseCatalog("", []string{" 오토스케일링 "}, []PriceLine{{Item: " vCPU ", Unit: " vCPU-month ", UnitPriceKRW: 1, Conditions: " 월 "}})
	require.NoError(t, err)
	require.Equal(t, []string{"오토스케일링"}, cat.Features)
	require.Equal(t, PriceLine{Item: "vCPU", Unit: "vCPU-month", UnitPriceKRW: 1, Conditions: "월"}, cat.Prices[0])
	require.Equal(t, `[]`, FeaturesJSON(nil))
	require.Equal(t, `[]`, PricesJSON(nil))
	require.Equal(t, `[{"item":"vCPU","unit":"vCPU-month","unit_price_krw":1,"conditions":"월"}]`, PricesJSON(cat.Prices))
}

func TestParsePriceCeiling(t *testing.T) {
	for _, c := range []struct {
		item, max string
		wantItem  string
		wantMax   *KRW
		field     string
	}{
		{"", "", "", nil, ""},
		{" vCPU ", "", "vCPU", nil, ""},
		{"", "30000", "", ptrKRW(30000), ""},
		{"vcpu", "0", "vcpu", ptrKRW(0), ""},
		{"", "-1", "", nil, "max_unit_price_krw"},
		{"", "1.5", "", nil, "max_unit_price_krw"},
		{"", "만원", "", nil, "max_unit_price_krw"},
		{strings.Repeat("x", MaxPriceItemLen+1), "", "", nil, "price_item"},
	} {
		var fe Fields
		item, max := ParsePriceCeiling(c.item, c.max, &fe)
		if c.field != "" {
			require.Len(t, fe, 1, c)
			require.Equal(t, c.field, fe[0].Field)
			continue
		}
		require.Empty(t, fe, c)
		require.Equal(t, c.wantItem, item)
		require.Equal(t, c.wantMax, max)
	}
}

func ptrKRW(n int64) *KRW { k := KRW(n); return &k }

func TestChangeRequestCatalog(t *testing.T) {
	svc := Service{ID: "SVC-0001", Name: "한빛 클라우드 서버", Type: TypeCloud, Subtype: SubIaaS,
		Features: []string{"가용성 99.95% SLA"}, Prices: []PriceLine{{Item: "vCPU", Unit: "vCPU-month", UnitPriceKRW: 30000}}}
	prices := []PriceLine{{Item: "vCPU", Unit: "vCPU-month", UnitPriceKRW: 28000}, {Item: "트래픽", Unit: "GB", UnitPriceKRW: 90}}
	p, err := ParseChangeRequest(ChangeRequestInput{Changes: ChangeFields{Prices: &prices}, Reason: "가격 인하"}, svc)
	require.NoError(t, err)
	require.Equal(t, ChangeApproval, p.Path, "a catalog change is not a selection criterion")
	require.Equal(t, []FieldChange{{Field: "prices", Old: PricesJSON(svc.Prices), New: PricesJSON(prices)}}, p.Changes)

	cr := &ChangeRequest{Changes: p.Changes}
	require.Equal(t, prices, cr.ApplyTo(svc).Prices)
	require.Equal(t, svc.Features, cr.ApplyTo(svc).Features, "the features stay")

	same := append([]PriceLine(nil), svc.Prices...)
	_, err = ParseChangeRequest(ChangeRequestInput{Changes: ChangeFields{Prices: &same}, Reason: "r"}, svc)
	require.Equal(t, EINVALID, ErrorCode(err))
	require.Equal(t, "changes.prices", firstField(t, err), "the current value is no change")

	bad := []PriceLine{{Item: "vCPU", Unit: "vCPU-month", UnitPriceKRW: -5}}
	_, err = ParseChangeRequest(ChangeRequestInput{Changes: ChangeFields{Prices: &bad}, Reason: "r"}, svc)
	require.Equal(t, "changes.prices[0].unit_price_krw", firstField(t, err))

	features := []string{"가용성 99.99% SLA", "GPU 서버"}
	p, err = ParseChangeRequest(ChangeRequestInput{Changes: ChangeFields{Features: &features}, Reason: "r"}, svc)
	require.NoError(t, err)
	require.Equal(t, `["가용성 99.99% SLA","GPU 서버"]`, p.Changes[0].New)
}

func TestParseApplicationCatalog(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, Seoul)
	in := validAppInput()
	req, err := ParseApplication(in, "PV-0001", "choi", now)
	require.NoError(t, err)
	require.Nil(t, req.Service.Prices, "no catalog: nothing is added to the case")

	in.Service.Features = []string{" 웹·모바일 동시 지원 "}
	in.Service.Prices = []PriceLine{{Item: "표준 요금제", Unit: "user-month", UnitPriceKRW: 9000}}
	req, err = ParseApplication(in, "PV-0001", "choi", now)
	require.NoError(t, err)
	require.Equal(t, []string{"웹·모바일 동시 지원"}, req.Service.Features)
	require.Equal(t, in.Service.Prices, req.Service.Prices)

	in.Service.Prices[0].Unit = ""
	_, err = ParseApplication(in, "PV-0001", "choi", now)
	require.Equal(t, "service.prices[0].unit", firstField(t, err))
}

func firstField(t *testing.T, err error) string {
	t.Helper()
	var e *Error
	require.ErrorAs(t, err, &e)
	require.NotEmpty(t, e.Fields)
	return e.Fields[0].Field
}

// TestCatalogInEnglish: the features in English are a list of their own, checked as the
// Korean ones are, asked for, changed and removed apart from them; a price line's English
// cells are trimmed and bounded.
func TestCatalogInEnglish(t *testing.T) {
	svc := Service{ID: "SVC-0001", Name: "한빛 클라우드 서버", Type: TypeCloud, Subtype: SubIaaS,
		Features: []string{"가용성 99.95% SLA"}}
	en := []string{" 99.95% availability SLA ", "GPU servers"}
	p, err := ParseChangeRequest(ChangeRequestInput{Changes: ChangeFields{FeaturesEn: &en}, Reason: "영문 카탈로그"}, svc)
	require.NoError(t, err)
	require.Equal(t, ChangeApproval, p.Path)
	require.Equal(t, []FieldChange{{Field: "features_en", Old: `[]`, New: `["99.95% availability SLA","GPU servers"]`}}, p.Changes)
	applied := (&ChangeRequest{Changes: p.Changes}).ApplyTo(svc)
	require.Equal(t, []string{"99.95% availability SLA", "GPU servers"}, applied.FeaturesEn)
	require.Equal(t, svc.Features, applied.Features, "the Korean features stay")

	none := []string{}
	p, err = ParseChangeRequest(ChangeRequestInput{Changes: ChangeFields{FeaturesEn: &none}, Reason: "r"}, applied)
	require.NoError(t, err)
	require.Empty(t, (&ChangeRequest{Changes: p.Changes}).ApplyTo(applied).FeaturesEn, "[] removes them")

	twice := []string{"GPU servers", "GPU servers"}
	_, err = ParseChangeRequest(ChangeRequestInput{Changes: ChangeFields{FeaturesEn: &twice}, Reason: "r"}, svc)
	require.Equal(t, "changes.features_en[1]", firstField(t, err))

	in := validAppInput()
	in.Service.FeaturesEn = []string{" Web and mobile alike ", " "}
	_, err = ParseApplication(in, "PV-0001", "choi", time.Date(2026, 3, 2, 10, 0, 0, 0, Seoul))
	require.Equal(t, "service.features_en[1]", firstField(t, err))
	in.Service.FeaturesEn = in.Service.FeaturesEn[:1]
	req, err := ParseApplication(in, "PV-0001", "choi", time.Date(2026, 3, 2, 10, 0, 0, 0, Seoul))
	require.NoError(t, err)
	require.Equal(t, []string{"Web and mobile alike"}, req.Service.FeaturesEn)

	cat, err := ParseCatalog("", nil, []PriceLine{{Item: "표준 요금제", Unit: "user-month", UnitPriceKRW: 9500,
		ItemEn: " Standard plan ", ConditionsEn: " At least 10 users "}})
	require.NoError(t, err)
	require.Equal(t, PriceLine{Item: "표준 요금제", Unit: "user-month", UnitPriceKRW: 9500, ItemEn: "Standard plan",
		ConditionsEn: "At least 10 users"}, cat.Prices[0])
	_, err = ParseCatalog("", nil, []PriceLine{{Item: "x", Unit: "GB", ItemEn: strings.Repeat("a", MaxPriceItemLen+1)}})
	require.Equal(t, "prices[0].item_en", firstField(t, err))
}

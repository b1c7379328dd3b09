package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

// TestRegisterSelection_Catalog: the catalog an application carries enters the catalog
// with the selected service, at version 1, and so do its English name and description; an
// application without them gives empty lists and texts.
func TestRegisterSelection_Catalog(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	store.SetNow(s, func() time.Time { return appNow })
	ctx := context.Background()
	now := appNow.Add(3 * time.Hour)

	with := newApplication(t, "APP-2024-000031", "PV-0781", "220-81-12402", "누리 민원 챗봇", appNow)
	with.Service.Features = []string{"한국어 자연어 처리", "행정기관 SSO 연동"}
	with.Service.Prices = []models.PriceLine{{Item: "AI API 호출", Unit: "1,000 API calls", UnitPriceKRW: 3500}}
	with.Service.NameEn, with.Service.DescriptionEn = "Nuri Civil Chatbot", "A chatbot that answers civil petitions"
	toSelected(t, with, now)
	without := newApplication(t, "APP-2024-000032", "PV-0782", "220-81-12410", "누리 전자문서 보관", appNow)
	toSelected(t, without, now)

	for _, a := range []*models.Application{with, without} {
		_, id, err := s.RegisterSelection(ctx, a, now, nil)
		if err != nil {
			t.Fatal(err)
		}
		sv, err := s.GetService(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if sv.Version != 1 || !slices.Equal(sv.Features, append([]string{}, a.Service.Features...)) ||
			models.PricesJSON(sv.Prices) != models.PricesJSON(a.Service.Prices) || sv.Prices == nil || sv.Features == nil {
			t.Fatalf("%s: version %d, features %v, prices %+v", a.ID, sv.Version, sv.Features, sv.Prices)
		}
		if sv.NameEn != a.Service.NameEn || sv.DescriptionEn != a.Service.DescriptionEn {
			t.Fatalf("%s: English %q / %q, want %q / %q", a.ID, sv.NameEn, sv.DescriptionEn, a.Service.NameEn, a.Service.DescriptionEn)
		}
	}
}

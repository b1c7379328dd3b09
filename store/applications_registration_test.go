package store_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

func TestRegisterSelection(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	store.SetNow(s, func() time.Time { return appNow })
	ctx := context.Background()
	now := appNow.Add(3 * time.Hour)

	t.Run("OK_CSAPValidityReachesTheCatalog", func(t *testing.T) {
		a := newApplication(t, "APP-2024-000019", "PV-0778", "220-81-12399", "누리 보안 클라우드 스토리지", appNow)
		until, _ := models.ParseDate("2027-06-30")
		for i := range a.Documents {
			if a.Documents[i].Kind == models.DocCSAPCertificate {
				a.Documents[i].ValidUntil = &until
			}
		}
		toSelected(t, a, now)
		_, svcID, err := s.RegisterSelection(ctx, a, now, nil)
		if err != nil {
			t.Fatal(err)
		}
		sv, err := s.GetService(ctx, svcID)
		if err != nil || sv.CSAPValidUntil == nil || sv.CSAPValidUntil.String() != "2027-06-30" {
			t.Fatalf("service %+v, %v", sv, err)
		}
		yes := true
		found := searchAll(t, s, models.ServiceFilter{Q: "누리 보안 클라우드 스토리지", CSAP: &yes})
		if len(found) != 1 || found[0].ID != svcID {
			t.Fatalf("csap=true search found %v", found)
		}
	})

	t.Run("OK_NewProviderIdempotent", func(t *testing.T) {
		a := newApplication(t, "APP-2024-000011", "PV-0777", "220-81-12345", "누리 AI 회의록 플러스", appNow)
		toSelected(t, a, now)
		notice, svcID, err := s.RegisterSelection(ctx, a, now, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !regexp.MustCompile(`^DS-2024-\d{4}$`).MatchString(notice) || !regexp.MustCompile(`^SVC-\d{4,}$`).MatchString(svcID) {
			t.Fatalf("notice %q, service %q", notice, svcID)
		}
		// The seeded catalog numbers its services up to SVC-0425; a selection never reuses one.
		if svcID <= "SVC-0425" {
			t.Fatalf("service ID %s may collide with the seeded catalog", svcID)
		}
		again, svcAgain, err := s.RegisterSelection(ctx, a, now.Add(time.Hour), nil)
		if err != nil || again != notice || svcAgain != svcID {
			t.Fatalf("second call = %q, %q, %v; want %q, %q", again, svcAgain, err, notice, svcID)
		}
		var services, notices int64
		s.DB().Table("services").Where("provider_org = ?", "PV-0777").Count(&services)
		s.DB().Table("selection_notices").Where("application_id = ?", a.ID).Count(&notices)
		if services != 1 || notices != 1 {
			t.Fatalf("%d services, %d notices; want 1, 1", services, notices)
		}

		sv, err := s.GetService(ctx, svcID)
		if err != nil || sv.Status != models.ServiceRegistered || sv.SelectedOn == nil || sv.SelectedOn.String() != "2024-03-04" ||
			sv.CSAPValidUntil != nil || sv.Type != models.TypeCloud || sv.Subtype != models.SubSaaS ||
			sv.Description != a.Service.Description || sv.Provider.Org != "PV-0777" || sv.Provider.BusinessNo != "220-81-12345" ||
			sv.Provider.Size != models.SizeSME || sv.Provider.FoundedOn == nil || sv.Provider.FoundedOn.String() != "2015-03-02" {
			t.Fatalf("service %+v, %v", sv, err)
		}
		found := searchAll(t, s, models.ServiceFilter{Q: "AI 회의록 플러스"})
		if len(found) != 1 || found[0].ID != svcID || !found[0].Status.Orderable() {
			t.Fatalf("search found %+v, want %s", found, svcID)
		}
	})
	t.Run("OK_ExistingProvider", func(t *testing.T) {
		a := newApplication(t, "APP-2024-000012", "PV-0001", businessNoOf(t, s, "PV-0001"), "한빛 전자문서 보관", appNow)
		toSelected(t, a, now)
		_, svcID, err := s.RegisterSelection(ctx, a, now, nil)
		if err != nil {
			t.Fatal(err)
		}
		p, err := s.GetProvider(ctx, "PV-0001")
		if err != nil || p.Name != "(주)한빛클라우드" {
			t.Fatalf("the seeded provider changed: %+v, %v", p, err)
		}
		if sv, err := s.GetService(ctx, svcID); err != nil || sv.Provider.Org != "PV-0001" {
			t.Fatalf("service %+v, %v", sv, err)
		}
	})
	t.Run("ErrBusinessNoOfAnotherOrg", func(t *testing.T) {
		a := newApplication(t, "APP-2024-000013", "PV-0888", businessNoOf(t, s, "PV-0002"), "다른 회사 번호", appNow)
		toSelected(t, a, now)
		_, _, err := s.RegisterSelection(ctx, a, now, nil)
		if models.ErrorCode(err) != models.ECONFLICT || !strings.Contains(err.Error(), "PV-0002") {
			t.Fatalf("got %v, want a conflict naming PV-0002", err)
		}
		var n int64
		s.DB().Table("selection_notices").Where("application_id = ?", a.ID).Count(&n)
		if n != 0 {
			t.Fatal("a notice was issued")
		}
	})
	t.Run("ErrNotSelected", func(t *testing.T) {
		a := newApplication(t, "APP-2024-000014", "PV-0001", businessNoOf(t, s, "PV-0001"), "미선정", appNow)
		toCommittee(t, a, now)
		if _, _, err := s.RegisterSelection(ctx, a, now, nil); models.ErrorCode(err) != models.ECONFLICT {
			t.Fatalf("got %v, want conflict", err)
		}
	})
	t.Run("OK_Concurrent", func(t *testing.T) {
		a := newApplication(t, "APP-2024-000015", "PV-0002", businessNoOf(t, s, "PV-0002"), "동시 등록", appNow)
		toSelected(t, a, now)
		type result struct {
			notice, svc string
			err         error
		}
		results := make(chan result, 4)
		for range cap(results) {
			go func() {
				n, sv, err := s.RegisterSelection(ctx, a, now, nil)
				results <- result{n, sv, err}
			}()
		}
		first := <-results
		for range cap(results) - 1 {
			r := <-results
			if first.err != nil || r != first {
				t.Fatalf("results %+v and %+v differ", first, r)
			}
		}
	})
}

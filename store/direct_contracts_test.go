package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

// newDirectContract registers a direct contract on serviceID as the workflow would.
func newDirectContract(t *testing.T, s *store.Store, id, serviceID string, agency models.Actor, now time.Time) *models.DirectContract {
	t.Helper()
	svc, err := s.GetService(context.Background(), serviceID)
	if err != nil {
		t.Fatal(err)
	}
	req, err := models.ParseDirectContract(models.DirectContractInput{ServiceID: serviceID, Title: "민원포털 운영",
		ContractedOn: "2026-10-01", AmountKRW: 48_000_000, PeriodFrom: "2026-10-01", PeriodTo: "2027-09-30", Method: "direct"},
		models.DateOf(now))
	if err != nil {
		t.Fatal(err)
	}
	return models.NewDirectContract(id, "contract-"+id, req, svc, agency, now)
}

func TestNextDirectContractID(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	// 2025-12-31 16:00 UTC is already 2026 in Seoul; the sequence is the contracts' own.
	if _, err := s.NextOrderID(context.Background(), time.Now()); err != nil {
		t.Fatal(err)
	}
	id, err := s.NextDirectContractID(context.Background(), time.Date(2025, 12, 31, 16, 0, 0, 0, time.UTC))
	if err != nil || id != "CT-2026-000001" {
		t.Fatalf("%q %v, want CT-2026-000001", id, err)
	}
	if _, err := models.ParseTaskID(id + "-T01"); err != nil {
		t.Fatalf("a contract ID is a case ID of the task scheme: %v", err)
	}
}

func TestSaveDirectContract(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 2, 10, 0, 0, 0, models.Seoul)

	v1 := newDirectContract(t, s, "CT-2026-000001", "SVC-0001", agencyKim, now)
	if err := s.SaveDirectContract(ctx, v1); err != nil {
		t.Fatal(err)
	}
	got, err := s.GetDirectContract(ctx, v1.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != models.ContractRegistered || !got.Late || got.RegistrationDue.String() != "2026-10-31" || got.ProviderOrg != "PV-0001" {
		t.Fatalf("%+v", got)
	}
	reg, err := s.GetContract(ctx, v1.ID)
	if err != nil || reg.Method != models.MethodDirect || reg.AmountKRW != 48_000_000 || reg.OrderID != "" {
		t.Fatalf("register row %+v %v", reg, err)
	}

	// A newer version (a change of amount) replaces it, in the register too; a late retry of
	// the first version does not bring the old amount back.
	v2 := newDirectContract(t, s, "CT-2026-000001", "SVC-0001", agencyKim, now)
	amount := int64(52_000_000)
	if err := v2.RegisterChange(now.Add(time.Hour), agencyKim, models.ContractChangeInput{ChangedOn: "2026-11-01",
		Reason: "과업 추가", AmountKRW: &amount}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveDirectContract(ctx, v2); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveDirectContract(ctx, v1); err != nil {
		t.Fatal(err)
	}
	got, _ = s.GetDirectContract(ctx, v1.ID)
	reg, _ = s.GetContract(ctx, v1.ID)
	if got.AmountKRW != 52_000_000 || len(got.Changes) != 1 || reg.AmountKRW != 52_000_000 {
		t.Fatalf("projection %d, register %d: the newer version must win", got.AmountKRW, reg.AmountKRW)
	}

	if _, err := s.GetDirectContract(ctx, "CT-2026-999999"); models.ErrorCode(err) != models.ENOTFOUND {
		t.Fatalf("want not found, got %v", err)
	}
}

func TestListDirectContracts(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 2, 10, 0, 0, 0, models.Seoul)
	other := models.Actor{Sub: "choi.agency", Role: models.RoleAgency, Org: "AG-0002"}
	for i, tc := range []struct {
		svc string
		by  models.Actor
	}{{"SVC-0001", agencyKim}, {"SVC-0002", agencyKim}, {"SVC-0001", other}} {
		c := newDirectContract(t, s, []string{"CT-2026-000001", "CT-2026-000002", "CT-2026-000003"}[i], tc.svc, tc.by, now)
		if err := s.SaveDirectContract(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	ids := func(f store.DirectContractFilter) []string {
		t.Helper()
		items, _, err := s.ListDirectContracts(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		out := []string{}
		for _, c := range items {
			out = append(out, c.ID)
		}
		return out
	}
	if got := ids(store.DirectContractFilter{AgencyOrg: "AG-0001"}); len(got) != 2 || got[0] != "CT-2026-000002" {
		t.Fatalf("agency's own, newest first: %v", got)
	}
	if got := ids(store.DirectContractFilter{ProviderOrg: "PV-0001"}); len(got) != 2 {
		t.Fatalf("provider's own: %v", got)
	}
	if got := ids(store.DirectContractFilter{Status: models.ContractClosed}); len(got) != 0 {
		t.Fatalf("by status: %v", got)
	}
	first, next, err := s.ListDirectContracts(ctx, store.DirectContractFilter{PageSize: 2})
	if err != nil || len(first) != 2 || next == "" {
		t.Fatalf("%d %q %v", len(first), next, err)
	}
	rest, next, err := s.ListDirectContracts(ctx, store.DirectContractFilter{PageSize: 2, PageToken: next})
	if err != nil || len(rest) != 1 || rest[0].ID != "CT-2026-000001" || next != "" {
		t.Fatalf("%+v %q %v", rest, next, err)
	}
}

package store_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

var (
	agencyKim   = models.Actor{Sub: "kim.agency", Role: models.RoleAgency, Org: "AG-0001"}
	providerPV1 = models.Actor{Sub: "jung.provider", Role: models.RoleProvider, Org: "PV-0001"}
)

// newOrder opens an order on serviceID as the workflow would.
func newOrder(t *testing.T, s *store.Store, id, serviceID string, agency models.Actor, now time.Time) *models.Order {
	t.Helper()
	sv, err := s.GetService(context.Background(), serviceID)
	if err != nil {
		t.Fatal(err)
	}
	req, err := models.ParseOrderRequest(serviceID, "민원 챗봇 도입", 50_000_000, "2026-12-31", models.DateOf(now))
	if err != nil {
		t.Fatal(err)
	}
	return models.NewOrder(id, "order-"+id, req, sv, agency.Org, agency, now)
}

func TestNextOrderID(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	// 2025-12-31 16:00 UTC is already 2026 in Seoul.
	first, err := s.NextOrderID(ctx, time.Date(2025, 12, 31, 16, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if first != "ORD-2026-000001" {
		t.Fatalf("first order id %q, want ORD-2026-000001", first)
	}
	second, _ := s.NextOrderID(ctx, time.Date(2025, 12, 31, 14, 59, 0, 0, time.UTC))
	if second != "ORD-2025-000002" {
		t.Fatalf("second order id %q, want ORD-2025-000002", second)
	}
	if !regexp.MustCompile(`^ORD-\d{4}-\d{6}$`).MatchString(second) {
		t.Fatalf("bad format %q", second)
	}
}

func TestSaveOrder(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 2, 10, 0, 0, 0, models.Seoul)

	v1 := newOrder(t, s, "ORD-2026-000001", "SVC-0001", agencyKim, now)
	if err := s.SaveOrder(ctx, v1); err != nil {
		t.Fatal(err)
	}
	v2 := newOrder(t, s, "ORD-2026-000001", "SVC-0001", agencyKim, now)
	if err := v2.SubmitProposal(now.Add(time.Hour), providerPV1, models.ProposalInput{PriceKRW: 45_000_000, Summary: "3년 구독"}); err != nil {
		t.Fatal(err)
	}
	if err := v2.Evaluate(now.Add(2*time.Hour), agencyKim, []models.ScoreInput{{Criterion: "기술", Score: 84.99, Max: 100}}); err != nil {
		t.Fatal(err)
	}

	t.Run("OK_NewerWins", func(t *testing.T) {
		if err := s.SaveOrder(ctx, v2); err != nil {
			t.Fatal(err)
		}
		got, err := s.GetOrder(ctx, v2.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != models.OrderNotQualified || got.Version() != v2.Version() || got.Proposal == nil ||
			got.EvaluationTotal == nil || *got.EvaluationTotal != 8499 || got.ProposalDue.String() != "2026-12-31" {
			t.Fatalf("stored order %+v", got)
		}
		var total string
		if err := s.DB().Raw(`SELECT evaluation_total::text FROM orders WHERE id = ?`, v2.ID).Scan(&total).Error; err != nil || total != "84.99" {
			t.Fatalf("evaluation_total column %q, %v; want 84.99", total, err)
		}
	})
	t.Run("OK_OlderDoesNotOverwrite", func(t *testing.T) {
		if err := s.SaveOrder(ctx, v1); err != nil {
			t.Fatal(err)
		}
		got, _ := s.GetOrder(ctx, v1.ID)
		if got.Status != models.OrderNotQualified || got.Version() != v2.Version() {
			t.Fatalf("older write won: status %s version %d", got.Status, got.Version())
		}
		var status string
		var version int
		row := s.DB().Raw(`SELECT status, version FROM orders WHERE id = ?`, v1.ID).Row()
		if err := row.Scan(&status, &version); err != nil || status != "not_qualified" || version != v2.Version() {
			t.Fatalf("columns %s %d %v", status, version, err)
		}
	})
	t.Run("OK_SameVersionAgain", func(t *testing.T) {
		if err := s.SaveOrder(ctx, v2); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		if _, err := s.GetOrder(ctx, "ORD-2026-999999"); models.ErrorCode(err) != models.ENOTFOUND {
			t.Fatalf("got %v, want not found", err)
		}
	})
}

func TestListOrders(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 2, 10, 0, 0, 0, models.Seoul)
	other := models.Actor{Sub: "choi.agency", Role: models.RoleAgency, Org: "AG-0002"}

	// 7 orders: odd ones by AG-0002; orders 1 and 2 on SVC-0002 closed by cancellation.
	for i := 1; i <= 7; i++ {
		agency := agencyKim
		if i%2 == 1 {
			agency = other
		}
		svc := "SVC-0001"
		if i <= 2 {
			svc = "SVC-0002"
		}
		o := newOrder(t, s, fmt.Sprintf("ORD-2026-%06d", i), svc, agency, now)
		if i <= 2 {
			if err := o.Cancel(now, agency, models.CancelInput{Reason: "예산 미확보"}); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.SaveOrder(ctx, o); err != nil {
			t.Fatal(err)
		}
	}

	t.Run("OK_PagesNewestFirst", func(t *testing.T) {
		var ids []string
		f := store.OrderFilter{PageSize: 3}
		for {
			page, next, err := s.ListOrders(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range page {
				ids = append(ids, o.ID)
			}
			if next == "" {
				break
			}
			f.PageToken = next
		}
		want := "[ORD-2026-000007 ORD-2026-000006 ORD-2026-000005 ORD-2026-000004 ORD-2026-000003 ORD-2026-000002 ORD-2026-000001]"
		if fmt.Sprint(ids) != want {
			t.Fatalf("got %v, want %s", ids, want)
		}
	})
	for _, tt := range []struct {
		name string
		f    store.OrderFilter
		want int
	}{
		{"OK_Agency", store.OrderFilter{AgencyOrg: "AG-0002"}, 4},
		{"OK_Provider", store.OrderFilter{ProviderOrg: "PV-0001"}, 5},
		{"OK_Status", store.OrderFilter{Status: models.OrderCancelled}, 2},
		{"OK_AgencyAndStatus", store.OrderFilter{AgencyOrg: "AG-0001", Status: models.OrderProposalRequested}, 2},
		{"OK_None", store.OrderFilter{AgencyOrg: "AG-0099"}, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, next, err := s.ListOrders(ctx, tt.f)
			if err != nil || len(got) != tt.want || next != "" {
				t.Fatalf("got %d orders, next %q, err %v; want %d", len(got), next, err, tt.want)
			}
		})
	}
	t.Run("ErrPageToken", func(t *testing.T) {
		_, _, err := s.ListOrders(ctx, store.OrderFilter{PageToken: "%%%"})
		assertField(t, err, models.EINVALID, "page_token")
	})
	t.Run("OK_InFlight", func(t *testing.T) {
		ids, err := s.InFlightOrderWorkflowIDs(ctx, "SVC-0001")
		if err != nil || len(ids) != 5 || ids[0] != "order-ORD-2026-000003" {
			t.Fatalf("in flight on SVC-0001: %v %v", ids, err)
		}
		ids, err = s.InFlightOrderWorkflowIDs(ctx, "SVC-0002")
		if err != nil || len(ids) != 0 {
			t.Fatalf("in flight on SVC-0002 (all cancelled): %v %v", ids, err)
		}
	})
}

func TestSaveContract(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	at := time.Date(2026, 11, 20, 15, 30, 0, 0, models.Seoul)
	c := models.Contract{
		ID: models.ContractIDForOrder("ORD-2026-000001"), Method: models.MethodCatalog, OrderID: "ORD-2026-000001",
		ServiceID: "SVC-0001", AgencyOrg: "AG-0001", ProviderOrg: "PV-0001", Title: "민원 챗봇 도입",
		AmountKRW: 44_000_000, ContractedOn: models.DateOf(at), CreatedAt: at,
	}
	if err := s.SaveContract(ctx, c); err != nil {
		t.Fatal(err)
	}
	changed := c
	changed.AmountKRW = 1
	if err := s.SaveContract(ctx, changed); err != nil {
		t.Fatalf("second SaveContract: %v", err)
	}
	got, err := s.GetContract(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.AmountKRW != c.AmountKRW || got.ContractedOn.String() != "2026-11-20" || !got.CreatedAt.Equal(at) ||
		got.OrderID != c.OrderID || got.Method != models.MethodCatalog {
		t.Fatalf("got %+v, want the first contract %+v", got, c)
	}
	if _, err := s.GetContract(ctx, "CT-NONE"); models.ErrorCode(err) != models.ENOTFOUND {
		t.Fatalf("got %v, want not found", err)
	}
}

func TestNotifications(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	base := time.Date(2026, 11, 2, 10, 0, 0, 0, models.Seoul)
	for i, org := range []string{"PV-0001", "PV-0001", "AG-0001"} {
		n := models.Notification{
			Key: fmt.Sprintf("order/ORD-2026-000001/%d", i), ToRole: models.RoleProvider, ToOrg: org,
			CaseType: "order", CaseID: "ORD-2026-000001", Subject: "제안요청", Body: "제안서를 제출해 주십시오.",
			CreatedAt: base.Add(time.Duration(i) * time.Minute),
		}
		for range 2 { // a retried activity sends it again
			if err := s.SaveNotification(ctx, n); err != nil {
				t.Fatal(err)
			}
		}
	}
	got, err := s.ListNotifications(ctx, "PV-0001", 0)
	if err != nil || len(got) != 2 || got[0].Key != "order/ORD-2026-000001/1" {
		t.Fatalf("got %+v, %v", got, err)
	}
	if all, _ := s.ListNotifications(ctx, "", 2); len(all) != 2 {
		t.Fatalf("limit 2 gave %d", len(all))
	}
}

package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// TestChangeRequests_ApplyAfterRereview: a change its re-review selected moves the
// service's type with its subtype and the provider's name; the SLA statement is a history
// row only. The same fields on an approval-path request are refused.
func TestChangeRequests_ApplyAfterRereview(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	now := time.Date(2026, 12, 2, 10, 0, 0, 0, models.Seoul)
	svc, err := s.GetService(ctx, "SVC-0001")
	if err != nil {
		t.Fatal(err)
	}
	typ, sub, name, sla := "convergence", "convergence", "누리클라우드 주식회사", "가용성 99.9%"
	p, err := models.ParseChangeRequest(models.ChangeRequestInput{
		Changes: models.ChangeFields{Type: &typ, Subtype: &sub, ProviderName: &name, SLA: &sla}, Reason: "사업 전환"}, svc)
	if err != nil || p.Path != models.ChangeRereview {
		t.Fatalf("parse: %+v %v", p, err)
	}
	id, err := s.NextChangeRequestID(ctx, now)
	if err != nil {
		t.Fatal(err)
	}
	cr := models.NewChangeRequest(id, flow.ChangeRequestWorkflowID(id), p, svc, providerPV1, now)
	if err := s.SaveChangeRequest(ctx, cr); err != nil {
		t.Fatal(err)
	}

	// Before its re-review decided, the request is not applied.
	early := *cr
	early.Path = models.ChangeApproval
	if err := s.ApplyServiceChanges(ctx, &early, now); models.ErrorCode(err) != models.EINVALID {
		t.Fatalf("criteria applied by an approval: %v", err)
	}
	cr.RereviewStarted(now, "APP-2026-000901", true)
	if err := cr.RereviewDecided(now.Add(time.Hour), models.ChangeRereviewDecision{ApplicationID: "APP-2026-000901", Selected: true}); err != nil {
		t.Fatal(err)
	}
	for range 2 { // a retried activity applies once
		if err := s.ApplyServiceChanges(ctx, cr, now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	after, err := s.GetService(ctx, "SVC-0001")
	if err != nil {
		t.Fatal(err)
	}
	if after.Type != models.TypeConvergence || after.Subtype != models.Subtype(sub) || after.Provider.Name != name ||
		after.Provider.BusinessNo != svc.Provider.BusinessNo || after.Name != svc.Name {
		t.Fatalf("service after apply: %+v", after)
	}
	hist, _, err := s.ListServiceChanges(ctx, "SVC-0001", 0, "")
	if err != nil {
		t.Fatal(err)
	}
	fields := map[string]string{}
	for _, h := range hist {
		if h.ApprovedBy != models.SystemActor.Sub || h.ChangeRequestID != id {
			t.Fatalf("history row %+v", h)
		}
		fields[h.Field] = h.New
	}
	want := map[string]string{"type": typ, "subtype": sub, "provider_name": name, "sla": sla}
	if len(fields) != len(want) {
		t.Fatalf("history %v, want %v", fields, want)
	}
	for f, v := range want {
		if fields[f] != v {
			t.Fatalf("history %v, want %v", fields, want)
		}
	}
}

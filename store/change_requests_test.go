package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

func TestChangeRequests_ApplyOnceAndHistory(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, models.Seoul)
	svc, err := s.GetService(ctx, "SVC-0001")
	if err != nil {
		t.Fatal(err)
	}
	id, err := s.NextChangeRequestID(ctx, now)
	if err != nil {
		t.Fatal(err)
	}
	if !models.ChangeRequestIDPattern.MatchString(id) {
		t.Fatalf("id %q", id)
	}
	desc := "새 소개"
	p, err := models.ParseChangeRequest(models.ChangeRequestInput{Changes: models.ChangeFields{Description: &desc}, Reason: "갱신"}, svc)
	if err != nil {
		t.Fatal(err)
	}
	cr := models.NewChangeRequest(id, flow.ChangeRequestWorkflowID(id), p, svc, providerPV1, now)
	if err := s.SaveChangeRequest(ctx, cr); err != nil {
		t.Fatal(err)
	}
	yes := true
	if err := cr.Decide(now.Add(time.Hour), models.Actor{Sub: "park.operator", Role: models.RoleOperator, Org: "NIA"},
		models.DecideChangeInput{Approve: &yes}); err != nil {
		t.Fatal(err)
	}
	// Applied twice (a retried activity): one history row, one change.
	for range 2 {
		if err := s.ApplyServiceChanges(ctx, cr, now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	after, err := s.GetService(ctx, "SVC-0001")
	if err != nil {
		t.Fatal(err)
	}
	if after.Description != desc || after.Name != svc.Name {
		t.Fatalf("service after apply: %+v", after)
	}
	hist, next, err := s.ListServiceChanges(ctx, "SVC-0001", 0, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != 1 || hist[0].Old != svc.Description || hist[0].New != desc || hist[0].ApprovedBy != "park.operator" ||
		hist[0].RequestedBy != "jung.provider" || hist[0].ChangeRequestID != id || next != "" {
		t.Fatalf("history %+v, next %q", hist, next)
	}

	// The projection keeps the newest version and filters by provider and status.
	if err := s.SaveChangeRequest(ctx, cr); err != nil {
		t.Fatal(err)
	}
	got, err := s.GetChangeRequest(ctx, id)
	if err != nil || got.Status != models.ChangeApproved {
		t.Fatalf("get: %+v %v", got, err)
	}
	list, _, err := s.ListChangeRequests(ctx, store.ChangeRequestFilter{ProviderOrg: "PV-0002"})
	if err != nil || len(list) != 0 {
		t.Fatalf("other provider's list: %v %v", list, err)
	}
	list, _, err = s.ListChangeRequests(ctx, store.ChangeRequestFilter{ProviderOrg: "PV-0001", Status: models.ChangeApproved})
	if err != nil || len(list) != 1 {
		t.Fatalf("own list: %v %v", list, err)
	}

	// A rereview-path field is never written by an approval.
	bad := *cr
	bad.ID = "CR-2026-999999"
	bad.Changes = []models.FieldChange{{Field: "business_no", Old: "x", New: "y"}}
	if err := s.ApplyServiceChanges(ctx, &bad, now); models.ErrorCode(err) != models.EINVALID {
		t.Fatalf("rereview field applied: %v", err)
	}
}

// TestServiceChanges_Paged: the public history of a service's changes pages by keyset,
// oldest first, each change once, whatever the page size.
func TestServiceChanges_Paged(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, models.Seoul)
	svc, err := s.GetService(ctx, "SVC-0002")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for i, f := range []models.ChangeFields{
		{Description: ptr("첫 소개")}, {DescriptionEn: ptr("First"), NameEn: ptr("Second name")}, {Description: ptr("셋째 소개")},
	} {
		cr := approvedChange(t, s, svc, f, now)
		id := cr.ID
		// Two changes applied at the same instant still page apart (the row's ID breaks the tie).
		if err := s.ApplyServiceChanges(ctx, cr, now.Add(time.Duration(i/2)*time.Hour)); err != nil {
			t.Fatal(err)
		}
		for _, c := range cr.Changes {
			want = append(want, id+"/"+c.Field)
		}
	}
	for _, size := range []int{1, 2, 50} {
		var got []string
		token := ""
		for pages := 0; ; pages++ {
			if pages > len(want) {
				t.Fatalf("size %d: more pages than changes", size)
			}
			items, next, err := s.ListServiceChanges(ctx, "SVC-0002", size, token)
			if err != nil {
				t.Fatal(err)
			}
			if len(items) > size {
				t.Fatalf("size %d: a page of %d", size, len(items))
			}
			for _, c := range items {
				got = append(got, c.ChangeRequestID+"/"+c.Field)
			}
			if next == "" {
				break
			}
			token = next
		}
		if len(got) != len(want) {
			t.Fatalf("size %d: %v, want %v", size, got, want)
		}
		seen := map[string]bool{}
		for _, g := range got {
			if seen[g] {
				t.Fatalf("size %d: %s twice in %v", size, g, got)
			}
			seen[g] = true
		}
	}
	if _, _, err := s.ListServiceChanges(ctx, "SVC-0002", 1, "bm90LWEtdG9rZW4"); models.ErrorCode(err) != models.EINVALID {
		t.Fatalf("a foreign token: %v", err)
	}
}

// TestChangeRequests_TwoOnOneField: two requests asked against the same description, both
// approved; the second's history names what the first left as its old value, not what
// stood when it was asked, so the service's history reads as a chain.
func TestChangeRequests_TwoOnOneField(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, models.Seoul)
	svc, err := s.GetService(ctx, "SVC-0001")
	if err != nil {
		t.Fatal(err)
	}
	var crs []*models.ChangeRequest
	for _, desc := range []string{"첫 번째 소개", "두 번째 소개"} {
		crs = append(crs, approvedChange(t, s, svc, models.ChangeFields{Description: &desc}, now))
	}
	for _, cr := range crs {
		if err := s.ApplyServiceChanges(ctx, cr, now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	hist, _, err := s.ListServiceChanges(ctx, "SVC-0001", 0, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != 2 || hist[0].Old != svc.Description || hist[0].New != "첫 번째 소개" ||
		hist[1].Old != "첫 번째 소개" || hist[1].New != "두 번째 소개" {
		t.Fatalf("history %+v", hist)
	}
	if crs[1].Changes[0].Old != svc.Description {
		t.Fatal("the request itself keeps the value it was asked against")
	}
}

// approvedChange asks for the changes f to svc as PV-0001's provider, saves the request and
// has the operator approve it, ready to apply.
func approvedChange(t *testing.T, s *store.Store, svc models.Service, f models.ChangeFields, now time.Time) *models.ChangeRequest {
	t.Helper()
	cr := askedChange(t, s, svc, f, now)
	yes := true
	if err := cr.Decide(now, models.Actor{Sub: "park.operator", Role: models.RoleOperator, Org: "NIA"},
		models.DecideChangeInput{Approve: &yes}); err != nil {
		t.Fatal(err)
	}
	return cr
}

// TestChangesAwaitingDecision: the operators' queue holds the approval-path requests still
// waiting, oldest first, with how many wait in all; a decided request and one that waits
// for its re-review are not in it.
func TestChangesAwaitingDecision(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, models.Seoul)
	svc, err := s.GetService(ctx, "SVC-0001")
	if err != nil {
		t.Fatal(err)
	}
	ask := func(f models.ChangeFields, at time.Time) *models.ChangeRequest { return askedChange(t, s, svc, f, at) }
	first, second := "나중에 요청한 소개", "먼저 요청한 소개"
	later := ask(models.ChangeFields{Description: &first}, now.Add(time.Hour))
	earlier := ask(models.ChangeFields{Description: &second}, now)
	sla := "99.99"
	if rr := ask(models.ChangeFields{SLA: &sla}, now.Add(-time.Hour)); rr.Path != models.ChangeRereview {
		t.Fatalf("an SLA change goes %s, want a re-review", rr.Path)
	}
	done := approvedChange(t, s, svc, models.ChangeFields{Description: &first}, now.Add(-2*time.Hour))
	if err := s.SaveChangeRequest(ctx, done); err != nil {
		t.Fatal(err)
	}

	list, n, err := s.ChangesAwaitingDecision(ctx, 20)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, cr := range list {
		ids = append(ids, cr.ID)
	}
	if n != 2 || strings.Join(ids, " ") != earlier.ID+" "+later.ID {
		t.Fatalf("queue %v of %d, want %s then %s of 2", ids, n, earlier.ID, later.ID)
	}
	list, n, err = s.ChangesAwaitingDecision(ctx, 1)
	if err != nil || n != 2 || len(list) != 1 || list[0].ID != earlier.ID {
		t.Fatalf("limited to one: %v of %d (%v)", list, n, err)
	}
}

// askedChange asks for the changes f to svc as PV-0001's provider at now and saves the
// request, waiting for its decision.
func askedChange(t *testing.T, s *store.Store, svc models.Service, f models.ChangeFields, now time.Time) *models.ChangeRequest {
	t.Helper()
	ctx := context.Background()
	id, err := s.NextChangeRequestID(ctx, now)
	if err != nil {
		t.Fatal(err)
	}
	p, err := models.ParseChangeRequest(models.ChangeRequestInput{Changes: f, Reason: "갱신"}, svc)
	if err != nil {
		t.Fatal(err)
	}
	cr := models.NewChangeRequest(id, flow.ChangeRequestWorkflowID(id), p, svc, providerPV1, now)
	if err := s.SaveChangeRequest(ctx, cr); err != nil {
		t.Fatal(err)
	}
	return cr
}

package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

// TestListAudit: the decision log pages newest first without repeating or skipping a row,
// and filters by who took the step, the kind of case and the step's time.
func TestListAudit(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	sv := serviceOf(t, s, "SVC-0001")
	var steps []models.Step
	for _, id := range []string{"ORD-2026-000001", "ORD-2026-000002"} {
		v := orderVersions(t, sv, id)
		o := v[len(v)-1]
		if err := s.SaveOrder(ctx, o); err != nil {
			t.Fatal(err)
		}
		steps = append(steps, o.Steps...)
	}
	// count is how many of the steps f selects.
	count := func(f func(models.Step) bool) int {
		n := 0
		for _, st := range steps {
			if f(st) {
				n++
			}
		}
		return n
	}
	seqs := func(rows []store.AuditRecord) []int64 {
		out := []int64{}
		for _, r := range rows {
			out = append(out, r.Seq)
		}
		return out
	}
	list := func(f store.AuditFilter) ([]int64, string) {
		t.Helper()
		rows, next, err := s.ListAudit(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		return seqs(rows), next
	}

	var all []int64
	pages := 0
	for tok := ""; ; pages++ {
		got, next := list(store.AuditFilter{PageSize: 3, PageToken: tok})
		all = append(all, got...)
		if next == "" {
			break
		}
		tok = next
	}
	var want []int64
	for seq := int64(len(steps)); seq > 0; seq-- {
		want = append(want, seq)
	}
	if !slices.Equal(all, want) || pages != (len(steps)-1)/3 {
		t.Fatalf("paged %v in %d more pages, want %v in %d", all, pages, want, (len(steps)-1)/3)
	}

	rows, _, err := s.ListAudit(ctx, store.AuditFilter{ActorSub: providerPV1.Sub})
	if err != nil || len(rows) != count(func(st models.Step) bool { return st.Actor.Sub == providerPV1.Sub }) || len(rows) == 0 {
		t.Fatalf("the provider's steps: %v, %v", seqs(rows), err)
	}
	for _, r := range rows {
		if r.Action != string(models.ActionProposalSubmitted) || r.ActorOrg != providerPV1.Org || r.Hash == "" || r.PrevHash == "" {
			t.Errorf("the provider's step: %+v", r)
		}
	}
	if got, _ := list(store.AuditFilter{CaseType: "application"}); len(got) != 0 {
		t.Errorf("applications: %v, want none", got)
	}
	if got, _ := list(store.AuditFilter{CaseType: "order"}); len(got) != len(steps) {
		t.Errorf("orders: %v, want all %d", got, len(steps))
	}
	from, to := auditNow.Add(time.Hour), auditNow.Add(2*time.Hour)
	if got, want := len(first(list(store.AuditFilter{From: from}))), count(func(st models.Step) bool { return !st.At.Before(from) }); got != want || want == 0 {
		t.Errorf("from the proposals on: %d rows, want %d", got, want)
	}
	if got, want := len(first(list(store.AuditFilter{From: from, To: to}))), count(func(st models.Step) bool { return !st.At.Before(from) && st.At.Before(to) }); got != want || want == 0 || want == len(steps) {
		t.Errorf("the proposals' hour: %d rows, want %d", got, want)
	}

	_, _, err = s.ListAudit(ctx, store.AuditFilter{PageToken: "not-a-token"})
	var me *models.Error
	if !errors.As(err, &me) || me.Code != models.EINVALID {
		t.Fatalf("a bad token: %v, want a 422 naming page_token", err)
	}
}

func first[A, B any](a A, _ B) A { return a }

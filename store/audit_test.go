package store_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/store/storetest"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// serviceOf reads a seeded catalog service the test's cases are about.
func serviceOf(t *testing.T, s *store.Store, id string) models.Service {
	t.Helper()
	sv, err := s.GetService(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return sv
}

// auditNow has nanoseconds on purpose: the log keeps microseconds, and a row must still
// hash, when read back, to what was written.
var auditNow = time.Date(2026, 11, 2, 10, 0, 0, 123_456_789, models.Seoul)

// orderVersions returns the successive states of one order, each a separate value as a
// retried or late activity would carry it: versions[k] has taken k+1 actions.
func orderVersions(t *testing.T, sv models.Service, id string) []*models.Order {
	t.Helper()
	yes := true
	build := func(steps int) *models.Order {
		req, err := models.ParseOrderRequest(sv.ID, "민원 챗봇 도입", 50_000_000, "2026-12-31", models.DateOf(auditNow))
		if err != nil {
			t.Fatal(err)
		}
		o := models.NewOrder(id, "order-"+id, req, sv, agencyKim.Org, agencyKim, auditNow)
		for i, step := range []func() error{
			func() error {
				return o.SubmitProposal(auditNow.Add(time.Hour), providerPV1, models.ProposalInput{PriceKRW: 45_000_000, Summary: "SaaS"})
			},
			func() error {
				return o.Evaluate(auditNow.Add(2*time.Hour), agencyKim, []models.ScoreInput{{Criterion: "기술", Score: 90, Max: 100}})
			},
			func() error {
				return o.Negotiate(auditNow.Add(3*time.Hour), agencyKim, models.NegotiationInput{Agreed: &yes, FinalPriceKRW: 44_000_000, Terms: "SLA"})
			},
		} {
			if i+1 >= steps {
				break
			}
			if err := step(); err != nil {
				t.Fatal(err)
			}
		}
		return o
	}
	var out []*models.Order
	for n := 1; n <= 4; n++ {
		out = append(out, build(n))
	}
	return out
}

type auditLine struct {
	Seq          int64
	CaseType     string
	CaseID       string
	WorkflowID   string
	StepNo       int
	Action       string
	ActorSub     string
	ActorRole    string
	ActorOrg     string
	At           time.Time
	StatusBefore string
	StatusAfter  string
	RequestID    *string
	RuleVersions string
	PrevHash     string
	Hash         string
}

func auditLog(t *testing.T, s *store.Store) []auditLine {
	t.Helper()
	var rows []auditLine
	if err := s.SealAudit(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := s.DB().Raw(`SELECT * FROM audit_log ORDER BY seq`).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	return rows
}

// requireChain checks that the log is rows 1..n, each chained to the one before, that each
// case holds its steps 1..k once, and that VerifyAudit and AuditHead agree.
func requireChain(t *testing.T, s *store.Store, n int) []auditLine {
	t.Helper()
	rows := auditLog(t, s)
	if len(rows) != n {
		t.Fatalf("%d rows in the log, want %d", len(rows), n)
	}
	prev := store.GenesisHash
	next := map[string]int{}
	for i, r := range rows {
		if r.Seq != int64(i+1) || r.PrevHash != prev {
			t.Fatalf("row %d: seq %d prev_hash %s; want seq %d prev_hash %s", i, r.Seq, r.PrevHash, i+1, prev)
		}
		next[r.WorkflowID]++
		if r.StepNo != next[r.WorkflowID] {
			t.Fatalf("seq %d: %s step %d, want step %d", r.Seq, r.WorkflowID, r.StepNo, next[r.WorkflowID])
		}
		prev = r.Hash
	}
	ctx := context.Background()
	v, err := s.VerifyAudit(ctx)
	if err != nil || !v.OK || v.Checked != int64(n) || v.FirstBroken != nil {
		t.Fatalf("VerifyAudit = %+v, %v; want ok with %d checked", v, err, n)
	}
	h, err := s.AuditHead(ctx)
	if err != nil || h.Seq != int64(n) || h.Hash != prev || (n > 0) != (h.At != nil) {
		t.Fatalf("AuditHead = %+v, %v; want seq %d hash %s", h, err, n, prev)
	}
	return rows
}

func TestAudit_AppendsEachStepOnce(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	requireChain(t, s, 0)
	sv := serviceOf(t, s, "SVC-0001")
	v := orderVersions(t, sv, "ORD-2026-000001")
	// Retries, late older versions, and a jump over a version: each step is logged once, in
	// its order, whatever order the writes arrive in.
	for i, k := range []int{1, 1, 0, 3, 2, 3, 0} {
		if err := s.SaveOrder(ctx, v[k]); err != nil {
			t.Fatalf("write %d (version %d): %v", i, k+1, err)
		}
	}
	final := v[3]
	rows := requireChain(t, s, len(final.Steps))
	for i, r := range rows {
		st := final.Steps[i]
		before := ""
		if i > 0 {
			before = final.Steps[i-1].Status
		}
		if r.CaseType != "order" || r.CaseID != final.ID || r.WorkflowID != final.WorkflowID || r.Action != st.Action ||
			r.ActorSub != st.Actor.Sub || r.ActorRole != string(st.Actor.Role) || r.ActorOrg != st.Actor.Org ||
			r.StatusBefore != before || r.StatusAfter != st.Status {
			t.Errorf("row %d = %+v; step %+v", i, r, st)
		}
		if !r.At.Equal(st.At.Truncate(time.Microsecond)) {
			t.Errorf("row %d at %s, want %s", i, r.At, st.At.Truncate(time.Microsecond))
		}
		if r.RequestID != nil || r.RuleVersions != "2020-10-01" {
			t.Errorf("row %d: request_id %v, rule_versions %q; want none and the table of 2020-10-01", i, r.RequestID, r.RuleVersions)
		}
	}
	if last := rows[len(rows)-1]; last.StatusAfter != string(models.OrderDeliveryRequested) {
		t.Errorf("last step leaves %s", last.StatusAfter)
	}
}

// TestAudit_EveryCaseType writes one case of each kind through its Save method.
func TestAudit_EveryCaseType(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	sv := serviceOf(t, s, "SVC-0001")
	o := orderVersions(t, sv, "ORD-2026-000001")[0]
	a := newApplication(t, "APP-2024-000001", "PV-0001", businessNoOf(t, s, "PV-0001"), "한빛 민원 챗봇", appNow)
	cs := newSession("CS-2024-0001", day("2024-03-20"), models.SessionOpen, 2, "song.committee")
	dc := newDirectContract(t, s, "CT-2026-000001", "SVC-0001", agencyKim, auditNow)
	qc := qualityCase(t, s, auditNow)
	w := models.NewServiceWatch(sv)
	if _, err := w.Record(auditNow, operatorPark, models.InspectionEventInput{Kind: "credit_rating", Value: "CCC",
		EffectiveOn: "2026-03-01", Source: "NICE"}); err != nil {
		t.Fatal(err)
	}
	desc := "새 소개"
	p, err := models.ParseChangeRequest(models.ChangeRequestInput{Changes: models.ChangeFields{Description: &desc}, Reason: "갱신"}, sv)
	if err != nil {
		t.Fatal(err)
	}
	cr := models.NewChangeRequest("CR-2026-000001", flow.ChangeRequestWorkflowID("CR-2026-000001"), p, sv, providerPV1, auditNow)

	want := map[string]int{}
	for _, c := range []struct {
		typ, workflowID string
		steps           int
		save            func() error
	}{
		{"order", o.WorkflowID, len(o.Steps), func() error { return s.SaveOrder(ctx, o) }},
		{"application", a.WorkflowID, len(a.Steps), func() error { return s.SaveApplication(ctx, a) }},
		{"committee_session", cs.WorkflowID, len(cs.Steps), func() error { return s.SaveSession(ctx, cs) }},
		{"contract", dc.WorkflowID, len(dc.Steps), func() error { return s.SaveDirectContract(ctx, dc) }},
		{"quality", qc.WorkflowID, len(qc.Steps), func() error { return s.SaveQualityCase(ctx, qc) }},
		{"service", flow.ServiceWatchWorkflowID(sv.ID), len(w.Steps()), func() error { return s.SaveServiceWatch(ctx, w) }},
		{"change_request", cr.WorkflowID, len(cr.Steps), func() error { return s.SaveChangeRequest(ctx, cr) }},
	} {
		if c.steps == 0 {
			t.Fatalf("%s: the fixture has no step", c.typ)
		}
		// Twice: the second write is a retry and appends nothing.
		for range 2 {
			if err := c.save(); err != nil {
				t.Fatalf("%s: %v", c.typ, err)
			}
		}
		want[c.typ+" "+c.workflowID] = c.steps
	}
	total := 0
	for _, n := range want {
		total += n
	}
	got := map[string]int{}
	for _, r := range requireChain(t, s, total) {
		got[r.CaseType+" "+r.WorkflowID]++
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("steps logged per case %v, want %v", got, want)
	}
}

// TestAudit_ConcurrentSavesGapless runs many writers at once, each walking its orders
// through every version with retries and late writes: the chain has no gap, no duplicate
// and no fork, since seq is assigned under one lock.
func TestAudit_ConcurrentSavesGapless(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	sv := serviceOf(t, s, "SVC-0001")
	const writers, ordersEach = 6, 4
	cases := make([][][]*models.Order, writers)
	steps := 0
	for w := range writers {
		for i := range ordersEach {
			v := orderVersions(t, sv, fmt.Sprintf("ORD-2026-%03d%03d", w+1, i+1))
			cases[w] = append(cases[w], v)
			steps += len(v[3].Steps)
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, k := range []int{0, 1, 1, 0, 2, 3, 2, 3} {
				for _, v := range cases[w] {
					if err := s.SaveOrder(ctx, v[k]); err != nil {
						errs <- err
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	requireChain(t, s, steps)
}

func TestAudit_AppendOnly(t *testing.T) {
	t.Parallel()
	s := storetest.New(t)
	if err := s.SaveSession(context.Background(), newSession("CS-2024-0001", day("2024-03-20"), models.SessionOpen, 2)); err != nil {
		t.Fatal(err)
	}
	if err := s.SealAudit(context.Background()); err != nil {
		t.Fatal(err)
	}
	// The test connects as the superuser: the triggers refuse even it.
	for _, stmt := range []string{
		`UPDATE audit_log SET note = 'rewritten' WHERE seq = 1`,
		`DELETE FROM audit_log WHERE seq = 2`,
		`TRUNCATE audit_log`,
	} {
		err := s.DB().Exec(stmt).Error
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v; want refused as append-only", stmt, err)
		}
	}
	requireChain(t, s, 2)
}

package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// TestSave_OlderVersionChangesNothing writes each kind's newer version, then a late retry of
// an older one: the row keeps the newer version and status, and the log its steps once.
func TestSave_OlderVersionChangesNothing(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	sv := serviceOf(t, s, "SVC-0001")

	orders := orderVersions(t, sv, "ORD-2026-000001")
	bn := businessNoOf(t, s, "PV-0001")
	appOld := newApplication(t, "APP-2024-000001", "PV-0001", bn, "한빛 민원 챗봇", appNow)
	appNew := newApplication(t, "APP-2024-000001", "PV-0001", bn, "한빛 민원 챗봇", appNow)
	toCommittee(t, appNew, appNow.Add(time.Hour))
	sessOld := newSession("CS-2024-0001", day("2024-03-20"), models.SessionOpen, 1, committee3...)
	sessNew := newSession("CS-2024-0001", day("2024-03-20"), models.SessionClosed, 3, committee3...)
	dcOld := newDirectContract(t, s, "CT-2026-000001", "SVC-0001", agencyKim, auditNow)
	dcNew := newDirectContract(t, s, "CT-2026-000001", "SVC-0001", agencyKim, auditNow)
	amount := int64(52_000_000)
	if err := dcNew.RegisterChange(auditNow.Add(time.Hour), agencyKim, models.ContractChangeInput{ChangedOn: "2026-11-01",
		Reason: "과업 추가", AmountKRW: &amount}); err != nil {
		t.Fatal(err)
	}
	qcOld, qcNew := qualityCase(t, s, auditNow), qualityCase(t, s, auditNow)
	qcNew.MissReport(qcNew.ReportDeadline)
	rejected := false
	if err := qcNew.PreReview(qcNew.ReportDeadline.Add(time.Hour), operatorPark,
		models.PreReviewInput{Accepted: &rejected, Note: "미제출"}); err != nil {
		t.Fatal(err)
	}
	watchOld, watchNew := models.NewServiceWatch(sv), models.NewServiceWatch(sv)
	if _, err := watchNew.Record(auditNow, operatorPark, models.InspectionEventInput{Kind: "credit_rating", Value: "CCC",
		EffectiveOn: "2026-03-01", Source: "NICE"}); err != nil {
		t.Fatal(err)
	}
	desc := "새 소개"
	p, err := models.ParseChangeRequest(models.ChangeRequestInput{Changes: models.ChangeFields{Description: &desc}, Reason: "갱신"}, sv)
	if err != nil {
		t.Fatal(err)
	}
	crID := "CR-2026-000001"
	crOld := models.NewChangeRequest(crID, flow.ChangeRequestWorkflowID(crID), p, sv, providerPV1, auditNow)
	crNew := models.NewChangeRequest(crID, flow.ChangeRequestWorkflowID(crID), p, sv, providerPV1, auditNow)
	approve := true
	if err := crNew.Decide(auditNow.Add(time.Hour), operatorPark, models.DecideChangeInput{Approve: &approve}); err != nil {
		t.Fatal(err)
	}

	type versioned interface{ Version() int }
	for _, c := range []struct {
		table, key, id, workflowID string
		newer, older               versioned
		status                     string
		steps                      int
		save                       func(versioned) error
	}{
		{"orders", "id", orders[2].ID, orders[2].WorkflowID, orders[2], orders[0], string(orders[2].Status), len(orders[2].Steps),
			func(v versioned) error { return s.SaveOrder(ctx, v.(*models.Order)) }},
		{"applications", "id", appNew.ID, appNew.WorkflowID, appNew, appOld, string(appNew.Status), len(appNew.Steps),
			func(v versioned) error { return s.SaveApplication(ctx, v.(*models.Application)) }},
		{"committee_sessions", "id", sessNew.ID, sessNew.WorkflowID, sessNew, sessOld, string(sessNew.Status), len(sessNew.Steps),
			func(v versioned) error { return s.SaveSession(ctx, v.(*models.CommitteeSession)) }},
		{"direct_contracts", "id", dcNew.ID, dcNew.WorkflowID, dcNew, dcOld, string(dcNew.Status), len(dcNew.Steps),
			func(v versioned) error { return s.SaveDirectContract(ctx, v.(*models.DirectContract)) }},
		{"quality_cases", "id", qcNew.ID, qcNew.WorkflowID, qcNew, qcOld, string(qcNew.Status), len(qcNew.Steps),
			func(v versioned) error { return s.SaveQualityCase(ctx, v.(*models.QualityCase)) }},
		{"service_watches", "service_id", sv.ID, flow.ServiceWatchWorkflowID(sv.ID), watchNew, watchOld,
			string(watchNew.Status), len(watchNew.Steps()),
			func(v versioned) error { return s.SaveServiceWatch(ctx, v.(*models.ServiceWatch)) }},
		{"change_requests", "id", crID, crNew.WorkflowID, crNew, crOld, string(crNew.Status), len(crNew.Steps),
			func(v versioned) error { return s.SaveChangeRequest(ctx, v.(*models.ChangeRequest)) }},
	} {
		t.Run(c.table, func(t *testing.T) {
			if c.older.Version() >= c.newer.Version() {
				t.Fatalf("fixture: version %d is not older than %d", c.older.Version(), c.newer.Version())
			}
			for _, v := range []versioned{c.newer, c.older} {
				if err := c.save(v); err != nil {
					t.Fatal(err)
				}
			}
			var version int
			var status string
			if err := s.DB().Raw(`SELECT version, status FROM `+c.table+` WHERE `+c.key+` = ?`, c.id).Row().
				Scan(&version, &status); err != nil {
				t.Fatal(err)
			}
			if version != c.newer.Version() || status != c.status {
				t.Fatalf("stored version %d status %s, want the newer %d %s", version, status, c.newer.Version(), c.status)
			}
			var logged int
			if err := s.SealAudit(context.Background()); err != nil {
				t.Fatal(err)
			}
			if err := s.DB().Raw(`SELECT count(*) FROM audit_log WHERE workflow_id = ?`, c.workflowID).Row().
				Scan(&logged); err != nil {
				t.Fatal(err)
			}
			if logged != c.steps {
				t.Fatalf("%d steps logged, want %d", logged, c.steps)
			}
		})
	}
}

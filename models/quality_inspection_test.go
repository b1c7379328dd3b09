package models

import (
	"reflect"
	"testing"
	"time"
)

// --- the inspection ------------------------------------------------------------------------

func TestQualityInspect(t *testing.T) {
	today := DateOf(qInspectAt)
	day := func(n int) string { return today.AddDate(0, 0, n).Format(time.DateOnly) }
	for _, tc := range []struct {
		name   string
		by     Actor
		in     QualityInspectionInput
		code   string
		field  string
		status QualityStatus
	}{
		{"OK_Fit", qOperator, QualityInspectionInput{Outcome: "fit"}, "", "", QualityFit},
		{"OK_FitWithTask", qOperator, QualityInspectionInput{TaskID: "QC-2027-0001-T01", Outcome: "fit", Reason: "이상 없음"}, "", "", QualityFit},
		{"OK_Remediate", qOperator, QualityInspectionInput{Outcome: "remediate", Reason: "백업 복구 훈련 미실시", Due: day(30)}, "", "", QualityRemediating},
		{"OK_RemediateTomorrow", qOperator, QualityInspectionInput{Outcome: "remediate", Reason: "x", Due: day(1)}, "", "", QualityRemediating},
		{"OK_Remediate180Days", qOperator, QualityInspectionInput{Outcome: "remediate", Reason: "x", Due: day(180)}, "", "", QualityRemediating},
		{"OK_Rereview", qOperator, QualityInspectionInput{Outcome: "rereview", Reason: "신용등급 하락"}, "", "", QualityRereview},
		{"OK_Unfit", qOperator, QualityInspectionInput{Outcome: "unfit", Reason: "CSAP 인증 취소"}, "", "", QualityUnfit},
		{"OK_OnSiteRequested", qOperator, QualityInspectionInput{OnSite: true, Reason: "가용성 수치 확인"}, "", "", QualityInspecting},
		{"ErrOutcomeRequired", qOperator, QualityInspectionInput{}, EINVALID, "outcome", ""},
		{"ErrOutcomeUnknown", qOperator, QualityInspectionInput{Outcome: "pass"}, EINVALID, "outcome", ""},
		{"ErrReasonRequiredRemediate", qOperator, QualityInspectionInput{Outcome: "remediate", Due: day(30)}, EINVALID, "reason", ""},
		{"ErrReasonRequiredRereview", qOperator, QualityInspectionInput{Outcome: "rereview"}, EINVALID, "reason", ""},
		{"ErrReasonRequiredUnfit", qOperator, QualityInspectionInput{Outcome: "unfit"}, EINVALID, "reason", ""},
		{"ErrDueRequired", qOperator, QualityInspectionInput{Outcome: "remediate", Reason: "x"}, EINVALID, "due", ""},
		{"ErrDueToday", qOperator, QualityInspectionInput{Outcome: "remediate", Reason: "x", Due: day(0)}, EINVALID, "due", ""},
		{"ErrDuePast", qOperator, QualityInspectionInput{Outcome: "remediate", Reason: "x", Due: day(-1)}, EINVALID, "due", ""},
		{"ErrDue181Days", qOperator, QualityInspectionInput{Outcome: "remediate", Reason: "x", Due: day(181)}, EINVALID, "due", ""},
		{"ErrDueMalformed", qOperator, QualityInspectionInput{Outcome: "remediate", Reason: "x", Due: "2027/05/01"}, EINVALID, "due", ""},
		{"ErrDueForFit", qOperator, QualityInspectionInput{Outcome: "fit", Due: day(30)}, EINVALID, "due", ""},
		{"ErrProvider", qProvider, QualityInspectionInput{Outcome: "fit"}, EFORBIDDEN, "", ""},
		{"ErrAuditor", qAuditor, QualityInspectionInput{Outcome: "fit"}, EFORBIDDEN, "", ""},
		{"ErrAgency", qAgency, QualityInspectionInput{Outcome: "fit"}, ENOTFOUND, "", ""},
		{"ErrUnknownTask", qOperator, QualityInspectionInput{TaskID: "QC-2027-0001-T09", Outcome: "fit"}, ENOTFOUND, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := qPreReviewed(t)
			before := qClone(t, c)
			checkErr := c.CheckInspect(qInspectAt, tc.by, tc.in)
			err := c.Inspect(qInspectAt, tc.by, tc.in)
			if ErrorCode(checkErr) != ErrorCode(err) {
				t.Fatalf("check said %v, the step %v", checkErr, err)
			}
			if tc.code != "" {
				wantErr(t, err, tc.code, tc.field)
				qUnchanged(t, before, c)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.Status != tc.status {
				t.Fatalf("status %s, want %s", c.Status, tc.status)
			}
			_, open := c.OpenInspectionTask()
			if open != (tc.status == QualityInspecting) {
				t.Fatalf("inspection task open: %v in %s", open, c.Status)
			}
			if tc.status.Final() && (c.ClosedAt == nil || c.Reason == "" || len(c.Inspections) != 1) {
				t.Fatalf("closed case %+v", c)
			}
		})
	}
}

func TestQualityInspectOutsideRound(t *testing.T) {
	for name, c := range map[string]*QualityCase{"report_requested": qNewCase(t), "report_submitted": qSubmitted(t)} {
		wantErr(t, c.Inspect(qInspectAt, qOperator, QualityInspectionInput{Outcome: "fit"}), ECONFLICT, "")
		_ = name
	}
	c := qPreReviewed(t)
	if err := c.Inspect(qInspectAt, qOperator, QualityInspectionInput{Outcome: "fit"}); err != nil {
		t.Fatal(err)
	}
	wantErr(t, c.Inspect(qInspectAt, qOperator, QualityInspectionInput{Outcome: "unfit", Reason: "x"}), ECONFLICT, "")
	wantErr(t, c.Inspect(qInspectAt, qOperator, QualityInspectionInput{TaskID: "QC-2027-0001-T01", Outcome: "fit"}), ECONFLICT, "")
}

func TestQualityOnSiteThenVerdict(t *testing.T) {
	c := qPreReviewed(t)
	if err := c.Inspect(qInspectAt, qOperator, QualityInspectionInput{OnSite: true}); err != nil {
		t.Fatal(err)
	}
	task, _ := c.OpenInspectionTask()
	if c.Status != QualityInspecting || !c.OnSite || !task.DueAt.Equal(AddCalendarDays(qInspectAt, 14)) {
		t.Fatalf("on site: %s %v %s", c.Status, c.OnSite, task.DueAt)
	}
	wantErr(t, c.Inspect(qInspectAt, qOperator, QualityInspectionInput{OnSite: true}), ECONFLICT, "")
	if err := c.Inspect(qInspectAt.AddDate(0, 0, 3), qOperator, QualityInspectionInput{Outcome: "fit"}); err != nil {
		t.Fatal(err)
	}
	if c.Status != QualityFit || !c.Inspections[0].OnSite {
		t.Fatalf("verdict after the visit: %s %+v", c.Status, c.Inspections)
	}
	want := []string{ActionQualityReportRequested, ActionQualityReportSubmitted, ActionQualityPreReviewed,
		ActionQualityOnSiteRequested, ActionQualityInspected}
	if got := qActions(c); !reflect.DeepEqual(got, want) {
		t.Fatalf("steps %v, want %v", got, want)
	}
}

func TestQualityRemediationThenReinspection(t *testing.T) {
	c := qPreReviewed(t)
	due := DateOf(qInspectAt).AddDate(0, 0, 30).Format(time.DateOnly) // 2027-05-10
	if err := c.Inspect(qInspectAt, qOperator, QualityInspectionInput{Outcome: "remediate", Reason: "백업 미흡", Due: due}); err != nil {
		t.Fatal(err)
	}
	end := time.Date(2027, 5, 11, 0, 0, 0, 0, Seoul)
	if c.RemediationDeadline == nil || !c.RemediationDeadline.Equal(end) {
		t.Fatalf("remediation deadline %v, want the end of %s", c.RemediationDeadline, due)
	}
	wantErr(t, c.Inspect(qInspectAt, qOperator, QualityInspectionInput{Outcome: "fit"}), ECONFLICT, "")
	if c.Reinspect(end.Add(-time.Second)) {
		t.Fatal("re-inspection before the deadline")
	}
	if !c.Reinspect(end) {
		t.Fatal("no re-inspection at the deadline")
	}
	task, ok := c.OpenInspectionTask()
	if c.Status != QualityInspecting || c.Round != 2 || !ok || task.ID != "QC-2027-0001-T02" {
		t.Fatalf("round 2: %s %d %+v", c.Status, c.Round, task)
	}
	if c.Reinspect(end.Add(time.Hour)) {
		t.Fatal("a second re-inspection")
	}
	if err := c.Inspect(end.Add(time.Hour), qOperator, QualityInspectionInput{TaskID: task.ID, Outcome: "fit"}); err != nil {
		t.Fatal(err)
	}
	if c.Status != QualityFit || len(c.Inspections) != 2 || c.Inspections[1].Round != 2 {
		t.Fatalf("after round 2: %s %+v", c.Status, c.Inspections)
	}
}

func TestQualityInspectionFromTask(t *testing.T) {
	in := QualityInspectionFromTask("QC-2027-0001-T01", TaskCompletion{Outcome: "remediate", Reason: "x", Due: "2027-05-01"})
	want := QualityInspectionInput{TaskID: "QC-2027-0001-T01", Outcome: "remediate", Reason: "x", Due: "2027-05-01"}
	if in != want {
		t.Fatalf("%+v", in)
	}
}

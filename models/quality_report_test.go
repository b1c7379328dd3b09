package models

import (
	"testing"
	"time"
)

// --- opening and the report ----------------------------------------------------------------

func TestNewQualityCase(t *testing.T) {
	c := qNewCase(t)
	if c.Status != QualityReportRequested || c.ID != "QC-2027-0001" || c.WorkflowID != "quality-SVC-0001-2027" {
		t.Fatalf("opened as %+v", c)
	}
	if c.ReportDue.String() != "2027-04-01" || !c.ReportDeadline.Equal(qReportEnd) {
		t.Fatalf("report due %s, deadline %s: want 30 days, to the end of 2027-04-01 Seoul", c.ReportDue, c.ReportDeadline)
	}
	if c.Version() != 1 || c.Steps[0].Actor != SystemActor || c.Steps[0].Action != ActionQualityReportRequested {
		t.Fatalf("steps %+v", c.Steps)
	}
}

func TestQualitySubmitReport(t *testing.T) {
	with := func(f func(*QualityReportInput)) QualityReportInput {
		in := qReport()
		f(&in)
		return in
	}
	for _, tc := range []struct {
		name  string
		at    time.Time
		by    Actor
		in    QualityReportInput
		code  string
		field string
	}{
		{"OK", qSubmitAt, qProvider, qReport(), "", ""},
		{"OK_NoDocumentsNoIncidents", qSubmitAt, qProvider, with(func(in *QualityReportInput) { in.Documents, in.Incidents = nil, qPtr(int64(0)) }), "", ""},
		{"OK_OneSecondBeforeDeadline", qReportEnd.Add(-time.Second), qProvider, qReport(), "", ""},
		{"ErrAfterDeadline", qReportEnd, qProvider, qReport(), ECONFLICT, ""},
		{"ErrOtherProvider", qSubmitAt, qOtherProvider, qReport(), ENOTFOUND, ""},
		{"ErrAgency", qSubmitAt, qAgency, qReport(), ENOTFOUND, ""},
		{"ErrExpert", qSubmitAt, qExpert, qReport(), ENOTFOUND, ""},
		{"ErrOperator", qSubmitAt, qOperator, qReport(), EFORBIDDEN, ""},
		{"ErrAuditor", qSubmitAt, qAuditor, qReport(), EFORBIDDEN, ""},
		{"ErrSummaryRequired", qSubmitAt, qProvider, with(func(in *QualityReportInput) { in.Summary = "  " }), EINVALID, "summary"},
		{"ErrSummaryTooLong", qSubmitAt, qProvider, with(func(in *QualityReportInput) { in.Summary = string(make([]rune, 4001)) }), EINVALID, "summary"},
		{"ErrAvailabilityRequired", qSubmitAt, qProvider, with(func(in *QualityReportInput) { in.AvailabilityPct = nil }), EINVALID, "availability_pct"},
		{"ErrAvailabilityOver100", qSubmitAt, qProvider, with(func(in *QualityReportInput) { in.AvailabilityPct = qPtr(100.01) }), EINVALID, "availability_pct"},
		{"ErrAvailabilityNegative", qSubmitAt, qProvider, with(func(in *QualityReportInput) { in.AvailabilityPct = qPtr(-1.0) }), EINVALID, "availability_pct"},
		{"ErrAvailabilityThreeDecimals", qSubmitAt, qProvider, with(func(in *QualityReportInput) { in.AvailabilityPct = qPtr(99.999) }), EINVALID, "availability_pct"},
		{"ErrIncidentsRequired", qSubmitAt, qProvider, with(func(in *QualityReportInput) { in.Incidents = nil }), EINVALID, "incidents"},
		{"ErrIncidentsNegative", qSubmitAt, qProvider, with(func(in *QualityReportInput) { in.Incidents = qPtr(int64(-1)) }), EINVALID, "incidents"},
		{"ErrDocumentKind", qSubmitAt, qProvider, with(func(in *QualityReportInput) { in.Documents[0].Kind = "annual_report" }), EINVALID, "documents[0].kind"},
		// The report itself is a kind of its own, beside the application's kinds it took before.
		{"OK_TheReportAsItsKind", qSubmitAt, qProvider, with(func(in *QualityReportInput) {
			in.Documents = append(in.Documents, DocumentInput{Kind: string(DocQualityReport), Filename: "자가점검.pdf", SHA256: sumOf("self"), Size: 2048})
		}), "", ""},
		{"ErrDocumentHash", qSubmitAt, qProvider, with(func(in *QualityReportInput) { in.Documents[0].SHA256 = "abc" }), EINVALID, "documents[0].sha256"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := qNewCase(t)
			before := qClone(t, c)
			checkErr := c.CheckSubmitReport(tc.at, tc.by, tc.in)
			qUnchanged(t, before, c) // a check never changes anything
			err := c.SubmitReport(tc.at, tc.by, tc.in)
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
			if c.Status != QualityReportSubmitted || c.Report == nil || c.Report.SubmittedBy != "choi" {
				t.Fatalf("after the report: %s %+v", c.Status, c.Report)
			}
			if want := AddCalendarDays(tc.at, 7); !c.PreReviewDueAt.Equal(want) {
				t.Fatalf("pre-review due %s, want %s", c.PreReviewDueAt, want)
			}
		})
	}
}

func TestQualitySubmitReportTwiceConflicts(t *testing.T) {
	c := qSubmitted(t)
	wantErr(t, c.SubmitReport(qSubmitAt, qProvider, qReport()), ECONFLICT, "")
	if got := qReport(); c.Report.AvailabilityPct.String() != "99.95" || c.Report.Summary != got.Summary {
		t.Fatalf("report %+v", c.Report)
	}
}

func TestQualityMissReport(t *testing.T) {
	c := qNewCase(t)
	if c.MissReport(qReportEnd.Add(-time.Second)) {
		t.Fatal("a finding a second before the end of the due date")
	}
	if !c.MissReport(qReportEnd) {
		t.Fatal("no finding at the end of the due date")
	}
	if c.Status != QualityReportSubmitted || len(c.Findings) != 1 || c.Findings[0].Kind != QualityFindingNoReport {
		t.Fatalf("after the due date: %s %+v", c.Status, c.Findings)
	}
	if f := c.Findings[0]; f.NoteText == nil || f.NoteText.In(LangKO) != "제출기한 2027-04-01까지 품질보고서가 제출되지 않음 (Asia/Seoul)" ||
		f.Note != f.NoteText.English() {
		t.Fatalf("the finding's note %q, keyed %+v: a page shows it in its language", f.Note, f.NoteText)
	}
	last := c.Steps[len(c.Steps)-1]
	if last.Action != ActionQualityReportMissing || !last.At.Equal(qReportEnd) || last.Actor != SystemActor {
		t.Fatalf("step %+v", last)
	}
	if c.MissReport(qReportEnd.Add(time.Hour)) {
		t.Fatal("a second finding")
	}
	// Late reports are refused once the finding is made.
	wantErr(t, c.SubmitReport(qReportEnd.Add(time.Hour), qProvider, qReport()), ECONFLICT, "")

	done := qSubmitted(t)
	if done.MissReport(qReportEnd) {
		t.Fatal("a finding against a report that came in time")
	}
}

// --- the pre-review ------------------------------------------------------------------------

func TestQualityPreReview(t *testing.T) {
	missing := func(t testing.TB) *QualityCase {
		c := qNewCase(t)
		c.MissReport(qReportEnd)
		return c
	}
	for _, tc := range []struct {
		name     string
		c        func(testing.TB) *QualityCase
		by       Actor
		in       PreReviewInput
		code     string
		field    string
		findings int
	}{
		{"OK_Accepted", qSubmitted, qOperator, PreReviewInput{Accepted: boolPtr(true)}, "", "", 0},
		{"OK_NotAccepted", qSubmitted, qOperator, PreReviewInput{Accepted: boolPtr(false), Note: "장애 보고서 누락"}, "", "", 1},
		{"OK_NoReportNotAccepted", missing, qOperator, PreReviewInput{Accepted: boolPtr(false), Note: "미제출"}, "", "", 2},
		{"ErrAcceptedRequired", qSubmitted, qOperator, PreReviewInput{Note: "x"}, EINVALID, "accepted", 0},
		{"ErrNoteRequired", qSubmitted, qOperator, PreReviewInput{Accepted: boolPtr(false)}, EINVALID, "note", 0},
		{"ErrNoteTooLong", qSubmitted, qOperator, PreReviewInput{Accepted: boolPtr(true), Note: string(make([]rune, 2001))}, EINVALID, "note", 0},
		{"ErrAcceptNoReport", missing, qOperator, PreReviewInput{Accepted: boolPtr(true)}, EINVALID, "accepted", 1},
		{"ErrBeforeReport", qNewCase, qOperator, PreReviewInput{Accepted: boolPtr(true)}, ECONFLICT, "", 0},
		{"ErrTwice", qPreReviewed, qOperator, PreReviewInput{Accepted: boolPtr(true)}, ECONFLICT, "", 0},
		{"ErrProvider", qSubmitted, qProvider, PreReviewInput{Accepted: boolPtr(true)}, EFORBIDDEN, "", 0},
		{"ErrAuditor", qSubmitted, qAuditor, PreReviewInput{Accepted: boolPtr(true)}, EFORBIDDEN, "", 0},
		{"ErrOtherProvider", qSubmitted, qOtherProvider, PreReviewInput{Accepted: boolPtr(true)}, ENOTFOUND, "", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.c(t)
			before := qClone(t, c)
			checkErr := c.CheckPreReview(qPreReviewAt, tc.by, tc.in)
			err := c.PreReview(qPreReviewAt, tc.by, tc.in)
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
			if c.Status != QualityPreReviewed || c.Round != 1 || len(c.Findings) != tc.findings {
				t.Fatalf("after the pre-review: %s round %d findings %+v", c.Status, c.Round, c.Findings)
			}
			task, ok := c.OpenInspectionTask()
			if !ok || task.ID != "QC-2027-0001-T01" || task.Kind != TaskQualityInspection || task.CaseType != "quality" ||
				task.Assignee != (Assignee{Role: RoleOperator}) || !task.DueAt.Equal(AddCalendarDays(qPreReviewAt, 14)) {
				t.Fatalf("inspection task %+v", task)
			}
		})
	}
}

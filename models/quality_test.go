package models

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

// --- fixtures of the quality case --------------------------------------------------------

var (
	qProvider      = Actor{Sub: "choi", Role: RoleProvider, Org: "PV-0001"}
	qOtherProvider = Actor{Sub: "han", Role: RoleProvider, Org: "PV-0002"}
	qOperator      = Actor{Sub: "nia-lee", Role: RoleOperator, Org: "NIA"}
	qAuditor       = Actor{Sub: "audit-1", Role: RoleAuditor, Org: "BAI"}
	qAgency        = Actor{Sub: "kim", Role: RoleAgency, Org: "AG-0001"}
	qExpert        = Actor{Sub: "ex-lee", Role: RoleExpert, Org: "EXPERTS"}

	// The 2027 cycle opens on 2027-03-02 09:00 Seoul; the report is due on 2027-04-01.
	qOpenAt      = time.Date(2027, 3, 2, 9, 0, 0, 0, Seoul)
	qReportEnd   = time.Date(2027, 4, 2, 0, 0, 0, 0, Seoul)
	qSubmitAt    = time.Date(2027, 3, 20, 15, 0, 0, 0, Seoul)
	qPreReviewAt = time.Date(2027, 4, 3, 10, 0, 0, 0, Seoul)
	qInspectAt   = time.Date(2027, 4, 10, 10, 0, 0, 0, Seoul)
	qDueService  = QualityDueService{ID: "SVC-0001", Name: "한빛 클라우드 서버", Type: TypeCloud, ProviderOrg: "PV-0001"}
	qSelectedOn  = "2025-11-05"
)

func qPtr[T any](v T) *T { return &v }

func qReport() QualityReportInput {
	return QualityReportInput{Summary: "가용성 99.95%, 장애 2건 모두 4시간 내 복구", AvailabilityPct: qPtr(99.95), Incidents: qPtr(int64(2)),
		Documents: []DocumentInput{{Kind: string(DocSLAPolicy), Filename: "sla-2027.pdf", SHA256: sumOf("sla"), Size: 1024}}}
}

func qNewCase(t testing.TB) *QualityCase {
	t.Helper()
	svc := qDueService
	svc.SelectedOn = mustDate(t, qSelectedOn)
	return NewQualityCase(svc, 2027, "quality-"+svc.ID+"-2027", qOpenAt)
}

func qSubmitted(t testing.TB) *QualityCase {
	t.Helper()
	c := qNewCase(t)
	if err := c.SubmitReport(qSubmitAt, qProvider, qReport()); err != nil {
		t.Fatal(err)
	}
	return c
}

func qPreReviewed(t testing.TB) *QualityCase {
	t.Helper()
	c := qSubmitted(t)
	if err := c.PreReview(qPreReviewAt, qOperator, PreReviewInput{Accepted: boolPtr(true)}); err != nil {
		t.Fatal(err)
	}
	return c
}

func qActions(c *QualityCase) []string {
	var out []string
	for _, s := range c.Steps {
		out = append(out, s.Action)
	}
	return out
}

// qUnchanged asserts that a refused step left the case as it was.
func qUnchanged(t testing.TB, before *QualityCase, after *QualityCase) {
	t.Helper()
	b, _ := json.Marshal(before)
	a, _ := json.Marshal(after)
	if string(a) != string(b) {
		t.Fatalf("a refused step changed the case:\nbefore %s\nafter  %s", b, a)
	}
}

func qClone(t testing.TB, c *QualityCase) *QualityCase {
	t.Helper()
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var out QualityCase
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return &out
}

// --- the rules -----------------------------------------------------------------------------

func TestQualityRules(t *testing.T) {
	if len(QualityRules) != 5 {
		t.Fatalf("%d quality rules, want 5", len(QualityRules))
	}
	for i, r := range QualityRules {
		if r.Source == "" || r.EffectiveFrom.IsZero() || r.Value == "" || r.Unit == "" {
			t.Errorf("rule %s is incomplete", r.Key)
		}
		// The main table lists them (GET /api/v1/rules): the same entries, not copies.
		if &Rules[len(Rules)-len(QualityRules)+i] != &QualityRules[i] {
			t.Errorf("rule %s is not an entry of Rules", r.Key)
		}
		if got, err := RuleAt(r.Key, qOpenAt); err != nil || got != r {
			t.Errorf("RuleAt(%s) = %+v, %v", r.Key, got, err)
		}
	}
	for key, want := range map[RuleKey]int{RuleQualityReportDays: 30, RuleQualityPreReviewDays: 7,
		RuleQualityInspectionDays: 14, RuleQualityRemediationMaxDays: 180} {
		if got := LookupRuleInt(QualityRules, key, qOpenAt); got != want {
			t.Errorf("%s = %d, want %d", key, got, want)
		}
	}
	if got := QualityCycleCalendarAt(qOpenAt).String(); got != "03-02 09:00" {
		t.Errorf("calendar %s", got)
	}
	if got := QualityCycleDate(2027); !got.Equal(qOpenAt) {
		t.Errorf("cycle of 2027 at %s, want %s", got, qOpenAt)
	}
	if got := QualityCycleCutoff(2027).String(); got != "2026-03-02" {
		t.Errorf("cutoff of 2027 is %s, want 2026-03-02 (one year before the cycle day)", got)
	}
	if _, err := LookupRule(QualityRules, RuleQualityReportDays, time.Date(2019, 1, 1, 0, 0, 0, 0, Seoul)); err == nil {
		t.Error("no rule before the system started")
	}
}

func TestLookupRulePicksLatestEffective(t *testing.T) {
	table := append(append([]Rule(nil), QualityRules...),
		Rule{Key: RuleQualityReportDays, Value: "45", Unit: "calendar days", Source: "hypothetical amendment", EffectiveFrom: seoulDate(2028, 1, 1)})
	if LookupRuleInt(table, RuleQualityReportDays, seoulDate(2027, 12, 31)) != 30 {
		t.Fatal("old rule before the amendment")
	}
	if LookupRuleInt(table, RuleQualityReportDays, seoulDate(2028, 1, 1)) != 45 {
		t.Fatal("new rule from its effective date")
	}
}

func TestParseCycleCalendar(t *testing.T) {
	for _, tc := range []struct {
		in, want string
	}{
		{"03-02 09:00", "03-02 09:00"},
		{"12-31 23:59", "12-31 23:59"},
		{"01-01 00:00", "01-01 00:00"},
	} {
		c, err := ParseCycleCalendar(tc.in)
		if err != nil || c.String() != tc.want {
			t.Errorf("OK %q: %v %v", tc.in, c, err)
		}
	}
	for _, in := range []string{"02-29 09:00", "13-01 09:00", "03-32 09:00", "03-02 24:00", "3-2 9:00", "03-02", "03-02 09:00 KST", ""} {
		if _, err := ParseCycleCalendar(in); err == nil {
			t.Errorf("Err %q accepted", in)
		}
	}
}

// --- identifiers ---------------------------------------------------------------------------

func TestQualityCaseIDs(t *testing.T) {
	if got := QualityCaseID("SVC-0001", 2027); got != "QC-2027-0001" {
		t.Fatalf("case ID %s", got)
	}
	svc, year, err := ParseQualityCaseID("QC-2027-0001")
	if err != nil || svc != "SVC-0001" || year != 2027 {
		t.Fatalf("QC-2027-0001 parsed as %s %d %v", svc, year, err)
	}
	// A task of the case routes back to the case, as the inbox needs.
	caseID, err := ParseTaskID(TaskID(QualityCaseID("SVC-123456", 2027), 3))
	if err != nil || caseID != "QC-2027-123456" {
		t.Fatalf("task of a quality case: %s %v", caseID, err)
	}
	for _, bad := range []string{"QC-27-0001", "APP-2027-000001", "QC-2027-1", "quality-SVC-0001-2027"} {
		if _, _, err := ParseQualityCaseID(bad); ErrorCode(err) != ENOTFOUND {
			t.Errorf("%s: %v, want not found", bad, err)
		}
	}
}

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

func TestQualityVisibility(t *testing.T) {
	c := qNewCase(t)
	for _, tc := range []struct {
		who  Actor
		sees bool
	}{{qProvider, true}, {qOperator, true}, {qAuditor, true}, {qOtherProvider, false}, {qAgency, false}, {qExpert, false}} {
		if c.VisibleTo(tc.who) != tc.sees {
			t.Errorf("%s/%s sees: %v", tc.who.Role, tc.who.Org, !tc.sees)
		}
	}
}

func TestQualityInspectionFromTask(t *testing.T) {
	in := QualityInspectionFromTask("QC-2027-0001-T01", TaskCompletion{Outcome: "remediate", Reason: "x", Due: "2027-05-01"})
	want := QualityInspectionInput{TaskID: "QC-2027-0001-T01", Outcome: "remediate", Reason: "x", Due: "2027-05-01"}
	if in != want {
		t.Fatalf("%+v", in)
	}
}

func TestQualityCaseJSONRoundTrip(t *testing.T) {
	c := qPreReviewed(t)
	back := qClone(t, c)
	if !reflect.DeepEqual(qActions(back), qActions(c)) || back.Report.AvailabilityPct != c.Report.AvailabilityPct ||
		back.SelectedOn.String() != qSelectedOn || back.Version() != c.Version() {
		t.Fatalf("round trip lost something: %+v", back)
	}
	for _, s := range AllQualityStatuses {
		if got, err := ParseQualityStatus(string(s)); err != nil || got != s {
			t.Errorf("status %s", s)
		}
	}
	if _, err := ParseQualityStatus("done"); err == nil {
		t.Error("unknown status accepted")
	}
}

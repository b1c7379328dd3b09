package models

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// amendedQuality is the rule table with the report window amended from 30 to 45 days and
// the longest remediation from 180 to 90 days, both from 2027-03-01.
func amendedQuality() []Rule {
	from := seoulDate(2027, time.March, 1)
	return append(slices.Clone(Rules),
		Rule{Key: RuleQualityReportDays, Value: "45", Unit: "calendar days", Source: "가상 개정 (시험)", EffectiveFrom: from},
		Rule{Key: RuleQualityRemediationMaxDays, Value: "90", Unit: "calendar days", Source: "가상 개정 (시험)", EffectiveFrom: from})
}

// useRulesForQuality makes table the process's rule table for the test.
func useRulesForQuality(t *testing.T, table []Rule) {
	t.Helper()
	saved := Rules
	UseRules(table)
	t.Cleanup(func() { UseRules(saved) })
}

// qPinned opens the 2027 case of qNewCase pinned to table at startedAt, with scale.
func qPinned(t testing.TB, table []Rule, startedAt time.Time, scale int) *QualityCase {
	t.Helper()
	c := qNewCase(t)
	c.Pin(PinRules(table, startedAt, scale, QualityRuleKeys...))
	return c
}

// A quality case keeps the versions in force when it started, even when the table read at
// its steps says otherwise; one started after the amendment gets the new versions.
func TestQualityCaseKeepsItsPinnedRules(t *testing.T) {
	useRulesForQuality(t, amendedQuality())
	for _, tc := range []struct {
		name       string
		startedAt  time.Time
		reportDays int
		maxDays    int
	}{
		{"StartedBefore", seoulDate(2027, time.February, 27), 30, 180},
		{"StartedAfter", qOpenAt, 45, 90},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := qPinned(t, Rules, tc.startedAt, 0)
			due := DateOf(AddCalendarDays(qOpenAt, tc.reportDays))
			if c.ReportDue != due || !c.ReportDeadline.Equal(due.EndOfDay()) {
				t.Fatalf("report due %s (deadline %s), want %s", c.ReportDue, c.ReportDeadline, due)
			}
			if len(c.Steps) != 1 || c.Steps[0].NoteText.Args["due"] != due.String() {
				t.Fatalf("the opening step names the due date: %+v", c.Steps)
			}
			if err := c.SubmitReport(qSubmitAt, qProvider, qReport()); err != nil {
				t.Fatal(err)
			}
			if err := c.PreReview(qPreReviewAt, qOperator, PreReviewInput{Accepted: boolPtr(true)}); err != nil {
				t.Fatal(err)
			}
			// A remediation within the pinned maximum passes; one day more does not.
			limit := DateOf(qInspectAt).AddDate(0, 0, tc.maxDays)
			over := QualityInspectionInput{Outcome: "remediate", Reason: "백업 정책 보완", Due: limit.AddDate(0, 0, 1).Format(time.DateOnly)}
			wantErr(t, c.CheckInspect(qInspectAt, qOperator, over), EINVALID, "due")
			within := over
			within.Due = limit.Format(time.DateOnly)
			if err := c.Inspect(qInspectAt, qOperator, within); err != nil {
				t.Fatal(err)
			}
			if !c.RemediationDeadline.Equal(Date{limit}.EndOfDay()) {
				t.Fatalf("remediation deadline %s: the end of the due date", c.RemediationDeadline)
			}
		})
	}
}

// A case without pins (started before cases pinned them) reads the table at each step, as
// it always did.
func TestQualityCaseWithoutPinsReadsTheTable(t *testing.T) {
	c := qNewCase(t)
	if c.Pins != nil || !c.ReportDeadline.Equal(qReportEnd) || c.ReportDue.String() != "2027-04-01" {
		t.Fatalf("pins %+v, report due %s (deadline %s)", c.Pins, c.ReportDue, c.ReportDeadline)
	}
	useRulesForQuality(t, amendedQuality())
	if err := c.SubmitReport(qSubmitAt, qProvider, qReport()); err != nil {
		t.Fatal(err)
	}
	if err := c.PreReview(qPreReviewAt, qOperator, PreReviewInput{Accepted: boolPtr(true)}); err != nil {
		t.Fatal(err)
	}
	over := QualityInspectionInput{Outcome: "remediate", Reason: "백업 정책 보완",
		Due: DateOf(qInspectAt).AddDate(0, 0, 91).Format(time.DateOnly)}
	wantErr(t, c.CheckInspect(qInspectAt, qOperator, over), EINVALID, "due")
}

// In the sandbox every wait of the case runs faster: the report window, the pre-review and
// inspection periods, and the wait until a remediation's due date.
func TestQualityCaseInTheSandbox(t *testing.T) {
	const scale = 8640 // a day in ten seconds
	c := qPinned(t, Rules, qOpenAt, scale)
	if want := qOpenAt.Add(qReportEnd.Sub(qOpenAt) / scale); !c.ReportDeadline.Equal(want) {
		t.Fatalf("report deadline %s, want %s", c.ReportDeadline, want)
	}
	if c.ReportDue != DateOf(qOpenAt) || c.Steps[0].NoteText.Args["due"] != c.ReportDue.String() {
		t.Fatalf("the due date is the day the shortened window ends: %s, %+v", c.ReportDue, c.Steps[0])
	}
	submitAt := qOpenAt.Add(time.Minute)
	if err := c.SubmitReport(submitAt, qProvider, qReport()); err != nil {
		t.Fatal(err)
	}
	if want := submitAt.Add(7 * 24 * time.Hour / scale); !c.PreReviewDueAt.Equal(want) {
		t.Fatalf("pre-review due %s, want %s", c.PreReviewDueAt, want)
	}
	reviewAt := submitAt.Add(time.Minute)
	if err := c.PreReview(reviewAt, qOperator, PreReviewInput{Accepted: boolPtr(true)}); err != nil {
		t.Fatal(err)
	}
	if task, _ := c.OpenInspectionTask(); !task.DueAt.Equal(reviewAt.Add(14 * 24 * time.Hour / scale)) {
		t.Fatalf("inspection task due %s", task.DueAt)
	}
	due := DateOf(reviewAt).AddDate(0, 0, 10)
	if err := c.Inspect(reviewAt, qOperator, QualityInspectionInput{Outcome: "remediate", Reason: "보완", Due: due.Format(time.DateOnly)}); err != nil {
		t.Fatal(err)
	}
	if want := reviewAt.Add(Date{due}.EndOfDay().Sub(reviewAt) / scale); !c.RemediationDeadline.Equal(want) || c.RemediationDue.String() != due.Format(time.DateOnly) {
		t.Fatalf("remediation due %s, deadline %s, want %s", c.RemediationDue, c.RemediationDeadline, want)
	}
}

// A version that applies to open cases reaches a running, pinned case: an open report
// window is counted again from the opening; older or repeated versions, other kinds' rules,
// closed cases and cases without pins are left as they are.
func TestQualityCaseRepin(t *testing.T) {
	newer := PinnedRule{Value: "45", EffectiveFrom: DateOf(qOpenAt.Add(48 * time.Hour))}
	at := qOpenAt.Add(72 * time.Hour)
	c := qPinned(t, Rules, qOpenAt, 0)
	if !c.Repin(at, RuleQualityReportDays, newer) {
		t.Fatal("not applied")
	}
	due := DateOf(AddCalendarDays(qOpenAt, 45))
	last := c.Steps[len(c.Steps)-1]
	if c.ReportDue != due || !c.ReportDeadline.Equal(due.EndOfDay()) || last.Action != ActionRuleApplied || last.NoteText.Args["value"] != "45" {
		t.Fatalf("report due %s, last step %+v", c.ReportDue, last)
	}
	if c.Repin(at, RuleQualityReportDays, newer) {
		t.Fatal("the same version applied twice")
	}
	if c.Repin(at, RuleNegotiationDays, PinnedRule{Value: "14", EffectiveFrom: newer.EffectiveFrom}) {
		t.Fatal("an order's rule applied to a quality case")
	}
	if qNewCase(t).Repin(at, RuleQualityReportDays, newer) {
		t.Fatal("a case without pins reads the table; nothing to repin")
	}

	// A shorter window already over closes at once: the report is missing from then.
	late := qPinned(t, Rules, qOpenAt, 0)
	if !late.Repin(at, RuleQualityReportDays, PinnedRule{Value: "2", EffectiveFrom: newer.EffectiveFrom}) || !late.MissReport(at) {
		t.Fatalf("report deadline %s: the window is over at %s", late.ReportDeadline, at)
	}

	// Past the report, a new report window changes only the pin.
	submitted := qPinned(t, Rules, qOpenAt, 0)
	if err := submitted.SubmitReport(qSubmitAt, qProvider, qReport()); err != nil {
		t.Fatal(err)
	}
	before := submitted.ReportDeadline
	if !submitted.Repin(qSubmitAt.Add(time.Hour), RuleQualityReportDays, newer) || !submitted.ReportDeadline.Equal(before) {
		t.Fatalf("report deadline %s moved after the report", submitted.ReportDeadline)
	}
	if submitted.Pins.Int(RuleQualityReportDays, qSubmitAt) != 45 {
		t.Fatalf("pins %+v", submitted.Pins)
	}
}

// pinnedWatch is a watch started at inspectionNow, pinned to the table then.
func pinnedWatch(t *testing.T) *ServiceWatch {
	t.Helper()
	w := newTestWatch(t, "2029-06-30")
	w.Pin(PinRules(Rules, inspectionNow, 0, ServiceWatchRuleKeys...))
	return w
}

// A watch judges its facts by the versions it started under: a stricter credit floor, a
// shorter CSAP validity and a longer notice that take effect later do not reach it. A watch
// without pins reads the table at each fact.
func TestServiceWatchJudgesByItsPins(t *testing.T) {
	pinned, unpinned := pinnedWatch(t), newTestWatch(t, "2029-06-30")
	from := seoulDate(2026, time.March, 1)
	useRulesForQuality(t, append(slices.Clone(Rules),
		Rule{Key: RuleMinCreditRating, Value: "B+", Unit: "credit grade", Source: "가상 개정 (시험)", EffectiveFrom: from},
		Rule{Key: RuleCSAPValidYears, Value: "3", Unit: "years", Source: "가상 개정 (시험)", EffectiveFrom: from},
		Rule{Key: RuleUnfitNoticeDays, Value: "30", Unit: "calendar days", Source: "가상 개정 (시험)", EffectiveFrom: from}))

	rating := ev("credit_rating", "B", "2026-03-02")
	if f, err := pinned.Record(inspectionNow, tOperator, rating); err != nil || f.Outcome != InspectionFit || !strings.Contains(f.Reason, "B-") {
		t.Fatalf("pinned: %+v %v", f, err)
	}
	if f, err := unpinned.Record(inspectionNow, tOperator, rating); err != nil || f.Outcome != InspectionRereview || !strings.Contains(f.Reason, "B+") {
		t.Fatalf("unpinned: %+v %v", f, err)
	}

	renewal := ev("csap", "valid:2030-03-01", "2026-03-02") // four years
	if err := pinned.CheckRecord(inspectionNow, tOperator, renewal); err != nil {
		t.Fatalf("pinned: five years allowed: %v", err)
	}
	wantErr(t, unpinned.CheckRecord(inspectionNow, tOperator, renewal), EINVALID, "value")

	f := InspectionFinding{At: inspectionNow, Outcome: InspectionUnfit, Reason: "폐업"}
	svc := Service{ID: "SVC-0001", Name: "한빛 클라우드 서버"}
	if n := pinned.UnfitNotice(svc, f); n.Until.String() != "2026-03-22" {
		t.Fatalf("pinned notice until %s", n.Until)
	}
	if n := unpinned.UnfitNotice(svc, f); n != NewUnfitNotice(svc, f) || n.Until.String() != "2026-04-01" {
		t.Fatalf("unpinned notice until %s", n.Until)
	}
}

// A version that applies to open cases reaches a running, pinned watch: the facts after it
// are judged by it, and the timeline shows it between the findings.
func TestServiceWatchRepin(t *testing.T) {
	w := pinnedWatch(t)
	if _, err := w.Record(inspectionNow, tOperator, ev("credit_rating", "A", "2026-03-01")); err != nil {
		t.Fatal(err)
	}
	floor := PinnedRule{Value: "BB", EffectiveFrom: DateOf(inspectionNow)}
	at := inspectionNow.Add(time.Hour)
	if !w.Repin(at, RuleMinCreditRating, floor) || w.Version() != 2 {
		t.Fatalf("not applied: version %d", w.Version())
	}
	if w.Repin(at, RuleMinCreditRating, floor) || w.Repin(at, RuleQualityReportDays, floor) {
		t.Fatal("applied twice, or a rule watches do not use")
	}
	if newTestWatch(t, "").Repin(at, RuleMinCreditRating, floor) {
		t.Fatal("a watch without pins reads the table; nothing to repin")
	}
	f, err := w.Record(at.Add(time.Hour), tOperator, ev("credit_rating", "B+", "2026-03-02"))
	if err != nil || f.Outcome != InspectionRereview || !strings.Contains(f.Reason, "BB") {
		t.Fatalf("judged by the new floor: %+v %v", f, err)
	}
	var got []string
	for _, s := range w.Steps() {
		got = append(got, s.Action+"/"+s.Status)
	}
	want := []string{"inspection_fit/watching", ActionRuleApplied + "/watching", "inspection_rereview/rereview_required"}
	if !slices.Equal(got, want) || w.Version() != len(got) {
		t.Fatalf("timeline %v, want %v (version %d)", got, want, w.Version())
	}
	if _, err := w.Record(at, tOperator, ev("business_status", "closed", "2026-03-02")); err != nil {
		t.Fatal(err)
	}
	if w.Repin(at, RuleUnfitNoticeDays, PinnedRule{Value: "30", EffectiveFrom: DateOf(at)}) {
		t.Fatal("a removed service's watch takes no version")
	}
}

// The open statuses are exactly the statuses that are not final.
func TestQualityOpenStatuses(t *testing.T) {
	var open []QualityStatus
	for _, s := range AllQualityStatuses {
		if !s.Final() {
			open = append(open, s)
		}
	}
	if !slices.Equal(open, QualityOpenStatuses) {
		t.Fatalf("open %v, QualityOpenStatuses %v", open, QualityOpenStatuses)
	}
}

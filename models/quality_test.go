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

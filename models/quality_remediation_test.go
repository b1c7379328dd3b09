package models

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// qRemediating is a case whose first round asked for a remediation due 2027-05-10.
func qRemediating(t testing.TB) *QualityCase {
	t.Helper()
	c := qPreReviewed(t)
	if err := c.Inspect(qInspectAt, qOperator, QualityInspectionInput{Outcome: "remediate", Reason: "백업 미흡", Due: "2027-05-10"}); err != nil {
		t.Fatal(err)
	}
	return c
}

func qRemediation() RemediationReportInput {
	return RemediationReportInput{Summary: "일일 백업과 분기 복구 훈련을 도입했습니다",
		Documents: []DocumentInput{{Kind: string(DocSLAPolicy), Filename: "backup-drill.pdf", SHA256: sumOf("drill"), Size: 2048}}}
}

// TestQualityReportRemediation: the provider of the service, before the due date, reports
// its remediation; the next round opens at once with a task for the inspectors, and the
// report is kept with the round that asked for it. Anything else is refused and changes
// nothing.
func TestQualityReportRemediation(t *testing.T) {
	at := time.Date(2027, 4, 20, 14, 0, 0, 0, Seoul)
	end := time.Date(2027, 5, 11, 0, 0, 0, 0, Seoul)
	for _, tc := range []struct {
		name        string
		case_       func(testing.TB) *QualityCase
		who         Actor
		in          func(RemediationReportInput) RemediationReportInput
		at          time.Time
		code, field string
	}{
		{"OK_BeforeTheDueDate", qRemediating, qProvider, nil, at, "", ""},
		{"OK_LastSecond", qRemediating, qProvider, nil, end.Add(-time.Second), "", ""},
		{"OK_WithoutFiles", qRemediating, qProvider, func(in RemediationReportInput) RemediationReportInput { in.Documents = nil; return in }, at, "", ""},
		{"ErrDuePassed", qRemediating, qProvider, nil, end, ECONFLICT, ""},
		{"ErrNotRemediating", qPreReviewed, qProvider, nil, at, ECONFLICT, ""},
		{"ErrSummaryRequired", qRemediating, qProvider, func(in RemediationReportInput) RemediationReportInput { in.Summary = "  "; return in }, at, EINVALID, "summary"},
		{"ErrSummaryTooLong", qRemediating, qProvider, func(in RemediationReportInput) RemediationReportInput {
			in.Summary = strings.Repeat("가", MaxRemediationSummary+1)
			return in
		}, at, EINVALID, "summary"},
		{"ErrBadDocument", qRemediating, qProvider, func(in RemediationReportInput) RemediationReportInput {
			in.Documents[0].SHA256 = "not-a-digest"
			return in
		}, at, EINVALID, "documents[0].sha256"},
		{"ErrOperator", qRemediating, qOperator, nil, at, EFORBIDDEN, ""},
		{"ErrOtherProviderNotFound", qRemediating, qOtherProvider, nil, at, ENOTFOUND, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.case_(t)
			in := qRemediation()
			if tc.in != nil {
				in = tc.in(in)
			}
			before := qClone(t, c)
			if err := c.CheckReportRemediation(tc.at, tc.who, in); ErrorCode(err) != tc.code {
				t.Fatalf("check: %v, want %q", err, tc.code)
			}
			err := c.ReportRemediation(tc.at, tc.who, in)
			if tc.code != "" {
				wantErr(t, err, tc.code, tc.field)
				qUnchanged(t, before, c)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			task, ok := c.OpenInspectionTask()
			if c.Status != QualityInspecting || c.Round != 2 || !ok || task.ID != "QC-2027-0001-T02" {
				t.Fatalf("round 2: %s %d %+v", c.Status, c.Round, task)
			}
			r := c.Remediations
			if len(r) != 1 || r[0].Round != 1 || r[0].By != qProvider.Sub || len(r[0].Documents) != len(in.Documents) {
				t.Fatalf("remediations %+v", r)
			}
			want := append(qActions(before), ActionQualityRemediationReported)
			if got := qActions(c); !reflect.DeepEqual(got, want) {
				t.Fatalf("steps %v, want %v", got, want)
			}
			// The due date's own re-inspection then has nothing to open.
			if c.Reinspect(end) {
				t.Fatal("a second round at the due date")
			}
			wantErr(t, c.ReportRemediation(tc.at, qProvider, qRemediation()), ECONFLICT, "")
		})
	}
}

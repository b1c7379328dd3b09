package models

import (
	"strings"
	"time"
)

// The provider's report of a remediation (보완조치 결과, 고시 제8조): a round whose verdict
// asked for a remediation waits until its due date for the inspectors to look again; the
// provider that has remediated sooner says what it changed, with its evidence, and the next
// round opens at once, so that the inspectors read the remediation rather than the year's
// report alone and a service does not wait out the period for nothing.

// RemediationReportInput is the provider's report of the remediation it made.
type RemediationReportInput struct {
	Summary   string          `json:"summary"`
	Documents []DocumentInput `json:"documents,omitempty"`
}

// RemediationReport is a recorded remediation report. Round is the round whose verdict
// asked for the remediation; the next round inspects it.
type RemediationReport struct {
	Round     int        `json:"round"`
	Summary   string     `json:"summary"`
	Documents []Document `json:"documents"`
	By        string     `json:"by"`
	At        time.Time  `json:"at"`
}

// MaxRemediationSummary bounds the report's text, as a quality report's.
const MaxRemediationSummary = 4000

// CheckReportRemediation validates a remediation report without changing anything.
func (c *QualityCase) CheckReportRemediation(now time.Time, x Actor, in RemediationReportInput) error {
	_, err := c.reportRemediation(now.In(Seoul), x, in)
	return err
}

// ReportRemediation records the provider's remediation and opens the next round.
func (c *QualityCase) ReportRemediation(now time.Time, x Actor, in RemediationReportInput) error {
	return commit(c.reportRemediation(now.In(Seoul), x, in))
}

func (c *QualityCase) reportRemediation(now time.Time, x Actor, in RemediationReportInput) (func(), error) {
	if err := c.may(x, RoleProvider); err != nil {
		return nil, err
	}
	if c.Status != QualityRemediating || c.RemediationDeadline == nil {
		return nil, Conflict("report the remediation", c.Status)
	}
	if !now.Before(*c.RemediationDeadline) {
		return nil, Refuse(ECONFLICT, Msg("error.due_passed", "action", "do.report_the_remediation", "due", c.RemediationDue.String()))
	}
	var fe Fields
	r := RemediationReport{Round: c.Round, Summary: strings.TrimSpace(in.Summary), By: x.Sub, At: now}
	if err := checkText(r.Summary, 1, MaxRemediationSummary); err != nil {
		fe.AddErr("summary", err)
	}
	r.Documents = parseDocuments("documents", in.Documents, AllDocumentKinds, x.Sub, now, &fe)
	if err := fe.Err(); err != nil {
		return nil, err
	}
	return func() {
		c.Remediations = append(c.Remediations, r)
		c.nextRound(now)
		c.record(now, x, ActionQualityRemediationReported, Msg("quality.remediation_reported",
			"documents", itoa(int64(len(r.Documents))), "round", itoa(int64(c.Round))))
	}, nil
}

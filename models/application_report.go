package models

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"time"
)

// The review result report (검토 결과보고서) is the operator's (SPEC.md, Process 1 step 3).
// When the review closes the case drafts it from the opinions (closeReview); the operator
// writes it over the draft for as long as the committee has not begun to vote on the
// application, so that the members vote on the report the operator stands behind.

// MaxReviewReport bounds a report's length, as a site visit's report.
const MaxReviewReport = 8000

// ReviewReportInput is the body of POST /applications/{id}/review-report.
type ReviewReportInput struct {
	Report string `json:"report"`
}

// CheckWriteReviewReport validates a report without changing anything.
func (a *Application) CheckWriteReviewReport(_ time.Time, x Actor, in ReviewReportInput) error {
	_, err := a.reviewReport(x, in)
	return err
}

// WriteReviewReport puts the operator's report in place of the draft (or of an earlier
// report). The step names the report by its length and SHA-256, so that the audit chain
// commits to the text while the history carries it once, in the Update's input.
func (a *Application) WriteReviewReport(now time.Time, x Actor, in ReviewReportInput) error {
	now = now.In(Seoul)
	report, err := a.reviewReport(x, in)
	if err != nil {
		return err
	}
	sum := sha256.Sum256([]byte(report))
	a.ReviewReport, a.ReviewReportBy, a.ReviewReportAt = report, x.Sub, &now
	a.record(now, x, ActionReviewReportWritten, Msg("application.review_report_written",
		"chars", itoa(int64(len([]rune(report)))), "digest", "SHA-256 "+hex.EncodeToString(sum[:])))
	return nil
}

func (a *Application) reviewReport(x Actor, in ReviewReportInput) (string, error) {
	if x.Role != RoleOperator {
		return "", Refuse(EFORBIDDEN, Msg("error.review_report_operator_only"))
	}
	if a.Status != AppAwaitingCommittee {
		return "", Conflict("write the review report", a.Status)
	}
	if !a.ReviewReportOpen() {
		return "", Refuse(ECONFLICT, Msg("error.review_report_after_votes", "session", a.Session.ID))
	}
	report := strings.TrimSpace(in.Report)
	if report == "" || len([]rune(report)) > MaxReviewReport {
		var fe Fields
		fe.AddText("report", Msg("invalid.required_max_chars", "max", itoa(MaxReviewReport)))
		return "", fe.Err()
	}
	return report, nil
}

// ReviewReportOpen reports whether the operator may still write the review result report:
// the application awaits the committee and no member has voted on it in its session (a
// recusal, at the join or a member's own, is no vote on the report).
func (a *Application) ReviewReportOpen() bool {
	if a.Status != AppAwaitingCommittee {
		return false
	}
	return a.Session == nil || !slices.ContainsFunc(a.Votes, func(v CommitteeVote) bool {
		return v.SessionID == a.Session.ID && !v.Recused
	})
}

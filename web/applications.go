package web

import (
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
)

type applicationsView struct {
	Applications []models.Application
	NextToken    string
}

type applicationView struct {
	Application *app.ApplicationView
	// CanSupplement and CanWithdraw decide the provider's forms.
	CanSupplement, CanWithdraw bool
	// The supplement's files.
	fileRows
	Action  string
	Ballots []ballotRow
	// CanWriteReport shows the operators the review result report's form, filled with
	// Report: the report as it stands, in the page's language while it is the draft.
	CanWriteReport bool
	Report         url.Values
	// Replaceable are the experts whose review is open, whom an operator may take off the
	// application (POST /applications/{id}/release-expert).
	Replaceable []string
}

// ballotRow is one session's ballot as the page shows it. It is made from the view the app
// gave this visitor, so it holds no more than the REST answer: the decision with its count
// once the session has closed, the reasons without names, and the votes the visitor may
// read (an auditor all of them, a committee member their own).
type ballotRow struct {
	app.Ballot
	Decision     *models.Text
	DecisionNote string
	Votes        []models.CommitteeVote
}

func (u *UI) applicationPage() casePage {
	return withCase(u, u.app.Applications.Get, u.showApplication)
}

func (u *UI) showApplication(c *gin.Context, a *app.ApplicationView, status int, f *form, action, notice string) {
	v := applicationViewFor(a, sessionOf(c).Role)
	v.Action = action
	if v.CanWriteReport {
		v.Report = url.Values{"report": {page{Lang: langOf(c)}.Reason(a.Steps, a.ReviewReport)}}
	}
	if v.CanSupplement && action == "documents" {
		v.Kept = u.keptDocuments(c, f, documentRowFields())
	}
	u.showCase(c, status, "application", u.pageFor(c, "h.app").about(a.ID), f, notice, v)
}

// applicationViewFor is what the application page shows a visitor of role: the provider's
// forms, and the ballots.
func applicationViewFor(a *app.ApplicationView, role models.Role) applicationView {
	v := applicationView{Application: a, fileRows: newFileRows(models.ApplicationDocumentKinds, nil)}
	v.CanWriteReport = role == models.RoleOperator && a.ReviewReportOpen
	if role == models.RoleOperator && a.Status == models.AppExpertReview {
		for _, t := range a.OpenTasks {
			if t.Kind == models.TaskExpertReview && t.Assignee.Sub != "" {
				v.Replaceable = append(v.Replaceable, t.Assignee.Sub)
			}
		}
	}
	if role == models.RoleProvider {
		v.CanSupplement = a.Status == models.AppSupplementRequested
		v.CanWithdraw = !a.Status.Final()
		if len(a.MissingKinds) > 0 {
			v.DocumentKinds = a.MissingKinds
		}
	}
	for _, b := range a.Ballots {
		row := ballotRow{Ballot: b}
		for _, d := range a.Decisions {
			if b.Closed && d.SessionID == b.SessionID {
				row.Decision, row.DecisionNote = models.DecisionText(d), d.Reason
			}
		}
		for _, vote := range a.Votes {
			if vote.SessionID == b.SessionID {
				row.Votes = append(row.Votes, vote)
			}
		}
		v.Ballots = append(v.Ballots, row)
	}
	return v
}

// applicationAction is one of the provider's steps (or the operator's report), with its
// REST route's app-layer call;
// routes.go states who may take each.
func (u *UI) applicationAction(action string) gin.HandlerFunc {
	if action == "documents" {
		return u.supplementDocuments() // its files are uploaded first (documents.go)
	}
	a := u.app.Applications
	steps := map[string]step{
		"withdraw": formStep(func(f url.Values) (models.WithdrawInput, error) {
			return models.WithdrawInput{Reason: f.Get("reason")}, nil
		}, a.Withdraw),
		"review-report": formStep(func(f url.Values) (models.ReviewReportInput, error) {
			return models.ReviewReportInput{Report: f.Get("report")}, nil
		}, a.WriteReviewReport),
		"release-expert": formStep(func(f url.Values) (models.ReleaseExpertInput, error) {
			return models.ReleaseExpertInput{Expert: f.Get("expert"), Reason: f.Get("reason")}, nil
		}, a.ReplaceExpert),
	}
	return u.caseStep("/applications/", action, steps[action], u.applicationPage())
}

package app

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"go.temporal.io/sdk/temporal"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/workflows"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// Applications runs applications for selection (Process 1).
type Applications struct{ service }

// ApplicationView is an application as the API shows it to one reader: the case as
// secretBallot lets the reader see it, the tasks it waits for, with Overdue set for the
// time of the answer, and the committee's ballots.
type ApplicationView struct {
	models.Application
	OpenTasks []models.Task `json:"open_tasks"`
	Ballots   []Ballot      `json:"ballots,omitempty"`
	// ReviewReportOpen says whether the operators may still write the review result
	// report; counted from the whole case, it names no member.
	ReviewReportOpen bool `json:"review_report_open"`
}

// Create validates the application, reserves an application ID under the caller's
// Idempotency-Key and starts the application's workflow. Nothing is reserved or started
// for a bad request; a retry with the same key returns the first application. Who may
// apply is the routes' to say (providers).
func (s *Applications) Create(ctx context.Context, by models.Actor, in models.ApplicationInput, idempotencyKey string) (Created, error) {
	now := s.now()
	docs, named, err := lookupDocuments(ctx, s.Store, by, "documents", in.Documents)
	if err != nil {
		return Created{}, err
	}
	in.Documents = docs
	req, err := models.ParseApplication(in, by.Org, by.Sub, now)
	if err != nil {
		return Created{}, err
	}
	// Conflicts of interest are checked against the business number, so a registered
	// provider cannot apply under another one.
	switch registered, err := s.Store.GetProvider(ctx, by.Org); {
	case err == nil && registered.BusinessNo != req.Provider.BusinessNo:
		return Created{}, models.FieldInvalid("provider.business_no",
			models.Msg("invalid.business_no_not_registered", "registered", registered.BusinessNo))
	case err != nil && models.ErrorCode(err) != models.ENOTFOUND:
		return Created{}, err
	}
	out, _, err := applicationCase.create(ctx, &s.service, by, idempotencyKey, requestContent(req),
		func(ctx context.Context) (string, error) {
			// The files are kept from the moment their case's number is drawn: a request
			// refused before leaves them as they were.
			if err := named.attach(ctx, s.Store, now); err != nil {
				return "", err
			}
			return s.Store.NextApplicationID(ctx, now)
		},
		func(id string) launch {
			// The workflow opens the case the same way at its start, under the same pins: its
			// first status is known here.
			pins := s.pin(now, models.ApplicationRuleKeys...)
			return launch{status: models.NewPinnedApplication(id, flow.ApplicationWorkflowID(id), req, by, now, pins).Status,
				attrs: []temporal.SearchAttributeUpdate{
					flow.SAServiceType.ValueSet(string(req.Service.Type)), flow.SAProviderOrg.ValueSet(by.Org)},
				workflow: workflows.Application,
				input: &flow.ApplicationInput{ApplicationID: id, Request: req, AppliedBy: by, RequestID: requestIDOf(ctx),
					Pins: pins}}
		})
	return out, err
}

// requestContent is what identifies an application request for its Idempotency-Key: the
// request without the upload times, which differ between a request and its retry.
func requestContent(req models.ApplicationRequest) models.ApplicationRequest {
	docs := make([]models.Document, len(req.Documents))
	for i, d := range req.Documents {
		d.UploadedAt = time.Time{}
		docs[i] = d
	}
	req.Documents = docs
	return req
}

// Get returns the application as its workflow holds it, or as the projection last saw it
// when the workflow is gone or unreachable. Another provider's application is not found.
func (s *Applications) Get(ctx context.Context, by models.Actor, id string) (*ApplicationView, error) {
	a, err := s.read(ctx, by, id)
	if err != nil {
		return nil, err
	}
	return s.view(a, by), nil
}

// history is the application as the auditor's view shows it.
func (s *Applications) history() caseHistory {
	return historyOf(prefixed(flow.ApplicationWorkflowID("")), s.Get, func(a *ApplicationView) CaseHistory {
		return CaseHistory{CaseType: "application", CaseID: a.ID, Status: string(a.Status), Decisions: a.Steps}.pinned(a.Pins)
	})
}

func (s *Applications) read(ctx context.Context, by models.Actor, id string) (*models.Application, error) {
	return applicationCase.get(ctx, &s.service, by, id)
}

func (s *Applications) view(a *models.Application, by models.Actor) *ApplicationView {
	return ViewOf(a, by, s.now())
}

// ViewOf is the view of an application for a viewer at time now: the ballot secret as
// secretBallot says, every list written as an array.
func ViewOf(a *models.Application, by models.Actor, now time.Time) *ApplicationView {
	ballots := ballotsOf(a)
	reportOpen := a.ReviewReportOpen()
	a = secretBallot(a, by)
	tidyApplication(a)
	open := a.OpenTasks(now)
	if open == nil {
		open = []models.Task{}
	}
	return &ApplicationView{Application: *a, OpenTasks: open, Ballots: ballots, ReviewReportOpen: reportOpen}
}

// tidyApplication writes every list as an array, never null, whatever the copy it came
// from (a workflow's state decoded from JSON, or the projection).
func tidyApplication(a *models.Application) {
	nonNil(&a.RequiredKinds)
	nonNil(&a.MissingKinds)
	nonNil(&a.Documents)
	nonNil(&a.Experts)
	nonNil(&a.Reviews)
	nonNil(&a.Votes)
	nonNil(&a.Decisions)
	nonNil(&a.Tasks)
	nonNil(&a.Steps)
}

func nonNil[T any](s *[]T) {
	if *s == nil {
		*s = []T{}
	}
}

// List returns the applications the caller may see, newest first: a provider its own,
// the operator, reviewers and auditors all.
func (s *Applications) List(ctx context.Context, by models.Actor, status models.ApplicationStatus, pageSize int, pageToken string) ([]models.Application, string, error) {
	_, providerOrg, err := applicationCase.listScope(by)
	if err != nil {
		return nil, "", err
	}
	f := store.ApplicationFilter{ProviderOrg: providerOrg, Status: status, PageSize: pageSize, PageToken: pageToken}
	items, next, err := s.Store.ListApplications(ctx, f)
	if err != nil {
		return nil, "", err
	}
	for i := range items {
		items[i] = *secretBallot(&items[i], by)
		tidyApplication(&items[i])
	}
	return items, next, nil
}

// Supplement adds the provider's documents to an application in supplement_requested.
func (s *Applications) Supplement(ctx context.Context, by models.Actor, id, key string, docs []models.DocumentInput) (*ApplicationView, error) {
	docs, err := resolveDocuments(ctx, s.Store, s.now(), by, "documents", docs)
	if err != nil {
		return nil, err
	}
	return s.update(ctx, by, id, key, flow.UpdateSupplement, "supplement documents",
		flow.SupplementInput{Actor: by, Documents: docs})
}

// Withdraw ends the application at the provider's request, before the decision.
func (s *Applications) Withdraw(ctx context.Context, by models.Actor, id, key string, in models.WithdrawInput) (*ApplicationView, error) {
	return s.update(ctx, by, id, key, flow.UpdateWithdraw, "withdraw",
		flow.WithdrawInput{Actor: by, Withdraw: in})
}

// WriteReviewReport puts the operator's review result report in place of the draft,
// while the application awaits the committee and no member has voted on it.
func (s *Applications) WriteReviewReport(ctx context.Context, by models.Actor, id, key string, in models.ReviewReportInput) (*ApplicationView, error) {
	return s.update(ctx, by, id, key, flow.UpdateReviewReport, "write the review report",
		flow.ReviewReportInput{Actor: by, Report: in})
}

// ReplaceExpert takes an expert off one application's review they have not given (late,
// say), with the operator's reason; the assignment of another goes to the operators'
// queue.
func (s *Applications) ReplaceExpert(ctx context.Context, by models.Actor, id, key string, in models.ReleaseExpertInput) (*ApplicationView, error) {
	in, err := models.ParseReplaceExpert(in)
	if err != nil {
		return nil, err
	}
	return s.update(ctx, by, id, key, flow.UpdateReleaseExpert, "release an expert",
		flow.ReleaseExpertInput{Actor: by, Release: in})
}

// update sends one of the provider's steps, or the operator's. A closed
// application answers 409 naming its final status, or 404 when the caller may not know it
// exists.
func (s *Applications) update(ctx context.Context, by models.Actor, id, key, name, action string, arg any) (*ApplicationView, error) {
	a, err := applicationCase.update(ctx, &s.service, by, id, step{Update: name, Key: key, Arg: arg},
		applicationCase.conflict(action))
	if err != nil {
		return nil, err
	}
	return s.view(a, by), nil
}

var applicationCase = &caseKind[models.Application]{
	noun: "application", caseType: "application", scope: "applications",
	notFound:   models.Refuse(models.ENOTFOUND, models.Msg("error.application_not_found")),
	nounKey:    "case.application",
	workflowID: byPattern(regexp.MustCompile(`^APP-\d{4}-\d{6}$`), flow.ApplicationWorkflowID),
	query:      flow.QueryApplication, fromStore: (*store.Store).GetApplication, version: (*models.Application).Version,
	status:    func(a *models.Application) fmt.Stringer { return a.Status },
	visible:   visibleTo[*models.Application],
	pluralKey: "cases.application", ownOrg: []models.Role{models.RoleProvider},
	allOrgs: []models.Role{models.RoleOperator, models.RoleExpert, models.RoleCommittee, models.RoleAuditor},
}

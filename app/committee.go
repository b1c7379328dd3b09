package app

import (
	"context"
	"log/slog"
	"regexp"
	"strings"
	"time"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/workflows"
)

// Committee runs the sessions of the Digital Service Review Committee.
type Committee struct {
	Store    *store.Store
	Temporal client.Client
	Clock    func() time.Time
	Logger   *slog.Logger
	// TaskQueue overrides flow.TaskQueue, so that tests sharing one server stay apart.
	TaskQueue string
}

var sessionIDPattern = regexp.MustCompile(`^CS-\d{4}-\d{4,9}$`)

var errSessionNotFound = models.Errorf(models.ENOTFOUND, "committee session not found")

// Create opens a committee session: its date and members are checked (every member must
// be a committee user), a session ID is reserved under the caller's Idempotency-Key and
// the session's workflow starts. Applications awaiting the committee then join it.
func (s *Committee) Create(ctx context.Context, by models.Actor, in models.SessionInput, idempotencyKey string) (Created, error) {
	if by.Role != models.RoleOperator {
		return Created{}, models.Errorf(models.EFORBIDDEN, "only the operator opens committee sessions")
	}
	now := s.now()
	subs := make([]string, len(in.Members))
	for i, m := range in.Members {
		subs[i] = strings.TrimSpace(m)
	}
	members, err := s.Store.UsersWithRole(ctx, models.RoleCommittee, subs)
	if err != nil {
		return Created{}, err
	}
	req, err := models.ParseSession(in, now, func(sub string) bool { return members[sub] })
	if err != nil {
		return Created{}, err
	}
	id, created, err := claimID(ctx, s.Store, "committee_sessions", by, idempotencyKey, req,
		func(ctx context.Context) (string, error) { return s.Store.NextSessionID(ctx, now) })
	if err != nil {
		return Created{}, err
	}
	wid := flow.SessionWorkflowID(id)
	err = startCase(ctx, s.Temporal, client.StartWorkflowOptions{
		ID:        wid,
		TaskQueue: taskQueueOr(s.TaskQueue),
		TypedSearchAttributes: temporal.NewSearchAttributes(
			flow.SACaseType.ValueSet("committee_session"),
			flow.SACaseStatus.ValueSet(string(models.SessionOpen)),
		),
	}, workflows.CommitteeSession, &flow.SessionInput{SessionID: id, Request: req, OpenedBy: by, RequestID: requestIDOf(ctx)})
	if err != nil {
		return Created{}, err
	}
	out := Created{ID: id, Status: string(models.SessionOpen), WorkflowID: wid, Created: created}
	if !created {
		if cs, err := s.Get(ctx, by, id); err == nil {
			out.Status = string(cs.Status)
		}
	}
	return out, nil
}

// mayReadSessions admits the operator, committee members and auditors.
func mayReadSessions(by models.Actor) error {
	switch by.Role {
	case models.RoleOperator, models.RoleCommittee, models.RoleAuditor:
		return nil
	}
	return models.Errorf(models.EFORBIDDEN, "this role does not see committee sessions")
}

// List returns sessions, newest first.
func (s *Committee) List(ctx context.Context, by models.Actor, status models.SessionStatus, pageSize int, pageToken string) ([]models.CommitteeSession, string, error) {
	if err := mayReadSessions(by); err != nil {
		return nil, "", err
	}
	items, next, err := s.Store.ListSessions(ctx, store.SessionFilter{Status: status, PageSize: pageSize, PageToken: pageToken})
	if err != nil {
		return nil, "", err
	}
	for i := range items {
		tidySession(&items[i])
	}
	return items, next, nil
}

// Get returns the session as its workflow holds it, or as the projection last saw it.
func (s *Committee) Get(ctx context.Context, by models.Actor, id string) (*models.CommitteeSession, error) {
	if err := mayReadSessions(by); err != nil {
		return nil, err
	}
	if !sessionIDPattern.MatchString(id) {
		return nil, errSessionNotFound
	}
	cs, err := readCase(ctx, s.Temporal, loggerOr(s.Logger), "committee session", flow.SessionWorkflowID(id),
		flow.QuerySession, func(ctx context.Context) (*models.CommitteeSession, error) { return s.Store.GetSession(ctx, id) },
		errSessionNotFound)
	if err != nil {
		return nil, err
	}
	tidySession(cs)
	return cs, nil
}

// Close closes an open session: every application on its agenda counts its votes by the
// quorum and majority rules and is selected, not selected or deferred. The answer is the
// session with its decisions, or still closing if an application has not answered within
// the workflow's reply wait.
func (s *Committee) Close(ctx context.Context, by models.Actor, id, key string) (*models.CommitteeSession, error) {
	if !sessionIDPattern.MatchString(id) {
		return nil, errSessionNotFound
	}
	var r flow.StepResult
	err := sendUpdate(ctx, s.Temporal, s.Store, step{WorkflowID: flow.SessionWorkflowID(id), Update: flow.UpdateCloseSession,
		By: by, Key: key, Arg: flow.CloseSessionInput{Actor: by}}, &r)
	if isWorkflowGone(err) {
		current, gerr := s.Get(ctx, by, id)
		if gerr != nil {
			return nil, gerr
		}
		return nil, models.Conflict("close the session", current.Status)
	}
	if err != nil {
		return nil, err
	}
	cs, err := afterStep(ctx, s.Temporal, flow.SessionWorkflowID(id), flow.QuerySession, r,
		func(ctx context.Context) (*models.CommitteeSession, error) { return s.Store.GetSession(ctx, id) },
		(*models.CommitteeSession).Version)
	if err != nil {
		return nil, err
	}
	tidySession(cs)
	return cs, nil
}

func tidySession(cs *models.CommitteeSession) {
	nonNil(&cs.Members)
	nonNil(&cs.Agenda)
	nonNil(&cs.Steps)
}

func (s *Committee) now() time.Time { return nowOf(s.Clock) }

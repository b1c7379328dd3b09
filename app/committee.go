package app

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/workflows"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// Committee runs the sessions of the Digital Service Review Committee.
type Committee struct{ service }

// Create opens a committee session: its date and members are checked (every member must
// be a committee user), a session ID is reserved under the caller's Idempotency-Key and
// the session's workflow starts. Applications awaiting the committee then join it. Who may
// open a session is the routes' to say (the operator).
func (s *Committee) Create(ctx context.Context, by models.Actor, in models.SessionInput, idempotencyKey string) (Created, error) {
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
	out, _, err := sessionCase.create(ctx, &s.service, by, idempotencyKey, req,
		func(ctx context.Context) (string, error) { return s.Store.NextSessionID(ctx, now) },
		func(id string) launch {
			return launch{status: models.SessionOpen, workflow: workflows.CommitteeSession,
				input: &flow.SessionInput{SessionID: id, Request: req, OpenedBy: by, RequestID: requestIDOf(ctx)}}
		})
	return out, err
}

// List returns sessions, newest first.
func (s *Committee) List(ctx context.Context, by models.Actor, status models.SessionStatus, pageSize int, pageToken string) ([]models.CommitteeSession, string, error) {
	if _, _, err := sessionCase.listScope(by); err != nil {
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
	return sessionCase.get(ctx, &s.service, by, id)
}

// history is the committee session as the auditor's view shows it.
func (s *Committee) history() caseHistory {
	return historyOf(prefixed(flow.SessionWorkflowID("")), s.Get, func(cs *models.CommitteeSession) CaseHistory {
		return CaseHistory{CaseType: "committee_session", CaseID: cs.ID, Status: string(cs.Status), Decisions: cs.Steps}
	})
}

// Close closes an open session: every application on its agenda counts its votes by the
// quorum and majority rules and is selected, not selected or deferred. The answer is the
// session with its decisions, or still closing if an application has not answered within
// the workflow's reply wait.
func (s *Committee) Close(ctx context.Context, by models.Actor, id, key string) (*models.CommitteeSession, error) {
	return sessionCase.update(ctx, &s.service, by, id,
		step{Update: flow.UpdateCloseSession, Key: key, Arg: flow.CloseSessionInput{Actor: by}},
		sessionCase.conflict("close the session"))
}

func tidySession(cs *models.CommitteeSession) {
	nonNil(&cs.Members)
	nonNil(&cs.Agenda)
	nonNil(&cs.Steps)
}

// sessionCase: the operator, committee members and auditors read every session; no one
// else reads any.
var sessionCase = &caseKind[models.CommitteeSession]{
	noun: "committee session", caseType: "committee_session", scope: "committee_sessions",
	notFound:   models.Refuse(models.ENOTFOUND, models.Msg("error.committee_session_not_found")),
	nounKey:    "case.committee_session",
	workflowID: byPattern(regexp.MustCompile(`^CS-\d{4}-\d{4,9}$`), flow.SessionWorkflowID),
	query:      flow.QuerySession, fromStore: (*store.Store).GetSession, version: (*models.CommitteeSession).Version,
	status:    func(cs *models.CommitteeSession) fmt.Stringer { return cs.Status },
	tidy:      tidySession,
	pluralKey: "cases.committee_session", readsCheckRole: true,
	allOrgs: []models.Role{models.RoleOperator, models.RoleCommittee, models.RoleAuditor},
}

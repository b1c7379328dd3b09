package app

import (
	"context"
	"fmt"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/workflows"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// Changes runs information changes (정보 변경, Process 4): a provider's change request on a
// catalog service, decided by the operator or sent to re-review.
type Changes struct{ service }

// ChangeCreated is the answer to POST /services/{id}/change-requests.
type ChangeCreated struct {
	ID         string            `json:"id"`
	Status     string            `json:"status"`
	WorkflowID string            `json:"workflow_id"`
	Path       models.ChangePath `json:"path"`
	Created    bool              `json:"-"`
}

var errServiceNotFound = models.Refuse(models.ENOTFOUND, models.Msg("error.service_not_found"))

// Create validates the change against the catalog, reserves a change request ID under
// the caller's Idempotency-Key and starts the request's workflow. The routes admit
// providers; here only the provider of the service may ask, another's service is not found.
func (s *Changes) Create(ctx context.Context, by models.Actor, serviceID string, in models.ChangeRequestInput, key string) (ChangeCreated, error) {
	svc, err := s.Store.GetService(ctx, serviceID)
	if models.ErrorCode(err) == models.ENOTFOUND || (err == nil && svc.Provider.Org != by.Org) {
		return ChangeCreated{}, errServiceNotFound
	}
	if err != nil {
		return ChangeCreated{}, err
	}
	request := struct {
		ServiceID string
		Input     models.ChangeRequestInput
	}{svc.ID, in}
	parsed, named, err := s.parse(ctx, by, svc, in)
	if err != nil {
		// A retry of a change since applied finds its values already the catalog's.
		out, current, err := changeCase.retried(ctx, &s.service, by, key, request, err)
		if err != nil {
			return ChangeCreated{}, err
		}
		return ChangeCreated{ID: out.ID, Status: out.Status, WorkflowID: out.WorkflowID, Path: current.Path}, nil
	}
	now := s.now()
	out, current, err := changeCase.create(ctx, &s.service, by, key, request,
		func(ctx context.Context) (string, error) {
			// As for an application: the files are kept once the request's number is drawn.
			if err := named.attach(ctx, s.Store, now); err != nil {
				return "", err
			}
			return s.Store.NextChangeRequestID(ctx, now)
		},
		func(id string) launch {
			return launch{status: models.ChangeSubmitted, attrs: serviceAttrs(svc), workflow: workflows.ChangeRequest,
				input: &flow.ChangeRequestInput{ChangeRequestID: id, Parsed: parsed, Service: orderedService(svc),
					RequestedBy: by, RequestID: requestIDOf(ctx), Pins: s.pin(now, models.ChangeRequestRuleKeys...)}}
		})
	if err != nil {
		return ChangeCreated{}, err
	}
	path := parsed.Path
	if current != nil {
		path = current.Path
	}
	return ChangeCreated{ID: out.ID, Status: out.Status, WorkflowID: out.WorkflowID, Path: path, Created: out.Created}, nil
}

// parse checks a change against the service as the catalog holds it now, and the files
// it names, which it does not attach yet.
func (s *Changes) parse(ctx context.Context, by models.Actor, svc models.Service,
	in models.ChangeRequestInput) (models.ParsedChange, namedDocuments, error) {
	if svc.Status == models.ServiceRemoved {
		return models.ParsedChange{}, namedDocuments{}, models.Refuse(models.ECONFLICT,
			models.Msg("error.change_service_removed", "service", svc.ID))
	}
	parsed, err := models.ParseChangeRequest(in, svc)
	if err != nil || len(in.Documents) == 0 {
		return parsed, namedDocuments{}, err
	}
	docs, named, err := lookupDocuments(ctx, s.Store, by, "documents", in.Documents)
	if err != nil {
		return parsed, named, err
	}
	parsed.Documents, err = models.ParseDocuments("documents", docs, by.Sub, s.now())
	return parsed, named, err
}

// Decide sends the operator's decision on an approval-path change request.
func (s *Changes) Decide(ctx context.Context, by models.Actor, id, key string, in models.DecideChangeInput) (*models.ChangeRequest, error) {
	return changeCase.update(ctx, &s.service, by, id,
		step{Update: flow.UpdateDecideChange, Key: key, Arg: flow.DecideChangeInput{Actor: by, Decision: in}},
		changeCase.conflict("decide the change request"))
}

// ServiceChanges returns the catalog's public history of a service's applied changes.
func (s *Changes) ServiceChanges(ctx context.Context, serviceID string, size int, token string) ([]models.ServiceChange, string, error) {
	if _, err := s.Store.GetService(ctx, serviceID); err != nil {
		return nil, "", err
	}
	items, next, err := s.Store.ListServiceChanges(ctx, serviceID, size, token)
	for i := range items {
		// The history is public: it names who asked and who approved by their part, never
		// by their user ID; the change request and the audit log keep the persons.
		items[i].RequestedBy, items[i].ApprovedBy = string(models.RoleProvider), string(models.RoleOperator)
	}
	return items, next, err
}

var changeCase = &caseKind[models.ChangeRequest]{
	noun: "change request", caseType: "change_request", scope: "change_requests",
	notFound:   models.Refuse(models.ENOTFOUND, models.Msg("error.change_request_not_found")),
	nounKey:    "case.change_request",
	workflowID: byPattern(models.ChangeRequestIDPattern, flow.ChangeRequestWorkflowID),
	query:      flow.QueryChangeRequest, fromStore: (*store.Store).GetChangeRequest, version: (*models.ChangeRequest).Version,
	status:    func(cr *models.ChangeRequest) fmt.Stringer { return cr.Status },
	visible:   visibleTo[*models.ChangeRequest],
	pluralKey: "cases.change_request", ownOrg: []models.Role{models.RoleProvider},
	allOrgs: []models.Role{models.RoleOperator, models.RoleAuditor},
}

// Get returns the change request as its workflow holds it, or as the projection last saw
// it. A request the caller may not see is not found.
func (s *Changes) Get(ctx context.Context, by models.Actor, id string) (*models.ChangeRequest, error) {
	return changeCase.get(ctx, &s.service, by, id)
}

// history is the change request as the auditor's view shows it.
func (s *Changes) history() caseHistory {
	return historyOf(prefixed(flow.ChangeRequestWorkflowID("")), s.Get, func(cr *models.ChangeRequest) CaseHistory {
		return CaseHistory{CaseType: "change_request", CaseID: cr.ID, Status: string(cr.Status), Decisions: cr.Steps}.pinned(cr.Pins)
	})
}

// AwaitingDecision is the operators' queue of information changes to approve or reject,
// oldest first, at most limit, and how many wait in all (an auditor reads it).
func (s *Changes) AwaitingDecision(ctx context.Context, by models.Actor, limit int) ([]models.ChangeRequest, int64, error) {
	return changeCase.operatorsQueue(by, func() ([]models.ChangeRequest, int64, error) {
		return s.Store.ChangesAwaitingDecision(ctx, limit)
	})
}

// Pending are the change requests of a service not yet decided (awaiting the operator's
// approval or a re-review), newest first, as by may read them: a provider its own
// organization's, the operators and auditors any; another role none.
func (s *Changes) Pending(ctx context.Context, by models.Actor, serviceID string) ([]models.ChangeRequest, error) {
	_, providerOrg, err := changeCase.listScope(by)
	if err != nil {
		return nil, err
	}
	out, _, err := s.Store.ListChangeRequests(ctx, store.ChangeRequestFilter{ProviderOrg: providerOrg, ServiceID: serviceID,
		Statuses: []models.ChangeRequestStatus{models.ChangeSubmitted, models.ChangeRereviewStarted}, PageSize: models.MaxPageSize})
	return out, err
}

// List returns the change requests the caller may see, newest first: operators and
// auditors all, providers their own.
func (s *Changes) List(ctx context.Context, by models.Actor, status string, pageSize int, pageToken string) ([]models.ChangeRequest, string, error) {
	_, providerOrg, err := changeCase.listScope(by)
	if err != nil {
		return nil, "", err
	}
	return s.Store.ListChangeRequests(ctx, store.ChangeRequestFilter{ProviderOrg: providerOrg,
		Status: models.ChangeRequestStatus(status), PageSize: pageSize, PageToken: pageToken})
}

package app

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// caseKind is what the one machinery of the app needs to know of a kind of case: how its
// ID names its workflow, where the projection keeps it and who sees which. Every service
// starts, reads and steps its cases through it, so that the rules of "start by business
// key, read with a fallback, answer a closed case from its record" are written once.
type caseKind[T any] struct {
	// noun names the case in logs ("order"), nounKey in answers ("case.order"); caseType is
	// its search attribute.
	noun, nounKey, caseType string
	// scope is the Idempotency-Key scope of its creates.
	scope    string
	notFound error
	// workflowID is the workflow of case id; false for an id not of this kind, which
	// then never reaches Temporal.
	workflowID func(id string) (string, bool)
	query      string
	fromStore  func(st *store.Store, ctx context.Context, id string) (*T, error)
	version    func(*T) int
	status     func(*T) fmt.Stringer
	// visible hides from by a case it may not know of (nil: every case it reads).
	visible func(c *T, by models.Actor, id string) bool
	// tidy writes the case's lists as arrays, never null (nil: nothing to tidy).
	tidy func(*T)
	// Lists: ownOrg roles see their organization's cases (an agency's as buyer, a
	// provider's as seller), allOrgs roles every case; pluralKey names them to any other.
	pluralKey string
	ownOrg    []models.Role
	allOrgs   []models.Role
	// readsCheckRole refuses a read by a role that lists none of these cases.
	readsCheckRole bool
	// statusInDetails: the workflow shows its status in its current details, not in the
	// DsCaseStatus search attribute, which its start then leaves unset (a status set
	// there would never change).
	statusInDetails bool
}

// byPattern is a workflowID for IDs that must match pattern.
func byPattern(pattern interface{ MatchString(string) bool }, wid func(string) string) func(string) (string, bool) {
	return func(id string) (string, bool) { return wid(id), pattern.MatchString(id) }
}

// visibleTo is a visible for the cases that say themselves whom they are visible to.
func visibleTo[P interface{ VisibleTo(models.Actor) bool }](c P, by models.Actor, _ string) bool {
	return c.VisibleTo(by)
}

// listScope is the organization by's list is narrowed to, as AgencyOrg or ProviderOrg of
// the store's filter; "" for both when by sees every case.
func (k *caseKind[T]) listScope(by models.Actor) (agencyOrg, providerOrg string, err error) {
	switch {
	case slices.Contains(k.ownOrg, by.Role) && by.Role == models.RoleAgency:
		return by.Org, "", nil
	case slices.Contains(k.ownOrg, by.Role) && by.Role == models.RoleProvider:
		return "", by.Org, nil
	case slices.Contains(k.allOrgs, by.Role):
		return "", "", nil
	}
	return "", "", models.Refuse(models.EFORBIDDEN, models.Msg("error.role_does_not_see", "cases", k.pluralKey))
}

// operatorsQueue reads, with read, a queue of the operators' work that no task holds, which
// their inbox lists beside the tasks; an auditor reads it too, any other role is refused.
func (k *caseKind[T]) operatorsQueue(by models.Actor, read func() ([]T, int64, error)) ([]T, int64, error) {
	if by.Role != models.RoleOperator && by.Role != models.RoleAuditor {
		return nil, 0, models.Refuse(models.EFORBIDDEN, models.Msg("error.role_does_not_see", "cases", k.pluralKey))
	}
	return read()
}

// get returns the case as its workflow holds it, or as the projection last saw it when the
// workflow is gone (past retention) or unreachable. A case by may not see is not found.
func (k *caseKind[T]) get(ctx context.Context, s *service, by models.Actor, id string) (*T, error) {
	if k.readsCheckRole {
		if _, _, err := k.listScope(by); err != nil {
			return nil, err
		}
	}
	wid, ok := k.workflowID(id)
	if !ok {
		return nil, k.notFound
	}
	c, err := readCase(ctx, s.Temporal, s.logger(), k.noun, k.nounKey, wid, k.query,
		func(ctx context.Context) (*T, error) { return k.fromStore(s.Store, ctx, id) }, k.notFound)
	if err != nil {
		return nil, err
	}
	if k.visible != nil && !k.visible(c, by, id) {
		return nil, k.notFound
	}
	return k.tidied(c), nil
}

func (k *caseKind[T]) tidied(c *T) *T {
	if k.tidy != nil {
		k.tidy(c)
	}
	return c
}

// afterStep reads the case id a step has just changed (see afterStep).
func (k *caseKind[T]) afterStep(ctx context.Context, s *service, id string, r flow.StepResult) (*T, error) {
	wid, _ := k.workflowID(id)
	c, err := afterStep(ctx, s.Temporal, wid, k.query, r,
		func(ctx context.Context) (*T, error) { return k.fromStore(s.Store, ctx, id) }, k.version)
	if err != nil {
		return nil, err
	}
	return k.tidied(c), nil
}

// update sends one human step to case id (see sendUpdate; st names the Update, the key,
// the argument) and answers the case as the step left it. When the workflow is not running
// the case as last recorded answers, through closed: most kinds say 409 with the final
// status (conflict); a case by may not know of is not found.
func (k *caseKind[T]) update(ctx context.Context, s *service, by models.Actor, id string, st step,
	closed func(current *T) error) (*T, error) {
	wid, ok := k.workflowID(id)
	if !ok {
		return nil, k.notFound
	}
	st.WorkflowID, st.By = wid, by
	var r flow.StepResult
	err := sendUpdate(ctx, s.Temporal, s.Store, st, &r)
	if errors.Is(err, errStepRecorded) {
		return k.get(ctx, s, by, id)
	}
	if isWorkflowGone(err) {
		current, gerr := k.get(ctx, s, by, id)
		if gerr != nil {
			return nil, gerr
		}
		return nil, closed(current)
	}
	if err != nil {
		return nil, err
	}
	return k.afterStep(ctx, s, id, r)
}

// conflict is the closed answer of a step named action: the case is in its final status.
func (k *caseKind[T]) conflict(action string) func(*T) error {
	return func(current *T) error { return models.Conflict(action, k.status(current)) }
}

// launch is how a create starts its case once the case's ID is drawn.
type launch struct {
	// status is the case's first status, which the workflow opens it with.
	status   fmt.Stringer
	attrs    []temporal.SearchAttributeUpdate // besides the case type and status
	workflow any
	input    any
}

// create draws the case's ID under the caller's Idempotency-Key (claimID) and starts its
// workflow by its business key (flow.StartDrawn, which draws past a number that another
// case's workflow holds), so that even a crash between the two cannot make a second case. A retry with the same key answers the first case, with the status it
// has now (current, nil for a new case).
func (k *caseKind[T]) create(ctx context.Context, s *service, by models.Actor, key string, request any,
	newID func(context.Context) (string, error), launchFor func(id string) launch) (out Created, current *T, err error) {
	id, created, err := claimID(ctx, s.Store, k.scope, by, key, request, newID)
	if err != nil {
		return Created{}, nil, err
	}
	var l launch
	id, created, err = flow.StartDrawn(ctx, s.Temporal, s.logger(), flow.Drawn{ID: id, Fresh: created, Claim: claimTag(k.scope, by, key),
		Redraw: func(ctx context.Context, taken string) (string, error) {
			return redrawID(ctx, s.Store, k.scope, by, key, taken, newID)
		},
		Release: func(ctx context.Context, taken string) error {
			return releaseID(ctx, s.Store, k.scope, by, key, taken)
		},
	}, func(id string) (client.StartWorkflowOptions, any, any) {
		l = launchFor(id)
		wid, _ := k.workflowID(id)
		attrs := append([]temporal.SearchAttributeUpdate{flow.SACaseType.ValueSet(k.caseType)}, l.attrs...)
		if !k.statusInDetails {
			attrs = append(attrs, flow.SACaseStatus.ValueSet(l.status.String()))
		}
		return eager(client.StartWorkflowOptions{ID: wid, TaskQueue: s.taskQueue(),
			TypedSearchAttributes: temporal.NewSearchAttributes(attrs...)}), l.workflow, l.input
	})
	if err != nil {
		return Created{}, nil, startFailure(err, id)
	}
	wid, _ := k.workflowID(id)
	out = Created{ID: id, Status: l.status.String(), WorkflowID: wid, Created: created}
	if !created {
		if current, err = k.get(ctx, s, by, id); err == nil {
			out.Status = k.status(current).String()
		}
	}
	return out, current, nil
}

// retried answers a create that today's checks refuse with the case its key already made:
// a retry gets the first answer (API.md: 201, then 200 with the same case), even when what
// it asked no longer holds (the service suspended since, the change already applied). A
// refusal with no key, or whose key made no case, stands.
func (k *caseKind[T]) retried(ctx context.Context, s *service, by models.Actor, key string, request any, refused error) (Created, *T, error) {
	if key == "" || models.ErrorCode(refused) == models.EINTERNAL || models.ErrorCode(refused) == models.EUNAVAILABLE {
		return Created{}, nil, refused
	}
	id, found, err := s.Store.IdempotencyKeyID(ctx, k.scope, callerOf(by), key, hashOf(request))
	if err != nil {
		return Created{}, nil, err
	}
	if !found {
		return Created{}, nil, refused
	}
	current, err := k.get(ctx, s, by, id)
	if models.ErrorCode(err) == models.ENOTFOUND {
		return Created{}, nil, refused // the key was claimed, its case never started
	}
	if err != nil {
		return Created{}, nil, err
	}
	wid, _ := k.workflowID(id)
	return Created{ID: id, Status: k.status(current).String(), WorkflowID: wid}, current, nil
}

// serviceAttrs are the search attributes of a case about a catalog service.
func serviceAttrs(svc models.Service) []temporal.SearchAttributeUpdate {
	return []temporal.SearchAttributeUpdate{
		flow.SAServiceType.ValueSet(string(svc.Type)),
		flow.SAServiceID.ValueSet(svc.ID),
		flow.SAProviderOrg.ValueSet(svc.Provider.Org),
	}
}

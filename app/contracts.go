package app

import (
	"context"
	"errors"
	"log/slog"
	"regexp"
	"time"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/workflows"
)

// Contracts registers direct contracts (수의계약, Process 3) and their changes.
type Contracts struct {
	Store    *store.Store
	Temporal client.Client
	Clock    func() time.Time
	Logger   *slog.Logger
	// TaskQueue overrides flow.TaskQueue, so that tests sharing one server stay apart.
	TaskQueue string
}

var contractIDPattern = regexp.MustCompile(`^CT-\d{4}-\d{6}$`)

var errContractNotFound = models.Errorf(models.ENOTFOUND, "contract not found")

// Create validates the registration, reserves a contract ID under the caller's
// Idempotency-Key and starts the contract's workflow, which decides from the request time
// whether the registration is late. The service must be in the catalog, registered or
// suspended: a suspension stops new catalog orders, not the registration of a contract
// already concluded; a removed service takes no new contracts. Nothing is reserved or
// started for a bad request. A contract without a title (API.md makes it optional) is
// named after its service.
func (s *Contracts) Create(ctx context.Context, by models.Actor, in models.DirectContractInput, idempotencyKey string) (Created, error) {
	if by.Role != models.RoleAgency {
		return Created{}, models.Errorf(models.EFORBIDDEN, "only agencies register direct contracts")
	}
	now := nowOf(s.Clock)
	req, err := models.ParseDirectContract(in, models.DateOf(now))
	if err != nil {
		return Created{}, err
	}
	svc, err := s.Store.GetService(ctx, req.ServiceID)
	switch {
	case models.ErrorCode(err) == models.ENOTFOUND:
		return Created{}, serviceField("no service with this ID in the catalog")
	case err != nil:
		return Created{}, err
	case svc.Status == models.ServiceRemoved:
		return Created{}, serviceField("the service was removed from the catalog and takes no new contracts")
	}

	id, created, err := claimID(ctx, s.Store, "contracts", by, idempotencyKey, req,
		func(ctx context.Context) (string, error) { return s.Store.NextDirectContractID(ctx, now) })
	if err != nil {
		return Created{}, err
	}
	req = req.WithDefaultTitle(svc.Name)
	wid := flow.DirectContractWorkflowID(id)
	// The workflow opens the contract the same way at its start, so its first status is
	// known here: registered, or closed at once when the period's window is already over.
	first := models.NewDirectContract(id, wid, req, svc, by, now)
	first.Advance(now)
	err = startCase(ctx, s.Temporal, client.StartWorkflowOptions{
		ID:        wid,
		TaskQueue: taskQueueOr(s.TaskQueue),
		TypedSearchAttributes: temporal.NewSearchAttributes(
			flow.SACaseType.ValueSet("contract"),
			flow.SACaseStatus.ValueSet(string(first.Status)),
			flow.SAServiceType.ValueSet(string(svc.Type)),
			flow.SAServiceID.ValueSet(svc.ID),
			flow.SAProviderOrg.ValueSet(svc.Provider.Org),
			flow.SAAgencyOrg.ValueSet(by.Org),
		),
	}, workflows.DirectContract, &flow.DirectContractInput{ContractID: id, Request: req,
		Service: orderedService(svc), RegisteredBy: by, RegisteredAt: now, RequestID: requestIDOf(ctx)})
	if err != nil {
		return Created{}, err
	}
	out := Created{ID: id, Status: string(first.Status), WorkflowID: wid, Created: created}
	if !created {
		if c, err := s.Get(ctx, by, id); err == nil {
			out.Status = string(c.Status)
		}
	}
	return out, nil
}

func serviceField(message string) error {
	return &models.Error{Code: models.EINVALID, Message: "one or more fields are invalid",
		Fields: []models.FieldError{{Field: "service_id", Message: message}}}
}

// Get returns the contract as its workflow holds it, or as the projection last saw it when
// the workflow is gone or unreachable. Another organization's contract is not found.
func (s *Contracts) Get(ctx context.Context, by models.Actor, id string) (*models.DirectContract, error) {
	if !contractIDPattern.MatchString(id) {
		return nil, errContractNotFound
	}
	c, err := readCase(ctx, s.Temporal, loggerOr(s.Logger), "contract", flow.DirectContractWorkflowID(id),
		flow.QueryDirectContract,
		func(ctx context.Context) (*models.DirectContract, error) { return s.Store.GetDirectContract(ctx, id) },
		errContractNotFound)
	if err != nil {
		return nil, err
	}
	if !c.VisibleTo(by) {
		return nil, errContractNotFound
	}
	return c, nil
}

// List returns the contracts the caller may see, newest first: an agency its own, a
// provider those for its services, an auditor all.
func (s *Contracts) List(ctx context.Context, by models.Actor, status string, pageSize int, pageToken string) ([]models.DirectContract, string, error) {
	f := store.DirectContractFilter{Status: models.DirectContractStatus(status), PageSize: pageSize, PageToken: pageToken}
	switch by.Role {
	case models.RoleAgency:
		f.AgencyOrg = by.Org
	case models.RoleProvider:
		f.ProviderOrg = by.Org
	case models.RoleAuditor:
	default:
		return nil, "", models.Errorf(models.EFORBIDDEN, "this role does not see contracts")
	}
	return s.Store.ListDirectContracts(ctx, f)
}

// RegisterChange sends a change (an announcement or its details) to the contract's
// workflow; its validator decides who may and whether the change holds. A closed contract
// answers 409 naming its status, or 404 when the caller may not know it exists.
func (s *Contracts) RegisterChange(ctx context.Context, by models.Actor, id, key string, in models.ContractChangeInput) (*models.DirectContract, error) {
	if !contractIDPattern.MatchString(id) {
		return nil, errContractNotFound
	}
	var r flow.StepResult
	err := sendUpdate(ctx, s.Temporal, s.Store, step{WorkflowID: flow.DirectContractWorkflowID(id),
		Update: flow.UpdateRegisterChange, By: by, Key: key,
		Arg: flow.RegisterChangeInput{Actor: by, Change: in}}, &r)
	if errors.Is(err, errWorkflowGone) {
		current, gerr := s.Get(ctx, by, id)
		if gerr != nil {
			return nil, gerr
		}
		if by.Role != models.RoleAgency || by.Org != current.AgencyOrg {
			return nil, models.Errorf(models.EFORBIDDEN, "only the agency of this contract may register its changes")
		}
		return nil, models.Conflict("register a change", current.Status)
	}
	if err != nil {
		return nil, err
	}
	return afterStep(ctx, s.Temporal, flow.DirectContractWorkflowID(id), flow.QueryDirectContract, r,
		func(ctx context.Context) (*models.DirectContract, error) { return s.Store.GetDirectContract(ctx, id) },
		(*models.DirectContract).Version)
}

package app

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"go.temporal.io/api/serviceerror"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/workflows"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// Contracts registers direct contracts (수의계약, Process 3) and their changes.
type Contracts struct{ service }

// Create validates the registration, reserves a contract ID under the caller's
// Idempotency-Key and starts the contract's workflow, which decides from the request time
// whether the registration is late. The service must be in the catalog, registered or
// suspended: a suspension stops new catalog orders, not the registration of a contract
// already concluded; a removed service takes no new contracts. Nothing is reserved or
// started for a bad request. A contract without a title (API.md makes it optional) is
// named after its service. Who may register a contract is the routes' to say (agencies).
func (s *Contracts) Create(ctx context.Context, by models.Actor, in models.DirectContractInput, idempotencyKey string) (Created, error) {
	now := s.now()
	req, err := models.ParseDirectContract(in, models.DateOf(now))
	var docs []models.Document
	if len(in.Documents) > 0 {
		// The files are attached once the whole registration holds: a refused one leaves
		// them as they were.
		var named namedDocuments
		var docErr error
		if in.Documents, named, docErr = lookupDocuments(ctx, s.Store, by, "documents", in.Documents); docErr == nil {
			docs, docErr = models.ParseDocumentsOf("documents", in.Documents, models.ContractDocumentKinds, by.Sub, now)
		}
		if err = models.JoinInvalid(err, docErr); err == nil {
			err = named.attach(ctx, s.Store, now)
		}
	}
	if err != nil {
		return Created{}, err
	}
	searchID := strings.TrimSpace(in.SearchID)
	svc, err := s.Store.GetService(ctx, req.ServiceID)
	switch {
	case models.ErrorCode(err) == models.ENOTFOUND:
		return Created{}, models.FieldInvalid("service_id", models.Msg("invalid.service_not_in_catalog"))
	case err != nil:
		return Created{}, err
	case svc.Status == models.ServiceRemoved:
		// A retry of a contract registered before the service was removed gets that contract.
		out, _, err := contractCase.retried(ctx, &s.service, by, idempotencyKey, withSearch{req, searchID, in.Documents},
			models.FieldInvalid("service_id", models.Msg("invalid.service_removed_no_contracts")))
		return out, err
	}
	searches := &Searches{s.service}
	var unstarted string
	if searchID != "" {
		sr, err := searches.searchForContract(ctx, by, searchID, req.ServiceID)
		if err != nil {
			return Created{}, err
		}
		if unstarted, err = s.unstartedContract(ctx, sr); err != nil {
			return Created{}, err
		}
	}
	titled := req.WithDefaultTitle(svc.Name)
	// The search is taken when the contract's ID is drawn, before its workflow starts, so
	// that two contracts can never both follow one search; a retry under the same key draws
	// nothing and finds the search taken by its own contract, and a retry under none (or
	// another) takes up the number its search names when no case holds it.
	out, _, err := contractCase.create(ctx, &s.service, by, idempotencyKey, withSearch{req, searchID, in.Documents},
		func(ctx context.Context) (string, error) {
			if id := unstarted; id != "" {
				unstarted = "" // once: a redraw past it draws anew, and the search refuses that
				return id, nil
			}
			id, err := s.Store.NextDirectContractID(ctx, now)
			if err != nil || searchID == "" {
				return id, err
			}
			return id, searches.contractSearch(ctx, by, searchID, id)
		},
		func(id string) launch {
			// A contract is judged by the rules in force when it was signed: the versions of
			// its contract date.
			pins := s.pin(titled.ContractedOn.Time, models.DirectContractRuleKeys...)
			// The workflow opens the contract the same way at its start, so its first status
			// is known here: registered, or closed at once when the period's window is over.
			first := models.NewDirectContract(id, flow.DirectContractWorkflowID(id), titled, svc, by, now)
			first.Pin(pins)
			first.Advance(now)
			return launch{status: first.Status, attrs: append(serviceAttrs(svc), flow.SAAgencyOrg.ValueSet(by.Org)),
				workflow: workflows.DirectContract,
				input: &flow.DirectContractInput{ContractID: id, Request: titled, Service: orderedService(svc),
					RegisteredBy: by, RegisteredAt: now, RequestID: requestIDOf(ctx), Pins: pins, Documents: docs}}
		})
	return out, err
}

// unstartedContract is the contract number the search sr was taken by when no case holds it:
// an earlier registration drew it and took the search, and its workflow could not be
// started (Temporal down, a 503 that said to try again). Without the key that reserved the
// number, or under another (a web form loaded again), the retry would otherwise find the
// search taken by a contract that does not exist, for good. A case that holds the number
// is read from its projection, or from Temporal while the projection has not caught up
// (or is past retention, where the projection stays): either way the search is its.
func (s *Contracts) unstartedContract(ctx context.Context, sr *models.Search) (string, error) {
	if sr.Outcome != models.SearchContracted || sr.ContractID == "" {
		return "", nil
	}
	_, err := s.Store.GetDirectContract(ctx, sr.ContractID)
	if models.ErrorCode(err) != models.ENOTFOUND {
		return "", err // held (nil), or unreadable
	}
	_, err = s.Temporal.DescribeWorkflowExecution(ctx, flow.DirectContractWorkflowID(sr.ContractID), "")
	var nf *serviceerror.NotFound
	switch {
	case errors.As(err, &nf):
		return sr.ContractID, nil
	case err != nil:
		return "", temporalFailure(err, "look for the workflow of "+sr.ContractID)
	}
	return "", nil
}

// withSearch is what a registration's Idempotency-Key is bound to: the request and the
// search it names; without one it hashes as the request alone did before searches.
type withSearch struct {
	models.DirectContractRequest
	SearchID string `json:"search_id,omitempty"`
	// Documents are the files as the request named them (resolved from their IDs): what
	// the key is bound to, without the instant each reference is recorded at.
	Documents []models.DocumentInput `json:"documents,omitempty"`
}

// RegisterChange sends a change (an announcement or its details) to the contract's
// workflow; its validator decides who may and whether the change holds. A closed contract
// answers 409 naming its status to its agency, 403 to another who may see it, or 404 when
// the caller may not know it exists. The change's files are resolved and kept as a step's
// are (stepFiles).
func (s *Contracts) RegisterChange(ctx context.Context, by models.Actor, id, key string, in models.ContractChangeInput) (*models.DirectContract, error) {
	var err error
	if in.Documents, err = stepFiles(ctx, &s.service, by, id, s.Get, in.Documents); err != nil {
		return nil, err
	}
	return contractCase.update(ctx, &s.service, by, id,
		step{Update: flow.UpdateRegisterChange, Key: key, Arg: flow.RegisterChangeInput{Actor: by, Change: in}},
		func(current *models.DirectContract) error {
			if by.Role != models.RoleAgency || by.Org != current.AgencyOrg {
				return models.Refuse(models.EFORBIDDEN, models.Msg("error.contract_change_agency_only"))
			}
			return models.Conflict("register a change", current.Status)
		})
}

var contractCase = &caseKind[models.DirectContract]{
	noun: "contract", caseType: "contract", scope: "contracts",
	notFound:   models.Refuse(models.ENOTFOUND, models.Msg("error.contract_not_found")),
	nounKey:    "case.contract",
	workflowID: byPattern(regexp.MustCompile(`^CT-\d{4}-\d{6}$`), flow.DirectContractWorkflowID),
	query:      flow.QueryDirectContract, fromStore: (*store.Store).GetDirectContract, version: (*models.DirectContract).Version,
	status:    func(c *models.DirectContract) fmt.Stringer { return c.Status },
	visible:   visibleTo[*models.DirectContract],
	pluralKey: "cases.contract", ownOrg: []models.Role{models.RoleAgency, models.RoleProvider},
	allOrgs: []models.Role{models.RoleAuditor},
}

// Get returns the contract as its workflow holds it, or as the projection last saw it when
// the workflow is gone or unreachable. Another organization's contract is not found.
func (s *Contracts) Get(ctx context.Context, by models.Actor, id string) (*models.DirectContract, error) {
	return contractCase.get(ctx, &s.service, by, id)
}

// history is the direct contract as the auditor's view shows it.
func (s *Contracts) history() caseHistory {
	return historyOf(prefixed(flow.DirectContractWorkflowID("")), s.Get, func(c *models.DirectContract) CaseHistory {
		return CaseHistory{CaseType: "contract", CaseID: c.ID, Status: string(c.Status), Decisions: c.Steps}.pinned(c.Pins)
	})
}

// List returns the contracts the caller may see, newest first: an agency its own, a
// provider those for its services, an auditor all.
func (s *Contracts) List(ctx context.Context, by models.Actor, status string, pageSize int, pageToken string) ([]models.DirectContract, string, error) {
	agencyOrg, providerOrg, err := contractCase.listScope(by)
	if err != nil {
		return nil, "", err
	}
	return s.Store.ListDirectContracts(ctx, store.DirectContractFilter{AgencyOrg: agencyOrg, ProviderOrg: providerOrg,
		Status: models.DirectContractStatus(status), PageSize: pageSize, PageToken: pageToken})
}

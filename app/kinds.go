package app

import (
	"context"
	"fmt"
	"regexp"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// The kinds of case the services run, side by side: what sets one kind apart from another
// is stated here, and the machinery of caseKind does the rest alike for all, the reads
// below each kind included.

var orderCase = &caseKind[models.Order]{
	noun: "order", caseType: "order", scope: "orders", statusInDetails: true,
	notFound:   models.Errorf(models.ENOTFOUND, "order not found"),
	workflowID: byPattern(regexp.MustCompile(`^ORD-\d{4}-\d{6}$`), flow.OrderWorkflowID),
	query:      flow.QueryOrder, fromStore: (*store.Store).GetOrder, version: (*models.Order).Version,
	status:  func(o *models.Order) fmt.Stringer { return o.Status },
	visible: visibleTo[*models.Order],
	plural:  "orders", ownOrg: []models.Role{models.RoleAgency, models.RoleProvider},
	allOrgs: []models.Role{models.RoleAuditor},
}

// Get returns the order as its workflow holds it, or as the projection last saw it when
// the workflow is gone (past retention) or unreachable. Another organization's order is
// not found.
func (s *Orders) Get(ctx context.Context, by models.Actor, id string) (*models.Order, error) {
	return orderCase.get(ctx, &s.service, by, id)
}

// history is the order as the auditor's view shows it.
func (s *Orders) history() caseHistory {
	return historyOf(prefixed(flow.OrderWorkflowID("")), s.Get, func(o *models.Order) CaseHistory {
		return CaseHistory{CaseType: "order", CaseID: o.ID, Status: string(o.Status), Decisions: o.Steps}.pinned(o.Pins)
	})
}

// List returns the orders the caller may see, newest first.
func (s *Orders) List(ctx context.Context, by models.Actor, status string, pageSize int, pageToken string) ([]models.Order, string, error) {
	agencyOrg, providerOrg, err := orderCase.listScope(by)
	if err != nil {
		return nil, "", err
	}
	return s.Store.ListOrders(ctx, store.OrderFilter{AgencyOrg: agencyOrg, ProviderOrg: providerOrg,
		Status: models.OrderStatus(status), PageSize: pageSize, PageToken: pageToken})
}

var applicationCase = &caseKind[models.Application]{
	noun: "application", caseType: "application", scope: "applications",
	notFound:   models.Errorf(models.ENOTFOUND, "application not found"),
	workflowID: byPattern(regexp.MustCompile(`^APP-\d{4}-\d{6}$`), flow.ApplicationWorkflowID),
	query:      flow.QueryApplication, fromStore: (*store.Store).GetApplication, version: (*models.Application).Version,
	status:  func(a *models.Application) fmt.Stringer { return a.Status },
	visible: visibleTo[*models.Application],
	plural:  "applications", ownOrg: []models.Role{models.RoleProvider},
	allOrgs: []models.Role{models.RoleOperator, models.RoleExpert, models.RoleCommittee, models.RoleAuditor},
}

// sessionCase: the operator, committee members and auditors read every session; no one
// else reads any.
var sessionCase = &caseKind[models.CommitteeSession]{
	noun: "committee session", caseType: "committee_session", scope: "committee_sessions",
	notFound:   models.Errorf(models.ENOTFOUND, "committee session not found"),
	workflowID: byPattern(regexp.MustCompile(`^CS-\d{4}-\d{4,9}$`), flow.SessionWorkflowID),
	query:      flow.QuerySession, fromStore: (*store.Store).GetSession, version: (*models.CommitteeSession).Version,
	status: func(cs *models.CommitteeSession) fmt.Stringer { return cs.Status },
	tidy:   tidySession,
	plural: "committee sessions", readsCheckRole: true,
	allOrgs: []models.Role{models.RoleOperator, models.RoleCommittee, models.RoleAuditor},
}

var contractCase = &caseKind[models.DirectContract]{
	noun: "contract", caseType: "contract", scope: "contracts",
	notFound:   models.Errorf(models.ENOTFOUND, "contract not found"),
	workflowID: byPattern(regexp.MustCompile(`^CT-\d{4}-\d{6}$`), flow.DirectContractWorkflowID),
	query:      flow.QueryDirectContract, fromStore: (*store.Store).GetDirectContract, version: (*models.DirectContract).Version,
	status:  func(c *models.DirectContract) fmt.Stringer { return c.Status },
	visible: visibleTo[*models.DirectContract],
	plural:  "contracts", ownOrg: []models.Role{models.RoleAgency, models.RoleProvider},
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

var changeCase = &caseKind[models.ChangeRequest]{
	noun: "change request", caseType: "change_request", scope: "change_requests",
	notFound:   models.Errorf(models.ENOTFOUND, "change request not found"),
	workflowID: byPattern(models.ChangeRequestIDPattern, flow.ChangeRequestWorkflowID),
	query:      flow.QueryChangeRequest, fromStore: (*store.Store).GetChangeRequest, version: (*models.ChangeRequest).Version,
	status:  func(cr *models.ChangeRequest) fmt.Stringer { return cr.Status },
	visible: visibleTo[*models.ChangeRequest],
	plural:  "change requests", ownOrg: []models.Role{models.RoleProvider},
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

// qualityCase is started by the yearly cycle, never by a create. Its ID read back must be
// the one asked for, not another spelling of its workflow's.
var qualityCase = &caseKind[models.QualityCase]{
	noun:     "quality case",
	notFound: models.Errorf(models.ENOTFOUND, "quality case not found"),
	workflowID: func(id string) (string, bool) {
		wid, err := flow.QualityCaseWorkflowIDOf(id)
		return wid, err == nil
	},
	query: flow.QueryQualityCase, fromStore: (*store.Store).GetQualityCase, version: (*models.QualityCase).Version,
	status:  func(c *models.QualityCase) fmt.Stringer { return c.Status },
	visible: func(c *models.QualityCase, by models.Actor, id string) bool { return c.ID == id && c.VisibleTo(by) },
	plural:  "quality cases", ownOrg: []models.Role{models.RoleProvider},
	allOrgs: []models.Role{models.RoleOperator, models.RoleAuditor},
}

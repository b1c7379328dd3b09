package app

import (
	"context"
	"fmt"
	"strconv"

	"go.temporal.io/sdk/client"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/workflows"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// Quality runs the regular quality inspection (정기점검, Process 4): the provider's yearly
// report, the operator's pre-review and the inspection rounds (completed in the inbox),
// and the yearly cycle that opens the cases.
type Quality struct{ service }

// QualityCycleStarted is the answer of POST /quality-cycles: the cycle's workflow.
type QualityCycleStarted struct {
	Year       int    `json:"year"`
	WorkflowID string `json:"workflow_id"`
}

// StartCycle starts this year's (Seoul) quality cycle now, by its business key: a second
// call while it runs, or after it ended, starts nothing more. The Schedule starts it every
// year on its own; this is for demonstrations and tests. The route admits the operator.
// In the development sandbox the cases it opens pin the sandbox's time scale.
func (s *Quality) StartCycle(ctx context.Context, by models.Actor) (QualityCycleStarted, error) {
	year := s.now().In(models.Seoul).Year()
	id := flow.QualityCycleWorkflowID(year)
	if s.TaskQueue != "" && s.TaskQueue != flow.TaskQueue {
		// Tests that share one server each run their own cycle, on their own queue.
		id += "@" + s.TaskQueue
	}
	err := flow.StartCase(ctx, s.Temporal, eager(client.StartWorkflowOptions{ID: id, TaskQueue: s.taskQueue()}),
		workflows.QualityCycle, &flow.QualityCycleInput{Year: year, TimeScale: s.TimeScale}, flow.ClaimTag(), false)
	if err != nil {
		return QualityCycleStarted{}, temporalFailure(err, "start "+id)
	}
	return QualityCycleStarted{Year: year, WorkflowID: id}, nil
}

// Get returns a quality case by its ID (QC-<year>-<service number>) as its workflow holds
// it, or as the projection last saw it when the workflow is gone or unreachable. The
// operator and auditors read every case, a provider its own services'; to anyone else it
// is not found.
func (s *Quality) Get(ctx context.Context, by models.Actor, id string) (*models.QualityCase, error) {
	return qualityCase.get(ctx, &s.service, by, id)
}

// history is the quality case as the auditor's view shows it; its workflow ID names the
// service and the year, not the case ID.
func (s *Quality) history() caseHistory {
	id := func(wid string) (string, bool) {
		serviceID, year, ok := flow.ParseQualityCaseWorkflowID(wid)
		return models.QualityCaseID(serviceID, year), ok
	}
	return historyOf(id, s.Get, func(c *models.QualityCase) CaseHistory {
		return CaseHistory{CaseType: "quality", CaseID: c.ID, Status: string(c.Status), Decisions: c.Steps}.pinned(c.Pins)
	})
}

// QualityCaseQuery filters the list of quality cases; zero values mean "any".
type QualityCaseQuery struct {
	ServiceID string
	Year      int
	Status    models.QualityStatus
	PageSize  int
	PageToken string
}

// List returns the quality cases the caller may see, by ID descending: every case for the
// operator and auditors, a provider's own services' cases.
func (s *Quality) List(ctx context.Context, by models.Actor, q QualityCaseQuery) ([]models.QualityCase, string, error) {
	_, providerOrg, err := qualityCase.listScope(by)
	if err != nil {
		return nil, "", err
	}
	f := store.QualityCaseFilter{ProviderOrg: providerOrg, ServiceID: q.ServiceID, Year: q.Year, Status: q.Status,
		PageSize: q.PageSize, PageToken: q.PageToken}
	return s.Store.ListQualityCases(ctx, f)
}

// AwaitingPreReview is the operators' queue of quality reports to pre-review (a report, or
// the finding that none came), soonest due first, at most limit, and how many wait in all.
// The queue is the operators' (an auditor reads it); a provider's reports wait on them.
func (s *Quality) AwaitingPreReview(ctx context.Context, by models.Actor, limit int) ([]models.QualityCase, int64, error) {
	return qualityCase.operatorsQueue(by, func() ([]models.QualityCase, int64, error) {
		return s.Store.QualityAwaitingPreReview(ctx, limit)
	})
}

// SubmitReport sends the provider's yearly report to the service's open quality case: the
// case of this year's cycle, or of last year's while it is still open (a cycle early in the
// year). The routes admit providers; here only the provider of the service submits (the
// case's validator checks it again), another's service and a service with no open case
// are not found, with a detail saying so.
func (s *Quality) SubmitReport(ctx context.Context, by models.Actor, serviceID, key string, in models.QualityReportInput) (*models.QualityCase, error) {
	svc, err := s.catalogService(ctx, serviceID)
	if err != nil {
		return nil, err
	}
	if svc.Provider.Org != by.Org {
		return nil, models.Refuse(models.ENOTFOUND, models.Msg("error.service_id_not_found", "service", serviceID))
	}
	c, err := s.openCase(ctx, serviceID)
	if err != nil {
		return nil, err
	}
	if in.Documents, err = resolveDocuments(ctx, s.Store, s.now(), by, "documents", in.Documents); err != nil {
		return nil, err
	}
	return s.update(ctx, by, c.ID, key, flow.UpdateSubmitQualityReport, "submit the quality report",
		flow.SubmitQualityReportInput{Actor: by, Report: in})
}

// openCase finds the service's quality case that is not closed, of this year's cycle or
// last year's.
func (s *Quality) openCase(ctx context.Context, serviceID string) (*models.QualityCase, error) {
	year := s.now().In(models.Seoul).Year()
	for _, y := range []int{year, year - 1} {
		cases, _, err := s.Store.ListQualityCases(ctx, store.QualityCaseFilter{ServiceID: serviceID, Year: y, PageSize: 5})
		if err != nil {
			return nil, err
		}
		for i := range cases {
			if !cases[i].Status.Final() {
				return &cases[i], nil
			}
		}
	}
	return nil, models.Refuse(models.ENOTFOUND, models.Msg("error.quality_no_open_case",
		"service", serviceID, "year", strconv.Itoa(year), "last_year", strconv.Itoa(year-1)))
}

// PreReview records the operator's pre-review of the report (or of its absence).
func (s *Quality) PreReview(ctx context.Context, by models.Actor, id, key string, in models.PreReviewInput) (*models.QualityCase, error) {
	return s.update(ctx, by, id, key, flow.UpdatePreReview, "pre-review the report",
		flow.QualityPreReviewInput{Actor: by, PreReview: in})
}

// ReportRemediation sends the provider's report of a remediation done, with its files, to
// a case waiting for one; the next inspection round opens with it.
func (s *Quality) ReportRemediation(ctx context.Context, by models.Actor, id, key string, in models.RemediationReportInput) (*models.QualityCase, error) {
	var err error
	if in.Documents, err = stepFiles(ctx, &s.service, by, id, s.Get, in.Documents); err != nil {
		return nil, err
	}
	return s.update(ctx, by, id, key, flow.UpdateReportRemediation, "report the remediation",
		flow.QualityRemediationInput{Actor: by, Remediation: in})
}

// Inspect records the inspection team's verdict of a round (the quality_inspection task).
func (s *Quality) Inspect(ctx context.Context, by models.Actor, id, key string, in models.QualityInspectionInput) (*models.QualityCase, error) {
	scope := in.TaskID
	return s.updateScoped(ctx, by, id, key, scope, flow.UpdateInspect, "record the inspection",
		flow.QualityInspectInput{Actor: by, Inspection: in})
}

func (s *Quality) update(ctx context.Context, by models.Actor, id, key, name, action string, arg any) (*models.QualityCase, error) {
	return s.updateScoped(ctx, by, id, key, "", name, action, arg)
}

// updateScoped sends one human step of a quality case. A closed case answers 409 naming
// its final status, or 404 when the caller may not know it exists.
func (s *Quality) updateScoped(ctx context.Context, by models.Actor, id, key, scope, name, action string, arg any) (*models.QualityCase, error) {
	return qualityCase.update(ctx, &s.service, by, id, step{Update: name, Key: key, Scope: scope, Arg: arg},
		qualityCase.conflict(action))
}

// qualityCase is started by the yearly cycle, never by a create. Its ID read back must be
// the one asked for, not another spelling of its workflow's.
var qualityCase = &caseKind[models.QualityCase]{
	noun:     "quality case",
	notFound: models.Refuse(models.ENOTFOUND, models.Msg("error.quality_case_not_found")),
	nounKey:  "case.quality",
	workflowID: func(id string) (string, bool) {
		wid, err := flow.QualityCaseWorkflowIDOf(id)
		return wid, err == nil
	},
	query: flow.QueryQualityCase, fromStore: (*store.Store).GetQualityCase, version: (*models.QualityCase).Version,
	status:    func(c *models.QualityCase) fmt.Stringer { return c.Status },
	visible:   func(c *models.QualityCase, by models.Actor, id string) bool { return c.ID == id && c.VisibleTo(by) },
	pluralKey: "cases.quality", ownOrg: []models.Role{models.RoleProvider},
	allOrgs: []models.Role{models.RoleOperator, models.RoleAuditor},
}

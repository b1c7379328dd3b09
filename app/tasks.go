package app

import (
	"context"
	"errors"
	"strings"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// Tasks is the inbox: the human steps waiting for someone, and their completion. A task
// belongs to its case; completing one is an Update to the case's workflow.
type Tasks struct {
	service
	// Applications reads the case of an application's task, Quality reads and completes
	// the quality_inspection tasks of quality cases; New sets both.
	Applications *Applications
	Quality      *Quality
}

var errTaskNotFound = models.TaskNotFound()

// TaskQuery selects the tasks List returns; zero values mean "any".
type TaskQuery struct {
	Status models.TaskStatus
	Kind   models.TaskKind
	// Everyone lists every assignee's tasks, not only the caller's: the operators' view of
	// all the work that waits (who holds what, and how late), as the auditors' always is,
	// but for the members' votes.
	Everyone bool
	// Overdue keeps the open tasks past their due time.
	Overdue bool
}

// List returns the caller's tasks, soonest due first: an operator's own and the operators'
// queue, an expert's or committee member's own, every task for auditors; with
// q.Everyone, every assignee's tasks for operators too (experts and members who ask for
// everyone's get 403).
func (s *Tasks) List(ctx context.Context, by models.Actor, q TaskQuery, pageSize int, pageToken string) ([]models.Task, string, error) {
	now := s.now()
	f := store.TaskFilter{Status: q.Status, Kind: q.Kind, PageSize: pageSize, PageToken: pageToken}
	if q.Overdue {
		f.Status, f.DueBy = models.TaskOpen, now
	}
	switch {
	case by.Role == models.RoleOperator && q.Everyone:
		// Who has voted and who has not is the ballot's (app/ballot.go): an operator sees
		// the roster and the outcome, never a member's vote task.
		if q.Kind == models.TaskCommitteeVote {
			return []models.Task{}, "", nil
		}
		f.NotKind = models.TaskCommitteeVote
	case by.Role == models.RoleAuditor:
	case by.Role == models.RoleOperator:
		f.AssigneeRole, f.AssigneeSub, f.IncludeRoleQueue = models.RoleOperator, by.Sub, true
	case (by.Role == models.RoleExpert || by.Role == models.RoleCommittee) && q.Everyone:
		return nil, "", models.Refuse(models.EFORBIDDEN, models.Msg("error.tasks_of_everyone"))
	case by.Role == models.RoleExpert, by.Role == models.RoleCommittee:
		f.AssigneeRole, f.AssigneeSub = by.Role, by.Sub
	default:
		return nil, "", models.Refuse(models.EFORBIDDEN, models.Msg("error.role_has_no_tasks"))
	}
	items, next, err := s.Store.ListTasks(ctx, f)
	if err != nil {
		return nil, "", err
	}
	for i := range items {
		items[i].Overdue = items[i].IsOverdue(now)
	}
	return items, next, nil
}

// Turns are a page of the cases that wait on the caller's organization as a provider or an
// agency (store.TurnsOf), the soonest due first, and how many wait in all: theirs to do,
// which no task of the operators' side holds.
func (s *Tasks) Turns(ctx context.Context, by models.Actor, size int, token string) (models.TurnPage, error) {
	return s.Store.TurnsOf(ctx, by.Role, by.Org, size, token)
}

// Get returns one task as its case holds it. It is visible to whom it is assigned (an
// operator sees the operators' queue) and to auditors; to anyone else it is not found.
func (s *Tasks) Get(ctx context.Context, by models.Actor, id string) (*models.Task, error) {
	caseID, err := models.ParseTaskID(id)
	if err != nil {
		return nil, errTaskNotFound
	}
	var t models.Task
	switch {
	case isApplication(caseID):
		a, rerr := s.Applications.read(ctx, by, caseID)
		t, err = taskOf(a, rerr, id, func(a *models.Application) []models.Task { return a.Tasks })
	case isQualityCase(caseID):
		// The case as its workflow holds it: the inbox never shows a task the case has
		// moved past. Its assignee is the operators' queue, which auditors also read.
		c, rerr := s.Quality.Get(ctx, models.Actor{Role: models.RoleAuditor}, caseID)
		t, err = taskOf(c, rerr, id, func(c *models.QualityCase) []models.Task { return c.Tasks })
	default:
		if t, err = s.Store.GetTask(ctx, id); models.ErrorCode(err) == models.ENOTFOUND {
			err = errTaskNotFound
		}
	}
	if err != nil {
		return nil, err
	}
	if !t.AssignedTo(by) && by.Role != models.RoleAuditor {
		return nil, errTaskNotFound
	}
	t.Overdue = t.IsOverdue(s.now())
	return &t, nil
}

// Complete completes one task with the body its kind reads and answers the case in its
// new state: an application's task the application's view (*ApplicationView), a quality
// case's quality_inspection task the quality case (*models.QualityCase). The case's
// workflow decides: 404 if the task is not the caller's to know, 403 if it is assigned to
// someone else, 409 if it is no longer open or the case moved on, 422 if the body does not
// fit the kind. Another case's task is not found.
func (s *Tasks) Complete(ctx context.Context, by models.Actor, id, key string, body models.TaskCompletion) (any, error) {
	caseID, err := models.ParseTaskID(id)
	if err == nil && isQualityCase(caseID) {
		c, err := s.completeQuality(ctx, by, caseID, id, key, body)
		if err != nil {
			return nil, err
		}
		return c, nil
	}
	if err != nil || !isApplication(caseID) {
		return nil, errTaskNotFound
	}
	in := models.CompleteTaskInput{TaskID: id, Body: body}
	if body.Experts != nil {
		// The workflow cannot read the database in a validator: who the proposed experts
		// are, and their conflicts of interest with the applicant, travel with the Update.
		if in.Candidates, err = s.candidates(ctx, by, caseID, body.Experts); err != nil {
			return nil, err
		}
	}
	var r flow.StepResult
	err = sendUpdate(ctx, s.Temporal, s.Store, step{WorkflowID: flow.ApplicationWorkflowID(caseID), Update: flow.UpdateCompleteTask,
		By: by, Key: key, Scope: id, Arg: flow.CompleteTaskInput{Actor: by, Task: in}, Request: body}, &r)
	if errors.Is(err, errStepRecorded) {
		v, err := s.Applications.Get(ctx, by, caseID)
		if err != nil {
			return nil, err
		}
		return v, nil
	}
	if isWorkflowGone(err) {
		return nil, s.closedTask(ctx, by, caseID, id)
	}
	switch models.ErrorCode(err) {
	case models.EFORBIDDEN, models.ECONFLICT, models.EINVALID:
		return nil, s.unlessSecret(ctx, by, caseID, id, err)
	}
	if err != nil {
		return nil, err
	}
	a, err := applicationCase.afterStep(ctx, &s.service, caseID, r)
	if err != nil {
		return nil, err
	}
	return s.Applications.view(a, by), nil
}

// ExpertChoices are the experts an assignment of application caseID may choose (the
// active ones: an inactive one would be refused as "not a registered expert"), each as a
// candidate with their conflict of interest with the applicant today. The form that shows
// them shows personal data (names, affiliations, what their relations decide), so each
// expert shown is a read of their record (personReads), as in the people list. Who may
// assign is the caller's to check.
func (s *Tasks) ExpertChoices(ctx context.Context, by models.Actor, caseID string) ([]models.User, []models.ExpertCandidate, error) {
	users, err := s.Store.ListUsers(ctx)
	if err != nil {
		return nil, nil, err
	}
	var experts []models.User
	var subs []string
	for _, x := range users {
		if x.Role == models.RoleExpert && x.Active {
			experts = append(experts, x)
			subs = append(subs, x.Sub)
		}
	}
	candidates, err := s.candidates(ctx, by, caseID, subs)
	if err != nil {
		return nil, nil, err
	}
	if err := s.personReads(ctx, by, models.PersonReadAssignment, subs...); err != nil {
		return nil, nil, err
	}
	return experts, candidates, nil
}

// candidates looks up the proposed experts on the day of the assignment.
func (s *Tasks) candidates(ctx context.Context, by models.Actor, caseID string, experts []string) ([]models.ExpertCandidate, error) {
	businessNo, pins, err := s.businessNo(ctx, by, caseID)
	if err != nil {
		return nil, err
	}
	subs := make([]string, len(experts))
	for i, e := range experts {
		subs[i] = strings.TrimSpace(e)
	}
	return s.Store.ExpertCandidates(ctx, subs, businessNo, models.DateOf(s.now()), pins)
}

// businessNo is the applicant's business number and the rules the application keeps, from
// the projection when it has the application (neither changes for a conflict's purpose),
// else from the workflow.
func (s *Tasks) businessNo(ctx context.Context, by models.Actor, caseID string) (string, *models.CasePins, error) {
	a, err := s.Store.GetApplication(ctx, caseID)
	if models.ErrorCode(err) == models.ENOTFOUND {
		a, err = s.Applications.read(ctx, by, caseID)
	}
	if models.ErrorCode(err) == models.ENOTFOUND {
		return "", nil, errTaskNotFound
	}
	if err != nil {
		return "", nil, err
	}
	return a.Provider.BusinessNo, a.Pins, nil
}

// closedTask answers a completion sent to a case whose workflow has ended: the task, if
// the case as last recorded has it, can no longer be completed (409); else it is not found.
func (s *Tasks) closedTask(ctx context.Context, by models.Actor, caseID, id string) error {
	a, t, err := s.visibleTask(ctx, by, caseID, id)
	if err != nil {
		return err
	}
	if t.Status != models.TaskOpen {
		return models.TaskClosed(t.ID, t.Status)
	}
	return models.Conflict("complete task "+id, a.Status)
}

// unlessSecret is the workflow's refusal of a completion, unless the task is another
// member's committee vote: that it is done, or whose it is, says who has voted, which the
// ballot keeps secret (secretBallot), so such a task is not found, as Get answers.
func (s *Tasks) unlessSecret(ctx context.Context, by models.Actor, caseID, id string, refused error) error {
	if _, _, err := s.visibleTask(ctx, by, caseID, id); err != nil {
		return err
	}
	return refused
}

// visibleTask is task id of the application as by may read it, and the application.
func (s *Tasks) visibleTask(ctx context.Context, by models.Actor, caseID, id string) (*models.Application, models.Task, error) {
	a, err := s.Applications.read(ctx, by, caseID)
	if err == nil {
		a = secretBallot(a, by)
	}
	t, err := taskOf(a, err, id, func(a *models.Application) []models.Task { return a.Tasks })
	return a, t, err
}

// taskOf is task id of a case read with err: a case not found, or without that task, is a
// task not found.
func taskOf[T any](c *T, err error, id string, tasks func(*T) []models.Task) (models.Task, error) {
	if models.ErrorCode(err) == models.ENOTFOUND {
		return models.Task{}, errTaskNotFound
	}
	if err != nil {
		return models.Task{}, err
	}
	all := tasks(c)
	if i := taskIndex(all, id); i >= 0 {
		return all[i], nil
	}
	return models.Task{}, errTaskNotFound
}

func taskIndex(tasks []models.Task, id string) int {
	for i, t := range tasks {
		if t.ID == id {
			return i
		}
	}
	return -1
}

func isApplication(caseID string) bool { return strings.HasPrefix(caseID, "APP-") }

func isQualityCase(caseID string) bool { return strings.HasPrefix(caseID, "QC-") }

// completeQuality sends a quality_inspection task's body to the case's inspect Update. A
// body with fields of another kind is refused here (422), as the applications' workflow
// refuses them; the round's verdict itself is checked by the case.
func (s *Tasks) completeQuality(ctx context.Context, by models.Actor, caseID, id, key string, body models.TaskCompletion) (*models.QualityCase, error) {
	if err := body.CheckFieldsOf(models.TaskQualityInspection); err != nil {
		return nil, err
	}
	c, err := s.Quality.Inspect(ctx, by, caseID, key, models.QualityInspectionFromTask(id, body))
	if models.ErrorCode(err) == models.ECONFLICT {
		// A task done meanwhile, or a case that moved on: say which, if the task is known.
		if cur, gerr := s.Quality.Get(ctx, models.Actor{Role: models.RoleAuditor}, caseID); gerr == nil {
			if i := taskIndex(cur.Tasks, id); i >= 0 && cur.Tasks[i].Status != models.TaskOpen {
				return nil, models.TaskClosed(id, cur.Tasks[i].Status)
			}
		}
	}
	return c, err
}

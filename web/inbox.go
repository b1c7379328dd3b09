package web

import (
	"net/url"
	"slices"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
)

// kindsOf are the task kinds a role works on, for the inbox's filter.
var kindsOf = map[models.Role][]models.TaskKind{
	models.RoleOperator:  {models.TaskDocumentCheck, models.TaskAssignExperts, models.TaskSiteVisit, models.TaskQualityInspection, models.TaskRegistration},
	models.RoleExpert:    {models.TaskExpertReview},
	models.RoleCommittee: {models.TaskCommitteeVote},
	models.RoleAuditor:   models.AllTaskKinds,
}

type inboxView struct {
	Tasks     []models.Task
	Kind      models.TaskKind
	Kinds     []models.TaskKind
	NextToken string
	// Everyone (operators: every assignee's tasks) and Overdue (only those past due) are
	// the filter's state.
	Everyone, Overdue bool
	// Names are the registry's names of the people the tasks are assigned to, by sub.
	Names map[string]string
	// PreReviews are the first quality reports waiting for the operators' pre-review,
	// soonest due first, of PreReviewCount: no task holds them, so the inbox lists them.
	PreReviews     []models.QualityCase
	PreReviewCount int64
	// Decisions are the information changes waiting for the operators' approval, oldest
	// first, of DecisionCount: no task holds them either.
	Decisions     []models.ChangeRequest
	DecisionCount int64
	// Organization is the inbox of an agency's or a provider's person: its Turns, of
	// TurnCount, are the cases waiting on their organization (a page of them, TurnsNext the
	// next); they have no tasks.
	Organization bool
	Turns        []models.Turn
	TurnCount    int64
	TurnsNext    string
	Now          time.Time
}

// TurnLink is the page of the case a turn waits on.
func (inboxView) TurnLink(t models.Turn) string {
	switch t.Kind {
	case models.TurnSupplement:
		return Prefix + "/applications/" + t.CaseID
	case models.TurnQualityReport, models.TurnRemediation:
		return Prefix + "/quality/" + t.CaseID
	case models.TurnContractChange:
		return Prefix + "/contracts/" + t.CaseID
	case models.TurnSearch:
		return Prefix + "/searches/" + t.CaseID
	}
	return Prefix + "/orders/" + t.CaseID
}

// DecideBy is when the operators are reminded of a change still waiting for their
// decision: the due time the inbox shows it with.
func (v inboxView) DecideBy(cr models.ChangeRequest) time.Time {
	due, _ := cr.ReminderDue(cr.RequestedAt)
	return due
}

// KindChoices are the task kinds the filter offers, as the filter's choices.
func (v inboxView) KindChoices() []string {
	out := make([]string, len(v.Kinds))
	for i, k := range v.Kinds {
		out[i] = string(k)
	}
	return out
}

// queueShown bounds the quality reports and the information changes the inbox lists beside
// the tasks; their lists filtered by status show them all.
const queueShown = 20

// inbox lists the signed-in person's open tasks, soonest due first (an operator also sees
// the operators' queue; an auditor every open task, read only); an agency's or a provider's
// person, the cases waiting on their organization.
func (u *UI) inbox(c *gin.Context) {
	s := sessionOf(c)
	if s.Role == models.RoleAgency || s.Role == models.RoleProvider {
		turns, err := u.app.Tasks.Turns(ctx(c), s.actor(), queueShown, c.Query("page_token"))
		u.showPage(c, "h.inbox", "inbox", inboxView{Organization: true, Turns: turns.Items, TurnCount: turns.Total,
			TurnsNext: turns.NextPageToken, Now: u.now()}, err)
		return
	}
	kind := models.TaskKind(c.Query("kind"))
	if kind != "" && !slices.Contains(models.AllTaskKinds, kind) {
		kind = ""
	}
	q := app.TaskQuery{Status: models.TaskOpen, Kind: kind, Overdue: c.Query("overdue") == "true",
		Everyone: c.Query("scope") == "all" && s.Role == models.RoleOperator}
	tasks, next, err := u.app.Tasks.List(ctx(c), s.actor(), q, 100, c.Query("page_token"))
	kinds := kindsOf[s.Role]
	if q.Everyone {
		kinds = models.AllTaskKinds
	}
	v := inboxView{Tasks: tasks, Kind: kind, Kinds: kinds, NextToken: next, Everyone: q.Everyone, Overdue: q.Overdue}
	others := q.Everyone || s.Role == models.RoleAuditor
	if err == nil && others && slices.ContainsFunc(tasks, func(t models.Task) bool { return t.Assignee.Sub != "" }) {
		// An operator reading everyone's tasks, or an auditor, sees whose they are by name;
		// everyone else's inbox holds their own, and costs no look-up.
		var people []models.User
		if people, err = u.app.Store.ListUsers(ctx(c)); err == nil {
			v.Names = namesOf(people)
		}
	}
	// The reports waiting for a pre-review stand beside the quality tasks, and the
	// information changes waiting for an approval beside all of them; the filter for overdue
	// tasks, which holds tasks alone, leaves them out.
	queues := err == nil && (s.Role == models.RoleOperator || s.Role == models.RoleAuditor) && !q.Overdue
	if queues && (kind == "" || kind == models.TaskQualityInspection) {
		v.PreReviews, v.PreReviewCount, err = u.app.Quality.AwaitingPreReview(ctx(c), s.actor(), queueShown)
	}
	if queues && err == nil && kind == "" {
		v.Decisions, v.DecisionCount, err = u.app.Changes.AwaitingDecision(ctx(c), s.actor(), queueShown)
	}
	v.Now = u.now()
	u.showPage(c, "h.inbox", "inbox", v, err)
}

type taskView struct {
	Task *models.Task
	// Application is the case of an application's task, Quality of a quality case's.
	Application *app.ApplicationView
	Quality     *models.QualityCase
	// CanComplete is whether the form is shown: the task is open and the visitor's.
	CanComplete bool
	Assigned    bool
	// Experts are the people who may be assigned, for assign_experts, and OpenReviews how
	// many reviews each holds open now, so that the work is spread.
	Experts     []models.User
	OpenReviews map[string]int
	// Conflicts are the experts' conflicts of interest with the applicant, by sub: the form
	// offers them no box, and says why.
	Conflicts map[string]*models.Text
	// DocumentKinds are the application's required documents, for document_check.
	DocumentKinds []models.DocumentKind
	Criteria      []string
	Today         string
}

var reviewCriteria = []string{"eligibility", "management", "security", "stability", "support"}

func (u *UI) taskPage() casePage { return withCase(u, u.app.Tasks.Get, u.showTask) }

// showTask renders a task with its case and, when the visitor may complete it, the form
// of its kind, filled with f and its errors when a submission was refused (it has one).
func (u *UI) showTask(c *gin.Context, t *models.Task, status int, f *form, _, notice string) {
	s := sessionOf(c)
	v := taskView{Task: t, Assigned: t.AssignedTo(s.actor()), Criteria: reviewCriteria,
		Today: models.DateOf(u.now()).String()}
	v.CanComplete = t.Status == models.TaskOpen && v.Assigned && s.Role != models.RoleAuditor
	var ok bool
	switch t.CaseType {
	case "application":
		if v.Application, ok = load(u, c, u.app.Applications.Get, t.CaseID); !ok {
			return
		}
		v.DocumentKinds = v.Application.RequiredKinds
	case "quality":
		if v.Quality, ok = load(u, c, u.app.Quality.Get, t.CaseID); !ok {
			return
		}
	}
	if v.CanComplete && t.Kind == models.TaskAssignExperts {
		if err := u.expertChoices(c, t.CaseID, &v); err != nil {
			u.fail(c, err)
			return
		}
	}
	u.showCase(c, status, "task", u.pageFor(c, "kind."+string(t.Kind)), f, notice, v)
}

// expertChoices fills v with the experts an assignment of application caseID may choose
// (app.Tasks.ExpertChoices, which logs each one shown as a read of their record), the
// reviews each holds open, and their conflicts of interest with the applicant.
func (u *UI) expertChoices(c *gin.Context, caseID string, v *taskView) error {
	var candidates []models.ExpertCandidate
	var err error
	if v.Experts, candidates, err = u.app.Tasks.ExpertChoices(ctx(c), sessionOf(c).actor(), caseID); err != nil {
		return err
	}
	if v.OpenReviews, err = u.app.Store.OpenReviews(ctx(c)); err != nil {
		return err
	}
	v.Conflicts = map[string]*models.Text{}
	for _, x := range candidates {
		if x.Conflict != "" {
			v.Conflicts[x.Sub] = models.ConflictText(x.Conflict)
		}
	}
	return nil
}

// completeTask sends the form to the case's workflow through the same app-layer call as
// POST /api/v1/tasks/{id}/complete. A refused field comes back beside the field; a task
// that was completed elsewhere in the meantime is shown as it is now, with a notice.
func (u *UI) completeTask(c *gin.Context) {
	u.submit(c, func(sent url.Values, key string) (string, error) {
		by := sessionOf(c).actor()
		t, err := u.app.Tasks.Get(ctx(c), by, c.Param("id"))
		if err != nil {
			return "", pageError{err}
		}
		_, err = u.app.Tasks.Complete(ctx(c), by, t.ID, key, completionFrom(t.Kind, sent))
		return Prefix + "/inbox?done=" + urlQueryEscape(t.ID), err
	}, func(status int, f *form, notice string) { u.taskPage()(c, status, f, "", notice) })
}

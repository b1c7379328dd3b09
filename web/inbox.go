package web

import (
	"net/http"
	"slices"

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
}

// inbox lists the signed-in person's open tasks, soonest due first (an operator also sees
// the operators' queue; an auditor every open task, read only).
func (u *UI) inbox(c *gin.Context) {
	s := sessionOf(c)
	kind := models.TaskKind(c.Query("kind"))
	if kind != "" && !slices.Contains(models.AllTaskKinds, kind) {
		kind = ""
	}
	tasks, next, err := u.app.Tasks.List(ctx(c), s.actor(), models.TaskOpen, kind, 100, c.Query("page_token"))
	if err != nil {
		u.fail(c, err)
		return
	}
	p := u.pageFor(c, "h.inbox")
	p.Data = inboxView{Tasks: tasks, Kind: kind, Kinds: kindsOf[s.Role], NextToken: next}
	u.html(c, http.StatusOK, "inbox", p)
}

type taskView struct {
	Task *models.Task
	// Application is the case of an application's task, Quality of a quality case's.
	Application *app.ApplicationView
	Quality     *models.QualityCase
	// CanComplete is whether the form is shown: the task is open and the visitor's.
	CanComplete bool
	Assigned    bool
	// Experts are the people who may be assigned, for assign_experts.
	Experts []models.User
	// DocumentKinds are the application's required documents, for document_check.
	DocumentKinds []models.DocumentKind
	Criteria      []string
	Today         string
}

var reviewCriteria = []string{"eligibility", "management", "security", "stability", "support"}

func (u *UI) task(c *gin.Context) {
	u.showTask(c, http.StatusOK, nil, "")
}

// showTask renders a task with its case and, when the visitor may complete it, the form
// of its kind, filled with f and its errors when a submission was refused.
func (u *UI) showTask(c *gin.Context, status int, f *form, notice string) {
	s := sessionOf(c)
	t, err := u.app.Tasks.Get(ctx(c), s.actor(), c.Param("id"))
	if err != nil {
		u.fail(c, err)
		return
	}
	v := taskView{Task: t, Assigned: t.AssignedTo(s.actor()), Criteria: reviewCriteria,
		Today: models.DateOf(u.now()).String()}
	v.CanComplete = t.Status == models.TaskOpen && v.Assigned && s.Role != models.RoleAuditor
	if t.CaseType == "application" {
		a, err := u.app.Applications.Get(ctx(c), s.actor(), t.CaseID)
		if err != nil {
			u.fail(c, err)
			return
		}
		v.Application = a
		v.DocumentKinds = a.RequiredKinds
	}
	if t.CaseType == "quality" {
		qc, err := u.app.Quality.Get(ctx(c), s.actor(), t.CaseID)
		if err != nil {
			u.fail(c, err)
			return
		}
		v.Quality = qc
	}
	if v.CanComplete && t.Kind == models.TaskAssignExperts {
		users, err := u.app.Store.ListUsers(ctx(c))
		if err != nil {
			u.fail(c, err)
			return
		}
		for _, x := range users {
			if x.Role == models.RoleExpert {
				v.Experts = append(v.Experts, x)
			}
		}
	}
	if f == nil {
		f = newForm(nil)
	}
	p := u.pageFor(c, "kind."+string(t.Kind))
	p.Form, p.Notice, p.Data = f, notice, v
	u.html(c, status, "task", p)
}

// completeTask sends the form to the case's workflow through the same app-layer call as
// POST /api/v1/tasks/{id}/complete. A refused field comes back beside the field; a task
// that was completed elsewhere in the meantime is shown as it is now, with a notice.
func (u *UI) completeTask(c *gin.Context) {
	s := sessionOf(c)
	sent, ok := u.postForm(c)
	if !ok {
		return
	}
	t, err := u.app.Tasks.Get(ctx(c), s.actor(), c.Param("id"))
	if err != nil {
		u.fail(c, err)
		return
	}
	_, err = u.app.Tasks.Complete(ctx(c), s.actor(), t.ID, sent.Get("idempotency_key"), completionFrom(t.Kind, sent))
	u.finish(c, err, Prefix+"/inbox?done="+urlQueryEscape(t.ID), sent, func(status int, f *form, notice string) {
		u.showTask(c, status, f, notice)
	})
}

package app

import (
	"slices"
	"strconv"
	"strings"

	"github.com/dsmarket/dsmarket/models"
)

// readsReviewers says whether x may know who reviews an application. A provider may not:
// an expert known to the company under review could be approached before the opinion is
// written, which is why a Korean public evaluation keeps its evaluators' names from the
// bidders. The operators who assign them, the experts themselves, the committee that reads
// their opinions and auditors do know.
func readsReviewers(x models.Actor) bool {
	switch x.Role {
	case models.RoleOperator, models.RoleExpert, models.RoleCommittee, models.RoleAuditor:
		return true
	}
	return false
}

// unnamedReviewers leaves, in c (a reader's copy, as secretBallot makes), every expert's
// opinion, request and task as it is but without the expert's name, unless x may know who
// reviews: the panel and the experts released from it are not listed, an opinion or a
// review task says "an expert", and the steps that named one (the assignment, a site visit
// asked for, a release) say what happened without the name. The case itself keeps them.
func unnamedReviewers(c *models.Application, x models.Actor) {
	if readsReviewers(x) {
		return
	}
	c.Experts, c.ReleasedExperts = []string{}, nil
	reviews := make([]models.ExpertReview, len(c.Reviews))
	for i, r := range c.Reviews {
		r.Expert = ""
		reviews[i] = r
	}
	c.Reviews = reviews
	tasks := make([]models.Task, len(c.Tasks))
	for i, t := range c.Tasks {
		switch t.Kind {
		case models.TaskExpertReview:
			t.Assignee.Sub, t.CompletedBy = "", ""
		case models.TaskAssignExperts:
			// Its note lists the panel when the assignment was made; a cancelled one says why.
			if (t.NoteText != nil && t.NoteText.Key == "task.note.assigned") || (t.NoteText == nil && strings.HasPrefix(t.Note, "assigned ")) {
				note := models.Msg("task.note.assigned_unnamed", "count", strconv.Itoa(listed(t.NoteText, "assigned ", t.Note)))
				t.Note, t.NoteText = note.English(), note
			}
		}
		tasks[i] = t
	}
	c.Tasks = tasks
	steps := make([]models.Step, len(c.Steps))
	for i, s := range c.Steps {
		if s.Actor.Role == models.RoleExpert {
			s.Actor, s.Request = models.Actor{Role: models.RoleExpert}, ""
		}
		if note := unnamedReviewNote(s); note != nil {
			s.Note, s.NoteText, s.Request = note.English(), note, ""
		}
		steps[i] = s
	}
	c.Steps = steps
}

// unnamedReviewNote is the note of a step that names an expert, said without the name;
// nil for any other step.
func unnamedReviewNote(s models.Step) *models.Text {
	switch s.Action {
	case models.ActionExpertsAssigned:
		note := s.Note
		if i := strings.Index(note, " ("); i >= 0 {
			note = note[:i]
		}
		return models.Msg("application.experts_assigned_unnamed", "count", strconv.Itoa(listed(s.NoteText, "", note)))
	case models.ActionSiteVisitRequested:
		if s.Actor.Role == models.RoleExpert {
			return models.Msg("application.site_visit_asked_unnamed")
		}
	case models.ActionExpertReleased:
		// A replacement's reason is written for the provider to read (ParseReplaceExpert).
		if reason, ok := replacedReason(s); ok {
			return models.Msg("application.expert_replaced_unnamed", "reason", reason)
		}
		return models.Msg("application.expert_released_unnamed")
	}
	return nil
}

// replacedReason is the operators' reason of a release that replaced an expert, and
// whether it was one (a deactivation has none). A note recorded before notes were keyed
// has it in its English words.
func replacedReason(s models.Step) (string, bool) {
	if s.NoteText != nil {
		reason, ok := s.NoteText.Args["reason"]
		return reason, ok && s.NoteText.Key == "application.expert_replaced"
	}
	const from, to = " off this review (", "); another expert"
	i, j := strings.Index(s.Note, from), strings.LastIndex(s.Note, to)
	if !strings.HasPrefix(s.Note, "the operators took ") || i < 0 || j < i+len(from) {
		return "", false
	}
	return s.Note[i+len(from) : j], true
}

// listed is how many experts a note names: a keyed note lists them in its "experts"; one
// recorded before notes were keyed (t nil) has them in its English words after prefix.
func listed(t *models.Text, prefix, english string) int {
	list := strings.TrimPrefix(english, prefix)
	if t != nil {
		list = t.Args["experts"]
	}
	if strings.TrimSpace(list) == "" {
		return 0
	}
	return len(strings.Split(list, ", "))
}

// independentReview leaves, in c, the other experts' opinions out of an expert's reading
// while the review is open and they have not given their own, so that each opinion is the
// expert's own and not an echo of the first one given: the opinions, their steps' notes and
// their tasks' notes. The expert still reads that the others have given theirs, and when.
// Once their own is given, or the review has closed, they read every opinion.
func independentReview(c *models.Application, x models.Actor) {
	if x.Role != models.RoleExpert || (c.Status != models.AppExpertReview && c.Status != models.AppSiteVisit) {
		return
	}
	own := slices.ContainsFunc(c.Reviews, func(r models.ExpertReview) bool { return r.Expert == x.Sub })
	if own {
		return
	}
	c.Reviews = []models.ExpertReview{}
	withheld := models.Msg("application.reviewed_withheld")
	steps := make([]models.Step, len(c.Steps))
	for i, s := range c.Steps {
		if s.Action == models.ActionReviewed && s.Actor.Sub != x.Sub {
			s.Note, s.NoteText = withheld.English(), withheld
		}
		steps[i] = s
	}
	c.Steps = steps
	tasks := make([]models.Task, len(c.Tasks))
	for i, t := range c.Tasks {
		if t.Kind == models.TaskExpertReview && t.Status == models.TaskDone && t.Assignee.Sub != x.Sub {
			t.Note, t.NoteText = withheld.English(), withheld
		}
		tasks[i] = t
	}
	c.Tasks = tasks
}

package models

import (
	"slices"
	"strings"
	"time"
)

// ReleaseExpertInput names an expert to take off a review they have not given: they were
// deactivated in the pool (API.md: PATCH /people/{sub} with active false), or, with a
// Reason, the operator takes them off this one application (POST
// /applications/{id}/release-expert), say for a review long overdue.
type ReleaseExpertInput struct {
	Expert string `json:"expert"`
	Reason string `json:"reason,omitempty"`
}

// ParseReplaceExpert validates the operator's request to take an expert off one
// application: the expert, and why (the provider and the auditors read it).
func ParseReplaceExpert(in ReleaseExpertInput) (ReleaseExpertInput, error) {
	var fe Fields
	in.Expert, in.Reason = strings.TrimSpace(in.Expert), strings.TrimSpace(in.Reason)
	if in.Expert == "" {
		fe.AddText("expert", Msg("invalid.required"))
	}
	if in.Reason == "" {
		fe.AddText("reason", Msg("invalid.required"))
	}
	checkNote(&fe, "reason", in.Reason)
	return in, fe.Err()
}

// CheckReleaseExpert validates a release without changing anything: only the operator (or
// the system on their behalf) releases, and only an expert whose review task is open; one
// already released or who has reviewed is a conflict, which the caller may take as done.
func (a *Application) CheckReleaseExpert(now time.Time, x Actor, in ReleaseExpertInput) error {
	_, err := a.release(x, in)
	return err
}

// ReleaseExpert cancels the expert's open review task, takes them off the panel and puts
// an assignment in the operators' queue, so that someone else reviews in their place.
func (a *Application) ReleaseExpert(now time.Time, x Actor, in ReleaseExpertInput) error {
	now = now.In(Seoul)
	i, err := a.release(x, in)
	if err != nil {
		return err
	}
	// Releases recorded before the operators could replace an expert carry no reason:
	// they were deactivations, and keep their words.
	why, note := Msg("task.note.expert_deactivated"), Msg("application.expert_released", "expert", in.Expert)
	if in.Reason != "" {
		why, note = Msg("task.note.expert_replaced"), Msg("application.expert_replaced", "expert", in.Expert, "reason", in.Reason)
	}
	a.cancelTask(now, i, why)
	a.Experts = slices.DeleteFunc(slices.Clone(a.Experts), func(s string) bool { return s == in.Expert })
	a.ReleasedExperts = append(a.ReleasedExperts, in.Expert)
	a.record(now, x, ActionExpertReleased, note)
	if !a.hasOpenTask(TaskAssignExperts) {
		a.openTask(now, TaskAssignExperts, Assignee{Role: RoleOperator}, RuleAssignExpertsDays, "",
			Msg("task.title.replace_expert", a.serviceName()...))
	}
	return nil
}

// release finds the open review task of the expert to release.
func (a *Application) release(x Actor, in ReleaseExpertInput) (int, error) {
	if x.Role != RoleOperator && x.Role != RoleSystem {
		return -1, Refuse(EFORBIDDEN, Msg("error.release_expert_operator_only"))
	}
	if a.Status != AppExpertReview {
		return -1, Conflict("release an expert", a.Status)
	}
	i := slices.IndexFunc(a.Tasks, func(t Task) bool {
		return t.Kind == TaskExpertReview && t.Status == TaskOpen && t.Assignee.Sub == in.Expert
	})
	if i < 0 {
		return -1, Refuse(ECONFLICT, Msg("error.release_expert_no_open_review", "expert", in.Expert, "application", a.ID))
	}
	return i, nil
}

func (a *Application) hasOpenTask(kind TaskKind) bool {
	return slices.ContainsFunc(a.Tasks, func(t Task) bool { return t.Kind == kind && t.Status == TaskOpen })
}

// ReleaseMemberInput names a committee member to take off a vote they have not cast: they
// were deactivated on the roster (API.md: PATCH /people/{sub} with active false).
type ReleaseMemberInput struct {
	Member string `json:"member"`
}

// CheckReleaseMember validates a member's release without changing anything, as
// CheckReleaseExpert does for an expert.
func (a *Application) CheckReleaseMember(now time.Time, x Actor, in ReleaseMemberInput) error {
	_, err := a.releaseVote(x, in)
	return err
}

// ReleaseMember closes a deactivated member's open vote as a recusal. Nobody can vote in
// a member's place, so nothing goes to the operators' queue: the member is not present
// for the quorum, which the session's close counts as it counts any recusal, and the
// operator sees the release in the case's steps.
func (a *Application) ReleaseMember(now time.Time, x Actor, in ReleaseMemberInput) error {
	now = now.In(Seoul)
	i, err := a.releaseVote(x, in)
	if err != nil {
		return err
	}
	a.cancelTask(now, i, Msg("task.note.member_deactivated"))
	a.Votes = append(a.Votes, CommitteeVote{SessionID: a.Tasks[i].SessionID, Member: in.Member, Recused: true,
		Reason: "deactivated on the committee roster", At: now})
	a.record(now, x, ActionMemberReleased, Msg("application.member_released", "member", in.Member))
	return nil
}

// releaseVote finds the open vote task of the member to release.
func (a *Application) releaseVote(x Actor, in ReleaseMemberInput) (int, error) {
	if x.Role != RoleOperator && x.Role != RoleSystem {
		return -1, Refuse(EFORBIDDEN, Msg("error.release_member_operator_only"))
	}
	i := slices.IndexFunc(a.Tasks, func(t Task) bool {
		return t.Kind == TaskCommitteeVote && t.Status == TaskOpen && t.Assignee.Sub == in.Member
	})
	if a.Status != AppAwaitingCommittee || i < 0 {
		return -1, Refuse(ECONFLICT, Msg("error.release_member_no_open_vote", "member", in.Member, "application", a.ID))
	}
	return i, nil
}

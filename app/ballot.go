package app

import (
	"slices"
	"strings"

	"github.com/dsmarket/dsmarket/models"
)

// Ballot is one committee session's vote on an application as every reader may see it
// (issue 12, a secret ballot): how many members there are and have voted so far, and once
// the session has closed the count and the reasons given for rejecting, without names and
// sorted by their text, so that their order follows neither the roster nor the voting.
// The count waits for the close because a running count, read after each vote, would say
// how the member who just voted voted.
type Ballot struct {
	SessionID string `json:"session_id"`
	Closed    bool   `json:"closed"`
	Members   int    `json:"members"`
	// Cast counts the members who have voted or recused so far.
	Cast    int      `json:"cast"`
	Present int      `json:"present"`
	Recused int      `json:"recused"`
	Select  int      `json:"select"`
	Reject  int      `json:"reject"`
	Defer   int      `json:"defer"`
	Reasons []string `json:"reasons"`
}

// ballotsOf are the ballots of every session the application was on the agenda of, in the
// order the sessions took it up: the decided ones, then the one it is on now. They are
// counted from the case itself; they name nobody, so every reader gets the same.
func ballotsOf(a *models.Application) []Ballot {
	var out []Ballot
	for _, d := range a.Decisions {
		out = append(out, Ballot{SessionID: d.SessionID, Closed: true, Members: d.Members, Cast: cast(a.Votes, d.SessionID),
			Present: d.Present, Recused: d.Recused, Select: d.Select, Reject: d.Reject, Defer: d.Defer,
			Reasons: models.RejectReasons(a.Votes, d.SessionID)})
	}
	if s := a.Session; s != nil && !slices.ContainsFunc(out, func(b Ballot) bool { return b.SessionID == s.ID }) {
		out = append(out, Ballot{SessionID: s.ID, Members: len(s.Members), Cast: cast(a.Votes, s.ID), Reasons: []string{}})
	}
	return out
}

func cast(votes []models.CommitteeVote, sessionID string) int {
	var members []string
	for _, v := range votes {
		if v.SessionID == sessionID && !slices.Contains(members, v.Member) {
			members = append(members, v.Member)
		}
	}
	return len(members)
}

// secretBallot is the application as x may read it. The case keeps every vote with its
// member, and auditors read it whole; anyone else learns how the committee voted only from
// the ballots. So for them:
//   - votes holds a committee member's own votes, and no one else's;
//   - the committee_vote tasks are their assignee's alone (a task done, and when, says who
//     has voted and in which order);
//   - a vote or recusal step shows the committee as its actor, not the member, unless the
//     member is the reader; the reminder of another member's vote is left out (its task's
//     number is the member's place on the roster, and that they had not voted yet says,
//     beside the count, who voted);
//   - a reader who may not read the session's roster (everyone but the operator and the
//     committee, as the sessions' routes say) does not get it here either, nor the chair
//     who recorded the decision, nor the member a deactivation released;
//   - a case decided before the reasons were sorted shows them sorted;
//   - a reader who may not know who reviews (unnamedReviewers) reads the experts unnamed;
//   - an expert reads the other opinions once they have given theirs (independentReview).
//
// The answer is a copy: a itself is left as it is.
func secretBallot(a *models.Application, x models.Actor) *models.Application {
	c := *a
	if x.Role == models.RoleAuditor {
		return &c
	}
	own := func(sub string) bool { return x.Role == models.RoleCommittee && sub != "" && sub == x.Sub }
	roster := x.Role == models.RoleOperator || x.Role == models.RoleCommittee
	c.Votes = []models.CommitteeVote{}
	for _, v := range a.Votes {
		if own(v.Member) {
			c.Votes = append(c.Votes, v)
		}
	}
	c.Tasks = []models.Task{}
	for _, t := range a.Tasks {
		if t.Kind != models.TaskCommitteeVote || own(t.Assignee.Sub) {
			c.Tasks = append(c.Tasks, t)
		}
	}
	c.Steps = make([]models.Step, 0, len(a.Steps))
	for _, s := range a.Steps {
		ballot := s.Action == models.ActionVoted || s.Action == models.ActionRecused
		chair := s.Action == models.ActionDecided && !roster
		if s.Actor.Role == models.RoleCommittee && (ballot || chair) && !own(s.Actor.Sub) {
			s.Actor, s.Request = models.Actor{Role: models.RoleCommittee}, ""
		}
		if t, ok := remindedVote(a.Tasks, s); ok && !own(t.Assignee.Sub) {
			continue
		}
		if s.Action == models.ActionMemberReleased && !roster {
			// The member released is a name on the roster, and that they had not voted.
			note := models.Msg("application.member_released_unnamed")
			s.Note, s.NoteText, s.Request = note.English(), note, ""
		}
		c.Steps = append(c.Steps, s)
	}
	if a.Session != nil && !roster {
		s := *a.Session
		s.Members = []string{}
		c.Session = &s
	}
	sortLegacyReasons(&c, a.Votes)
	unnamedReviewers(&c, x)
	independentReview(&c, x)
	return &c
}

// sortLegacyReasons rewrites, in c's own copy, the reasons of a not-selected decision taken
// before they were sorted: the reason and the steps that quote it listed them in the order
// the votes came.
func sortLegacyReasons(c *models.Application, votes []models.CommitteeVote) {
	for _, d := range c.Decisions {
		if d.Outcome != models.OutcomeNotSelected {
			continue
		}
		old := voteOrderReasons(votes, d.SessionID)
		from, to := strings.Join(old, "; "), strings.Join(models.RejectReasons(votes, d.SessionID), "; ")
		if len(old) < 2 || from == to {
			continue
		}
		c.Reason = strings.ReplaceAll(c.Reason, from, to)
		for i, s := range c.Steps {
			if !strings.Contains(s.Note, from) {
				continue
			}
			s.Note = strings.ReplaceAll(s.Note, from, to)
			if s.NoteText != nil {
				t := &models.Text{Key: s.NoteText.Key, Args: make(map[string]string, len(s.NoteText.Args))}
				for k, v := range s.NoteText.Args {
					t.Args[k] = strings.ReplaceAll(v, from, to)
				}
				s.NoteText = t
			}
			c.Steps[i] = s
		}
	}
}

// voteOrderReasons are the reject reasons as DecideSession quoted them before they were
// sorted: every reject vote's reason in the order cast, each once.
func voteOrderReasons(votes []models.CommitteeVote, sessionID string) []string {
	var out []string
	for _, v := range votes {
		if v.SessionID == sessionID && v.Vote == models.VoteReject && v.Reason != "" && !slices.Contains(out, v.Reason) {
			out = append(out, v.Reason)
		}
	}
	return out
}

// remindedVote is the committee_vote task a reminder step is about, if it is one.
func remindedVote(tasks []models.Task, s models.Step) (models.Task, bool) {
	if s.Action != models.ActionReminded {
		return models.Task{}, false
	}
	for _, t := range tasks {
		if t.Kind != models.TaskCommitteeVote {
			continue
		}
		// A note recorded before notes were keyed has the English text alone.
		if (s.NoteText != nil && s.NoteText.Args["task"] == t.ID) || (s.NoteText == nil && strings.Contains(s.Note, t.ID+" ")) {
			return t, true
		}
	}
	return models.Task{}, false
}

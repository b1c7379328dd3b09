package app_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
)

// The committee of the ballot tests: song chairs; hwang has a conflict of interest and is
// recused when the application joins the session.
var ballotRoster = []string{"song.committee", "lim.committee", "jang.committee", "kwon.committee", "hwang.committee"}

func committee(sub string) models.Actor {
	return models.Actor{Sub: sub, Role: models.RoleCommittee, Org: "MSIT"}
}

// The votes in the order cast. Sorted by their text the reasons read 가격, 보안, 지원: not
// the voting order (지원, 보안, 가격) and not the roster's (보안 song, 가격 jang, 지원 kwon).
var ballotVotes = []struct {
	member string
	body   models.TaskCompletion
}{
	{"kwon.committee", models.TaskCompletion{Vote: "reject", Reason: "지원 인력 부족"}},
	{"song.committee", models.TaskCompletion{Vote: "reject", Reason: "보안 인증 미비"}},
	{"lim.committee", models.TaskCompletion{Vote: "select", Reason: "운영 안정성 확인"}},
	{"jang.committee", models.TaskCompletion{Vote: "reject", Reason: "가격 근거 부족"}},
}

var (
	sortedReasons   = []string{"가격 근거 부족", "보안 인증 미비", "지원 인력 부족"}
	voteOrderOf     = []string{"지원 인력 부족", "보안 인증 미비", "가격 근거 부족"}
	rosterOrderOf   = []string{"보안 인증 미비", "가격 근거 부족", "지원 인력 부족"}
	ballotVoteStart = time.Date(2026, 3, 20, 10, 0, 0, 0, models.Seoul)
)

// inSession walks an application through its document check and one expert's review to
// the session of ballotRoster, and casts votes of ballotVotes; all of them with all true.
func inSession(t *testing.T, all bool) *models.Application {
	t.Helper()
	a, complete, clock := underReview(t, "APP-2026-000001", "cho.expert")
	complete(expert, opinion("suitable", false, ""))
	require.Equal(t, models.AppAwaitingCommittee, a.Status)
	at := ballotVoteStart
	*clock = at
	a.JoinSession(at, models.SessionRef{ID: "CS-2026-0001", WorkflowID: "committee-CS-2026-0001", HeldOn: models.DateOf(at),
		Members: slices.Clone(ballotRoster)}, map[string]string{"hwang.committee": "worked for the provider within 3 years (재직)"})
	n := 2
	if all {
		n = len(ballotVotes)
	}
	for _, v := range ballotVotes[:n] {
		complete(committee(v.member), v.body)
	}
	return a
}

// notSelected is the application of inSession decided: three of four present reject.
func notSelected(t *testing.T) *models.Application {
	t.Helper()
	a := inSession(t, true)
	d, ok := a.DecideSession(ballotVoteStart.Add(8*time.Hour), "CS-2026-0001")
	require.True(t, ok)
	require.Equal(t, models.OutcomeNotSelected, d.Outcome, d.Reason)
	return a
}

var expert = models.Actor{Sub: "cho.expert", Role: models.RoleExpert, Org: "ETRI"}

// view is the application as by reads it, decoded from JSON as a client gets it.
func view(t *testing.T, a *models.Application, by models.Actor) (app.ApplicationView, string) {
	t.Helper()
	raw, err := json.Marshal(app.ViewOf(a, by, ballotVoteStart.Add(9*time.Hour)))
	require.NoError(t, err)
	var v app.ApplicationView
	require.NoError(t, json.Unmarshal(raw, &v))
	return v, string(raw)
}

// namesIn are the members named anywhere in the view but the session's roster and the
// step of the chair's decision, which a reader of the roster may see.
func namesIn(t *testing.T, v app.ApplicationView) []string {
	t.Helper()
	if v.Session != nil {
		s := *v.Session
		s.Members = nil
		v.Session = &s
	}
	v.Steps = slices.DeleteFunc(slices.Clone(v.Steps), func(s models.Step) bool { return s.Action == models.ActionDecided })
	raw, err := json.Marshal(v)
	require.NoError(t, err)
	out := []string{}
	for _, m := range ballotRoster {
		if strings.Contains(string(raw), m) {
			out = append(out, m)
		}
	}
	return out
}

// ballotActors are the actors of the vote and recusal steps, in order, "" for one shown
// as the committee.
func ballotActors(v app.ApplicationView) []string {
	var out []string
	for _, s := range v.Steps {
		if s.Action == models.ActionVoted || s.Action == models.ActionRecused {
			if s.Actor.Role != models.RoleCommittee || (s.Actor.Sub == "" && s.Actor.Org != "") {
				out = append(out, "bad actor "+s.Actor.Sub+"/"+string(s.Actor.Role)+"/"+s.Actor.Org)
				continue
			}
			out = append(out, s.Actor.Sub)
		}
	}
	return out
}

func voteTaskAssignees(v app.ApplicationView) []string {
	out := []string{}
	for _, t := range v.Tasks {
		if t.Kind == models.TaskCommitteeVote {
			out = append(out, t.Assignee.Sub)
		}
	}
	return out
}

// TestSecretBallot_EveryReader: who voted what, and in which order, only the member for
// their own vote and the auditor read; every reader gets the same count and the reasons
// sorted, without names.
func TestSecretBallot_EveryReader(t *testing.T) {
	a := notSelected(t)
	before, err := json.Marshal(a)
	require.NoError(t, err)
	// The case keeps the truth: the votes as cast, hwang's recusal first.
	require.Equal(t, []string{"hwang.committee", "kwon.committee", "song.committee", "lim.committee", "jang.committee"},
		members(a.Votes))

	everyone := slices.Clone(ballotRoster)
	none := []string{}
	for _, tc := range []struct {
		name     string
		by       models.Actor
		votes    []string // the members whose votes the reader gets, in order
		names    []string // the members named outside the roster and the chair's decision
		actors   []string // the actors of the vote and recusal steps, in order
		tasks    []string // the assignees of the committee_vote tasks the reader gets
		roster   bool     // the reader gets the session's members and the chair
		ownVote  models.VoteChoice
		ownWhy   string
		ownTasks int
	}{
		{name: "MemberWhoRejected", by: committee("song.committee"), votes: []string{"song.committee"},
			names: []string{"song.committee"}, actors: []string{"", "", "song.committee", "", ""},
			tasks: []string{"song.committee"}, roster: true, ownVote: models.VoteReject, ownWhy: "보안 인증 미비"},
		{name: "AnotherMember", by: committee("lim.committee"), votes: []string{"lim.committee"},
			names: []string{"lim.committee"}, actors: []string{"", "", "", "lim.committee", ""},
			tasks: []string{"lim.committee"}, roster: true, ownVote: models.VoteSelect, ownWhy: "운영 안정성 확인"},
		{name: "RecusedMember", by: committee("hwang.committee"), votes: []string{"hwang.committee"},
			names: []string{"hwang.committee"}, actors: []string{"hwang.committee", "", "", "", ""},
			tasks: none, roster: true, ownWhy: "conflict of interest: worked for the provider within 3 years (재직)"},
		{name: "Provider", by: provider, votes: none, names: none, actors: []string{"", "", "", "", ""}, tasks: none},
		{name: "Operator", by: operator, votes: none, names: none, actors: []string{"", "", "", "", ""}, tasks: none, roster: true},
		{name: "Expert", by: expert, votes: none, names: none, actors: []string{"", "", "", "", ""}, tasks: none},
		{name: "Auditor", by: models.Actor{Sub: "lee.auditor", Role: models.RoleAuditor, Org: "BAI"},
			votes: []string{"hwang.committee", "kwon.committee", "song.committee", "lim.committee", "jang.committee"},
			names: everyone, actors: []string{"hwang.committee", "kwon.committee", "song.committee", "lim.committee", "jang.committee"},
			tasks: []string{"song.committee", "lim.committee", "jang.committee", "kwon.committee"}, roster: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, raw := view(t, a, tc.by)
			require.Equal(t, tc.votes, members(v.Votes), "votes")
			require.Equal(t, tc.names, namesIn(t, v), "members named in %s", raw)
			require.Equal(t, tc.actors, ballotActors(v), "actors of the vote steps")
			require.Equal(t, tc.tasks, voteTaskAssignees(v), "committee_vote tasks")
			if len(tc.votes) == 1 {
				require.Equal(t, tc.ownVote, v.Votes[0].Vote)
				require.Equal(t, tc.ownWhy, v.Votes[0].Reason)
			}

			// Everyone gets the same ballot: the count, and the reasons sorted.
			require.Equal(t, []app.Ballot{{SessionID: "CS-2026-0001", Closed: true, Members: 5, Cast: 5, Present: 4, Recused: 1,
				Select: 1, Reject: 3, Defer: 0, Reasons: sortedReasons}}, v.Ballots)
			require.NotEqual(t, voteOrderOf, v.Ballots[0].Reasons)
			require.NotEqual(t, rosterOrderOf, v.Ballots[0].Reasons)
			require.True(t, strings.HasSuffix(v.Reason, "; reasons: "+strings.Join(sortedReasons, "; ")), v.Reason)

			decided := v.Steps[len(v.Steps)-1]
			require.Equal(t, models.ActionDecided, decided.Action)
			require.Equal(t, v.Reason, decided.Note)
			if tc.roster {
				require.Equal(t, ballotRoster, v.Session.Members)
				require.Equal(t, "song.committee", decided.Actor.Sub, "the chair recorded the decision")
			} else {
				require.Empty(t, v.Session.Members)
				require.Equal(t, models.Actor{Role: models.RoleCommittee}, decided.Actor)
				for _, m := range ballotRoster {
					require.NotContains(t, raw, m)
				}
			}
		})
	}
	after, err := json.Marshal(a)
	require.NoError(t, err)
	require.JSONEq(t, string(before), string(after), "a view changes nothing of the case")
}

func members(votes []models.CommitteeVote) []string {
	out := []string{}
	for _, v := range votes {
		out = append(out, v.Member)
	}
	return out
}

// TestSecretBallot_OpenSession: while the session is open nobody gets a count, not even
// the members who voted; each member reads their own vote.
func TestSecretBallot_OpenSession(t *testing.T) {
	a := inSession(t, false) // kwon and song have voted
	for _, by := range []models.Actor{committee("song.committee"), committee("lim.committee"), provider, operator, expert,
		{Sub: "lee.auditor", Role: models.RoleAuditor, Org: "BAI"}} {
		v, _ := view(t, a, by)
		require.Equal(t, []app.Ballot{{SessionID: "CS-2026-0001", Members: 5, Cast: 3, Reasons: []string{}}}, v.Ballots, by.Sub)
		var open []string
		for _, task := range v.OpenTasks {
			open = append(open, task.Assignee.Sub)
		}
		switch by.Sub {
		case "song.committee":
			require.Equal(t, []string{"song.committee"}, members(v.Votes))
			require.Empty(t, open, "song has voted")
		case "lim.committee":
			require.Empty(t, v.Votes)
			require.Equal(t, []string{"lim.committee"}, open, "lim's own vote waits")
		case "lee.auditor":
			require.Len(t, v.Votes, 3)
			require.Equal(t, []string{"lim.committee", "jang.committee"}, open)
		default:
			require.Empty(t, v.Votes)
			require.Empty(t, open)
		}
	}
}

// TestSecretBallot_LegacyReasons: a case decided before the reasons were sorted quotes
// them in the voting order; every reader but the auditor reads them sorted.
func TestSecretBallot_LegacyReasons(t *testing.T) {
	a := notSelected(t)
	sorted, cast := strings.Join(sortedReasons, "; "), strings.Join(voteOrderOf, "; ")
	a.Reason = strings.Replace(a.Reason, sorted, cast, 1)
	last := &a.Steps[len(a.Steps)-1]
	last.Note = a.Reason
	last.NoteText.Args["reasons"] = cast
	v, _ := view(t, a, provider)
	require.True(t, strings.HasSuffix(v.Reason, "reasons: "+sorted), v.Reason)
	got := v.Steps[len(v.Steps)-1]
	require.Equal(t, v.Reason, got.Note)
	require.Equal(t, sorted, got.NoteText.Args["reasons"])
	require.Equal(t, cast, a.Steps[len(a.Steps)-1].NoteText.Args["reasons"], "the case keeps what it recorded")
	v, _ = view(t, a, models.Actor{Sub: "lee.auditor", Role: models.RoleAuditor, Org: "BAI"})
	require.True(t, strings.HasSuffix(v.Reason, "reasons: "+cast), "the auditor reads the record as it is")
}

// TestSecretBallot_Reminders: the reminder of a member's overdue vote is theirs and the
// auditor's to read; its task's number would say where on the roster the member sits.
func TestSecretBallot_Reminders(t *testing.T) {
	a := inSession(t, false) // lim and jang have not voted
	due := a.RemindOverdue(ballotVoteStart.Add(15 * time.Hour))
	require.Len(t, due, 2)
	reminded := func(v app.ApplicationView) []string {
		out := []string{}
		for _, s := range v.Steps {
			if s.Action == models.ActionReminded {
				out = append(out, s.NoteText.Args["task"])
			}
		}
		return out
	}
	for _, tc := range []struct {
		by   models.Actor
		want []string
	}{
		{committee("lim.committee"), []string{due[0].ID}},
		{committee("song.committee"), []string{}},
		{provider, []string{}},
		{operator, []string{}},
		{models.Actor{Sub: "lee.auditor", Role: models.RoleAuditor, Org: "BAI"}, []string{due[0].ID, due[1].ID}},
	} {
		v, _ := view(t, a, tc.by)
		require.Equal(t, tc.want, reminded(v), tc.by.Sub)
	}
	require.Equal(t, "lim.committee", due[0].Assignee.Sub)
}

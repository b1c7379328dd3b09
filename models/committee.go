package models

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// SessionStatus is where a committee session stands.
type SessionStatus string

// Session statuses.
const (
	SessionOpen    SessionStatus = "open"
	SessionClosing SessionStatus = "closing"
	SessionClosed  SessionStatus = "closed"
)

func (s SessionStatus) String() string { return string(s) }

// SessionRef is what an application knows of the session it is on the agenda of.
type SessionRef struct {
	ID         string   `json:"id"`
	WorkflowID string   `json:"workflow_id"`
	HeldOn     Date     `json:"held_on"`
	Members    []string `json:"members"`
}

// CommitteeVote is one member's vote, or recusal, on one application.
type CommitteeVote struct {
	SessionID string     `json:"session_id"`
	Member    string     `json:"member"`
	Vote      VoteChoice `json:"vote,omitempty"`
	Recused   bool       `json:"recused,omitempty"`
	Reason    string     `json:"reason,omitempty"`
	At        time.Time  `json:"at"`
}

// CommitteeOutcome is what a session decided for an application.
type CommitteeOutcome string

// Outcomes.
const (
	OutcomeSelected    CommitteeOutcome = "selected"     // 선정
	OutcomeNotSelected CommitteeOutcome = "not_selected" // 미선정
	OutcomeDeferred    CommitteeOutcome = "deferred"     // 보류
	OutcomeWithdrawn   CommitteeOutcome = "withdrawn"    // the application left before the close
)

// CommitteeDecision is the count behind an outcome.
type CommitteeDecision struct {
	SessionID string           `json:"session_id"`
	Outcome   CommitteeOutcome `json:"outcome"`
	Members   int              `json:"members"`
	Present   int              `json:"present"`
	Recused   int              `json:"recused"`
	Select    int              `json:"select"`
	Reject    int              `json:"reject"`
	Defer     int              `json:"defer"`
	Reason    string           `json:"reason"`
}

// DecideCommittee counts one application's votes in a session of members members
// (국가계약법 시행령 제15조의3) under the quorum rule in force at at: a member who voted is
// present, a recused member is not, and a member's last vote counts. Without a quorum
// (more than the rule's share of the members present) the application is deferred; with
// one, more than that share of those present selects or rejects it, and anything else
// defers it.
func DecideCommittee(sessionID string, members int, votes []CommitteeVote, at time.Time) CommitteeDecision {
	return DecideCommitteePinned(sessionID, members, votes, at, nil)
}

// DecideCommitteePinned is DecideCommittee under the quorum an application holds (its
// pins; nil: the table's in force at at).
func DecideCommitteePinned(sessionID string, members int, votes []CommitteeVote, at time.Time, pins *CasePins) CommitteeDecision {
	d := CommitteeDecision{SessionID: sessionID, Members: members}
	for _, v := range lastVotes(votes, sessionID) {
		switch {
		case v.Recused:
			d.Recused++
		case v.Vote == VoteSelect:
			d.Select++
		case v.Vote == VoteReject:
			d.Reject++
		case v.Vote == VoteDefer:
			d.Defer++
		}
	}
	num, den := pins.Fraction(RuleCommitteeQuorum, at)
	more := func(n, of int) bool { return n*den > of*num } // n > of × num/den, in integers
	d.Present = d.Select + d.Reject + d.Defer
	quorum := more(d.Present, d.Members)
	switch {
	case !quorum:
		d.Outcome = OutcomeDeferred
	case more(d.Select, d.Present):
		d.Outcome = OutcomeSelected
	case more(d.Reject, d.Present):
		d.Outcome = OutcomeNotSelected
	default:
		d.Outcome = OutcomeDeferred
	}
	d.Reason = decisionText(d, !quorum).English()
	return d
}

// DecisionText is the reason of a committee's decision as a keyed text, made from the
// decision's own counts so that a page shows any decision, old ones too, in the visitor's
// language; nil for a decision the committee did not count (a withdrawn application).
func DecisionText(d CommitteeDecision) *Text {
	return decisionText(d, strings.HasPrefix(d.Reason, "no quorum"))
}

func decisionText(d CommitteeDecision, noQuorum bool) *Text {
	key, args := decisionParts(d, noQuorum)
	if key == "" {
		return nil
	}
	return Msg(key, args...)
}

// decisionParts is the key of a decision's text and its arguments as pairs of name and
// value, for a text that quotes the decision.
func decisionParts(d CommitteeDecision, noQuorum bool) (string, []string) {
	var key string
	switch {
	case d.Outcome == OutcomeDeferred && noQuorum:
		key = "committee.no_quorum"
	case d.Outcome == OutcomeDeferred:
		key = "committee.no_majority"
	case d.Outcome == OutcomeSelected:
		key = "committee.selected"
	case d.Outcome == OutcomeNotSelected:
		key = "committee.not_selected"
	default:
		return "", nil
	}
	return key, []string{"count", "committee.count", "present", itoa(int64(d.Present)), "members", itoa(int64(d.Members)),
		"recused", itoa(int64(d.Recused)), "select", itoa(int64(d.Select)), "reject", itoa(int64(d.Reject)),
		"defer", itoa(int64(d.Defer))}
}

// notSelectedText is the reason of a not-selected decision as the provider is told it: the
// decision, then the reasons members gave for rejecting, as RejectReasons lists them.
func notSelectedText(d CommitteeDecision, reasons []string) *Text {
	if len(reasons) == 0 {
		return DecisionText(d)
	}
	key, args := decisionParts(d, false)
	return Msg("committee.with_reasons", append([]string{"reasons", strings.Join(reasons, "; "), "decision", key}, args...)...)
}

// RejectReasons are the reasons the members of a session gave for rejecting, each once,
// sorted by their text: the ballot is secret (issue 12), so whoever reads them learns
// neither who gave one nor, from their order, whether the chair or the last to vote did. A
// member's last vote counts, as in DecideCommittee. Never nil.
func RejectReasons(votes []CommitteeVote, sessionID string) []string {
	reasons := []string{}
	for _, v := range lastVotes(votes, sessionID) {
		if !v.Recused && v.Vote == VoteReject && v.Reason != "" {
			reasons = append(reasons, v.Reason)
		}
	}
	slices.Sort(reasons)
	return slices.Compact(reasons)
}

// lastVotes is each member's last vote in the session, in the order the members first
// voted: a member may change their vote until the session closes, and only the last one
// counts.
func lastVotes(votes []CommitteeVote, sessionID string) []CommitteeVote {
	// Workflow code calls this: the map is only indexed, never iterated (workflowcheck).
	last := map[string]int{}
	var order []string
	for i, v := range votes {
		if v.SessionID != sessionID {
			continue
		}
		if _, seen := last[v.Member]; !seen {
			order = append(order, v.Member)
		}
		last[v.Member] = i
	}
	out := make([]CommitteeVote, len(order))
	for j, m := range order {
		out[j] = votes[last[m]]
	}
	return out
}

// AgendaItem is one application on a session's agenda and what became of it.
type AgendaItem struct {
	ApplicationID string             `json:"application_id"`
	WorkflowID    string             `json:"workflow_id"`
	ServiceName   string             `json:"service_name"`
	JoinedAt      time.Time          `json:"joined_at"`
	Decision      *CommitteeDecision `json:"decision,omitempty"`
}

// CommitteeSession is one sitting of the Digital Service Review Committee (심사위원회).
// Members are subjects of committee users; the first is the chair.
type CommitteeSession struct {
	ID         string        `json:"id"`
	WorkflowID string        `json:"workflow_id"`
	HeldOn     Date          `json:"held_on"`
	Members    []string      `json:"members"`
	Status     SessionStatus `json:"status"`
	Agenda     []AgendaItem  `json:"agenda"`
	OpenedBy   string        `json:"opened_by"`
	OpenedAt   time.Time     `json:"opened_at"`
	ClosedBy   string        `json:"closed_by,omitempty"`
	ClosedAt   *time.Time    `json:"closed_at,omitempty"`
	Steps      []Step        `json:"steps"`
}

// Version counts the changes so far; projections keep the highest version they saw.
func (s *CommitteeSession) Version() int { return len(s.Steps) }

// SessionInput is the body of POST /committee/sessions.
type SessionInput struct {
	HeldOn  string   `json:"held_on"`
	Members []string `json:"members"`
}

// SessionRequest is a validated session.
type SessionRequest struct {
	HeldOn  Date     `json:"held_on"`
	Members []string `json:"members"`
}

// ParseSession checks a session's date and members: today or later, the chair plus at
// most the maximum number of members, no one twice. isMember tells whether a subject is a
// committee member.
func ParseSession(in SessionInput, now time.Time, isMember func(string) bool) (SessionRequest, error) {
	var fe Fields
	var req SessionRequest
	if d, err := ParseDate(in.HeldOn); err != nil {
		fe.AddErr("held_on", err)
	} else if d.Before(DateOf(now).Time) {
		fe.AddText("held_on", Msg("invalid.session_before_today", "today", DateOf(now).String()))
	} else {
		req.HeldOn = d
	}
	max := RuleInt(RuleCommitteeMaxMembers, now) + 1
	switch {
	case len(in.Members) == 0:
		fe.AddText("members", Msg("invalid.session_members_required"))
	case len(in.Members) > max:
		fe.AddText("members", Msg("invalid.max_members", "max", itoa(int64(max)), "members", itoa(int64(max-1))))
	}
	seen := map[string]bool{}
	for i, m := range in.Members {
		m = strings.TrimSpace(m)
		switch {
		case seen[m]:
			fe.AddText(fmt.Sprintf("members[%d]", i), Msg("invalid.sub_appears_twice", "sub", strconv.Quote(m)))
		case !isMember(m):
			fe.AddText(fmt.Sprintf("members[%d]", i), Msg("invalid.not_committee_member", "sub", strconv.Quote(m)))
		}
		seen[m] = true
		req.Members = append(req.Members, m)
	}
	if err := fe.Err(); err != nil {
		return SessionRequest{}, err
	}
	return req, nil
}

// Record appends a step of the session with its note keyed, so that a page reads the
// session's notes in its visitor's language.
func (s *CommitteeSession) Record(now time.Time, by Actor, action string, note *Text) {
	s.Steps = append(s.Steps, keyedStep(now, by, action, string(s.Status), note))
}

// SessionOpenedNote is the note of a session's opening: its date, chair and size.
func SessionOpenedNote(heldOn Date, members []string) *Text {
	return Msg("committee.session_opened", "held_on", heldOn.String(), "chair", members[0], "members", itoa(int64(len(members))))
}

// SessionClosingNote is the note of the close asked for: how many applications must answer.
func SessionClosingNote(agenda int) *Text {
	return Msg("committee.session_closing", "count", itoa(int64(agenda)))
}

// SessionClosedNote counts the session's decisions by outcome, and the applications that
// did not answer within wait.
func SessionClosedNote(counts map[CommitteeOutcome]int, unanswered int, wait time.Duration) *Text {
	pairs := []string{"selected", itoa(int64(counts[OutcomeSelected])), "not_selected", itoa(int64(counts[OutcomeNotSelected])),
		"deferred", itoa(int64(counts[OutcomeDeferred])), "withdrawn", itoa(int64(counts[OutcomeWithdrawn]))}
	if unanswered == 0 {
		return Msg("committee.session_closed", pairs...)
	}
	return Msg("committee.session_closed_unanswered", append(pairs, "unanswered", itoa(int64(unanswered)),
		"days", itoa(int64(wait/(24*time.Hour))))...)
}

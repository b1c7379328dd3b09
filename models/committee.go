package models

import (
	"fmt"
	"strings"
	"time"
)

// RelationKind is how a reviewer is linked to a provider (국가계약법 시행령 제15조의4).
type RelationKind string

// Relation kinds.
const (
	RelationSelf       RelationKind = "self"       // the reviewer is the provider (or its representative)
	RelationSpouse     RelationKind = "spouse"     // the reviewer's spouse is the provider
	RelationEmployment RelationKind = "employment" // the reviewer worked for the provider
	RelationWork       RelationKind = "work"       // the reviewer did work (advice, research, service) for it
)

// Relation is a declared link between a reviewer (expert or committee member) and a
// provider, identified by business registration number. Until is the last day of the
// link; nil means it still holds.
type Relation struct {
	PersonSub  string       `json:"person_sub"`
	BusinessNo string       `json:"business_no"`
	Kind       RelationKind `json:"kind"`
	Until      *Date        `json:"until,omitempty"`
	Note       string       `json:"note,omitempty"`
}

// ConflictOf returns why a person with these declared relations may not review a provider
// on date on, or "" if nothing stands in the way:
//   - they or their spouse is the provider: always;
//   - they were employed by it within the employment period (3 years) before on;
//   - they did work for it on or after 1 January of the year before on.
func ConflictOf(rels []Relation, businessNo string, on Date) string {
	var reasons []string
	years := RuleInt(RuleConflictEmploymentYears, on.Time)
	for _, r := range rels {
		if r.BusinessNo != businessNo {
			continue
		}
		current := r.Until == nil
		switch r.Kind {
		case RelationSelf:
			reasons = append(reasons, "is the provider (본인)")
		case RelationSpouse:
			reasons = append(reasons, "spouse is the provider (배우자)")
		case RelationEmployment:
			if current || !r.Until.Before(on.AddDate(-years, 0, 0)) {
				reasons = append(reasons, fmt.Sprintf("worked for the provider within %d years (재직)", years))
			}
		case RelationWork:
			since := seoulDate(on.Year()-1, time.January, 1)
			if current || !r.Until.Before(since) {
				reasons = append(reasons, fmt.Sprintf("did work for the provider since %s (용역·자문)", since.Format(time.DateOnly)))
			}
		}
	}
	return strings.Join(reasons, "; ")
}

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
	d := CommitteeDecision{SessionID: sessionID, Members: members}
	last := map[string]CommitteeVote{}
	var order []string
	for _, v := range votes {
		if v.SessionID != sessionID {
			continue
		}
		if _, seen := last[v.Member]; !seen {
			order = append(order, v.Member)
		}
		last[v.Member] = v
	}
	for _, m := range order {
		switch v := last[m]; {
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
	num, den := RuleFraction(RuleCommitteeQuorum, at)
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
		fe.Add("held_on", "%s", err.Error())
	} else if d.Before(DateOf(now).Time) {
		fe.Add("held_on", "cannot be before today (%s)", DateOf(now))
	} else {
		req.HeldOn = d
	}
	max := RuleInt(RuleCommitteeMaxMembers, now) + 1
	switch {
	case len(in.Members) == 0:
		fe.Add("members", "at least one member (the first is the chair)")
	case len(in.Members) > max:
		fe.AddText("members", Msg("invalid.max_members", "max", itoa(int64(max)), "members", itoa(int64(max-1))))
	}
	seen := map[string]bool{}
	for i, m := range in.Members {
		m = strings.TrimSpace(m)
		switch {
		case seen[m]:
			fe.Add(fmt.Sprintf("members[%d]", i), "%q appears twice", m)
		case !isMember(m):
			fe.Add(fmt.Sprintf("members[%d]", i), "%q is not a committee member", m)
		}
		seen[m] = true
		req.Members = append(req.Members, m)
	}
	if err := fe.Err(); err != nil {
		return SessionRequest{}, err
	}
	return req, nil
}

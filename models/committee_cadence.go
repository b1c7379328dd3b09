package models

import (
	"fmt"
	"strconv"
)

// CommitteeCadence is how often the selection committee (디지털서비스 심사위원회) meets, by
// the rule committee.cadence. The system does not convene it; on each beat of the cadence
// a Schedule reminds the operators when applications wait for a session and none is open.
type CommitteeCadence string

// CadenceMonthly is one regular session a month (월 1회 정기 심사).
const CadenceMonthly CommitteeCadence = "monthly"

// CommitteeCadences are the values of committee.cadence the system can follow: each has a
// Schedule calendar (workflows.CommitteeCadenceSchedule). A new cadence is added here and
// there together.
var CommitteeCadences = []CommitteeCadence{CadenceMonthly}

// ParseCommitteeCadence reads a committee.cadence value; another value is refused, naming
// the ones the system can follow.
func ParseCommitteeCadence(s string) (CommitteeCadence, error) {
	for _, c := range CommitteeCadences {
		if string(c) == s {
			return c, nil
		}
	}
	return "", refusal("invalid.committee_cadence", "value", strconv.Quote(s), "cadences", fmt.Sprint(CommitteeCadences))
}

// NoticeCommitteeBacklog asks the operators to open a committee session: on a beat of the
// committee's cadence, applications have finished their expert review and wait for the
// committee, and no session is open to take them.
func NoticeCommitteeBacklog(waiting int, oldest string) Notice {
	n := strconv.Itoa(waiting)
	return Notice{Msg("notify.committee_backlog.subject", "count", n),
		Msg("notify.committee_backlog.body", "count", n, "oldest", oldest)}
}

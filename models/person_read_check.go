package models

import (
	"strings"
	"time"
)

// PersonReadCheck is an auditor's check of the access log of personal data over a period
// (접속기록 점검): the rules of 개인정보의 안전성 확보조치 기준 ask that the log be checked at
// least once a month, and that the check leave a trace of its own. It says which days were
// checked, what was found, how many reads the period held when it was checked, and who
// checked when. Checks are never changed: a second look at a period is a second check.
type PersonReadCheck struct {
	ID      int64               `json:"id"`
	From    Date                `json:"from"`
	To      Date                `json:"to"`
	Outcome PersonReadCheckWhat `json:"outcome"`
	Note    string              `json:"note"`
	// Reads is how many reads of personal data the period held when it was checked: a
	// read of the period logged later (a clock behind) shows as a difference.
	Reads     int64     `json:"reads"`
	By        Actor     `json:"by"`
	CheckedAt time.Time `json:"checked_at"`
}

// PersonReadCheckWhat is what a check found.
type PersonReadCheckWhat string

// What a check found.
const (
	ReadCheckNoFindings PersonReadCheckWhat = "no_findings"
	// ReadCheckFindings: reads to look into (too many, at night, of people outside one's
	// work); the note says which and what was done.
	ReadCheckFindings PersonReadCheckWhat = "findings"
)

// PersonReadCheckOutcomes are the outcomes in the order a form offers them.
var PersonReadCheckOutcomes = []PersonReadCheckWhat{ReadCheckNoFindings, ReadCheckFindings}

// PersonReadCheckInput is the body of POST /api/v1/audit/person-read-checks.
type PersonReadCheckInput struct {
	From    string `json:"from"`
	To      string `json:"to"`
	Outcome string `json:"outcome"`
	Note    string `json:"note"`
}

// maxCheckNote bounds a check's note, maxCheckDays its period (a year and a day).
const (
	maxCheckNote = 2000
	maxCheckDays = 366
)

// ParsePersonReadCheck checks a check as an auditor records it on now: a period of whole
// days that has begun (to no later than today), at most a year long, what was found, and a
// note that says what when something was.
func ParsePersonReadCheck(in PersonReadCheckInput, now time.Time) (PersonReadCheck, error) {
	var fe Fields
	today := DateOf(now)
	day := func(field, v string) Date {
		if strings.TrimSpace(v) == "" {
			fe.AddText(field, Msg("invalid.required"))
		} else if d := pastDate(&fe, field, v, today); d != nil {
			return *d
		}
		return Date{}
	}
	c := PersonReadCheck{From: day("from", in.From), To: day("to", in.To), Note: strings.TrimSpace(in.Note)}
	if !c.From.IsZero() && !c.To.IsZero() {
		switch {
		case c.To.Before(c.From.Time):
			fe.AddText("to", Msg("invalid.period_reversed", "from", c.From.String()))
		case CalendarDaysBetween(c.From.Time, c.To.Time) >= maxCheckDays:
			fe.AddText("to", Msg("invalid.check_period_too_long", "days", itoa(maxCheckDays)))
		}
	}
	outcome, err := oneOf(strings.TrimSpace(in.Outcome), PersonReadCheckOutcomes, "invalid.check_outcome")
	if err != nil {
		fe.AddErr("outcome", err)
	}
	c.Outcome = outcome
	if why := TextRefusal(c.Note, maxCheckNote, true); why != nil {
		fe.AddText("note", why)
	} else if c.Outcome == ReadCheckFindings && c.Note == "" {
		fe.AddText("note", Msg("invalid.check_findings_note"))
	}
	if err := fe.Err(); err != nil {
		return PersonReadCheck{}, err
	}
	return c, nil
}

// LastMonth is the calendar month before now's, in Seoul, as its first and last day: the
// period a monthly check covers.
func LastMonth(now time.Time) (first, last Date) {
	t := now.In(Seoul)
	firstThis := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, Seoul)
	return Date{firstThis.AddDate(0, -1, 0)}, Date{firstThis.AddDate(0, 0, -1)}
}

// NoticeAccessLogCheckDue tells the auditors that no check covers the month from first to
// last.
func NoticeAccessLogCheckDue(first, last Date) Notice {
	month := first.Format("2006-01")
	return Notice{Subject: Msg("notify.access_log_check.subject", "month", month),
		Body: Msg("notify.access_log_check.body", "month", month, "from", first.String(), "to", last.String())}
}

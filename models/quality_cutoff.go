package models

import "time"

// QualityCycleCutoffStrict is the last selection date of a service inspected in year's
// cycle as SPEC.md has it: selected MORE than the rule's years (quality.regular_inspection_
// after_years, 고시 제6조 "선정 1년 경과") before the cycle. QualityCycleCutoff, which
// admits a service selected exactly that long before, stays for the cycles recorded with it.
func QualityCycleCutoffStrict(year int) Date {
	at := QualityCycleDate(year)
	return cutoffMoreThanYears(at, RuleInt(RuleQualityAfterYears, at))
}

// cutoffMoreThanYears is the last selection date whose years have fully run before the
// Seoul day of instant at begins. A selection is a date, not an instant, so the hour of at
// never moves the cutoff: the years of a service selected on the same month and day years
// before end only when that day ends (yearsServedUntil), after any hour of it.
func cutoffMoreThanYears(at time.Time, years int) Date {
	day := DateOf(at)
	// The answer is within a day or two of the same date years before; walk to it.
	s := DateOf(day.AddDate(-years, 0, 0))
	for !yearsServedUntil(s, years).Before(day.Time) {
		s = DateOf(s.AddDate(0, 0, -1))
	}
	for next := DateOf(s.AddDate(0, 0, 1)); yearsServedUntil(next, years).Before(day.Time); next = DateOf(s.AddDate(0, 0, 1)) {
		s = next
	}
	return s
}

// yearsServedUntil is the last day of the years counted from a selection on selected, as
// the Civil Act counts a period (민법 제157조, 제160조): the selection day is not counted, so
// the years run from the next day and end the day before its month and day years later,
// or on the last day of that month when it has no such day (a 29 February).
func yearsServedUntil(selected Date, years int) Date {
	start := selected.AddDate(0, 0, 1)
	y, m, d := start.Date()
	same := time.Date(y+years, m, d, 0, 0, 0, 0, Seoul)
	if same.Day() != d {
		// No such day that year: the last day of the month before the normalised one.
		return DateOf(time.Date(y+years, m+1, 0, 0, 0, 0, 0, Seoul))
	}
	return DateOf(same.AddDate(0, 0, -1))
}

package models

import (
	"time"
)

// RegimeStart is the first day of the Digital Service Specialized Contract System
// (디지털서비스 전문계약제도), 2020-10-01: the day the first rule of the table came into force.
// No fact, contract or document of a case under it can be dated earlier, and no rule can
// judge one that is.
var RegimeStart = DateOf(systemStart)

// regimeHorizon is the last day a case's date may name. The rules add years and days to
// dates (a CSAP certificate's 5 years, a registration window's 30 days); a date near the
// year 9999 would carry those sums past what RFC 3339 can write, and no contract or
// certificate runs for a millennium.
var regimeHorizon = seoulDate(2999, time.December, 31)

// ParseRegimeDate parses a date of a fact, contract or document of a case: YYYY-MM-DD, not
// before RegimeStart and not after 2999-12-31. Dates of a company's history (its founding,
// a debarment that ended long ago) are not bound by the regime and use ParseDate.
func ParseRegimeDate(s string) (Date, error) {
	d, err := ParseDate(s)
	switch {
	case err != nil:
		return Date{}, err
	case d.Before(RegimeStart.Time):
		return Date{}, refusal("invalid.before_regime", "date", RegimeStart.String())
	case d.After(regimeHorizon):
		return Date{}, refusal("invalid.not_after_date", "date", DateOf(regimeHorizon).String())
	}
	return d, nil
}

package models

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// KRW is an amount in whole Korean won.
type KRW int64

// MaxKRW bounds amounts to one quadrillion won (1,000조), far beyond any contract, so
// that sums over many contracts cannot overflow int64.
const MaxKRW KRW = 1_000_000_000_000_000

// ParseKRW accepts a positive whole amount up to MaxKRW.
func ParseKRW(n int64) (KRW, error) {
	if n <= 0 {
		return 0, refusal("invalid.krw_positive")
	}
	if KRW(n) > MaxKRW {
		return 0, refusal("invalid.krw_max", "max", itoa(int64(MaxKRW)))
	}
	return KRW(n), nil
}

// Points are evaluation points in hundredths, so that 84.99 and 85 compare exactly.
type Points int64

// maxPoints bounds a points value: far above any scale, it keeps hundredths in an int64.
const maxPoints = 1_000_000

// ParsePoints accepts a non-negative number with at most two decimals.
func ParsePoints(f float64) (Points, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) || f < 0 || f > maxPoints {
		return 0, refusal("invalid.points_range", "min", "0", "max", itoa(maxPoints))
	}
	c := math.Round(f * 100)
	if math.Abs(f*100-c) > 1e-6 {
		return 0, refusal("invalid.points_decimals")
	}
	return Points(c), nil
}

// WholePoints returns n points.
func WholePoints(n int64) Points { return Points(n * 100) }

func (p Points) String() string {
	s := strconv.FormatInt(int64(p)/100, 10)
	if frac := int64(p) % 100; frac != 0 {
		s += strings.TrimRight(fmt.Sprintf(".%02d", frac), "0")
	}
	return s
}

// MarshalJSON writes points as a JSON number: 85, 84.5, 84.99.
func (p Points) MarshalJSON() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalJSON reads a JSON number with at most two decimals.
func (p *Points) UnmarshalJSON(b []byte) error {
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("points must be a number")
	}
	v, err := ParsePoints(f)
	if err != nil {
		return err
	}
	*p = v
	return nil
}

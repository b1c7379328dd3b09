package models

import (
	"encoding/json"
	"testing"
)

// FuzzParseScores checks the evaluation arithmetic: no panic, a total within 0–100, and
// qualification exactly when the total reaches the qualifying score.
func FuzzParseScores(f *testing.F) {
	f.Add(65.0, 80.0, 20.0, 20.0)
	f.Add(64.99, 80.0, 20.0, 20.0)
	f.Add(5.95, 7.0, 0.0, 1.0)
	f.Add(0.01, 0.03, 0.0, 0.01)
	f.Fuzz(func(t *testing.T, s1, m1, s2, m2 float64) {
		ev, err := ParseScores([]ScoreInput{{"a", s1, m1}, {"b", s2, m2}}, tNow)
		if err != nil {
			if ErrorCode(err) != EINVALID {
				t.Fatalf("non-field error %v", err)
			}
			return
		}
		if ev.Total < 0 || ev.Total > WholePoints(100) {
			t.Fatalf("total %s out of range", ev.Total)
		}
		// The displayed total is rounded down, so reaching 85.00 implies qualification,
		// and qualification implies the exact ratio reached 85.
		if ev.Total >= WholePoints(85) && !ev.Qualified {
			t.Fatalf("total %s not qualified", ev.Total)
		}
		if ev.Qualified && ev.Total < WholePoints(85)-1 {
			t.Fatalf("qualified with total %s", ev.Total)
		}
	})
}

// FuzzPointsJSON checks that points round-trip through JSON exactly.
func FuzzPointsJSON(f *testing.F) {
	f.Add(int64(8500))
	f.Add(int64(8499))
	f.Add(int64(1))
	f.Fuzz(func(t *testing.T, n int64) {
		if n < 0 || n > 100_000_000 {
			return
		}
		b, err := json.Marshal(Points(n))
		if err != nil {
			t.Fatal(err)
		}
		var back Points
		if err := json.Unmarshal(b, &back); err != nil || back != Points(n) {
			t.Fatalf("%d -> %s -> %d (%v)", n, b, back, err)
		}
	})
}

package bench

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

func repeat(d time.Duration, n int) []time.Duration {
	out := make([]time.Duration, n)
	for i := range out {
		out[i] = d
	}
	return out
}

func TestP50RatioInterval_OfConstantLatenciesIsThePointRatio(t *testing.T) {
	iv, ok := P50RatioInterval([][]time.Duration{repeat(20*time.Millisecond, 50), repeat(30*time.Millisecond, 40)},
		[][]time.Duration{repeat(10*time.Millisecond, 90)})
	// The pool of 50 at 20 ms and 40 at 30 ms has its median at 20 ms in every resample,
	// since each group is drawn at its own size.
	if !ok || iv.Lo != 2 || iv.Hi != 2 {
		t.Fatalf("got %+v, %v; want 2–2", iv, ok)
	}
}

func TestP50RatioInterval_HoldsThePointRatioAndIsRepeatable(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	spread := func(base time.Duration, n int) []time.Duration {
		out := make([]time.Duration, n)
		for i := range out {
			out[i] = base + time.Duration(rng.IntN(int(base)))
		}
		return out
	}
	num := [][]time.Duration{spread(15*time.Millisecond, 150), spread(20*time.Millisecond, 150)}
	den := [][]time.Duration{spread(10*time.Millisecond, 150), spread(12*time.Millisecond, 150)}
	point := float64(Percentile(slices.Concat(num...), 50)) / float64(Percentile(slices.Concat(den...), 50))
	before := slices.Clone(num[0])
	iv, ok := P50RatioInterval(num, den)
	if !ok || !(iv.Lo < point && point < iv.Hi) {
		t.Fatalf("interval %+v does not hold the point ratio %.3f", iv, point)
	}
	if iv.Hi-iv.Lo > 0.5*point {
		t.Fatalf("interval %+v is wider than half the ratio %.3f for 300 calls a side", iv, point)
	}
	if again, _ := P50RatioInterval(num, den); again != iv {
		t.Fatalf("the same latencies gave %+v, then %+v", iv, again)
	}
	if !slices.Equal(before, num[0]) {
		t.Fatal("the interval reordered the latencies it was given")
	}
}

func TestP50RatioInterval_NeedsBothSides(t *testing.T) {
	if _, ok := P50RatioInterval(nil, [][]time.Duration{repeat(time.Millisecond, 3)}); ok {
		t.Fatal("an interval without actions")
	}
	if _, ok := P50RatioInterval([][]time.Duration{repeat(time.Millisecond, 3)}, [][]time.Duration{nil}); ok {
		t.Fatal("an interval without bare calls")
	}
}

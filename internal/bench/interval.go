package bench

import (
	"math/rand/v2"
	"slices"
	"time"
)

// Interval is a bootstrap interval of a ratio.
type Interval struct{ Lo, Hi float64 }

// bootstrapReps is how many resamples an interval is drawn from; intervalSeed makes the
// interval of the same latencies the same in every report.
const (
	bootstrapReps = 2000
	intervalSeed  = 11
)

// P50RatioInterval is the central 95 % bootstrap interval of p50(pooled num) ÷ p50(pooled
// den), where each is a pool of groups (the four actions, the four bare calls). Every
// resample draws each group with replacement at its own size, so the pool keeps the mix of
// actions it was measured with. It says how far the ratio of one run could move by the
// luck of which calls were sampled; a drift of the machine between runs is not in it.
// ok is false when a side has no latencies.
func P50RatioInterval(num, den [][]time.Duration) (iv Interval, ok bool) {
	if pooledLen(num) == 0 || pooledLen(den) == 0 {
		return Interval{}, false
	}
	rng := rand.New(rand.NewPCG(intervalSeed, intervalSeed)) //nolint:gosec // a statistic, repeatable by design, not a secret
	ratios := make([]float64, bootstrapReps)
	var a, b []time.Duration
	for i := range ratios {
		a, b = resample(rng, num, a[:0]), resample(rng, den, b[:0])
		if pb := p50(b); pb > 0 {
			ratios[i] = float64(p50(a)) / float64(pb)
		}
	}
	slices.Sort(ratios)
	return Interval{Lo: ratios[bootstrapReps*25/1000], Hi: ratios[bootstrapReps*975/1000-1]}, true
}

func pooledLen(groups [][]time.Duration) int {
	n := 0
	for _, g := range groups {
		n += len(g)
	}
	return n
}

// resample appends to into one draw with replacement of each group, at the group's size.
func resample(rng *rand.Rand, groups [][]time.Duration, into []time.Duration) []time.Duration {
	for _, g := range groups {
		for range g {
			into = append(into, g[rng.IntN(len(g))])
		}
	}
	return into
}

// p50 is the nearest-rank median of ds, which it sorts.
func p50(ds []time.Duration) time.Duration {
	slices.Sort(ds)
	return percentileSorted(ds, 50)
}

package bench

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Percentile returns the p-th percentile (0 < p ≤ 100) of ds by the nearest-rank method: the
// smallest value that at least p % of the values do not exceed. It returns 0 for no values
// and does not modify ds.
func Percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return percentileSorted(s, p)
}

func percentileSorted(s []time.Duration, p float64) time.Duration {
	if len(s) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(s))))
	rank = max(1, min(rank, len(s)))
	return s[rank-1]
}

// Latency summarizes a set of latencies.
type Latency struct {
	N             int
	P50, P99, Max time.Duration
}

// Summarize computes the Latency of ds.
func Summarize(ds []time.Duration) Latency {
	s := slices.Clone(ds)
	slices.Sort(s)
	l := Latency{N: len(s), P50: percentileSorted(s, 50), P99: percentileSorted(s, 99)}
	if len(s) > 0 {
		l.Max = s[len(s)-1]
	}
	return l
}

// Memory is the resident set of a process, from /proc/<pid>/status.
type Memory struct {
	RSS  int64 // VmRSS: resident now, bytes
	Peak int64 // VmHWM: the high-water mark of the resident set, bytes
}

// ReadMemory reads the resident set of this process from /proc/self/status (Linux only).
func ReadMemory() (Memory, error) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return Memory{}, fmt.Errorf("read resident set size: %w", err)
	}
	defer func() { _ = f.Close() }()
	return ParseProcStatus(f)
}

// ParseProcStatus reads VmRSS and VmHWM ("VmRSS:	  123456 kB") from the text of a
// /proc/<pid>/status file. VmRSS is required; VmHWM is 0 when absent.
func ParseProcStatus(r io.Reader) (Memory, error) {
	var m Memory
	found := false
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		key, val, ok := strings.Cut(sc.Text(), ":")
		if !ok || (key != "VmRSS" && key != "VmHWM") {
			continue
		}
		fields := strings.Fields(val)
		if len(fields) != 2 || fields[1] != "kB" {
			return Memory{}, fmt.Errorf("parse %s: unexpected value %q", key, strings.TrimSpace(val))
		}
		kb, err := strconv.ParseInt(fields[0], 10, 64)
		if err != nil || kb < 0 {
			return Memory{}, fmt.Errorf("parse %s: unexpected value %q", key, strings.TrimSpace(val))
		}
		if key == "VmRSS" {
			m.RSS, found = kb*1024, true
		} else {
			m.Peak = kb * 1024
		}
	}
	if err := sc.Err(); err != nil {
		return Memory{}, err
	}
	if !found {
		return Memory{}, errors.New("no VmRSS line in the process status")
	}
	return m, nil
}

package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// maxTimeScale bounds the sandbox's factor: at a million a 10-day window is under a
// second, faster than anyone can watch.
const maxTimeScale = 1_000_000

// timeScale reads DSMARKET_TIME_SCALE, the development sandbox's factor: every case started
// under it pins it, and its periods run that many times faster (a 10-day negotiation
// lapses in 100 s at 8640). It makes every deadline wrong on purpose, so a process that is
// not a development one refuses it rather than run a ministry's cases on a fast clock.
func (cfg config) timeScale() (int, error) {
	v := strings.TrimSpace(cfg.TimeScale)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > maxTimeScale {
		return 0, fmt.Errorf("DSMARKET_TIME_SCALE=%q: give a whole number from 1 (real time) to %d", v, maxTimeScale)
	}
	if n > 1 && cfg.Env != envDevelopment && !cfg.devProcess {
		return 0, errors.New(`DSMARKET_TIME_SCALE makes every deadline run faster and is for development only: ` +
			`unset it, or set DSMARKET_ENV=development on a development machine`)
	}
	return n, nil
}

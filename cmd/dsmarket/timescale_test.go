package main

import (
	"strings"
	"testing"
)

func TestTimeScale(t *testing.T) {
	for _, tc := range []struct {
		name, env, scale string
		dev              bool
		want             int
		err              string
	}{
		{"Unset", "", "", false, 0, ""},
		{"RealTime", "", "1", false, 1, ""},
		{"Development", envDevelopment, "8640", false, 8640, ""},
		{"DevCommand", "", "8640", true, 8640, ""},
		{"RefusedInProduction", "", "8640", false, 0, "development only"},
		{"RefusedInStaging", "staging", "2", false, 0, "development only"},
		{"NotANumber", envDevelopment, "fast", false, 0, "whole number"},
		{"Zero", envDevelopment, "0", false, 0, "whole number"},
		{"TooLarge", envDevelopment, "1000001", false, 0, "whole number"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := config{Env: tc.env, TimeScale: tc.scale, devProcess: tc.dev}.timeScale()
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("%d, %v; want %d", got, err, tc.want)
			}
		})
	}
}

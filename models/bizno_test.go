package models

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseBusinessNo(t *testing.T) {
	for _, tc := range []struct{ in, want, err string }{
		// 1·1+2·3+4·7+8·1+2·3+0·7+0·1+2·3+6·5 = 85, plus 6·5/10 = 3: 88, so the check digit is 2.
		{in: "124-82-00262", want: "124-82-00262"},
		{in: "1248200262", want: "124-82-00262"},
		{in: " 101-81-12341 ", want: "101-81-12341"},
		{in: "124-82-00269", err: "check digit"},
		{in: "101-81-12342", err: "check digit"},
		{in: "124-82-0026", err: "000-00-00000"},
		{in: "12a-82-00269", err: "000-00-00000"},
		{in: "", err: "000-00-00000"},
	} {
		got, err := ParseBusinessNo(tc.in)
		if tc.err != "" {
			require.ErrorContains(t, err, tc.err, tc.in)
			continue
		}
		require.NoError(t, err, tc.in)
		require.Equal(t, tc.want, got)
	}
}

// Every single-digit typo outside the ninth digit is caught: the weights 1, 3 and 7 are
// invertible modulo ten, so changing one of the first eight digits changes the check digit,
// and changing the check digit itself breaks the match.
func TestParseBusinessNoCatchesOneDigitTypos(t *testing.T) {
	valid := "1248200262"
	caught, total := 0, 0
	for pos := range 10 {
		if pos == 8 {
			continue // the ninth digit counts twice (weight 5 and its tens): see below
		}
		for d := byte('0'); d <= '9'; d++ {
			if valid[pos] == d {
				continue
			}
			typo := valid[:pos] + string(d) + valid[pos+1:]
			total++
			if _, err := ParseBusinessNo(typo); err != nil {
				caught++
			}
		}
	}
	require.Equal(t, total, caught)
}

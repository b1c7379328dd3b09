package store

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

// The rules' nightly send and the what-if depend on the walk's order and on a stop ending
// it before the statuses after it are listed at all.
func TestOpenCaseWalksByStatusInOrder(t *testing.T) {
	pages := map[string][][]string{"a": {{"a1", "a2"}, {"a3"}}, "b": {{"b1"}}, "c": {{"c1"}}}
	var listed, seen []string
	list := func(st string, token string) ([]string, string, error) {
		listed = append(listed, st+"@"+token)
		i := 0
		if token != "" {
			i = 1
		}
		next := ""
		if i+1 < len(pages[st]) {
			next = "p2"
		}
		return pages[st][i], next, nil
	}
	open := func(s *string) OpenCase { return OpenCase{WorkflowID: *s} }
	stopAt := "b1"
	each := func(c OpenCase) (bool, error) {
		seen = append(seen, c.WorkflowID)
		return c.WorkflowID == stopAt, nil
	}
	walks := byStatus([]string{"a", "b", "c"}, list, open, each)
	require.Empty(t, listed, "nothing is listed before a walk runs")
	var stopped bool
	for _, walk := range walks {
		stop, err := walk()
		require.NoError(t, err)
		if stopped = stop; stop {
			break
		}
	}
	require.True(t, stopped)
	require.Equal(t, []string{"a1", "a2", "a3", "b1"}, seen)
	require.Equal(t, []string{"a@", "a@p2", "b@"}, listed)

	failed := errors.New("listing failed")
	stop, err := byStatus([]string{"x"}, func(string, string) ([]string, string, error) { return nil, "", failed }, open, each)[0]()
	require.True(t, stop)
	require.ErrorIs(t, err, failed)
}

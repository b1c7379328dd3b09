package app

import (
	"context"
	"errors"
	"fmt"
	"testing"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"

	"github.com/dsmarket/dsmarket/models"
)

// TestTemporalFailureRetryOrInternal: what tells a caller to come back (503) and what is
// a failure of ours (500).
func TestTemporalFailureRetryOrInternal(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"Unavailable", serviceerror.NewUnavailable("connection refused"), models.EUNAVAILABLE},
		{"DeadlineExceeded", serviceerror.NewDeadlineExceeded("slow"), models.EUNAVAILABLE},
		{"ContextDeadline", fmt.Errorf("update: %w", context.DeadlineExceeded), models.EUNAVAILABLE},
		{"RateLimited", serviceerror.NewResourceExhausted(enumspb.RESOURCE_EXHAUSTED_CAUSE_RPS_LIMIT, "namespace rate limit"),
			models.EUNAVAILABLE},
		{"UpdatesInFlight", serviceerror.NewResourceExhausted(enumspb.RESOURCE_EXHAUSTED_CAUSE_CONCURRENT_LIMIT,
			"too many outstanding updates"), models.EUNAVAILABLE},
		{"Internal", serviceerror.NewInternal("boom"), models.EINTERNAL},
		{"Other", errors.New("decode"), models.EINTERNAL},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := models.ErrorCode(temporalFailure(tc.err, "vote")); got != tc.want {
				t.Errorf("%v: %s, want %s", tc.err, got, tc.want)
			}
		})
	}
}

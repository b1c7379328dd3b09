package bench

import (
	"bytes"
	"context"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/internal/temporaltest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	temporaltest.Stop()
	os.Exit(code)
}

// TestQualityCycle_RealServer runs the cycle on a dev server over 1,001 services (two full
// runs and one of a single service), then twice over the same 120 services: the second
// cycle of the year finds every case started and opens none.
func TestQualityCycle_RealServer(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	_, c := temporaltest.Server(t)

	first, err := QualityCycle(ctx, c, QualityOptions{N: 1_001, Prefix: "QT" + randomHex(3)})
	require.NoError(t, err)
	require.Equal(t, 3, first.Runs)
	require.Equal(t, 1_001, first.Started)
	require.Zero(t, first.AlreadyStarted)
	require.Equal(t, 500, first.MaxChildren)
	require.Less(t, first.MaxHistory, 10_000)
	var out bytes.Buffer
	require.NoError(t, first.Report(&out))
	t.Log("\n" + out.String())

	prefix := "QR" + randomHex(3)
	_, err = QualityCycle(ctx, c, QualityOptions{N: 120, Prefix: prefix})
	require.NoError(t, err)
	again, err := QualityCycle(ctx, c, QualityOptions{N: 120, Prefix: prefix})
	require.NoError(t, err)
	require.Zero(t, again.Started)
	require.Equal(t, 120, again.AlreadyStarted)
}

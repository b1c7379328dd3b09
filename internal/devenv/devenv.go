// Package devenv starts what `dsmarket dev` (make run) needs on a developer's machine: a
// Temporal dev server from bin/temporal with dsmarket's search attributes, and a PostgreSQL
// database (DATABASE_URL, the local server on 127.0.0.1:5432, or a private cluster under the
// data directory).
package devenv

import "github.com/dsmarket/dsmarket/internal/devenv/temporalcli"

// TemporalCLIPath finds the Temporal CLI: $TEMPORAL_CLI if set, else bin/temporal in the
// module root (found by walking up from the working directory to go.mod). The error says to
// run `make bin/temporal` when it is missing.
func TemporalCLIPath(getenv func(string) string) (string, error) {
	return temporalcli.Path(getenv)
}

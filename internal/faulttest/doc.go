// Package faulttest holds the process-level fault tests of `make test` (issue 10): the real
// dsmarket binary runs as production runs it, `api` and `worker` as separate processes, on
// a Temporal dev server with a file database and on a real PostgreSQL reached through a TCP
// proxy of the test's own. A client drives catalog orders and applications through REST
// exactly as agencies, providers, operators, experts and committee members would, retrying
// every request with the same Idempotency-Key, while the test kills the worker, kills the
// API, restarts the Temporal server on its file and makes PostgreSQL refuse connections.
// Afterwards every case must have ended once and only once: one workflow, one projection
// row, one contract or catalog entry, one notification of each kind, no failed workflow.
//
// Everything is in _test.go files; this file only documents the package.
package faulttest

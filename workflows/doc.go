// Package workflows holds one durable workflow per process of SPEC.md. Every decision is
// made by models; the workflow holds the state, the timers and the human steps (Updates).
package workflows

// All is every workflow a dsmarket worker runs. The worker registers these and the replay
// test replays the recorded histories against them, and a test fails on one that has no
// recorded history: a workflow added here is run, replayed and held to its recordings.
func All() []any {
	return []any{
		Order, Application, CommitteeSession, CommitteeCadence, Housekeeping, ServiceWatch,
		ServiceWatchSweep, DirectContract, ChangeRequest, QualityCase, QualityCycle,
	}
}

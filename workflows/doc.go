// Package workflows holds one durable workflow per process of SPEC.md. Every decision is
// made by models; the workflow holds the state, the timers and the human steps (Updates).
package workflows

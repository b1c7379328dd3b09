package app

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/temporalerr"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// step is one human step sent to a case's workflow as an Update.
type step struct {
	WorkflowID string
	Update     string // the Update's name
	By         models.Actor
	// Key is the caller's Idempotency-Key, "" for none.
	Key string
	// Scope narrows the key to one object of the workflow, such as one task of an
	// application, so that the same key sent for two tasks acts twice.
	Scope string
	Arg   any
	// Request is what the caller asked, for the key's body hash; Arg when nil. It differs
	// from Arg where the app adds what it looked up (experts' conflicts), which may change
	// between a request and its retry.
	Request any
}

// errWorkflowGone says the workflow is not running: it never existed or it has closed.
// The caller answers from the case as last recorded.
var errWorkflowGone = errors.New("the workflow is not running")

// updateWait bounds how long a request waits for its step to be recorded. A step whose
// projection write waits out a database outage is answered 503 after it; the client's
// retry with the same Idempotency-Key then gets the step's result.
const updateWait = 20 * time.Second

// sendUpdate sends a human step and waits for its result, decoded into out. The
// workflow's validator decides who may act and in which state, so there is no read before
// the Update: one round trip, and no window in which a read and the Update disagree. With
// an Idempotency-Key the key and the request's hash are recorded first (the same key with
// another request is refused, before anything reaches the case), and the Update ID is
// derived from the key, so a retried request is answered by the first one's result, also
// after the case has closed.
//
// It returns the models error of a refused step, errWorkflowGone (wrapped) when the
// workflow is not running, EUNAVAILABLE when Temporal or the database cannot be reached,
// and any other failure as internal.
func sendUpdate(ctx context.Context, tc client.Client, st *store.Store, s step, out any) error {
	ctx, cancel := context.WithTimeout(ctx, updateWait)
	defer cancel()
	opts := client.UpdateWorkflowOptions{
		WorkflowID: s.WorkflowID, UpdateName: s.Update, Args: []any{s.Arg},
		WaitForStage: client.WorkflowUpdateStageCompleted,
	}
	uid, err := stepUpdateID(ctx, st, s)
	if err != nil {
		return err
	}
	opts.UpdateID = uid
	h, err := tc.UpdateWorkflow(ctx, opts)
	if err == nil {
		err = h.Get(ctx, out)
	}
	if err != nil && s.Key != "" && temporalerr.WorkflowClosed(err) {
		// The case may have closed since the first request's step completed (the answer
		// was lost, the client retries): its outcome is still in the history.
		if done, perr := firstOutcome(ctx, tc, s.WorkflowID, opts.UpdateID, out); done {
			err = perr
		}
	}
	if err == nil {
		return nil
	}
	if me := temporalerr.ModelError(err); me != nil {
		return me
	}
	if temporalerr.WorkflowClosed(err) {
		return fmt.Errorf("%s on %s: %w: %w", s.Update, s.WorkflowID, errWorkflowGone, err)
	}
	return temporalFailure(err, s.Update+" on "+s.WorkflowID)
}

// stepUpdateID is the Update ID a step is sent with: with an Idempotency-Key, the key's
// (claimStepKey); without one, the request's ID made unique whatever the client put in
// X-Request-Id, so that the audit log reads the request from it (Step.Request); "" (the SDK
// draws one) when the call comes from no request.
func stepUpdateID(ctx context.Context, st *store.Store, s step) (string, error) {
	if s.Key != "" {
		return claimStepKey(ctx, st, s)
	}
	if rid := requestIDOf(ctx); rid != "" {
		return rid + "." + rand.Text()[:8], nil
	}
	return "", nil
}

// errStepRecorded says a keyed retry's step is already in its case: the caller answers
// with the case as it stands, and nothing is sent.
var errStepRecorded = errors.New("the step of this key is already recorded")

// claimStepKey records (caller, key) for this step of this case with the request's hash:
// a retry with the same request passes, the same key with another request is refused
// with 422 naming the key, and nothing reaches the workflow. It returns the step's Update
// ID, the first request's for every retry: derived from the caller and the key, after the
// first request's ID when it had one, so that the audit log names that request. A retry
// whose step is already recorded is errStepRecorded.
func claimStepKey(ctx context.Context, st *store.Store, s step) (string, error) {
	scope, hash := s.claim()
	uid := updateID(s)
	if rid := requestIDOf(ctx); rid != "" {
		uid = rid + "." + uid
	}
	uid, created, err := st.ClaimIdempotencyKeyAs(ctx, scope, callerOf(s.By), s.Key, hash, uid)
	if err != nil || created {
		return uid, err
	}
	// A retry. Temporal answers a retried Update ID from the run that took it; a case that
	// has continued as new since (a contract past its history limit, a watch resumed) would
	// take it as a new step, so the case's own record is asked first.
	recorded, err := st.StepRecorded(ctx, s.WorkflowID, uid)
	if err != nil {
		return "", err
	}
	if recorded {
		return "", fmt.Errorf("%s on %s: %w", s.Update, s.WorkflowID, errStepRecorded)
	}
	return uid, nil
}

// claim is the scope and the request's hash under which the step's key is claimed.
func (s step) claim() (scope, hash string) {
	req := s.Request
	if req == nil {
		req = s.Arg
	}
	return "update:" + s.WorkflowID + "/" + s.Update + "/" + s.Scope, hashOf(req)
}

// priorOutcome is the result of the step a key was first sent as, when it completed: done
// says out (or the first refusal, or the key's reuse for another request) is the answer,
// whatever the case's state now.
func priorOutcome(ctx context.Context, tc client.Client, st *store.Store, s step, out any) (done bool, err error) {
	if s.Key == "" {
		return false, nil
	}
	scope, hash := s.claim()
	uid, found, err := st.IdempotencyKeyID(ctx, scope, callerOf(s.By), s.Key, hash)
	if err != nil || !found {
		return err != nil, err
	}
	return firstOutcome(ctx, tc, s.WorkflowID, uid, out)
}

// firstOutcome reads the outcome of the Update a key was first sent as, if it completed.
// done is false when there is none to read (the first request never reached the case).
func firstOutcome(ctx context.Context, tc client.Client, workflowID, updateID string, out any) (done bool, err error) {
	h := tc.GetWorkflowUpdateHandle(client.GetWorkflowUpdateHandleOptions{WorkflowID: workflowID, UpdateID: updateID})
	err = h.Get(ctx, out)
	if err == nil {
		return true, nil
	}
	if temporalerr.ModelError(err) != nil {
		return true, err
	}
	return false, err
}

// updateID derives the Update ID from the caller and their key: the same caller's retry
// finds the first Update, another caller's equal key does not.
func updateID(s step) string {
	in := s.Update + "\x00" + s.By.Org + "\x00" + s.By.Sub + "\x00" + s.Key
	if s.Scope != "" {
		in += "\x00" + s.Scope
	}
	sum := sha256.Sum256([]byte(in))
	return hex.EncodeToString(sum[:16])
}

// queryCase asks a case's workflow for its state, with a short deadline of its own so that
// a stuck worker makes the caller fall back to the projection instead of waiting.
func queryCase(ctx context.Context, tc client.Client, workflowID, query string, out any) error {
	qctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	v, err := tc.QueryWorkflow(qctx, workflowID, "", query)
	if err != nil {
		return err
	}
	return v.Get(out)
}

// readCase reads a case from its workflow, or from the projection when the workflow is
// gone (past retention) or does not answer. A projection that has not caught up with a
// workflow that did not answer is "try again", never "not found": the case may well exist.
// noun names the case in the log ("order"), nounKey in that answer ("case.order").
func readCase[T any](ctx context.Context, tc client.Client, logger *slog.Logger, noun, nounKey, workflowID, query string,
	fromStore func(context.Context) (*T, error), notFound error) (*T, error) {
	var v T
	err := queryCase(ctx, tc, workflowID, query, &v)
	if err == nil {
		return &v, nil
	}
	var nf *serviceerror.NotFound
	queryFailed := !errors.As(err, &nf)
	if queryFailed {
		logger.WarnContext(ctx, noun+" query failed; answering from the projection", "workflow_id", workflowID, "error", err)
	}
	p, err := fromStore(ctx)
	switch {
	case models.ErrorCode(err) == models.ENOTFOUND && queryFailed:
		return nil, models.Refuse(models.EUNAVAILABLE, models.Msg("error.case_unreadable_now", "noun", nounKey))
	case models.ErrorCode(err) == models.ENOTFOUND:
		return nil, notFound
	case err != nil:
		return nil, err
	}
	return p, nil
}

// claimID draws the ID of a case a POST creates, under the caller's Idempotency-Key when
// there is one: a retry with the same key and request gets the first ID (created false),
// the same key with another request is refused (EIDEMPOTENCY).
func claimID(ctx context.Context, st *store.Store, scope string, by models.Actor, key string, request any,
	newID func(context.Context) (string, error)) (id string, created bool, err error) {
	if key == "" {
		id, err = newID(ctx)
		return id, true, err
	}
	return st.ClaimIdempotencyKey(ctx, scope, callerOf(by), key, hashOf(request), newID)
}

// redrawID draws the ID that replaces taken, one this request's key named but whose
// workflow turned out to be another case's; the key then names the new one.
func redrawID(ctx context.Context, st *store.Store, scope string, by models.Actor, key, taken string,
	newID func(context.Context) (string, error)) (string, error) {
	id, err := newID(ctx)
	if err != nil || key == "" {
		return id, err
	}
	return id, st.ReassignIdempotencyKey(ctx, scope, callerOf(by), key, taken, id)
}

// releaseID lets the caller's key go while it names taken (a create that started no case).
func releaseID(ctx context.Context, st *store.Store, scope string, by models.Actor, key, taken string) error {
	if key == "" {
		return nil
	}
	return st.ReleaseIdempotencyKey(ctx, scope, callerOf(by), key, taken)
}

// callerOf is who a key belongs to: the same key of two people is two keys.
func callerOf(by models.Actor) string { return by.Org + "/" + by.Sub }

// hashOf identifies a request's content, so that reusing a key for a different request is
// refused instead of silently answered with the first one.
func hashOf(request any) string {
	b, _ := json.Marshal(request)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// eager has the start's answer carry the case's first task to this process's worker, when
// it runs one on the task queue with this client (make run, the tests, the benchmark): no
// wait for the task to be matched to a poller, which was most of the time between opening
// a case and its first step being taken. Elsewhere the start is as usual.
func eager(opts client.StartWorkflowOptions) client.StartWorkflowOptions {
	opts.EnableEagerStart = true
	return opts
}

// startFailure is what a caller hears of a start that failed: 503 while the case numbers
// are behind Temporal's (flow.ErrIDsBehind) or Temporal cannot be reached. The ID stays
// reserved under the key otherwise: a retry with the same key starts the same workflow.
func startFailure(err error, id string) error {
	if errors.Is(err, flow.ErrIDsBehind) {
		return models.Refuse(models.EUNAVAILABLE, models.Msg("error.case_numbers_behind"))
	}
	return temporalFailure(err, "start the workflow of "+id)
}

// claimTag names the claim a create makes (scope, caller, key); "-" without a key.
func claimTag(scope string, by models.Actor, key string) string {
	return flow.ClaimTag(scope, callerOf(by), key)
}

// temporalFailure says "try again" (503) when Temporal could not be reached, did not
// answer in time or is shedding load (a namespace's rate limit, too many Updates in flight
// on one case, as when a whole committee votes at once), and leaves every other failure
// internal.
func temporalFailure(err error, what string) error {
	var unavailable *serviceerror.Unavailable
	var deadline *serviceerror.DeadlineExceeded
	var exhausted *serviceerror.ResourceExhausted
	if errors.As(err, &unavailable) || errors.As(err, &deadline) || errors.As(err, &exhausted) ||
		errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%s: %w: %w", what,
			models.Refuse(models.EUNAVAILABLE, models.Msg("error.workflow_service_unavailable")), err)
	}
	return fmt.Errorf("%s: %w", what, err)
}

func isWorkflowGone(err error) bool { return errors.Is(err, errWorkflowGone) }

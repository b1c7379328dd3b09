package flow

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"

	"go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
)

// StartCase starts a case's workflow under its business key. A workflow already started
// under that ID by an earlier try of the same request (a retry with its key, a retried
// activity, a crash between drawing the ID and starting) is the same case: starting it
// again is not an error and makes no second one. Any other workflow under that ID is
// another case (ErrIDTaken), which must not be answered as this one: that is every
// workflow when the ID is fresh (this very try drew it), and otherwise one whose memo
// names another claim (ClaimTag). A workflow started before the memo existed names none
// and is taken for the request's own, as every one was then. Other errors are Temporal's,
// for the caller to map (unreachable: retry).
func StartCase(ctx context.Context, tc client.Client, opts client.StartWorkflowOptions, workflow any, arg any,
	claim string, fresh bool) error {
	opts.WorkflowIDReusePolicy = enums.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE
	opts.WorkflowIDConflictPolicy = enums.WORKFLOW_ID_CONFLICT_POLICY_FAIL
	// The SDK answers a running workflow's run without this, which would hide the case
	// that holds the ID.
	opts.WorkflowExecutionErrorWhenAlreadyStarted = true
	opts.Memo = map[string]any{MemoClaim: claim}
	_, err := tc.ExecuteWorkflow(ctx, opts, workflow, arg)
	var started *serviceerror.WorkflowExecutionAlreadyStarted
	switch {
	case err == nil:
		return nil
	case !errors.As(err, &started):
		return fmt.Errorf("start workflow %s: %w", opts.ID, err)
	case fresh:
		return fmt.Errorf("start workflow %s: %w", opts.ID, ErrIDTaken)
	}
	d, err := tc.DescribeWorkflowExecution(ctx, opts.ID, "")
	if err != nil {
		return fmt.Errorf("describe workflow %s: %w", opts.ID, err)
	}
	if p, ok := d.GetWorkflowExecutionInfo().GetMemo().GetFields()[MemoClaim]; ok {
		var theirs string
		if err := converter.GetDefaultDataConverter().FromPayload(p, &theirs); err != nil || theirs != claim {
			return fmt.Errorf("start workflow %s: %w", opts.ID, ErrIDTaken)
		}
	}
	return nil
}

// MemoClaim is the memo field in which a case's workflow carries the claim that started it.
const MemoClaim = "dsmarket_claim"

// ErrIDTaken says a case ID is already another case's workflow (StartCase): the database
// that drew it is behind Temporal (restored from an older backup), and the next is drawn.
var ErrIDTaken = errors.New("the case ID is already another case's workflow")

// MaxIDRedraws bounds how many taken IDs one try draws past before it gives up (the next
// try goes on from where it stopped).
const MaxIDRedraws = 20

// ErrIDsBehind says a try met MaxIDRedraws+1 taken IDs in a row (StartDrawn) and gave up;
// its claim is released, so the next try draws afresh.
var ErrIDsBehind = errors.New("case IDs taken in a row: the database's sequence is behind Temporal's cases")

// Drawn is the ID a case was given and how to give it another: Fresh, this try drew ID
// (a retry's claim names an ID an earlier try drew); Claim, the ClaimTag of the claim that
// names it; Redraw moves that claim from a taken ID to a new one; Release lets it go.
type Drawn struct {
	ID      string
	Fresh   bool
	Claim   string
	Redraw  func(ctx context.Context, taken string) (string, error)
	Release func(ctx context.Context, taken string) error
}

// StartDrawn starts the case's workflow (launch gives the start's options, workflow and
// argument for an ID) under d.ID or, while another case's workflow holds the ID (the
// database restored from a backup older than Temporal's cases), under the next one drawn.
// It returns the ID the case runs under and whether the case is new (started under an ID
// this try drew). Starting a taken ID would answer that case as this one.
func StartDrawn(ctx context.Context, tc client.Client, logger *slog.Logger, d Drawn,
	launch func(id string) (client.StartWorkflowOptions, any, any)) (string, bool, error) {
	id, fresh := d.ID, d.Fresh
	for redraws := 0; ; redraws++ {
		opts, workflow, arg := launch(id)
		err := StartCase(ctx, tc, opts, workflow, arg, d.Claim, fresh)
		if !errors.Is(err, ErrIDTaken) {
			return id, fresh, err
		}
		logger.ErrorContext(ctx, "a drawn case number is already a workflow's: the database's case numbers are behind Temporal's cases (restored from an older backup?); drawing the next",
			"workflow_id", opts.ID, "redraws", redraws)
		if redraws == MaxIDRedraws {
			// No try of this claim started a case: it is let go, so that the next try
			// draws afresh rather than name an ID known to be taken.
			if err := d.Release(ctx, id); err != nil {
				return id, false, err
			}
			return id, false, ErrIDsBehind
		}
		if id, err = d.Redraw(ctx, id); err != nil {
			return id, false, err
		}
		fresh = true
	}
}

// ClaimTag names a claim (its scope and key, such as an Idempotency-Key with its caller)
// without showing it; "-" for none, which no retry can name.
func ClaimTag(parts ...string) string {
	if len(parts) == 0 || parts[len(parts)-1] == "" {
		return "-"
	}
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

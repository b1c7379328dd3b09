package flow

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"

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

package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"go.temporal.io/sdk/client"

	"github.com/dsmarket/dsmarket/models"
)

// Names of the timed actions: the four human steps of an order through the REST API, and
// the start and three Updates of a bare workflow.
const (
	ActionCreate      = "create"
	ActionProposal    = "proposal"
	ActionEvaluation  = "evaluation"
	ActionNegotiation = "negotiation"
)

// OrderActions are the REST actions in the order a case takes them.
var OrderActions = []string{ActionCreate, ActionProposal, ActionEvaluation, ActionNegotiation}

// BareActions are the bare workflow's client calls in the order a case makes them.
var BareActions = []string{"start", flow.UpdateSubmitProposal, flow.UpdateEvaluate, flow.UpdateNegotiate}

// caseTimeout bounds one case, so that a stuck workflow fails its case instead of the run.
const caseTimeout = 2 * time.Minute

// Request bodies, as in the API's tests: an order on SVC-0001, a proposal, a qualifying
// score of 90, an agreed negotiation.
func orderBody(now time.Time) []byte {
	return mustJSON(map[string]any{"service_id": benchServiceID, "title": "벤치마크 클라우드 전환", "budget_krw": 120_000_000,
		"proposal_due": proposalDue(now)})
}

func proposalDue(now time.Time) string {
	return models.DateOf(now).AddDate(0, 0, 7).Format(time.DateOnly)
}

var (
	proposal    = models.ProposalInput{PriceKRW: 110_000_000, Summary: "IaaS 4 vCPU x 20, 36개월"}
	scores90    = []models.ScoreInput{{Criterion: "기술", Score: 72, Max: 80}, {Criterion: "가격", Score: 18, Max: 20}}
	agreedTrue  = true
	negotiation = models.NegotiationInput{Agreed: &agreedTrue, FinalPriceKRW: 105_000_000, Terms: "SLA 99.9%"}

	proposalBody    = mustJSON(proposal)
	evaluationBody  = mustJSON(map[string]any{"scores": scores90})
	negotiationBody = mustJSON(negotiation)
)

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // constant values
	}
	return b
}

// orderCase runs one catalog order through the REST API, as the agency and the provider
// would, and waits for its workflow to complete.
func (e *env) orderCase(ctx context.Context, rec *recorder, tag string) (string, error) {
	created, err := e.post(ctx, rec, ActionCreate, "/api/v1/orders", e.agencyToken, tag, e.createBody,
		http.StatusCreated, models.OrderProposalRequested)
	if err != nil {
		return "", err
	}
	if created.ID == "" {
		return "", fail(ActionCreate+": no id", fmt.Errorf("%s: the answer has no order id", ActionCreate))
	}
	base := "/api/v1/orders/" + created.ID
	steps := []struct {
		action, path, token string
		body                []byte
		want                models.OrderStatus
	}{
		{ActionProposal, base + "/proposal", e.providerToken, proposalBody, models.OrderProposalSubmitted},
		{ActionEvaluation, base + "/evaluation", e.agencyToken, evaluationBody, models.OrderNegotiating},
		{ActionNegotiation, base + "/negotiation", e.agencyToken, negotiationBody, models.OrderDeliveryRequested},
	}
	for _, s := range steps {
		if _, err := e.post(ctx, rec, s.action, s.path, s.token, tag, s.body, http.StatusOK, s.want); err != nil {
			return "", fmt.Errorf("order %s: %w", created.ID, err) // keeps the failure's kind
		}
	}
	wid := flow.OrderWorkflowID(created.ID)
	var res flow.OrderResult
	if err := e.tc.GetWorkflow(ctx, wid, "").Get(ctx, &res); err != nil {
		return "", fail("workflow did not complete", fmt.Errorf("order %s: wait for the workflow to complete: %w", created.ID, err))
	}
	if res.Status != models.OrderDeliveryRequested {
		return "", fail("workflow ended "+string(res.Status),
			fmt.Errorf("order %s: the workflow ended %s, want %s", created.ID, res.Status, models.OrderDeliveryRequested))
	}
	return wid, nil
}

type orderAnswer struct {
	ID     string             `json:"id"`
	Status models.OrderStatus `json:"status"`
}

// post sends one human action and times it from sending the request to having read the
// whole answer, which carries the order's new state as the workflow holds it. Only a
// successful action with the expected status is recorded.
func (e *env) post(ctx context.Context, rec *recorder, action, path, token, tag string, body []byte,
	wantCode int, wantStatus models.OrderStatus) (orderAnswer, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, e.apiURL+path, bytes.NewReader(body))
	if err != nil {
		return orderAnswer{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Idempotency-Key", "bench-"+e.runID+"-"+tag+"-"+action)
	start := time.Now()
	res, err := e.http.Do(req)
	if err != nil {
		return orderAnswer{}, fail(action+": request failed", fmt.Errorf("%s: %w", action, err))
	}
	raw, err := io.ReadAll(res.Body)
	_ = res.Body.Close()
	elapsed := time.Since(start)
	if err != nil {
		return orderAnswer{}, fail(action+": request failed", fmt.Errorf("%s: read the answer: %w", action, err))
	}
	if res.StatusCode != wantCode {
		return orderAnswer{}, fail(fmt.Sprintf("%s: HTTP %d", action, res.StatusCode),
			fmt.Errorf("%s: HTTP %d, want %d: %s", action, res.StatusCode, wantCode, cut(raw)))
	}
	var a orderAnswer
	if err := json.Unmarshal(raw, &a); err != nil {
		return orderAnswer{}, fail(action+": bad answer", fmt.Errorf("%s: answer is not an order: %w: %s", action, err, cut(raw)))
	}
	if a.Status != wantStatus {
		return orderAnswer{}, fail(action+": status "+string(a.Status),
			fmt.Errorf("%s: the answer shows status %q, want %q", action, a.Status, wantStatus))
	}
	rec.observe(action, elapsed)
	return a, nil
}

func cut(b []byte) string {
	if len(b) > 300 {
		return string(b[:300]) + "…"
	}
	return string(b)
}

// bareCase runs one bare workflow through the same steps with the Temporal client alone:
// start, three Updates waited on to completion, and the workflow's end.
func (e *env) bareCase(ctx context.Context, rec *recorder, tag string) (string, error) {
	wid := "bare-" + e.runID + "-" + tag
	in := e.bareInput
	in.OrderID = "BARE-" + tag
	start := time.Now()
	run, err := e.tc.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: wid, TaskQueue: e.bareTaskQueue}, BareOrder, &in)
	if err != nil {
		return "", fail("start", fmt.Errorf("start %s: %w", wid, err))
	}
	rec.observe(BareActions[0], time.Since(start))
	steps := []struct {
		name string
		arg  any
		want models.OrderStatus
	}{
		{flow.UpdateSubmitProposal, flow.SubmitProposalInput{Actor: providerActor, Proposal: proposal}, models.OrderProposalSubmitted},
		{flow.UpdateEvaluate, flow.EvaluateInput{Actor: agencyActor, Scores: scores90}, models.OrderNegotiating},
		{flow.UpdateNegotiate, flow.NegotiateInput{Actor: agencyActor, Negotiation: negotiation}, models.OrderDeliveryRequested},
	}
	for _, s := range steps {
		start := time.Now()
		h, err := e.tc.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
			WorkflowID: wid, RunID: run.GetRunID(), UpdateName: s.name, Args: []any{s.arg},
			WaitForStage: client.WorkflowUpdateStageCompleted,
		})
		var got models.OrderStatus
		if err == nil {
			err = h.Get(ctx, &got)
		}
		if err != nil {
			return "", fail(s.name, fmt.Errorf("%s %s: %w", wid, s.name, err))
		}
		if got != s.want {
			return "", fail(s.name+": status "+string(got), fmt.Errorf("%s %s: status %q, want %q", wid, s.name, got, s.want))
		}
		rec.observe(s.name, time.Since(start))
	}
	var final models.OrderStatus
	if err := run.Get(ctx, &final); err != nil {
		return "", fail("workflow did not complete", fmt.Errorf("%s: wait for the workflow to complete: %w", wid, err))
	}
	return wid, nil
}

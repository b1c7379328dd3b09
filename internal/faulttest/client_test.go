package faulttest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The client's retry policy: what a careful integrator of an agency's or a provider's
// system would do. Every request keeps its Idempotency-Key across retries; connection
// errors and 5xx are retried with backoff, a Retry-After is honoured up to retryAfterCap,
// and a request gives up after requestBudget. A 500 is a defect, not an outage: it is
// retried only max500 times in a row, so that a server stuck answering 500 does not eat
// the test's time.
const (
	attemptTimeout = 30 * time.Second
	requestBudget  = 150 * time.Second
	retryAfterCap  = 3 * time.Second
	backoffFirst   = 200 * time.Millisecond
	backoffMax     = 2 * time.Second
	max500         = 4
)

// tally is what the client saw over a phase: every status code of every attempt, retries
// included, and every request whose final answer was not the success it wanted.
type tally struct {
	mu               sync.Mutex
	requests         int         // requests sent (a request with its retries counts once)
	attempts         int         // attempts, retries included
	codes            map[int]int // every HTTP status of every attempt
	netErrors        int         // attempts without an HTTP answer: refused, reset, timed out
	retries          int         // attempts after a request's first
	gaveUp           int         // requests whose retries ran out
	no503RetryAfter  int         // 503 answers without a Retry-After header
	unexpected       []string    // final answers that were not the wanted success
	unexpectedByKind map[string]int
}

func newTally() *tally {
	return &tally{codes: map[int]int{}, unexpectedByKind: map[string]int{}}
}

func (t *tally) attempt(code int, hasRetryAfter bool, netErr bool, retry bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.attempts++
	if retry {
		t.retries++
	}
	if netErr {
		t.netErrors++
		return
	}
	t.codes[code]++
	if code == http.StatusServiceUnavailable && !hasRetryAfter {
		t.no503RetryAfter++
	}
}

// unexpectedAnswer records a final answer that was not the success wanted; kind groups
// them ("negotiation: HTTP 409").
func (t *tally) unexpectedAnswer(kind, detail string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.unexpectedByKind[kind]++
	if len(t.unexpected) < 20 {
		t.unexpected = append(t.unexpected, detail)
	}
}

// count5xx returns the 5xx answers by code.
func (t *tally) count5xx() map[int]int {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := map[int]int{}
	for c, n := range t.codes {
		if c >= 500 {
			out[c] = n
		}
	}
	return out
}

func (t *tally) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var codes []string
	for _, c := range slices.Sorted(maps.Keys(t.codes)) {
		codes = append(codes, fmt.Sprintf("%d×%d", c, t.codes[c]))
	}
	var kinds []string
	for _, k := range slices.Sorted(maps.Keys(t.unexpectedByKind)) {
		kinds = append(kinds, fmt.Sprintf("%s×%d", k, t.unexpectedByKind[k]))
	}
	return fmt.Sprintf("requests %d, attempts %d (retries %d), HTTP codes [%s], no answer %d, gave up %d, "+
		"503 without Retry-After %d, unexpected final answers [%s]",
		t.requests, t.attempts, t.retries, strings.Join(codes, " "), t.netErrors, t.gaveUp,
		t.no503RetryAfter, strings.Join(kinds, ", "))
}

// restClient sends requests to the api process and retries them through its restarts.
type restClient struct {
	base  string
	http  *http.Client
	tally *tally
	// busy counts the attempts of actions (requests with an Idempotency-Key) awaiting
	// their answer, for faults that strike in the middle of one.
	busy atomic.Int64
}

func newRESTClient(base string, t *tally) *restClient {
	return &restClient{base: base, tally: t, http: &http.Client{Timeout: attemptTimeout}}
}

// answer is the final answer to a request; code 0 means there was none (gave up).
type answer struct {
	code int
	body []byte
	err  error // the last attempt's error when there was no answer
	// retryAfterHeader is the answer's Retry-After, for the retry loop.
	retryAfterHeader string
}

func (a answer) String() string {
	if a.code == 0 {
		return fmt.Sprintf("no answer (%v)", a.err)
	}
	b := a.body
	if len(b) > 300 {
		b = append(b[:300:300], "…"...)
	}
	return fmt.Sprintf("HTTP %d: %s", a.code, b)
}

// decode reads a JSON answer into v.
func (a answer) decode(v any) error {
	if err := json.Unmarshal(a.body, v); err != nil {
		return fmt.Errorf("%w: %s", err, a)
	}
	return nil
}

// do sends method path as the holder of token with the given Idempotency-Key ("" for a
// GET) and body (nil for none), retrying as the policy above says, until an answer that
// is not a 5xx, the budget runs out, or ctx ends.
func (c *restClient) do(ctx context.Context, method, path, token, key string, body any) answer {
	var raw []byte
	if body != nil {
		var err error
		if raw, err = json.Marshal(body); err != nil {
			return answer{err: err}
		}
	}
	c.tally.mu.Lock()
	c.tally.requests++
	c.tally.mu.Unlock()
	deadline := time.Now().Add(requestBudget)
	backoff := backoffFirst
	in500 := 0
	var last answer
	for attempt := 0; ; attempt++ {
		last = c.once(ctx, method, path, token, key, raw, attempt > 0)
		wait := backoff
		switch {
		case last.code == http.StatusInternalServerError:
			in500++
			if in500 >= max500 {
				c.giveUp()
				return last
			}
		case last.code >= 500:
			in500 = 0
			if s, err := strconv.Atoi(last.retryAfterHeader); err == nil && s > 0 {
				wait = min(time.Duration(s)*time.Second, retryAfterCap)
			}
		case last.code != 0:
			return last // an answer: success or a client error, either way final
		}
		// Jitter, so that thirty clients do not retry in step after an outage.
		wait = wait/2 + rand.N(wait/2+1) //nolint:gosec // timing jitter
		if time.Now().Add(wait).After(deadline) {
			c.giveUp()
			return last
		}
		select {
		case <-ctx.Done():
			c.giveUp()
			return answer{code: last.code, body: last.body, err: ctx.Err()}
		case <-time.After(wait):
		}
		backoff = min(2*backoff, backoffMax)
	}
}

func (c *restClient) giveUp() {
	c.tally.mu.Lock()
	c.tally.gaveUp++
	c.tally.mu.Unlock()
}

func (c *restClient) once(ctx context.Context, method, path, token, key string, body []byte, retry bool) answer {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return answer{err: err}
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	if key != "" {
		c.busy.Add(1)
		defer c.busy.Add(-1)
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.tally.attempt(0, false, true, retry)
		return answer{err: err}
	}
	defer func() { _ = res.Body.Close() }()
	got, err := io.ReadAll(res.Body)
	if err != nil {
		// The answer was lost on the way: as good as none.
		c.tally.attempt(0, false, true, retry)
		return answer{err: err}
	}
	ra := res.Header.Get("Retry-After")
	c.tally.attempt(res.StatusCode, ra != "", false, retry)
	return answer{code: res.StatusCode, body: got, retryAfterHeader: ra}
}

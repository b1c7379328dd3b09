package app

import (
	"context"
	"sync"
)

type requestKey struct{}

// request is what the app knows of the edge's request: its ID, which the app names in the
// Update IDs it sends, so that every step a request makes is logged with it (Step.Request);
// the address it came from (the edge's, behind the trusted proxies), which the logs of
// reads keep as the access's origin (접속지); and whom it has shown (shownOnce).
type request struct {
	id, clientIP string
	mu           sync.Mutex
	shown        map[string]bool
}

// WithRequest carries the edge's request, by its ID and the client's address, to the app.
func WithRequest(ctx context.Context, id, clientIP string) context.Context {
	return context.WithValue(ctx, requestKey{}, &request{id: id, clientIP: clientIP})
}

func requestOf(ctx context.Context) *request {
	r, _ := ctx.Value(requestKey{}).(*request)
	return r
}

func requestIDOf(ctx context.Context) string {
	if r := requestOf(ctx); r != nil {
		return r.id
	}
	return ""
}

func clientIPOf(ctx context.Context) string {
	if r := requestOf(ctx); r != nil {
		return r.clientIP
	}
	return ""
}

// shownOnce is the subs the request has not shown before, now marked shown; all of them
// outside a request. A page that reads a person three ways (the record, its relations, its
// change log) is one read of them. The request keeps this itself rather than the log
// looking it up by the request's ID, which a client may choose and so could reuse to hide
// a read behind another.
func shownOnce(ctx context.Context, subs []string) []string {
	r := requestOf(ctx)
	if r == nil {
		return subs
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.shown == nil {
		r.shown = map[string]bool{}
	}
	var out []string
	for _, sub := range subs {
		if !r.shown[sub] {
			r.shown[sub] = true
			out = append(out, sub)
		}
	}
	return out
}

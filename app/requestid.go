package app

import (
	"context"
	"sync"
)

type requestIDKey struct{}

// WithRequestID carries the edge's request ID to the app, which names it in the Update IDs
// it sends, so that every step a request makes is logged with it (Step.Request).
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

type clientIPKey struct{}

// WithClientIP carries the address the request came from (the edge's, behind the trusted
// proxies), which the log of reads of personal data keeps as the access's origin (접속지),
// and starts the request's own record of whom it has shown (shownOnce).
func WithClientIP(ctx context.Context, ip string) context.Context {
	return context.WithValue(context.WithValue(ctx, clientIPKey{}, ip), shownKey{}, &shown{subs: map[string]bool{}})
}

type shownKey struct{}

// shown is whom one request has shown: a page that reads a person three ways (the record,
// its relations, its change log) is one read of them. It is kept with the request, not
// looked up by the request's ID, which a client may choose and so could reuse to hide a
// read behind another.
type shown struct {
	mu   sync.Mutex
	subs map[string]bool
}

// shownOnce is the subs the request has not shown before, now marked shown; all of them
// outside a request.
func shownOnce(ctx context.Context, subs []string) []string {
	s, _ := ctx.Value(shownKey{}).(*shown)
	if s == nil {
		return subs
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, sub := range subs {
		if !s.subs[sub] {
			s.subs[sub] = true
			out = append(out, sub)
		}
	}
	return out
}

func clientIPOf(ctx context.Context) string {
	ip, _ := ctx.Value(clientIPKey{}).(string)
	return ip
}

func requestIDOf(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

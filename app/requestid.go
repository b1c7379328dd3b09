package app

import "context"

type requestIDKey struct{}

// WithRequestID carries the edge's request ID to the app, which names it in the Update IDs
// it sends, so that every step a request makes is logged with it (Step.Request).
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

func requestIDOf(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

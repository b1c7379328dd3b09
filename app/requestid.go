package app

import "context"

type requestIDKey struct{}

// WithRequestID carries the edge's request ID to the app, which names it in the Update IDs
// it sends, so that every step a request makes is logged with it (Step.Request).
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

type clientIPKey struct{}

// WithClientIP carries the address the request came from (the edge's, behind the trusted
// proxies), which the log of reads of personal data keeps as the access's origin (접속지).
func WithClientIP(ctx context.Context, ip string) context.Context {
	return context.WithValue(ctx, clientIPKey{}, ip)
}

func clientIPOf(ctx context.Context) string {
	ip, _ := ctx.Value(clientIPKey{}).(string)
	return ip
}

func requestIDOf(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"

	"github.com/gin-gonic/gin"
)

// TestRecoveredPanicIsAProblem: a handler that panics answers a logged 500 problem with
// the request ID, and nothing of the panic reaches the client.
func TestRecoveredPanicIsAProblem(t *testing.T) {
	var logged bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logged, nil))
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Use(requestID, func(c *gin.Context) { c.Set(ctxLogger, logger); c.Next() }, recovery())
	r.GET("/boom", func(*gin.Context) { panic("secret connection string postgres://u:p@db") })

	w := httptest.NewRecorder()
	r.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/boom", nil))
	if w.Code != http.StatusInternalServerError || w.Header().Get("Content-Type") != "application/problem+json" {
		t.Fatalf("%d %s", w.Code, w.Header().Get("Content-Type"))
	}
	var p Problem
	if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(w.Body.String(), "secret") || !strings.Contains(p.Detail, w.Header().Get("X-Request-Id")) {
		t.Fatalf("problem %+v", p)
	}
	if !strings.Contains(logged.String(), "secret connection string") {
		t.Fatal("the panic must be logged for the operator")
	}
}

// TestUnreachableDatabaseIsA503: a store error that says the database could not be reached
// is "try again" with Retry-After, never a 500 (issue 10: clients got 500 during an outage).
func TestUnreachableDatabaseIsA503(t *testing.T) {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Use(requestID, func(c *gin.Context) { c.Set(ctxLogger, slog.New(slog.DiscardHandler)); c.Next() })
	refused := fmt.Errorf("save order: %w", &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED})
	r.GET("/down", func(c *gin.Context) { fail(c, refused) })
	r.GET("/bug", func(c *gin.Context) { fail(c, errors.New("nil map")) })

	w := httptest.NewRecorder()
	r.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/down", nil))
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" {
		t.Fatalf("outage answered %d, Retry-After %q", w.Code, w.Header().Get("Retry-After"))
	}
	if strings.Contains(w.Body.String(), "dial") {
		t.Fatalf("the cause leaked: %s", w.Body.String())
	}
	w = httptest.NewRecorder()
	r.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/bug", nil))
	if w.Code != http.StatusInternalServerError || w.Header().Get("Retry-After") != "" {
		t.Fatalf("a bug answered %d, Retry-After %q", w.Code, w.Header().Get("Retry-After"))
	}
}

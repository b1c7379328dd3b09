package api

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
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

package api

import (
	"context"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
)

// The shapes of handlers every kind of case shares: open a case, take a step on it.

// idempotencyKey reads the Idempotency-Key header: printable ASCII, at most 255 bytes.
func idempotencyKey(c *gin.Context) (string, error) {
	k := strings.TrimSpace(c.GetHeader("Idempotency-Key"))
	if len(k) > 255 {
		return "", fieldErr("Idempotency-Key", "must be at most 255 characters")
	}
	for _, r := range k {
		if r < 0x21 || r > 0x7e {
			return "", fieldErr("Idempotency-Key", "must be printable ASCII without spaces")
		}
	}
	return k, nil
}

// createCase opens a case: decode the body, start the case's workflow, answer 201 with
// its ID and Location (200 for a retry with the same Idempotency-Key).
func createCase[T any](create func(ctx context.Context, by models.Actor, in T, key string) (app.Created, error), location string) gin.HandlerFunc {
	return func(c *gin.Context) {
		key, err := idempotencyKey(c)
		if err != nil {
			fail(c, err)
			return
		}
		var in T
		if err := decode(c, &in); err != nil {
			fail(c, err)
			return
		}
		out, err := create(c.Request.Context(), mustActor(c), in, key)
		if err != nil {
			fail(c, err)
			return
		}
		status := http.StatusCreated
		if !out.Created {
			status = http.StatusOK
		}
		c.Header("Location", location+out.ID)
		c.JSON(status, out)
	}
}

// caseAction is the shape of every human step on a case: decode the body, send the
// Update, answer the case's new state.
func caseAction[T, R any](act func(ctx context.Context, by models.Actor, id, key string, in T) (*R, error)) gin.HandlerFunc {
	return func(c *gin.Context) {
		key, err := idempotencyKey(c)
		if err != nil {
			fail(c, err)
			return
		}
		var in T
		if err := decode(c, &in); err != nil {
			fail(c, err)
			return
		}
		out, err := act(c.Request.Context(), mustActor(c), c.Param("id"), key, in)
		if err != nil {
			fail(c, err)
			return
		}
		c.JSON(http.StatusOK, out)
	}
}

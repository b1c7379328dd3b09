package api

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
)

// The shapes of handlers every kind of case shares: open a case, take a step on it, read
// it. A route is one of them with its app-layer call, so that the order of the checks
// (key, body, call) and the mapping of errors to problems are the same for every case.

// maxIdempotencyKey bounds the Idempotency-Key header, in bytes (all ASCII).
const maxIdempotencyKey = 255

// idempotencyKey reads the Idempotency-Key header: printable ASCII, at most 255 bytes.
func idempotencyKey(c *gin.Context) (string, error) {
	k := strings.TrimSpace(c.GetHeader("Idempotency-Key"))
	if len(k) > maxIdempotencyKey {
		return "", fieldErr("Idempotency-Key", models.Msg("invalid.max_chars", "max", strconv.Itoa(maxIdempotencyKey)))
	}
	for _, r := range k {
		if r < 0x21 || r > 0x7e {
			return "", fieldErr("Idempotency-Key", models.Msg("invalid.idempotency_key_ascii"))
		}
	}
	return k, nil
}

// serve answers do's result with reply, or its error as a problem document.
func serve[R any](do func(c *gin.Context) (R, error), reply func(c *gin.Context, out R)) gin.HandlerFunc {
	return func(c *gin.Context) {
		out, err := do(c)
		if err != nil {
			fail(c, err)
			return
		}
		reply(c, out)
	}
}

// withStatus answers a result as JSON with a fixed status.
func withStatus[R any](status int) func(c *gin.Context, out R) {
	return func(c *gin.Context, out R) { c.JSON(status, out) }
}

// ok answers do's result with 200.
func ok[R any](do func(c *gin.Context) (R, error)) gin.HandlerFunc {
	return serve(do, withStatus[R](http.StatusOK))
}

// keyed reads the Idempotency-Key for do; a bad key is refused before the body is read.
func keyed[R any](do func(c *gin.Context, key string) (R, error)) func(c *gin.Context) (R, error) {
	return func(c *gin.Context) (R, error) {
		key, err := idempotencyKey(c)
		if err != nil {
			var zero R
			return zero, err
		}
		return do(c, key)
	}
}

// withBody decodes the body for do, after the Idempotency-Key.
func withBody[T, R any](do func(c *gin.Context, key string, in T) (R, error)) func(c *gin.Context) (R, error) {
	return keyed(func(c *gin.Context, key string) (R, error) {
		var in T
		if err := decode(c, &in); err != nil {
			var zero R
			return zero, err
		}
		return do(c, key, in)
	})
}

// created answers a new case 201 with its Location, and a retry with the same
// Idempotency-Key 200: the client learns whether this request opened the case.
func created[R any](location string, idOf func(R) (id string, isNew bool)) func(c *gin.Context, out R) {
	return func(c *gin.Context, out R) {
		id, isNew := idOf(out)
		status := http.StatusCreated
		if !isNew {
			status = http.StatusOK
		}
		c.Header("Location", location+id)
		c.JSON(status, out)
	}
}

// createCase opens a case: decode the body, start the case's workflow, answer its ID.
func createCase[T any](create func(ctx context.Context, by models.Actor, in T, key string) (app.Created, error), location string) gin.HandlerFunc {
	return serve(withBody(func(c *gin.Context, key string, in T) (app.Created, error) {
		return create(c.Request.Context(), mustActor(c), in, key)
	}), created(location, func(out app.Created) (string, bool) { return out.ID, out.Created }))
}

// caseAction is the shape of every human step on a case: decode the body, send the
// Update, answer the case's new state.
func caseAction[T, R any](act func(ctx context.Context, by models.Actor, id, key string, in T) (R, error)) gin.HandlerFunc {
	return ok(withBody(func(c *gin.Context, key string, in T) (R, error) {
		return act(c.Request.Context(), mustActor(c), c.Param("id"), key, in)
	}))
}

// byID answers the case the path's :id names, as the caller may see it.
func byID[R any](get func(ctx context.Context, by models.Actor, id string) (R, error)) gin.HandlerFunc {
	return ok(func(c *gin.Context) (R, error) { return get(c.Request.Context(), mustActor(c), c.Param("id")) })
}

package api

import (
	"context"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
)

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

func handleCreateOrder(orders *app.Orders) gin.HandlerFunc {
	return func(c *gin.Context) {
		key, err := idempotencyKey(c)
		if err != nil {
			fail(c, err)
			return
		}
		var in app.CreateOrderInput
		if err := decode(c, &in); err != nil {
			fail(c, err)
			return
		}
		out, err := orders.Create(c.Request.Context(), mustActor(c), in, key)
		if err != nil {
			fail(c, err)
			return
		}
		status := http.StatusCreated
		if !out.Created {
			status = http.StatusOK
		}
		c.Header("Location", "/api/v1/orders/"+out.ID)
		c.JSON(status, out)
	}
}

func handleListOrders(orders *app.Orders) gin.HandlerFunc {
	return func(c *gin.Context) {
		var fe models.Fields
		size := pageSize(c, &fe)
		status := c.Query("status")
		if status != "" && !validOrderStatus(status) {
			fe.Add("status", "is not an order status")
		}
		if err := fe.Err(); err != nil {
			fail(c, err)
			return
		}
		items, next, err := orders.List(c.Request.Context(), mustActor(c), status, size, c.Query("page_token"))
		if err != nil {
			fail(c, err)
			return
		}
		if items == nil {
			items = []models.Order{}
		}
		c.JSON(http.StatusOK, Page[models.Order]{Items: items, NextPageToken: next})
	}
}

func validOrderStatus(s string) bool {
	switch models.OrderStatus(s) {
	case models.OrderProposalRequested, models.OrderProposalSubmitted, models.OrderNegotiating,
		models.OrderNotQualified, models.OrderDeliveryRequested, models.OrderLapsed, models.OrderCancelled:
		return true
	}
	return false
}

func handleGetOrder(orders *app.Orders) gin.HandlerFunc {
	return func(c *gin.Context) {
		o, err := orders.Get(c.Request.Context(), mustActor(c), c.Param("id"))
		if err != nil {
			fail(c, err)
			return
		}
		c.JSON(http.StatusOK, o)
	}
}

// orderAction is the shape of every human step on an order: decode the body, send the
// Update, answer the new state.
func orderAction[T any](act func(ctx context.Context, by models.Actor, id, key string, in T) (*models.Order, error)) gin.HandlerFunc {
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
		o, err := act(c.Request.Context(), mustActor(c), c.Param("id"), key, in)
		if err != nil {
			fail(c, err)
			return
		}
		c.JSON(http.StatusOK, o)
	}
}

func handleSubmitProposal(orders *app.Orders) gin.HandlerFunc {
	return orderAction(func(ctx context.Context, by models.Actor, id, key string, in models.ProposalInput) (*models.Order, error) {
		return orders.SubmitProposal(ctx, by, id, key, in)
	})
}

// EvaluationInput is the body of POST /orders/{id}/evaluation.
type EvaluationInput struct {
	Scores []models.ScoreInput `json:"scores"`
}

func handleEvaluate(orders *app.Orders) gin.HandlerFunc {
	return orderAction(func(ctx context.Context, by models.Actor, id, key string, in EvaluationInput) (*models.Order, error) {
		return orders.Evaluate(ctx, by, id, key, in.Scores)
	})
}

func handleNegotiate(orders *app.Orders) gin.HandlerFunc {
	return orderAction(func(ctx context.Context, by models.Actor, id, key string, in models.NegotiationInput) (*models.Order, error) {
		return orders.Negotiate(ctx, by, id, key, in)
	})
}

func handleCancel(orders *app.Orders) gin.HandlerFunc {
	return orderAction(func(ctx context.Context, by models.Actor, id, key string, in models.CancelInput) (*models.Order, error) {
		return orders.Cancel(ctx, by, id, key, in)
	})
}

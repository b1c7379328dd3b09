package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
)

func handleCreateOrder(orders *app.Orders) gin.HandlerFunc {
	return createCase(orders.Create, "/api/v1/orders/")
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

func handleSubmitProposal(orders *app.Orders) gin.HandlerFunc {
	return caseAction(func(ctx context.Context, by models.Actor, id, key string, in models.ProposalInput) (*models.Order, error) {
		return orders.SubmitProposal(ctx, by, id, key, in)
	})
}

// EvaluationInput is the body of POST /orders/{id}/evaluation.
type EvaluationInput struct {
	Scores []models.ScoreInput `json:"scores"`
}

func handleEvaluate(orders *app.Orders) gin.HandlerFunc {
	return caseAction(func(ctx context.Context, by models.Actor, id, key string, in EvaluationInput) (*models.Order, error) {
		return orders.Evaluate(ctx, by, id, key, in.Scores)
	})
}

func handleNegotiate(orders *app.Orders) gin.HandlerFunc {
	return caseAction(func(ctx context.Context, by models.Actor, id, key string, in models.NegotiationInput) (*models.Order, error) {
		return orders.Negotiate(ctx, by, id, key, in)
	})
}

func handleCancel(orders *app.Orders) gin.HandlerFunc {
	return caseAction(func(ctx context.Context, by models.Actor, id, key string, in models.CancelInput) (*models.Order, error) {
		return orders.Cancel(ctx, by, id, key, in)
	})
}

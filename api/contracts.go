package api

import (
	"context"
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
)

func handleCreateContract(contracts *app.Contracts) gin.HandlerFunc {
	return createCase(contracts.Create, "/api/v1/contracts/")
}

func handleListContracts(contracts *app.Contracts) gin.HandlerFunc {
	return func(c *gin.Context) {
		var fe models.Fields
		size := pageSize(c, &fe)
		status := c.Query("status")
		if status != "" && !slices.Contains(models.AllDirectContractStatuses, models.DirectContractStatus(status)) {
			fe.Add("status", "is not a contract status")
		}
		if err := fe.Err(); err != nil {
			fail(c, err)
			return
		}
		items, next, err := contracts.List(c.Request.Context(), mustActor(c), status, size, c.Query("page_token"))
		if err != nil {
			fail(c, err)
			return
		}
		if items == nil {
			items = []models.DirectContract{}
		}
		c.JSON(http.StatusOK, Page[models.DirectContract]{Items: items, NextPageToken: next})
	}
}

func handleGetContract(contracts *app.Contracts) gin.HandlerFunc {
	return func(c *gin.Context) {
		ct, err := contracts.Get(c.Request.Context(), mustActor(c), c.Param("id"))
		if err != nil {
			fail(c, err)
			return
		}
		c.JSON(http.StatusOK, ct)
	}
}

// handleChangeContract takes PATCH /contracts/{id}: a change is a step on the contract's
// case, answered with the contract in its new state.
func handleChangeContract(contracts *app.Contracts) gin.HandlerFunc {
	return caseAction(func(ctx context.Context, by models.Actor, id, key string, in models.ContractChangeInput) (*models.DirectContract, error) {
		return contracts.RegisterChange(ctx, by, id, key, in)
	})
}

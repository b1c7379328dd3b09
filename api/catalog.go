package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

// Page is the list envelope of API.md.
type Page[T any] struct {
	Items         []T    `json:"items"`
	NextPageToken string `json:"next_page_token"`
}

// pageSize reads ?page_size=: default 50, at most 500.
func pageSize(c *gin.Context, fe *models.Fields) int {
	v := c.Query("page_size")
	if v == "" {
		return models.DefaultPageSize
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > models.MaxPageSize {
		fe.Add("page_size", "must be a whole number from 1 to %d", models.MaxPageSize)
	}
	return n
}

func optionalBool(c *gin.Context, name string, fe *models.Fields) *bool {
	switch c.Query(name) {
	case "":
		return nil
	case "true":
		t := true
		return &t
	case "false":
		f := false
		return &f
	}
	fe.Add(name, "must be true or false")
	return nil
}

func handleListServices(st *store.Store) gin.HandlerFunc {
	return func(c *gin.Context) {
		var fe models.Fields
		f := models.ServiceFilter{PageSize: pageSize(c, &fe), PageToken: c.Query("page_token")}
		q, err := models.NormalizeQuery(c.Query("q"))
		if err != nil {
			fe.Add("q", "%s", err)
		}
		f.Q = q
		if v := c.Query("type"); v != "" {
			if f.Type, err = models.ParseServiceType(v); err != nil {
				fe.Add("type", "%s", err)
			}
		}
		if v := c.Query("subtype"); v != "" {
			if f.Subtype, err = models.ParseSubtype(v); err != nil {
				fe.Add("subtype", "%s", err)
			} else if f.Type != "" && f.Subtype.Type() != f.Type {
				fe.Add("subtype", "%s is not a subtype of %s", f.Subtype, f.Type)
			}
		}
		f.SME = optionalBool(c, "sme", &fe)
		f.CSAP = optionalBool(c, "csap", &fe)
		if err := fe.Err(); err != nil {
			fail(c, err)
			return
		}
		items, next, err := st.SearchServices(c.Request.Context(), f)
		if err != nil {
			fail(c, err)
			return
		}
		if items == nil {
			items = []models.Service{}
		}
		c.JSON(http.StatusOK, Page[models.Service]{Items: items, NextPageToken: next})
	}
}

func handleGetService(st *store.Store) gin.HandlerFunc {
	return func(c *gin.Context) {
		svc, err := st.GetService(c.Request.Context(), c.Param("id"))
		if err != nil {
			fail(c, err)
			return
		}
		c.JSON(http.StatusOK, svc)
	}
}

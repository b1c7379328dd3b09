package api

import (
	"context"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

// The list routes: a keyset page at a time, with each list's filters.

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
		fe.AddText("page_size", models.Msg("invalid.whole_number_range", "min", "1", "max", strconv.Itoa(models.MaxPageSize)))
	}
	return n
}

// pageOf reads a list's ?page_size= and ?page_token=, for a list without filters.
func pageOf(c *gin.Context) (size int, token string, err error) {
	var fe models.Fields
	size = pageSize(c, &fe)
	return size, c.Query("page_token"), fe.Err()
}

// listOf serves a list route, a keyset page at a time: filter reads the query's filters,
// naming each bad one in fe after page_size, so that a request with several mistakes
// learns them all at once; fetch reads one page of what the caller may see.
func listOf[F, T any](filter func(c *gin.Context, fe *models.Fields) F,
	fetch func(ctx context.Context, by models.Actor, f F, size int, token string) ([]T, string, error)) gin.HandlerFunc {
	return ok(func(c *gin.Context) (Page[T], error) {
		var fe models.Fields
		size := pageSize(c, &fe)
		f := filter(c, &fe)
		if err := fe.Err(); err != nil {
			return Page[T]{}, err
		}
		items, next, err := fetch(c.Request.Context(), mustActor(c), f, size, c.Query("page_token"))
		if items == nil {
			items = []T{} // an empty page is [], never null
		}
		return Page[T]{Items: items, NextPageToken: next}, err
	})
}

// noFilter is the filter of a list that has none.
func noFilter(*gin.Context, *models.Fields) struct{} { return struct{}{} }

// pathID is the filter of a list of one object's entries: the object the path's :id names.
func pathID(c *gin.Context, _ *models.Fields) string { return c.Param("id") }

// statusIn is the filter of a list whose one filter is ?status=, one of all; F is the
// type the app layer's list takes it as.
func statusIn[F, S ~string](all []S, key string) func(c *gin.Context, fe *models.Fields) F {
	return func(c *gin.Context, fe *models.Fields) F { return F(oneOf(c, fe, "status", all, key)) }
}

// statusParsed is the filter of a list whose one filter is ?status=, read by parse.
func statusParsed[S any](parse func(string) (S, error)) func(c *gin.Context, fe *models.Fields) S {
	return func(c *gin.Context, fe *models.Fields) S { return parsed(c, fe, "status", parse) }
}

// oneOf reads the query parameter name, which is either absent or one of all; key is the
// message of any other value.
func oneOf[S ~string](c *gin.Context, fe *models.Fields, name string, all []S, key string) S {
	v := S(c.Query(name))
	if v != "" && !slices.Contains(all, v) {
		fe.AddText(name, models.Msg(key))
	}
	return v
}

// parsed reads the query parameter name with the models' own parser, whose error says
// what the value must be.
func parsed[S any](c *gin.Context, fe *models.Fields, name string, parse func(string) (S, error)) S {
	return parsedOf(c.Query, fe, name, parse)
}

func parsedOf[S any](get func(string) string, fe *models.Fields, name string, parse func(string) (S, error)) S {
	var v S
	if s := get(name); s != "" {
		var err error
		if v, err = parse(s); err != nil {
			fe.AddErr(name, err)
		}
	}
	return v
}

func optionalBool(c *gin.Context, name string, fe *models.Fields) *bool {
	return optionalBoolOf(c.Query, name, fe)
}

func optionalBoolOf(get func(string) string, name string, fe *models.Fields) *bool {
	switch get(name) {
	case "":
		return nil
	case "true":
		t := true
		return &t
	case "false":
		f := false
		return &f
	}
	fe.AddText(name, models.Msg("invalid.bool"))
	return nil
}

// ServiceFilterOf reads the catalog search's parameters (q, type, subtype, sme, csap, and the
// price ceiling) through get, naming each bad one in fe: GET /services reads its query so,
// and the web catalog its form.
func ServiceFilterOf(get func(string) string, fe *models.Fields) models.ServiceFilter {
	var f models.ServiceFilter
	q, err := models.NormalizeQuery(get("q"))
	if err != nil {
		fe.AddErr("q", err)
	}
	f.Q = q
	f.Type = parsedOf(get, fe, "type", models.ParseServiceType)
	// A subtype that does not parse is empty, and so is not also named as another type's.
	if f.Subtype = parsedOf(get, fe, "subtype", models.ParseSubtype); f.Subtype != "" && f.Type != "" && f.Subtype.Type() != f.Type {
		fe.AddText("subtype", models.Msg("invalid.search_subtype_of_type", "subtype", string(f.Subtype), "type", string(f.Type)))
	}
	f.SME = optionalBoolOf(get, "sme", fe)
	f.CSAP = optionalBoolOf(get, "csap", fe)
	f.PriceItem, f.MaxUnitPriceKRW = models.ParsePriceCeiling(get("price_item"), get("max_unit_price_krw"), fe)
	return f
}

func handleListServices(st *store.Store) gin.HandlerFunc {
	return listOf(func(c *gin.Context, fe *models.Fields) models.ServiceFilter {
		return ServiceFilterOf(c.Query, fe)
	}, func(ctx context.Context, _ models.Actor, f models.ServiceFilter, size int, token string) ([]models.Service, string, error) {
		f.PageSize, f.PageToken = size, token
		return st.SearchServices(ctx, f)
	})
}

func handleListQualityCases(q *app.Quality) gin.HandlerFunc {
	return listOf(func(c *gin.Context, fe *models.Fields) app.QualityCaseQuery {
		query := app.QualityCaseQuery{ServiceID: c.Query("service_id")}
		if y := c.Query("year"); y != "" {
			n, err := strconv.Atoi(y)
			if err != nil || n < 2000 || n > 9999 {
				fe.AddText("year", models.Msg("invalid.year", "example", "2026"))
			}
			query.Year = n
		}
		query.Status = parsed(c, fe, "status", models.ParseQualityStatus)
		return query
	}, func(ctx context.Context, by models.Actor, query app.QualityCaseQuery, size int, token string) ([]models.QualityCase, string, error) {
		query.PageSize, query.PageToken = size, token
		return q.List(ctx, by, query)
	})
}

var taskStatuses = []models.TaskStatus{models.TaskOpen, models.TaskDone, models.TaskCancelled}

// handleListTasks serves GET /tasks: status, kind, scope (mine, the default, or all: every
// assignee's, for operators and auditors) and overdue (true: the open tasks past their due
// time).
func handleListTasks(tasks *app.Tasks) gin.HandlerFunc {
	return listOf(func(c *gin.Context, fe *models.Fields) app.TaskQuery {
		q := app.TaskQuery{Status: oneOf(c, fe, "status", taskStatuses, "invalid.task_status"),
			Kind:     oneOf(c, fe, "kind", models.AllTaskKinds, "invalid.task_kind"),
			Everyone: oneOf(c, fe, "scope", []string{"mine", "all"}, "invalid.task_scope") == "all",
			Overdue:  oneOf(c, fe, "overdue", []string{"true", "false"}, "invalid.bool") == "true"}
		if q.Overdue && q.Status != "" && q.Status != models.TaskOpen {
			fe.AddText("overdue", models.Msg("invalid.overdue_open_only"))
		}
		return q
	}, func(ctx context.Context, by models.Actor, q app.TaskQuery, size int, token string) ([]models.Task, string, error) {
		return tasks.List(ctx, by, q, size, token)
	})
}

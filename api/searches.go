package api

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
)

// The direct-award searches (API.md, docs/searches.md): an agency saves a catalog search
// as evidence, downloads it as JSON or CSV (each download recorded), evaluates its
// candidates and ends it; auditors read every search.

func handleCreateSearch(s *app.Searches) gin.HandlerFunc {
	return serve(withBody(func(c *gin.Context, key string, in models.SearchInput) (app.Registered[*models.Search], error) {
		return s.Create(c.Request.Context(), mustActor(c), in, key)
	}), func(c *gin.Context, out app.Registered[*models.Search]) {
		status := http.StatusOK
		if out.Created {
			status = http.StatusCreated
		}
		c.Header("Location", "/api/v1/searches/"+out.Item.ID)
		c.JSON(status, out.Item)
	})
}

// noSearchFilter: a search list has no filters beyond its page.
func noSearchFilter(*gin.Context, *models.Fields) struct{} { return struct{}{} }

func handleListSearches(s *app.Searches) gin.HandlerFunc {
	return listOf(noSearchFilter, func(ctx context.Context, by models.Actor, f struct{}, size int, token string) ([]models.Search, string, error) {
		return s.List(ctx, by, f, size, token)
	})
}

// handleGetSearch answers a search as JSON, or as CSV with ?format=csv; each answer is a
// download of the evidence and is recorded as one.
func handleGetSearch(s *app.Searches) gin.HandlerFunc {
	return func(c *gin.Context) {
		format := c.DefaultQuery("format", "json")
		if format != "json" && format != "csv" {
			fail(c, fieldErr("format", models.Msg("invalid.search_export_format")))
			return
		}
		sr, err := s.Download(c.Request.Context(), mustActor(c), c.Param("id"), format)
		if err != nil {
			fail(c, err)
			return
		}
		if format == "json" {
			c.JSON(http.StatusOK, sr)
			return
		}
		c.Header("Content-Disposition", `attachment; filename="`+sr.ID+`.csv"`)
		c.Data(http.StatusOK, "text/csv; charset=utf-8", SearchCSV(sr))
	}
}

// SearchCSV is a search as CSV: a BOM, then lines naming the search (its ID, title, query,
// time, hash, price ceiling), a blank line, and one row per result in the frozen order, with the column
// names of the JSON fields. The web pages serve the same file.
func SearchCSV(sr *models.Search) []byte {
	var buf bytes.Buffer
	w, _ := NewCSV(&buf) // a buffer takes every write
	sme, csap := boolText(sr.Query.SME), boolText(sr.Query.CSAP)
	_ = w.WriteAll([][]string{
		{"search_id", sr.ID}, {"title", sr.Title}, {"q", sr.Query.Q}, {"type", string(sr.Query.Type)},
		{"subtype", string(sr.Query.Subtype)}, {"sme", sme}, {"csap", csap},
		{"created_at", sr.CreatedAt.UTC().Format(time.RFC3339)}, {"created_by", sr.CreatedBy},
		{"agency_org", sr.AgencyOrg}, {"count", strconv.Itoa(sr.Count)}, {"sha256", sr.SHA256},
		// Last, so that the lines above stand where they stood before the ceiling was kept.
		{"price_item", sr.Query.PriceItem}, {"max_unit_price_krw", krwText(sr.Query.MaxUnitPriceKRW)}, {},
		{"rank", "service_id", "name", "provider_org", "provider_name", "type", "subtype", "version"},
	})
	for i, r := range sr.Results {
		_ = w.Write([]string{strconv.Itoa(i + 1), r.ServiceID, r.Name, r.Provider.Org, r.Provider.Name,
			string(r.Type), string(r.Subtype), strconv.Itoa(r.Version)})
	}
	w.Flush()
	return buf.Bytes()
}

func krwText(k *models.KRW) string {
	if k == nil {
		return ""
	}
	return strconv.FormatInt(int64(*k), 10)
}

func boolText(b *bool) string {
	if b == nil {
		return ""
	}
	return strconv.FormatBool(*b)
}

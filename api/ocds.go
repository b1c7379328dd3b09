package api

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
)

// OCDS open data (docs/ocds.md): public, no token needed.

// The feed's page sizes: larger than other lists' by default, since a reader of open data
// usually walks the whole feed.
const (
	ocdsDefaultPageSize = 100
	ocdsMaxPageSize     = models.MaxPageSize
)

const ocdsReleasesPath = "/api/v1/ocds/releases"

// handleOCDSReleases serves the feed: a release package of the changes after page_token
// (from the start when absent), published at or after since (RFC 3339) when given.
func handleOCDSReleases(o *app.OCDS) gin.HandlerFunc {
	return ok(func(c *gin.Context) (models.OCDSReleasePackage, error) {
		var fe models.Fields
		size := ocdsDefaultPageSize
		if v := c.Query("page_size"); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > ocdsMaxPageSize {
				fe.AddText("page_size", models.Msg("invalid.whole_number_range", "min", "1", "max", strconv.Itoa(ocdsMaxPageSize)))
			}
			size = n
		}
		var since time.Time
		if v := c.Query("since"); v != "" {
			t, err := time.Parse(time.RFC3339, v)
			if err != nil {
				fe.AddText("since", models.Msg("invalid.date_time", "rfc", "3339", "example", "2026-01-01T00:00:00+09:00"))
			}
			since = t
		}
		if err := fe.Err(); err != nil {
			return models.OCDSReleasePackage{}, err
		}
		page, err := o.Releases(c.Request.Context(), since, size, c.Query("page_token"))
		if err != nil {
			return models.OCDSReleasePackage{}, err
		}
		base := ocdsBaseURL(c, o.Publisher.BaseURL) + ocdsReleasesPath
		return models.OCDSReleasePackage{
			URI: base + ocdsQuery(c.Query("since"), c.Query("page_token"), c.Query("page_size")), Version: models.OCDSVersion,
			Publisher: models.OCDSPublisherInfo{Name: o.Publisher.Name}, PublishedDate: page.PublishedDate,
			Releases: page.Releases,
			Links:    models.OCDSLinks{Next: base + ocdsQuery(c.Query("since"), page.NextPageToken, c.Query("page_size"))},
		}, nil
	})
}

// handleOCDSRecord serves one process's record package.
func handleOCDSRecord(o *app.OCDS) gin.HandlerFunc {
	return ok(func(c *gin.Context) (models.OCDSRecordPackage, error) {
		rec, err := o.Record(c.Request.Context(), c.Param("ocid"))
		if err != nil {
			return models.OCDSRecordPackage{}, err
		}
		last := rec.Releases[len(rec.Releases)-1]
		return models.OCDSRecordPackage{
			URI:     ocdsBaseURL(c, o.Publisher.BaseURL) + "/api/v1/ocds/records/" + url.PathEscape(rec.OCID),
			Version: models.OCDSVersion, Publisher: models.OCDSPublisherInfo{Name: o.Publisher.Name},
			PublishedDate: last.Date, Records: []models.OCDSRecord{rec},
		}, nil
	})
}

// ocdsQuery is the query of a feed page's URL: its parameters as the reader gave them,
// with the page's own token.
func ocdsQuery(since, token, size string) string {
	q := url.Values{}
	for k, v := range map[string]string{"since": since, "page_token": token, "page_size": size} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}

// ocdsBaseURL is where the API is reached, for the packages' URIs: PUBLIC_BASE_URL when
// set, else the address this request came to.
func ocdsBaseURL(c *gin.Context, configured string) string {
	if configured != "" {
		return strings.TrimRight(configured, "/")
	}
	scheme := "http"
	if c.Request.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + c.Request.Host
}

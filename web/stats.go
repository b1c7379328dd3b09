package web

import (
	"errors"
	"html/template"
	"math"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

// The statistics (GET /api/v1/stats) for anyone: a period form, the headline figures, and
// charts drawn on the server, each with a table of its figures.

type statsView struct {
	// Stats is nil when the period was refused.
	Stats  *models.Stats
	Charts []statsChart
	// Head is the decision log's newest row, published for anyone to keep (docs/audit-log.md):
	// a log that later does not reach this seq with this hash was changed.
	Head *store.AuditHead
}

// statsChart is one chart and the table of its figures; Amounts says whether the table
// has an amount column.
type statsChart struct {
	ID, Title string
	SVG       template.HTML
	Rows      []statsRow
	Amounts   bool
}

type statsRow struct {
	Label     string
	Count     int
	AmountKRW models.KRW
}

func (u *UI) stats(c *gin.Context) {
	f := newForm(c.Request.URL.Query())
	p := u.pageFor(c, "h.stats")
	period, err := models.ParseStatsPeriod(c.Query("from"), c.Query("to"), models.DateOf(u.now()))
	var invalid *models.Error
	if errors.As(err, &invalid) {
		f.Errors = invalid.Fields
		u.showCase(c, http.StatusUnprocessableEntity, "stats", p, f, "", statsView{})
		return
	}
	st, err := u.app.Store.Stats(ctx(c), period)
	if err != nil {
		u.fail(c, err)
		return
	}
	if f.Val("from") == "" && f.Val("to") == "" {
		f.Values.Set("from", st.From.String())
		f.Values.Set("to", st.To.String())
	}
	v := newStatsView(p, st)
	head, err := u.app.Store.AuditHead(ctx(c))
	if err != nil {
		u.fail(c, err)
		return
	}
	v.Head = &head
	u.showCase(c, http.StatusOK, "stats", p, f, "", v)
}

// newStatsView draws the charts of st in the page's language.
func newStatsView(p page, st models.Stats) statsView {
	v := statsView{Stats: &st}
	counts := func(id, title, ns string, bs []models.CountBucket) {
		ch := statsChart{ID: id, Title: p.T(title)}
		points := make([]chartPoint, len(bs))
		for i, b := range bs {
			l := p.L(ns, b.Key)
			ch.Rows = append(ch.Rows, statsRow{Label: l, Count: b.Count})
			points[i] = chartPoint{Label: l, Value: float64(b.Count), Text: p.count(b.Count)}
		}
		ch.SVG = barChart(id, ch.Title, points)
		v.Charts = append(v.Charts, ch)
	}
	amounts := func(id, title, ns string, bs []models.AmountBucket, line bool) {
		ch := statsChart{ID: id, Title: p.T(title), Amounts: true}
		points := make([]chartPoint, len(bs))
		for i, b := range bs {
			l := b.Key
			if ns != "" {
				l = p.L(ns, b.Key)
			}
			ch.Rows = append(ch.Rows, statsRow{Label: l, Count: b.Count, AmountKRW: models.KRW(b.AmountKRW)})
			points[i] = chartPoint{Label: l, Value: float64(b.AmountKRW), Text: p.amount(b.AmountKRW)}
		}
		if line {
			ch.SVG = lineChart(id, ch.Title, points)
		} else {
			ch.SVG = barChart(id, ch.Title, points)
		}
		v.Charts = append(v.Charts, ch)
	}
	c := st.Contracts
	amounts("chart-contracts-year", "stats.contracts.year", "", c.ByYear, true)
	amounts("chart-contracts-type", "stats.contracts.type", "svctype", c.ByType, false)
	amounts("chart-contracts-subtype", "stats.contracts.subtype", "subtype", c.BySubtype, false)
	amounts("chart-contracts-agency", "stats.contracts.agency", "agencykind", c.ByAgencyKind, false)
	amounts("chart-contracts-size", "stats.contracts.size", "psize", c.ByProviderSize, false)
	amounts("chart-contracts-method", "stats.contracts.method", "cmethod", c.ByMethod, false)
	counts("chart-services-subtype", "stats.services.subtype", "subtype", st.Services.BySubtype)
	counts("chart-services-size", "stats.services.size", "psize", st.Services.ByProviderSize)
	return v
}

// count writes a number of things with its unit: "1,149건", "1,149".
func (p page) count(n int) string {
	if p.Lang == langKO {
		return groupDigits(int64(n)) + "건"
	}
	return groupDigits(int64(n))
}

// amount writes an amount the way the public figures do: in 억 원 in Korean (4,454억 원),
// in billions in English (445.4 bn KRW); a small one in 만 원 or millions.
func (p page) amount(krw int64) string {
	if krw != 0 && krw < 1e8 { // under 억 (0.1 bn), which would show as 0.0
		if p.Lang == langKO {
			return groupDigits(int64(math.Round(float64(krw)/1e4))) + "만 원"
		}
		return strconv.FormatFloat(float64(krw)/1e6, 'f', 1, 64) + " m KRW"
	}
	if p.Lang == langKO {
		eok := float64(krw) / 1e8
		if eok >= 100 || eok == math.Trunc(eok) {
			return groupDigits(int64(math.Round(eok))) + "억 원"
		}
		return strconv.FormatFloat(eok, 'f', 1, 64) + "억 원"
	}
	return models.BillionKRW(krw) + " bn KRW"
}

// Amount is amount for the templates.
func (p page) Amount(krw int64) string { return p.amount(krw) }

// Count writes a count with digit groups (2,495), as the amounts beside it are written.
func (p page) Count(n int) string { return groupDigits(int64(n)) }

// Days writes a median lead time, or a dash when there is none.
func (p page) Days(d *float64) string {
	if d == nil {
		return "—"
	}
	s := strconv.FormatFloat(*d, 'f', -1, 64)
	if p.Lang == langKO {
		return s + "일"
	}
	return s + " days"
}

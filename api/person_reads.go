package api

import (
	"context"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

// PersonReadFilterOf reads the filters of the reads of personal data (actor, subject, and
// the days from–to in Asia/Seoul, both included) through get, naming each bad one in fe: GET
// /api/v1/audit/person-reads reads its query so, and the auditor's page its form.
func PersonReadFilterOf(get func(string) string, fe *models.Fields) store.PersonReadFilter {
	f := store.PersonReadFilter{Actor: subOf(get, fe, "actor"), Subject: subOf(get, fe, "subject")}
	f.From, f.To = periodOf(get, fe)
	return f
}

func personReadFilter(c *gin.Context, fe *models.Fields) store.PersonReadFilter {
	return PersonReadFilterOf(c.Query, fe)
}

// registryKinds are the subjects of the registry's change log, which ?kind= names.
var registryKinds = []string{"organization", "person", "relation"}

// RegistryChangeFilterOf reads the filters of the registry's change log across subjects:
// who made the change (actor), whose record (subject), what kind of record and the days,
// as the access log's (PersonReadFilterOf).
func RegistryChangeFilterOf(get func(string) string, fe *models.Fields) store.RegistryChangeFilter {
	p := PersonReadFilterOf(get, fe)
	f := store.RegistryChangeFilter{Subject: p.Subject, Actor: p.Actor, From: p.From, To: p.To}
	if kind := strings.TrimSpace(get("kind")); kind != "" {
		if !slices.Contains(registryKinds, kind) {
			fe.AddText("kind", models.Msg("invalid.registry_kind"))
		}
		f.Kinds = []string{kind}
	}
	return f
}

func registryChangeFilter(c *gin.Context, fe *models.Fields) store.RegistryChangeFilter {
	return RegistryChangeFilterOf(c.Query, fe)
}

// PersonReaderList is the readers of personal data over a period, the most first.
type PersonReaderList struct {
	Items []models.PersonReader `json:"items"`
}

func handlePersonReaders(d *app.Directory) gin.HandlerFunc {
	return ok(func(c *gin.Context) (PersonReaderList, error) {
		var fe models.Fields
		f := personReadFilter(c, &fe)
		if err := fe.Err(); err != nil {
			return PersonReaderList{}, err
		}
		items, err := d.PersonReaders(c.Request.Context(), mustActor(c), f)
		if items == nil {
			items = []models.PersonReader{}
		}
		return PersonReaderList{Items: items}, err
	})
}

// personReadsCSVHeader names the CSV's columns: PersonRead's JSON fields, in their order.
var personReadsCSVHeader = []string{"subject_sub", "action", "sub", "role", "org", "request_id", "client_ip", "read_at"}

// WritePersonReadsCSV writes every read f selects, newest first, as CSV for a spreadsheet,
// with the columns of GET /api/v1/audit/person-reads (WriteCSVPages: the first page is read
// before anything is written).
func WritePersonReadsCSV(ctx context.Context, d *app.Directory, by models.Actor, f store.PersonReadFilter, w io.Writer) (started bool, err error) {
	return WriteCSVPages(w, personReadsCSVHeader, func(token string) ([]models.PersonRead, string, error) {
		return d.ListPersonReads(ctx, by, f, models.MaxPageSize, token)
	}, func(r models.PersonRead) []string {
		return []string{r.Subject, r.Action, r.Sub, string(r.Role), r.Org, r.RequestID, r.ClientIP, r.ReadAt.Format(time.RFC3339)}
	})
}

// handleRecordPersonReadCheck records an auditor's check of the access log: 201 with its
// Location, or 200 with the first when the same check was recorded before (a retry).
func handleRecordPersonReadCheck(d *app.Directory) gin.HandlerFunc {
	return register(func(c *gin.Context, by models.Actor, in models.PersonReadCheckInput) (app.Registered[models.PersonReadCheck], error) {
		return d.RecordPersonReadCheck(c.Request.Context(), by, in)
	}, func(*gin.Context, models.PersonReadCheck) string { return "/api/v1/audit/person-read-checks" })
}

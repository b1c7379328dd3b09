package api_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/internal/ocdsschema"
	"github.com/dsmarket/dsmarket/models"
)

// ocdsPath is the path and query of a link the API wrote, to call on the test server.
func ocdsPath(t *testing.T, link string) string {
	t.Helper()
	u, err := url.Parse(link)
	require.NoError(t, err)
	return u.RequestURI()
}

// ocdsFeed is the whole feed read page by page, following links.next from first: every
// non-empty page's body, and the releases in order.
func ocdsFeed(t *testing.T, h *harness, first string) (pages [][]byte, releases []models.OCDSRelease) {
	t.Helper()
	path := first
	for {
		r := h.do("GET", path, "", nil)
		require.Equal(t, http.StatusOK, r.status, r.String())
		var p models.OCDSReleasePackage
		require.NoError(t, json.Unmarshal(r.body, &p))
		require.Equal(t, "1.1", p.Version)
		require.NotEmpty(t, p.Links.Next, "links.next on every page")
		if len(p.Releases) == 0 {
			// The end, for now: the next link stays where it is.
			require.Equal(t, path, ocdsPath(t, p.Links.Next))
			return pages, releases
		}
		pages = append(pages, r.body)
		releases = append(releases, p.Releases...)
		path = ocdsPath(t, p.Links.Next)
	}
}

// ocdsAwait waits until the process's record exists, for what a workflow's activity
// publishes after the API answered.
func ocdsAwait(t *testing.T, h *harness, process string, releases int) {
	t.Helper()
	require.Eventually(t, func() bool {
		r := h.do("GET", "/api/v1/ocds/records/"+models.DefaultOCDSPrefix+"-"+process, "", nil)
		if r.status != http.StatusOK {
			return false
		}
		var p models.OCDSRecordPackage
		return json.Unmarshal(r.body, &p) == nil && len(p.Records[0].Releases) >= releases
	}, 20*time.Second, 50*time.Millisecond, "%s: %d releases", process, releases)
}

// TestOcds_DemoDataValidates publishes what the demo produces (the seeded catalog, a
// catalog order taken to its delivery request, direct contracts registered, amended and
// closed, a suspension and its end) and validates every release package of the feed and
// every record package of every process against the OCDS 1.1 schemas: any error fails.
func TestOcds_DemoDataValidates(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	v, err := ocdsschema.New()
	require.NoError(t, err)

	order := h.newOrder()
	require.Equal(t, http.StatusOK, h.do("POST", "/api/v1/orders/"+order+"/proposal", h.provider(), validProposal).status)
	require.Equal(t, http.StatusOK, h.do("POST", "/api/v1/orders/"+order+"/evaluation", h.agency(), score90).status)
	require.Equal(t, http.StatusOK, h.do("POST", "/api/v1/orders/"+order+"/negotiation", h.agency(), agreed).status)
	contract := h.newContract(contractBody("SVC-0001", 3))
	// Published once registered; only then is the change an amendment of its own (a change
	// the workflow took before its first write is in the registration's release).
	ocdsAwait(t, h, contract, 1)
	change := map[string]any{"changed_on": day(0), "reason": "과업 추가", "amount_krw": 52_000_000}
	r := h.do("PATCH", "/api/v1/contracts/"+contract, h.agency(), change)
	require.Equal(t, http.StatusOK, r.status, r.String())
	closed := h.closedContract()
	require.NoError(t, h.store.SetServiceStatus(ctx, "SVC-0003", models.ServiceSuspended))
	require.NoError(t, h.store.SetServiceStatus(ctx, "SVC-0003", models.ServiceRegistered))
	ocdsAwait(t, h, order, 1)
	ocdsAwait(t, h, contract, 2)
	// The contract's workflow may write it closed at once (its window is over): one release
	// then, with the contract terminated.
	require.Eventually(t, func() bool {
		r := h.do("GET", "/api/v1/ocds/records/"+models.DefaultOCDSPrefix+"-"+closed, "", nil)
		var p models.OCDSRecordPackage
		if r.status != http.StatusOK || json.Unmarshal(r.body, &p) != nil {
			return false
		}
		contracts, _ := p.Records[0].CompiledRelease["contracts"].([]any)
		return len(contracts) == 1 && contracts[0].(map[string]any)["status"] == "terminated"
	}, 20*time.Second, 50*time.Millisecond, "%s terminated", closed)

	pages, releases := ocdsFeed(t, h, "/api/v1/ocds/releases?page_size=500")
	for i, page := range pages {
		require.NoError(t, v.ReleasePackage(page), "page %d", i)
	}
	byOCID := map[string][]models.OCDSRelease{}
	ids := map[string]bool{}
	for _, rel := range releases {
		raw, err := json.Marshal(rel)
		require.NoError(t, err)
		require.NoError(t, v.Release(raw), string(raw))
		require.False(t, ids[rel.OCID+" "+rel.ID], "release %s of %s twice", rel.ID, rel.OCID)
		ids[rel.OCID+" "+rel.ID] = true
		byOCID[rel.OCID] = append(byOCID[rel.OCID], rel)
	}
	for ocid, rels := range byOCID {
		r := h.do("GET", "/api/v1/ocds/records/"+ocid, "", nil)
		require.Equal(t, http.StatusOK, r.status, r.String())
		require.NoError(t, v.RecordPackage(r.body), ocid)
		var p models.OCDSRecordPackage
		require.NoError(t, json.Unmarshal(r.body, &p))
		require.Len(t, p.Records, 1)
		require.Equal(t, ocid, p.Records[0].OCID)
		require.Len(t, p.Records[0].Releases, len(rels), "the record holds the process's releases of the feed")
	}

	// The call-offs point to their frameworks and say how they were awarded.
	prefix := models.DefaultOCDSPrefix + "-"
	orderRel := byOCID[prefix+order][0]
	require.Equal(t, "selective", orderRel.Tender.ProcurementMethod)
	require.Equal(t, "framework", orderRel.RelatedProcesses[0].Relationship[0])
	require.Contains(t, byOCID, orderRel.RelatedProcesses[0].Identifier)
	require.Equal(t, "KRW", orderRel.Contracts[0].Value.Currency)
	require.Equal(t, int64(105_000_000), orderRel.Contracts[0].Value.Amount)
	direct := byOCID[prefix+contract]
	require.Equal(t, "direct", direct[0].Tender.ProcurementMethod)
	require.Equal(t, []string{"contractAmendment"}, direct[1].Tag)
	ended := byOCID[prefix+closed]
	require.Equal(t, "terminated", ended[len(ended)-1].Contracts[0].Status)
	require.Len(t, byOCID[prefix+"SVC-0003"], 3, "selected, suspended, reinstated")

	// Smaller pages walk the same feed; since keeps the releases from a date on.
	_, small := ocdsFeed(t, h, "/api/v1/ocds/releases?page_size=97")
	require.Equal(t, releases, small)
	from := releases[len(releases)-3].Date
	_, recent := ocdsFeed(t, h, "/api/v1/ocds/releases?since="+url.QueryEscape(from.Format(time.RFC3339Nano)))
	require.Equal(t, releases[len(releases)-3:], recent)
}

// exerciseOcds is the OCDS routes' part of TestOpenAPI_LiveResponses.
func exerciseOcds(t *testing.T, h *harness, call caller) {
	t.Helper()
	page := call("GET", "/api/v1/ocds/releases?page_size=2", "", nil, 200).json(t)
	next := page["links"].(map[string]any)["next"].(string)
	call("GET", ocdsPath(t, next), "", nil, 200)
	call("GET", "/api/v1/ocds/releases?since=2020-01-01T00:00:00%2B09:00", h.agency(), nil, 200)
	call("GET", "/api/v1/ocds/releases?since=2099-01-01T00:00:00Z", "", nil, 200) // nothing yet: an empty page
	call("GET", "/api/v1/ocds/releases?since=yesterday", "", nil, 422)
	call("GET", "/api/v1/ocds/releases?page_size=501", "", nil, 422)
	call("GET", "/api/v1/ocds/releases?page_token=not-a-token", "", nil, 422)
	call("GET", "/api/v1/ocds/releases", "", nil, 401, "Authorization", "Bearer not-a-token")
	call("GET", "/api/v1/ocds/records/"+models.DefaultOCDSPrefix+"-SVC-0001", "", nil, 200)
	call("GET", "/api/v1/ocds/records/"+models.DefaultOCDSPrefix+"-SVC-9999", "", nil, 404)
	call("GET", "/api/v1/ocds/records/ocds-zzzzzz-SVC-0001", "", nil, 404)
}

// TestOcds_SchemasMatchGoTypes: the document's OCDS schemas have the fields of the Go
// types, required exactly when Go always writes them.
func TestOcds_SchemasMatchGoTypes(t *testing.T) {
	doc := servedOpenAPI(t)
	for name, v := range map[string]any{
		"OcdsReleasePackage": models.OCDSReleasePackage{}, "OcdsRecordPackage": models.OCDSRecordPackage{},
		"OcdsRecord": models.OCDSRecord{}, "OcdsRelease": models.OCDSRelease{},
		"OcdsPublisher": models.OCDSPublisherInfo{}, "OcdsLinks": models.OCDSLinks{},
	} {
		t.Run(name, func(t *testing.T) {
			s := doc.Components.Schemas[name]
			require.NotNil(t, s, name)
			props, required := schemaFields(s.Value)
			all, always := goJSONFields(reflect.TypeOf(v))
			require.ElementsMatch(t, all, props, "properties of %s", name)
			require.ElementsMatch(t, always, required, "required of %s", name)
		})
	}
	p := models.OCDSPublisher{}.Or()
	rel, err := p.Release(models.OCDSChange{Seq: 1, Process: "SVC-0001", Kind: "framework", Change: "selected", At: time.Now(),
		Snapshot: json.RawMessage(`{"id":"SVC-0001","name":"n","status":"registered","version":1,"provider":{"org":"PV-0001","name":"p"}}`)})
	require.NoError(t, err)
	pkg := models.OCDSReleasePackage{URI: "http://localhost:8080/api/v1/ocds/releases", Version: models.OCDSVersion,
		Publisher: models.OCDSPublisherInfo{Name: p.Name}, PublishedDate: rel.Date, Releases: []models.OCDSRelease{rel},
		Links: models.OCDSLinks{Next: "http://localhost:8080/api/v1/ocds/releases?page_token=MQ"}}
	require.NoError(t, doc.Components.Schemas["OcdsReleasePackage"].Value.VisitJSON(jsonRoundTrip(t, pkg),
		openapi3.VisitAsResponse(), openapi3.EnableFormatValidation()))
}

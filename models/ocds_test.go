package models_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/internal/ocdsschema"
	"github.com/dsmarket/dsmarket/models"
)

func TestOcdsPublisher(t *testing.T) {
	p, err := models.ParseOCDSPublisher("", "", "")
	require.NoError(t, err)
	require.Equal(t, models.OCDSPublisher{Prefix: "ocds-xxxxxx", Name: models.DefaultOCDSPublisherName}, p)
	require.Equal(t, "ocds-xxxxxx-SVC-0001", p.OCID("SVC-0001"))
	process, ok := p.Process("ocds-xxxxxx-ORD-2026-000001")
	require.True(t, ok)
	require.Equal(t, "ORD-2026-000001", process)
	for _, ocid := range []string{"ocds-xxxxxx-", "ocds-abcdef-SVC-0001", "SVC-0001", ""} {
		_, ok := p.Process(ocid)
		require.False(t, ok, ocid)
	}
	p, err = models.ParseOCDSPublisher("ocds-a1b2c3", "NIA", "https://dsmarket.example.org")
	require.NoError(t, err)
	require.Equal(t, "ocds-a1b2c3-CT-2026-000001", p.OCID("CT-2026-000001"))
	for _, bad := range []string{"ocds-xxxxx", "ocds-xxxxxxx", "OCDS-xxxxxx", "ocds-xx-xxx", "ocds-xxxxxx-"} {
		_, err := models.ParseOCDSPublisher(bad, "", "")
		require.Error(t, err, bad)
	}
}

// change is a feed row as the triggers write it.
func change(seq int64, process, kind, what, snapshot string) models.OCDSChange {
	return models.OCDSChange{Seq: seq, Process: process, Kind: kind, Change: what,
		At: time.Date(2026, 12, 3, 1, 0, int(seq), 0, time.UTC), Snapshot: json.RawMessage(snapshot)}
}

const serviceSnap = `{"id":"SVC-0001","name":"한빛 클라우드 서버","name_en":"Hanbit Cloud Server","description":"가상서버",
	"description_en":"","type":"cloud","subtype":"iaas","status":"%s","selected_on":"2024-01-15","version":%d,
	"provider":{"org":"PV-0001","name":"(주)한빛클라우드"}%s}`

// TestOcdsReleases builds the releases of a framework and of its call-offs and checks
// what the issue asks of them, and that each validates against the OCDS 1.1 schema.
func TestOcdsReleases(t *testing.T) {
	v, err := ocdsschema.New()
	require.NoError(t, err)
	p := models.OCDSPublisher{}.Or()
	build := func(c models.OCDSChange) models.OCDSRelease {
		t.Helper()
		r, err := p.Release(c)
		require.NoError(t, err)
		raw, err := json.Marshal(r)
		require.NoError(t, err)
		require.NoError(t, v.Release(raw), string(raw))
		again, err := p.Release(c)
		require.NoError(t, err)
		require.Equal(t, r, again, "a release is built from its change alone")
		return r
	}
	service := func(status string, version int, extra string) string {
		return fmt.Sprintf(serviceSnap, status, version, extra)
	}

	selected := build(change(1, "SVC-0001", "framework", "selected", service("registered", 1, "")))
	require.Equal(t, "ocds-xxxxxx-SVC-0001", selected.OCID)
	require.Equal(t, []string{"award"}, selected.Tag)
	require.Equal(t, "procuringEntity", selected.Parties[0].Roles[0])
	require.Equal(t, models.OCDSOperatorOrg, selected.Tender.ProcuringEntity.ID)
	require.Equal(t, "PV-0001", selected.Awards[0].Suppliers[0].ID)
	require.Equal(t, "active", selected.Awards[0].Status)
	require.Equal(t, "2024-01-15T00:00:00+09:00", selected.Awards[0].Date.Format(time.RFC3339))

	// A snapshot written before migration 00030 kept no English block: its release stays as
	// it was, without the English texts, though the snapshot has the English name.
	require.Empty(t, selected.Tender.TitleEn)
	require.Empty(t, selected.Tender.Description)
	require.Empty(t, selected.Awards[0].Items[0].DescriptionEn)
	// One written since keeps the key features and the English texts, and the release says
	// them in OCDS's language-suffixed fields.
	bilingual := build(change(10, "SVC-0001", "framework", "changed", service("registered", 2,
		`,"features":["스냅샷 자동 백업","GPU 서버"],"english":{"name":"Hanbit Cloud Server","description":"Virtual servers",`+
			`"features":["Automatic snapshots","GPU servers"]}`)))
	require.Equal(t, "Digital service selection: Hanbit Cloud Server", bilingual.Tender.TitleEn)
	require.Equal(t, "주요 기능: 스냅샷 자동 백업; GPU 서버", bilingual.Tender.Description)
	require.Equal(t, "Key features: Automatic snapshots; GPU servers", bilingual.Tender.DescriptionEn)
	require.Equal(t, "Hanbit Cloud Server: Virtual servers", bilingual.Tender.Items[0].DescriptionEn)
	require.Equal(t, "Hanbit Cloud Server", bilingual.Awards[0].TitleEn)
	require.Equal(t, bilingual.Tender.Items, bilingual.Awards[0].Items)

	changed := build(change(2, "SVC-0001", "framework", "changed", service("registered", 2, "")))
	require.Equal(t, []string{"awardUpdate"}, changed.Tag)
	removed := build(change(3, "SVC-0001", "framework", "removed", service("removed", 2, "")))
	require.Equal(t, []string{"awardCancellation"}, removed.Tag)
	require.Equal(t, "cancelled", removed.Awards[0].Status)
	notice := build(change(4, "SVC-0001", "framework", "unfit_notice", service("removed", 2, `,"reason":"폐업 (business closed)"`)))
	require.Contains(t, notice.Awards[0].Description, "폐업")
	ids := map[string]bool{}
	for _, r := range []models.OCDSRelease{selected, changed, removed, notice, bilingual} {
		require.False(t, ids[r.ID], "release id %s reused", r.ID)
		ids[r.ID] = true
	}

	order := build(change(5, "ORD-2026-000001", "catalog", "contracted", `{"id":"CT-ORD-2026-000001","method":"catalog",
		"order_id":"ORD-2026-000001","service":{"id":"SVC-0001","name":"한빛 클라우드 서버"},
		"agency":{"org":"AG-0001","name":"행정안전부"},"provider":{"org":"PV-0001","name":"(주)한빛클라우드"},
		"title":"민원포털 클라우드 전환","amount_krw":105000000,"contracted_on":"2026-12-03","budget_krw":120000000,
		"requested_at":"2026-11-20T10:00:00+09:00","proposal_due":"2026-11-27"}`))
	require.Equal(t, "ocds-xxxxxx-ORD-2026-000001", order.OCID)
	require.Equal(t, []string{"award", "contract"}, order.Tag)
	require.Equal(t, "selective", order.Tender.ProcurementMethod)
	require.Equal(t, "catalog order (카탈로그계약)", order.Tender.ProcurementMethodDetails)
	require.Equal(t, models.OCDSValue{Amount: 105_000_000, Currency: "KRW"}, order.Contracts[0].Value)
	require.Equal(t, int64(120_000_000), order.Tender.Value.Amount)
	require.Equal(t, "AG-0001", order.Buyer.ID)
	require.Equal(t, []string{"buyer", "procuringEntity"}, order.Parties[0].Roles)
	require.Equal(t, []string{"supplier"}, order.Parties[1].Roles)
	require.Equal(t, []models.OCDSRelatedProcess{{ID: "framework", Relationship: []string{"framework"},
		Title: "디지털서비스 선정: 한빛 클라우드 서버", Scheme: "ocid", Identifier: "ocds-xxxxxx-SVC-0001"}}, order.RelatedProcesses)

	direct := `{"id":"CT-2026-000001","method":"direct","order_id":null,"service":{"id":"SVC-0001","name":"한빛 클라우드 서버"},
		"agency":{"org":"AG-0001","name":"행정안전부"},"provider":{"org":"PV-0001","name":"(주)한빛클라우드"},
		"title":"민원포털 운영","amount_krw":%d,"contracted_on":"2026-10-01","status":"%s","period_from":"2026-10-01",
		"period_to":"2027-09-30","changes":%s}`
	dc := func(amount int, status, changes string) string {
		return fmt.Sprintf(direct, amount, status, changes)
	}
	registered := build(change(6, "CT-2026-000001", "direct", "contracted", dc(48_000_000, "registered", "[]")))
	require.Equal(t, "direct", registered.Tender.ProcurementMethod)
	require.Equal(t, int64(48_000_000), registered.Awards[0].Value.Amount)
	amendment := `[{"no":1,"changed_on":"2026-11-01","reason":"과업 추가","amount_krw":52000000,"period_from":null,"period_to":null,"title":null}]`
	amended := build(change(7, "CT-2026-000001", "direct", "amended", dc(52_000_000, "registered", amendment)))
	require.Equal(t, []string{"contractAmendment"}, amended.Tag)
	require.Nil(t, amended.Awards, "an amendment changes the contract, not the award")
	closed := build(change(8, "CT-2026-000001", "direct", "closed", dc(52_000_000, "closed", amendment)))
	require.Equal(t, "terminated", closed.Contracts[0].Status)

	// The record of the direct contract: the award as first published, the contract as
	// amended and ended.
	compiled, err := models.CompileOCDS([]models.OCDSRelease{registered, amended, closed})
	require.NoError(t, err)
	raw, err := json.Marshal(compiled)
	require.NoError(t, err)
	require.NoError(t, v.Release(raw), string(raw))
	require.Equal(t, []any{"compiled"}, compiled["tag"])
	award := compiled["awards"].([]any)[0].(map[string]any)
	require.Equal(t, float64(48_000_000), award["value"].(map[string]any)["amount"])
	contract := compiled["contracts"].([]any)[0].(map[string]any)
	require.Equal(t, "terminated", contract["status"])
	require.Equal(t, float64(52_000_000), contract["value"].(map[string]any)["amount"])
	require.Len(t, contract["amendments"], 1)

	_, err = p.Release(change(9, "SVC-0001", "framework", "exploded", service("registered", 1, "")))
	require.Error(t, err)
	_, err = p.Release(change(9, "SVC-0001", "framework", "selected", `{"id":`))
	require.Error(t, err)
}

// TestOcdsMerge: the OCDS merge rules, field by field.
func TestOcdsMerge(t *testing.T) {
	decode := func(s string) map[string]any {
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(s), &m))
		return m
	}
	dst := decode(`{"a":1,"gone":"x","obj":{"k":1,"keep":true},"plain":[1,2,3],
		"items":[{"id":"1","d":"one","q":1},{"id":2,"d":"two"}]}`)
	models.MergeOCDS(dst, decode(`{"a":2,"gone":null,"obj":{"k":2},"plain":[4],
		"items":[{"id":"1","d":"uno","q":null},{"id":"2","d":"string two"},{"id":"3","d":"three"}],"new":{"x":[{"y":1}]}}`))
	require.Equal(t, decode(`{"a":2,"obj":{"k":2,"keep":true},"plain":[4],
		"items":[{"id":"1","d":"uno"},{"id":2,"d":"two"},{"id":"2","d":"string two"},{"id":"3","d":"three"}],
		"new":{"x":[{"y":1}]}}`), dst)

	_, err := models.CompileOCDS(nil)
	require.Error(t, err)
}

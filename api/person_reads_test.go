package api_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
)

// The registry's people are personal data (names, e-mail addresses, affiliations, declared
// relations): every read of a person's record is noted, the auditors read who read whom,
// and the person sees that their record was read and by which office.
func TestDirectory_PersonReads(t *testing.T) {
	h := newHarness(t)
	// What the log holds is read from the store: a read of the log through the API is
	// itself a read (access_log), checked below.
	reads := func(sub string) []models.PersonRead {
		items, _, err := h.store.PersonReads(context.Background(), sub, models.MaxPageSize, "")
		require.NoError(t, err)
		return items
	}
	require.Empty(t, reads("cho.expert"), "the seed reads nobody's record")

	// The record is a read, named by the request's ID.
	r := h.do("GET", "/api/v1/people/cho.expert", h.operator(), nil, "X-Request-Id", "person-page-1")
	require.Equal(t, http.StatusOK, r.status, r.String())
	r = h.do("GET", "/api/v1/people/cho.expert/reads", h.auditor(), nil)
	require.Equal(t, http.StatusOK, r.status, r.String())
	got := r.json(t)["items"].([]any)
	require.Len(t, got, 1, "the page is read before the auditor's own read of it is noted")
	first := got[0].(map[string]any)
	require.Equal(t, "record", first["action"])
	require.Equal(t, "park.operator", first["sub"])
	require.Equal(t, "operator", first["role"])
	require.Equal(t, "NIA", first["org"])
	require.Equal(t, "person-page-1", first["request_id"])
	require.Equal(t, "127.0.0.1", first["client_ip"], "where the read came from")
	// The auditor who read the log read the person's record in it.
	logRead := reads("cho.expert")[0]
	require.Equal(t, models.PersonReadAccessLog, logRead.Action)
	require.Equal(t, "lee.auditor", logRead.Sub)

	// Its relations and change log are reads too, each its own request: a client that sends
	// a request ID again (the ID is the client's to choose) hides none of them.
	for _, path := range []string{"/relations", "/changes"} {
		r := h.do("GET", "/api/v1/people/cho.expert"+path, h.operator(), nil, "X-Request-Id", "person-page-1")
		require.Equal(t, http.StatusOK, r.status, r.String())
	}
	require.Len(t, reads("cho.expert"), 4, "three reads of the record, one of the log")

	// A list is a read of each person it shows, and the auditor's own reads are noted too.
	r = h.do("GET", "/api/v1/people?role=expert&page_size=100", h.auditor(), nil)
	require.Equal(t, http.StatusOK, r.status, r.String())
	listed := r.json(t)["items"].([]any)
	require.NotEmpty(t, listed)
	for _, p := range listed {
		sub := p.(map[string]any)["sub"].(string)
		last := reads(sub)[0]
		require.Equal(t, models.PersonReadList, last.Action, sub)
		require.Equal(t, "lee.auditor", last.Sub, sub)
	}
	require.Len(t, reads("cho.expert"), 5, "the three reads of the record, the log's and the list's")
	r = h.do("GET", "/api/v1/people/cho.expert/reads?page_size=1", h.auditor(), nil)
	page := r.json(t)
	require.Equal(t, "list", page["items"].([]any)[0].(map[string]any)["action"])
	r = h.do("GET", "/api/v1/people/cho.expert/reads?page_size=1&page_token="+page["next_page_token"].(string), h.auditor(), nil)
	require.Equal(t, "record", r.json(t)["items"].([]any)[0].(map[string]any)["action"], "the next page holds the older read")
	require.Len(t, reads("cho.expert"), 7, "each page of the log read is a read of it")

	// The person sees when and by which office, not by whom; reading their own relations is
	// no read of their record by anyone else. The auditors' reads of the log are among them.
	cho := h.token(models.RoleExpert, "ETRI", "cho.expert")
	require.Equal(t, http.StatusOK, h.do("GET", "/api/v1/me/relations", cho, nil).status)
	r = h.do("GET", "/api/v1/me/reads", cho, nil)
	require.Equal(t, http.StatusOK, r.status, r.String())
	mine := r.json(t)["items"].([]any)
	require.Len(t, mine, 7)
	for _, m := range mine {
		require.NotContains(t, m.(map[string]any), "sub", "the staff's names are not the person's to learn")
		require.NotContains(t, m.(map[string]any), "request_id")
		require.NotContains(t, m.(map[string]any), "client_ip")
	}
	require.Equal(t, map[string]any{"role": "auditor", "org": "BAI", "action": "access_log", "subject_sub": "cho.expert"},
		without(mine[0].(map[string]any), "read_at"))
	require.Equal(t, "operator", mine[6].(map[string]any)["role"])

	// Only the auditors read the log: the operators are whom it watches.
	h.do("GET", "/api/v1/people/cho.expert/reads", h.operator(), nil).problem(t, http.StatusForbidden)
	h.do("GET", "/api/v1/people/nobody/reads", h.auditor(), nil).problem(t, http.StatusNotFound)
	h.do("GET", "/api/v1/me/reads", h.agency(), nil).problem(t, http.StatusForbidden)
	h.do("GET", "/api/v1/me/reads", h.token(models.RoleExpert, "NIA", "not.registered"), nil).problem(t, http.StatusNotFound)
	// A person not found is no read, nor is a log refused to its reader.
	h.do("GET", "/api/v1/people/nobody", h.operator(), nil).problem(t, http.StatusNotFound)
	require.Len(t, reads("cho.expert"), 7)

	// Across people: what one reader read, and the period's readers, the most first. Each
	// person the page shows is read in it, once a page.
	r = h.do("GET", "/api/v1/audit/person-reads?actor=park.operator", h.auditor(), nil)
	require.Equal(t, http.StatusOK, r.status, r.String())
	byOperator := r.json(t)["items"].([]any)
	require.Len(t, byOperator, 3)
	require.Equal(t, "cho.expert", byOperator[0].(map[string]any)["subject_sub"])
	require.Len(t, reads("cho.expert"), 8, "three rows of one person: one read of them")
	r = h.do("GET", "/api/v1/audit/person-readers", h.auditor(), nil)
	require.Equal(t, http.StatusOK, r.status, r.String())
	readers := r.json(t)["items"].([]any)
	require.Len(t, readers, 2)
	bySub := map[string]map[string]any{}
	for i, x := range readers {
		reader := without(x.(map[string]any), "last_read_at")
		bySub[reader["sub"].(string)] = reader
		if i > 0 {
			require.GreaterOrEqual(t, readers[i-1].(map[string]any)["reads"], reader["reads"], "the most first")
		}
	}
	require.Equal(t, map[string]any{"sub": "lee.auditor", "role": "auditor", "org": "BAI", "reads": float64(len(listed) + 4),
		"people": float64(len(listed))}, bySub["lee.auditor"], "the list's reads and four of the log, all of cho.expert")
	require.Equal(t, map[string]any{"sub": "park.operator", "role": "operator", "org": "NIA", "reads": 3.0, "people": 1.0},
		bySub["park.operator"])
	r = h.do("GET", "/api/v1/audit/person-readers?to=2020-01-01", h.auditor(), nil)
	require.Equal(t, http.StatusOK, r.status, r.String())
	require.Empty(t, r.json(t)["items"], "no read before the period's end")
	p := h.do("GET", "/api/v1/audit/person-reads?from=2026-12-07&to=2026-12-01", h.auditor(), nil).problem(t, http.StatusUnprocessableEntity)
	require.Equal(t, "to", p.Errors[0].Field)
	h.do("GET", "/api/v1/audit/person-readers", h.operator(), nil).problem(t, http.StatusForbidden)

	// The log is kept as written.
	db := h.store.DB()
	require.Error(t, db.Exec(`UPDATE person_reads SET actor_sub = 'someone.else'`).Error)
	require.Error(t, db.Exec(`DELETE FROM person_reads`).Error)
	require.Error(t, db.Exec(`TRUNCATE person_reads`).Error)

	// A read that cannot be noted is not answered: nothing of the person is shown, nor the
	// log that names them.
	require.NoError(t, db.Exec(`CREATE FUNCTION refuse_reads() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN RAISE EXCEPTION 'refused for the test'; END $$`).Error)
	require.NoError(t, db.Exec(`CREATE TRIGGER refuse_reads BEFORE INSERT ON person_reads FOR EACH ROW EXECUTE FUNCTION refuse_reads()`).Error)
	for _, path := range []string{"/api/v1/people/cho.expert", "/api/v1/people?role=expert", "/api/v1/people/cho.expert/relations"} {
		r := h.do("GET", path, h.operator(), nil)
		require.GreaterOrEqual(t, r.status, 500, path)
		require.NotContains(t, r.String(), "ETRI", path)
		require.NotContains(t, r.String(), "조예린", path)
	}
	for _, path := range []string{"/api/v1/people/cho.expert/reads", "/api/v1/audit/person-reads"} {
		r := h.do("GET", path, h.auditor(), nil)
		require.GreaterOrEqual(t, r.status, 500, path)
		require.NotContains(t, r.String(), `"items"`, path)
		require.NotContains(t, r.String(), "park.operator", path)
	}
}

// without is m less the keys named.
func without(m map[string]any, keys ...string) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		out[k] = v
	}
	for _, k := range keys {
		delete(out, k)
	}
	return out
}

// TestAudit_RegistryChangesAcrossRecords: the auditors read who changed what in the
// registry across organizations and people, by actor, record, kind and days; the people a
// page shows are read in the access log; the operators, whom it watches, may not read it.
func TestAudit_RegistryChangesAcrossRecords(t *testing.T) {
	h := newHarness(t)
	ok := func(r response) {
		t.Helper()
		require.Less(t, r.status, 300, r.String())
	}
	ok(h.do("PATCH", "/api/v1/organizations/PV-0001", h.operator(), map[string]any{"name_en": "Hanbit Cloud Co."}))
	ok(h.do("PATCH", "/api/v1/people/cho.expert", h.operator(), map[string]any{"language": "en"}))
	ok(h.do("POST", "/api/v1/people/kang.expert/relations", h.operator(),
		map[string]any{"business_no": "101-81-12341", "kind": "work", "since": "2025-03-01"}))

	list := func(query string) []map[string]any {
		t.Helper()
		r := h.do("GET", "/api/v1/audit/registry-changes?"+query, h.auditor(), nil)
		require.Equal(t, http.StatusOK, r.status, r.String())
		var out []map[string]any
		for _, x := range r.json(t)["items"].([]any) {
			out = append(out, x.(map[string]any))
		}
		return out
	}
	byOperator := list("actor=park.operator")
	require.Len(t, byOperator, 3, "the operator's three changes, whatever the seed registered")
	require.Equal(t, []any{"relation", "person", "organization"},
		[]any{byOperator[0]["subject"], byOperator[1]["subject"], byOperator[2]["subject"]}, "newest first")
	require.Equal(t, "kang.expert", byOperator[0]["subject_id"])
	orgChange := byOperator[2]["changes"].([]any)
	require.Len(t, orgChange, 1)
	require.Equal(t, "name_en", orgChange[0].(map[string]any)["field"])
	require.Equal(t, "Hanbit Cloud Co.", orgChange[0].(map[string]any)["new"])
	require.Len(t, list("actor=park.operator&kind=organization"), 1)
	onlyCho := list("subject=cho.expert&actor=park.operator")
	require.Len(t, onlyCho, 1)
	require.Equal(t, []any{map[string]any{"field": "language", "old": "ko", "new": "en"}}, onlyCho[0]["changes"])
	require.Empty(t, list("actor=park.operator&to=2020-01-01"))

	// The people the pages showed were read by the auditor; the organization is no person.
	for _, sub := range []string{"cho.expert", "kang.expert"} {
		reads, _, err := h.store.PersonReads(context.Background(), sub, 10, "")
		require.NoError(t, err)
		require.NotEmpty(t, reads, sub)
		require.Equal(t, "lee.auditor", reads[0].Sub, sub)
		require.Equal(t, models.PersonReadRecord, reads[0].Action, sub)
	}

	p := h.do("GET", "/api/v1/audit/registry-changes?from=2026-12-07&to=2026-12-01&kind=bank", h.auditor(), nil).
		problem(t, http.StatusUnprocessableEntity)
	require.ElementsMatch(t, []string{"to", "kind"}, fieldsOf(p))
	h.do("GET", "/api/v1/audit/registry-changes", h.operator(), nil).problem(t, http.StatusForbidden)
}

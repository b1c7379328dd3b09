package api_test

import (
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
	reads := func(sub, token string) []any {
		r := h.do("GET", "/api/v1/people/"+sub+"/reads", token, nil)
		require.Equal(t, http.StatusOK, r.status, r.String())
		return r.json(t)["items"].([]any)
	}
	require.Empty(t, reads("cho.expert", h.auditor()), "the seed reads nobody's record")

	// The record is a read, named by the request's ID.
	r := h.do("GET", "/api/v1/people/cho.expert", h.operator(), nil, "X-Request-Id", "person-page-1")
	require.Equal(t, http.StatusOK, r.status, r.String())
	got := reads("cho.expert", h.auditor())
	require.Len(t, got, 1)
	first := got[0].(map[string]any)
	require.Equal(t, "record", first["action"])
	require.Equal(t, "park.operator", first["sub"])
	require.Equal(t, "operator", first["role"])
	require.Equal(t, "NIA", first["org"])
	require.Equal(t, "person-page-1", first["request_id"])
	require.Equal(t, "127.0.0.1", first["client_ip"], "where the read came from")

	// Its relations and change log are reads too, each its own request: a client that sends
	// a request ID again (the ID is the client's to choose) hides none of them.
	for _, path := range []string{"/relations", "/changes"} {
		r := h.do("GET", "/api/v1/people/cho.expert"+path, h.operator(), nil, "X-Request-Id", "person-page-1")
		require.Equal(t, http.StatusOK, r.status, r.String())
	}
	require.Len(t, reads("cho.expert", h.auditor()), 3)

	// A list is a read of each person it shows, and the auditor's own reads are noted too.
	r = h.do("GET", "/api/v1/people?role=expert&page_size=100", h.auditor(), nil)
	require.Equal(t, http.StatusOK, r.status, r.String())
	listed := r.json(t)["items"].([]any)
	require.NotEmpty(t, listed)
	for _, p := range listed {
		sub := p.(map[string]any)["sub"].(string)
		last := reads(sub, h.auditor())[0].(map[string]any)
		require.Equal(t, "list", last["action"], sub)
		require.Equal(t, "lee.auditor", last["sub"], sub)
	}
	require.Len(t, reads("cho.expert", h.auditor()), 4, "the three reads of the record and the list's, newest first")
	r = h.do("GET", "/api/v1/people/cho.expert/reads?page_size=1", h.auditor(), nil)
	page := r.json(t)
	require.Equal(t, "list", page["items"].([]any)[0].(map[string]any)["action"])
	r = h.do("GET", "/api/v1/people/cho.expert/reads?page_size=1&page_token="+page["next_page_token"].(string), h.auditor(), nil)
	require.Equal(t, "record", r.json(t)["items"].([]any)[0].(map[string]any)["action"], "the next page holds the older read")

	// The person sees when and by which office, not by whom; reading their own relations is
	// no read of their record by anyone else.
	cho := h.token(models.RoleExpert, "ETRI", "cho.expert")
	require.Equal(t, http.StatusOK, h.do("GET", "/api/v1/me/relations", cho, nil).status)
	r = h.do("GET", "/api/v1/me/reads", cho, nil)
	require.Equal(t, http.StatusOK, r.status, r.String())
	mine := r.json(t)["items"].([]any)
	require.Len(t, mine, 4)
	for _, m := range mine {
		require.NotContains(t, m.(map[string]any), "sub", "the staff's names are not the person's to learn")
		require.NotContains(t, m.(map[string]any), "request_id")
		require.NotContains(t, m.(map[string]any), "client_ip")
	}
	require.Equal(t, "auditor", mine[0].(map[string]any)["role"])
	require.Equal(t, "operator", mine[3].(map[string]any)["role"])

	// Only the auditors read the log: the operators are whom it watches.
	h.do("GET", "/api/v1/people/cho.expert/reads", h.operator(), nil).problem(t, http.StatusForbidden)
	h.do("GET", "/api/v1/people/nobody/reads", h.auditor(), nil).problem(t, http.StatusNotFound)
	h.do("GET", "/api/v1/me/reads", h.agency(), nil).problem(t, http.StatusForbidden)
	h.do("GET", "/api/v1/me/reads", h.token(models.RoleExpert, "NIA", "not.registered"), nil).problem(t, http.StatusNotFound)
	// A person not found is no read, and reading the log reads no record.
	h.do("GET", "/api/v1/people/nobody", h.operator(), nil).problem(t, http.StatusNotFound)
	require.Len(t, reads("cho.expert", h.auditor()), 4)

	// Across people: what one reader read, and the period's readers, the most first.
	r = h.do("GET", "/api/v1/audit/person-reads?actor=park.operator", h.auditor(), nil)
	require.Equal(t, http.StatusOK, r.status, r.String())
	byOperator := r.json(t)["items"].([]any)
	require.Len(t, byOperator, 3)
	require.Equal(t, "cho.expert", byOperator[0].(map[string]any)["subject_sub"])
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
	require.Equal(t, map[string]any{"sub": "lee.auditor", "role": "auditor", "org": "BAI", "reads": float64(len(listed)),
		"people": float64(len(listed))}, bySub["lee.auditor"])
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

	// A read that cannot be noted is not answered: nothing of the person is shown.
	require.NoError(t, db.Exec(`CREATE FUNCTION refuse_reads() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN RAISE EXCEPTION 'refused for the test'; END $$`).Error)
	require.NoError(t, db.Exec(`CREATE TRIGGER refuse_reads BEFORE INSERT ON person_reads FOR EACH ROW EXECUTE FUNCTION refuse_reads()`).Error)
	for _, path := range []string{"/api/v1/people/cho.expert", "/api/v1/people?role=expert", "/api/v1/people/cho.expert/relations"} {
		r := h.do("GET", path, h.operator(), nil)
		require.GreaterOrEqual(t, r.status, 500, path)
		require.NotContains(t, r.String(), "ETRI", path)
		require.NotContains(t, r.String(), "조예린", path)
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

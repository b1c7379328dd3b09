package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
)

// TestDirectContractPages: an agency registers a direct contract 40 days after its date
// (late), announces a change and registers its details, from the pages; another agency
// does not find it; the auditor reads it without forms.
func TestDirectContractPages(t *testing.T) {
	h := newHarness(t)
	v := h.visitor()
	v.signIn("kim.agency")
	page := v.get("/ui/contracts/new?service=SVC-0001")
	require.Equal(t, http.StatusOK, page.status)
	require.Contains(t, page.body, `value="SVC-0001"`)

	form := url.Values{"service_id": {"SVC-0001"}, "title": {"민원포털 유지관리 수의계약"}, "contracted_on": {inDays(-40)},
		"amount_krw": {"abc"}, "period_from": {inDays(-40)}, "period_to": {inDays(300)}}
	r := v.post("/ui/contracts", form)
	require.Equal(t, http.StatusUnprocessableEntity, r.status)
	require.Contains(t, r.body, `id="e-amount_krw">원 단위의 정수 금액이어야 합니다<`)
	list, _, err := h.contracts.List(context.Background(), kimAgency, "", 50, "")
	require.NoError(t, err)
	require.Empty(t, list, "a refused form registers nothing")

	form.Set("amount_krw", "48,000,000")
	r = v.post("/ui/contracts", form)
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	id := strings.TrimPrefix(strings.SplitN(r.location, "?", 2)[0], "/ui/contracts/")
	page = v.get(r.location)
	require.Contains(t, page.body, `id="contract-late"`, "registered after its 30 days: late")
	require.Contains(t, page.body, inDays(-10), "registration was due 30 days after the contract date")

	r = v.post("/ui/contracts/"+id+"/changes", url.Values{"changed_on": {inDays(0)}, "reason": {"계약 기간 연장 합의"}})
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	k, err := h.contracts.Get(context.Background(), kimAgency, id)
	require.NoError(t, err)
	require.Equal(t, models.ContractChangePending, k.Status, "a change without values is announced")

	// The details come with the amended contract: a refused form keeps its file, and the
	// form sent again with it registers the change and the file together.
	details := url.Values{"changed_on": {inDays(0)}, "reason": {"계약 기간 연장"}, "period_to": {"abc"},
		"documents[0].kind": {"contract"}}
	amended := map[string]upload{"documents[0].file": {"변경계약서.pdf", minimalPDF("변경계약서")}}
	r = v.postFiles("/ui/contracts/"+id+"/changes", details, amended)
	require.Equal(t, http.StatusUnprocessableEntity, r.status, r.body)
	kept := hiddenFields(t, r.body)
	require.NotEmpty(t, kept.Get("documents[0].document_id"), "the refused form keeps its file")
	for k, vs := range kept {
		details[k] = vs
	}
	details.Set("period_to", inDays(400))
	r = v.postFiles("/ui/contracts/"+id+"/changes", details, nil)
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	k, err = h.contracts.Get(context.Background(), kimAgency, id)
	require.NoError(t, err)
	require.Equal(t, models.ContractRegistered, k.Status)
	require.Len(t, k.Changes, 1)
	require.False(t, k.Changes[0].Late, "details in time")
	require.Len(t, k.Changes[0].Documents, 1, "the change keeps the amended contract")
	require.Equal(t, "변경계약서.pdf", k.Changes[0].Documents[0].Filename)
	require.Equal(t, kept.Get("documents[0].document_id"), k.Changes[0].Documents[0].DocumentID)
	require.Contains(t, v.get("/ui/contracts/"+id).body, `>변경계약서.pdf</a>`, "the contract's page lists it")

	w := h.visitor()
	w.signIn("choi.agency")
	require.Equal(t, http.StatusNotFound, w.get("/ui/contracts/"+id).status, "another agency's contract")

	a := h.visitor()
	a.signIn("lee.auditor")
	page = a.get("/ui/contracts/" + id)
	require.Equal(t, http.StatusOK, page.status)
	require.NotContains(t, page.body, `action="/ui/contracts/`, "no forms for auditors")
	timeline := a.get("/ui/cases/contract-" + id)
	require.Equal(t, http.StatusOK, timeline.status)
	require.Contains(t, timeline.body, "수의계약 등록")
}

package activities_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/models"
)

// TestSaveDirectContract_IdempotentRetry: a retried projection write finds the first and
// adds nothing, neither to the projection nor to the contract register.
func TestSaveDirectContract_IdempotentRetry(t *testing.T) {
	env, st := setup(t)
	c := directContract(t, "AG-0001")
	var a *activities.Activities
	for range 2 {
		_, err := env.ExecuteActivity(a.SaveDirectContract, c)
		require.NoError(t, err)
	}
	require.EqualValues(t, 1, countRows(t, st, "direct_contracts"))
	require.EqualValues(t, 1, countRows(t, st, "contracts"))
	got, err := st.GetDirectContract(context.Background(), c.ID)
	require.NoError(t, err)
	require.False(t, got.Late)
}

// TestNotify_NamesTheAgency: the provider reads which agency registered a contract by its
// name, in each language and in the REST text; an agency the directory does not know
// stays a code, and the news is written all the same.
func TestNotify_NamesTheAgency(t *testing.T) {
	env, st := setup(t)
	var a *activities.Activities
	for _, agency := range []string{"AG-0001", "AG-0404"} {
		c := directContract(t, agency)
		n := models.Notification{Key: c.WorkflowID + "/registered-provider", ToRole: models.RoleProvider, ToOrg: c.ProviderOrg,
			CaseType: "contract", CaseID: c.ID}.Bilingual(models.NoticeContractRegistered(c))
		_, err := env.ExecuteActivity(a.Notify, n)
		require.NoError(t, err)
		require.NotContains(t, n.Body, "행정안전부", "the workflow's notification was changed")
	}
	sent, err := st.ListNotifications(context.Background(), "PV-0001", 10)
	require.NoError(t, err)
	require.Len(t, sent, 2)
	byKey := map[string]models.Notification{}
	for _, n := range sent {
		byKey[n.CaseID] = n
	}
	named := byKey["CT-AG-0001"]
	require.Contains(t, named.Body, "이용기관 행정안전부(AG-0001)에서 ")
	require.Contains(t, named.Body, "Agency Ministry of the Interior and Safety (AG-0001) registered")
	require.Contains(t, named.BodyText.In(models.LangEN), "Ministry of the Interior and Safety (AG-0001)")
	require.Equal(t, "수의계약 등록 Direct contract registered: 민원포털 운영", named.Subject)
	unknown := byKey["CT-AG-0404"]
	require.Contains(t, unknown.Body, "이용기관 AG-0404에서 ")
	require.Contains(t, unknown.BodyText.In(models.LangEN), "Agency AG-0404 registered")
}

// directContract is a contract of agency's on SVC-0001, whose ID names the agency.
func directContract(t *testing.T, agency string) *models.DirectContract {
	t.Helper()
	now := time.Now()
	req, err := models.ParseDirectContract(models.DirectContractInput{ServiceID: "SVC-0001", Title: "민원포털 운영",
		ContractedOn: models.DateOf(now).AddDate(0, 0, -3).Format(time.DateOnly), AmountKRW: 30_000_000,
		PeriodFrom: models.DateOf(now).Format(time.DateOnly), PeriodTo: models.DateOf(now).AddDate(1, 0, 0).Format(time.DateOnly),
		Method: "direct"}, models.DateOf(now))
	require.NoError(t, err)
	svc := models.Service{ID: "SVC-0001", Name: "svc", Type: models.TypeCloud, Provider: models.Provider{Org: "PV-0001"}}
	return models.NewDirectContract("CT-"+agency, "contract-CT-"+agency, req, svc,
		models.Actor{Sub: "kim", Role: models.RoleAgency, Org: agency}, now)
}

package models

import (
	"testing"
	"time"
)

// TestContractChangeNews: the provider hears of a change once its details are registered,
// once, with the terms the contract then reads; an announcement alone tells it nothing.
func TestContractChangeNews(t *testing.T) {
	at := time.Date(2026, 4, 20, 9, 0, 0, 0, Seoul)
	c := NewDirectContract("CT-2026-000001", "contract-CT-2026-000001", DirectContractRequest{Title: "민원 챗봇 도입",
		AmountKRW: 52_000_000, ContractedOn: mustDate(t, "2026-04-01"), PeriodFrom: mustDate(t, "2026-04-01"), PeriodTo: mustDate(t, "2027-03-31")},
		Service{ID: "SVC-0001", Name: "AI Chatbot", Provider: Provider{Org: "PV-0001"}}, tAgency, at)
	if news, told := ContractChangeNews(c, 0); news != nil || told != 0 {
		t.Fatalf("a contract without changes tells %v (%d)", news, told)
	}
	if err := c.RegisterChange(at.Add(time.Hour), tAgency, ContractChangeInput{ChangedOn: "2026-04-20", Reason: "범위 조정"}); err != nil {
		t.Fatal(err)
	}
	if news, _ := ContractChangeNews(c, 0); news != nil {
		t.Fatalf("an announcement tells the provider %v", news)
	}
	amount := int64(60_000_000)
	registered := at.Add(2 * time.Hour)
	if err := c.RegisterChange(registered, tAgency, ContractChangeInput{ChangedOn: "2026-04-20", Reason: "범위 조정 확정", AmountKRW: &amount}); err != nil {
		t.Fatal(err)
	}
	news, told := ContractChangeNews(c, 0)
	if len(news) != 1 || told != 1 {
		t.Fatalf("%d news, told %d, want one of change 1", len(news), told)
	}
	n := news[0]
	if n.Key != "contract-CT-2026-000001/change-1-provider" || n.ToRole != RoleProvider || n.ToOrg != "PV-0001" || !n.CreatedAt.Equal(registered) {
		t.Errorf("notification %+v", n)
	}
	if want := "계약 변경 등록 Contract change registered: 민원 챗봇 도입"; n.Subject != want {
		t.Errorf("subject %q, want %q", n.Subject, want)
	}
	if en := n.BodyText.English(); en != "Agency AG-0001 registered change no. 1 of 2026-04-20 to direct contract CT-2026-000001 (범위 조정 확정). "+
		"The contract now reads: 60000000 KRW, period 2026-04-01 – 2027-03-31." {
		t.Errorf("body %q", en)
	}
	if last := c.LastRegisteredChange(); last != told {
		t.Errorf("last registered change %d, want %d", last, told)
	}
	if again, _ := ContractChangeNews(c, told); again != nil {
		t.Errorf("told again: %v", again)
	}
}

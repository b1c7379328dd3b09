package main

import (
	"context"
	"fmt"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
)

var demoKim = models.Actor{Sub: "kim.agency", Role: models.RoleAgency, Org: "AG-0001"}

// orders opens two catalog orders (Process 2) of AG-0001 for SVC-0001 of PV-0001, the
// agency and the provider whose tokens `make run` prints: one waits for the provider's
// proposal, the other, with the proposal in, for the agency's evaluation.
func (d *demoCases) orders(ctx context.Context) (int, error) {
	due := models.DateOf(models.AddCalendarDays(d.now, 21)).String()
	asks := []struct {
		in       app.CreateOrderInput
		proposal *models.ProposalInput
	}{
		{app.CreateOrderInput{ServiceID: "SVC-0001", Title: "행정정보 백업 클라우드 도입", BudgetKRW: 85_000_000, ProposalDue: due}, nil},
		{app.CreateOrderInput{ServiceID: "SVC-0001", Title: "민원 상담 이력 보관 스토리지", BudgetKRW: 42_000_000, ProposalDue: due},
			&models.ProposalInput{PriceKRW: 39_500_000, Summary: "오브젝트 스토리지 50TB, 24개월, 일일 백업 포함"}},
	}
	for i, a := range asks {
		c, err := d.orderCases.Create(ctx, demoKim, a.in, fmt.Sprintf("demo-order-%d", i+1))
		if err != nil {
			return i, fmt.Errorf("demo order %q: %w", a.in.Title, err)
		}
		if a.proposal == nil {
			continue
		}
		if _, err := d.orderCases.SubmitProposal(ctx, demoJung, c.ID, fmt.Sprintf("demo-proposal-%d", i+1), *a.proposal); err != nil {
			return i, fmt.Errorf("demo order %s: %w", c.ID, err)
		}
	}
	return len(asks), nil
}

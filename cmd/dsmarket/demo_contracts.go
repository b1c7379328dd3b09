package main

import (
	"context"
	"fmt"

	"github.com/dsmarket/dsmarket/models"
)

// directContracts registers a direct contract (Process 3) of AG-0001 for SVC-0001 of
// PV-0001 in time, and announces a change of it whose details are still to come: the
// agency finds a change to register before its due date, the provider the news of the
// contract made in its name.
func (d *demoCases) directContracts(ctx context.Context) (int, error) {
	if d.contracts == nil {
		return 0, nil
	}
	day := func(days int) string { return models.DateOf(models.AddCalendarDays(d.now, days)).String() }
	in := models.DirectContractInput{ServiceID: "SVC-0001", Title: "지방세 민원 클라우드 운영 지원", ContractedOn: day(-12),
		AmountKRW: 36_000_000, PeriodFrom: day(-12), PeriodTo: day(353), Method: "direct"}
	c, err := d.contracts.Create(ctx, demoKim, in, "demo-contract-1")
	if err != nil {
		return 0, fmt.Errorf("demo direct contract %q: %w", in.Title, err)
	}
	change := models.ContractChangeInput{ChangedOn: day(-5), Reason: "운영 범위 확대 협의(세부 내용 확정 전)"}
	if _, err := d.contracts.RegisterChange(ctx, demoKim, c.ID, "demo-contract-1-change-1", change); err != nil {
		return 1, fmt.Errorf("demo direct contract %s: announce a change: %w", c.ID, err)
	}
	return 1, nil
}

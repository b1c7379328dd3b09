package main

import (
	"context"
	"fmt"

	"github.com/dsmarket/dsmarket/models"
)

// changes opens two information changes (Process 4), so that they too have work waiting
// on the first `make run`: PV-0001 rewrites SVC-0001's description, which waits for the
// operator's decision, and PV-0002 raises a service's SLA, a selection criterion, whose
// re-review waits for the operator to assign its experts.
func (d *demoCases) changes(ctx context.Context) (int, error) {
	var nuri string
	if err := d.store.DB().WithContext(ctx).Raw(`SELECT id FROM services WHERE provider_org = ? AND status = 'registered'
		ORDER BY id LIMIT 1`, demoHan.Org).Scan(&nuri).Error; err != nil {
		return 0, err
	}
	desc := "가상서버, 블록 스토리지와 일일 백업(30일 보관)을 제공합니다. 백업 복구 시험 결과를 매월 공개합니다."
	sla := "월 가용성 99.95% 이상, 장애 접수 후 1시간 내 대응, 4시간 내 복구"
	asks := []struct {
		by      models.Actor
		service string
		in      models.ChangeRequestInput
	}{
		{demoJung, "SVC-0001", models.ChangeRequestInput{Changes: models.ChangeFields{Description: &desc},
			Reason: "백업 보관 기간과 복구 시험 공개를 소개에 반영"}},
		{demoHan, nuri, models.ChangeRequestInput{Changes: models.ChangeFields{SLA: &sla},
			Reason: "이중화 구성 완료에 따른 가용성 목표 상향"}},
	}
	opened := 0
	for i, a := range asks {
		if a.service == "" { // a seed without PV-0002's services
			continue
		}
		if _, err := d.changeRequests.Create(ctx, a.by, a.service, a.in, fmt.Sprintf("demo-change-%d", i+1)); err != nil {
			return opened, fmt.Errorf("demo change request on %s: %w", a.service, err)
		}
		opened++
	}
	return opened, nil
}

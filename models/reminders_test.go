package models

import (
	"testing"
	"time"
)

// TestFollowUpRound counts whole periods of calendar days in Seoul: the day the work began
// and the hour of the night's run do not matter, only the days between.
func TestFollowUpRound(t *testing.T) {
	since := time.Date(2026, 3, 2, 23, 30, 0, 0, Seoul)
	for _, c := range []struct {
		now  time.Time
		want int
	}{
		{since.Add(-time.Hour), 0},
		{since, 0},
		{time.Date(2026, 3, 8, 23, 59, 0, 0, Seoul), 0},
		{time.Date(2026, 3, 9, 3, 0, 0, 0, Seoul), 1}, // 7 days after, though not 7×24 hours
		{time.Date(2026, 3, 15, 3, 0, 0, 0, Seoul), 1},
		{time.Date(2026, 3, 16, 3, 0, 0, 0, Seoul), 2},
		{time.Date(2026, 3, 8, 18, 30, 0, 0, time.UTC), 1}, // 03:30 on the 9th in Seoul
	} {
		if got := FollowUpRound(since, c.now, 7); got != c.want {
			t.Errorf("FollowUpRound(%s, %s, 7) = %d, want %d", since, c.now, got, c.want)
		}
	}
	if got := FollowUpRound(since, since.AddDate(1, 0, 0), 0); got != 0 {
		t.Errorf("a period of 0 days: round %d, want 0", got)
	}
}

// TestNoticeEvaluationWaiting pins the agency's reminder: the order, when its proposal came
// and how long it has waited.
func TestNoticeEvaluationWaiting(t *testing.T) {
	x := sampleNotices()["evaluation_waiting"]
	for _, c := range []struct{ got, want string }{
		{x.Subject.In(LangKO), "제안서 평가 대기: Chatbot for the city"},
		{x.Body.In(LangKO), "주문 ORD-2026-000003의 제안서가 2026-03-16 14:05(한국 시간)에 제출된 뒤 7일 동안 평가되지 않았습니다. 평가하거나 주문을 취소해 주십시오."},
		{x.Body.In(LangEN), "The proposal of order ORD-2026-000003 was submitted 2026-03-16 14:05 (Asia/Seoul) and has not been evaluated for 7 days. Please evaluate it or cancel the order."},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	late := sampleNotices()["task_overdue_operators"]
	if got, want := late.Body.In(LangEN), "Task APP-2026-000001-T03 of case APP-2026-000001, held by cho.expert, is 14 days past its due time 2026-03-09 18:00 (Asia/Seoul). Please contact them or give the step to another person."; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

package store

import (
	"github.com/dsmarket/dsmarket/models"
)

// The catalogs of the demo and synthetic services (docs/catalog.md): key features and 2 to
// 5 price lines by subtype, at unit prices in the ranges of the public catalog's sheets.
// Each is drawn from its own stream of synthRand keyed by the service's index, so a
// service's catalog never changes between runs, and adding catalogs left every other draw
// (names, providers, statuses) as it was.

// Streams of synthRand for catalogs; 1–3 draw the synthetic services and providers.
const (
	streamDemoCatalog      = 11
	streamSyntheticCatalog = 12
)

// seedPrice is a price line to draw: a unit price from lo to hi, rounded to step.
type seedPrice struct {
	item, unit, conditions string
	lo, hi, step           int64
}

// seedPriceSheets are each subtype's lines: the first `always` are on every sheet, the
// others are drawn.
var seedPriceSheets = map[models.Subtype]struct {
	always int
	lines  []seedPrice
}{
	models.SubIaaS: {3, []seedPrice{
		{"가상서버 vCPU", "vCPU-month", "vCPU당 메모리 4GB 포함, 월 단위 과금", 25_000, 45_000, 500},
		{"블록 스토리지 (SSD)", "GB-month", "", 120, 200, 10},
		{"인터넷 송신 트래픽", "GB", "월 100GB까지 무료", 80, 130, 10},
		{"오브젝트 스토리지", "GB-month", "", 25, 40, 1},
		{"공인 IP", "IP-month", "", 4_000, 8_000, 500},
		{"스냅샷 백업", "GB-month", "", 50, 90, 5},
	}},
	models.SubPaaS: {2, []seedPrice{
		{"관리형 데이터베이스 (2 vCPU, 8GB)", "instance-month", "이중화 구성 시 2배", 180_000, 350_000, 10_000},
		{"컨테이너 플랫폼 워커 노드", "instance-month", "최소 3노드", 120_000, 250_000, 10_000},
		{"메시지 큐", "instance-month", "", 90_000, 160_000, 5_000},
		{"로드밸런서", "instance-month", "", 30_000, 60_000, 1_000},
		{"데이터베이스 스토리지", "GB-month", "", 150, 250, 10},
	}},
	models.SubSaaS: {1, []seedPrice{
		{"표준 요금제", "user-month", "최소 10명", 5_000, 20_000, 500},
		{"고급 요금제", "user-month", "최소 10명, 전담 지원 포함", 15_000, 40_000, 500},
		{"기관 연간 라이선스", "license-year", "사용자 수 무제한, 1년 선납", 3_000_000, 30_000_000, 100_000},
		{"도입 교육", "project", "1회 4시간, 30명까지", 1_000_000, 5_000_000, 100_000},
		{"추가 저장공간", "GB-month", "", 100, 300, 10},
	}},
	models.SubConsulting: {2, []seedPrice{
		{"특급 기술자 컨설팅", "person-month", "SW기술자 평균임금 기준", 12_000_000, 16_000_000, 100_000},
		{"고급 기술자 컨설팅", "person-month", "", 9_000_000, 11_000_000, 100_000},
		{"중급 기술자 컨설팅", "person-month", "", 7_000_000, 8_500_000, 100_000},
		{"클라우드 전환 전략 수립 (ISP)", "project", "3개월 이내", 50_000_000, 150_000_000, 1_000_000},
	}},
	models.SubMigration: {2, []seedPrice{
		{"마이그레이션 엔지니어", "person-month", "", 8_000_000, 12_000_000, 100_000},
		{"시스템 전환 패키지 (서버 10대 이하)", "project", "데이터 이전·검증 포함", 30_000_000, 90_000_000, 1_000_000},
		{"전환 후 안정화 지원", "person-month", "전환 후 3개월", 6_000_000, 9_000_000, 100_000},
		{"데이터베이스 이전", "project", "1TB 이하", 10_000_000, 40_000_000, 1_000_000},
	}},
	models.SubOperations: {2, []seedPrice{
		{"서버 운영·관제", "server-month", "24시간 모니터링", 150_000, 300_000, 5_000},
		{"보안관제", "server-month", "", 80_000, 150_000, 5_000},
		{"백업 관리", "server-month", "", 40_000, 80_000, 1_000},
		{"장애 대응 (24x7)", "server-month", "1시간 내 대응", 100_000, 200_000, 5_000},
	}},
	models.SubConvergence: {2, []seedPrice{
		{"AI API 호출", "1,000 API calls", "월 10만 건 초과분부터 20% 할인", 2_000, 8_000, 100},
		{"관리 콘솔", "user-month", "", 10_000, 30_000, 1_000},
		{"음성인식 API 호출", "1,000 API calls", "", 5_000, 15_000, 100},
		{"모델 맞춤 학습", "project", "학습 데이터 10만 건 이하", 20_000_000, 60_000_000, 1_000_000},
	}},
}

// seedFeatures are each subtype's key features, of which a catalog holds 3 to 5.
var seedFeatures = map[models.Subtype][]string{
	models.SubIaaS: {"CSAP 인증 공공 전용 존 제공", "vCPU·메모리 사양 실시간 변경", "가용성 99.95% SLA",
		"국내 이중화 데이터센터", "스냅샷 자동 백업", "웹 콘솔과 오픈 API 제공", "GPU 서버 선택 가능"},
	models.SubPaaS: {"관리형 데이터베이스 자동 패치", "쿠버네티스 호환 컨테이너 플랫폼", "오토스케일링",
		"CI/CD 파이프라인 연동", "자동 백업과 시점 복구", "CSAP 인증 공공 전용 존 제공"},
	models.SubSaaS: {"웹·모바일 동시 지원", "행정기관 SSO 연동", "전자결재 연동", "개인정보 암호화 저장",
		"사용자 수 단위 과금", "웹 접근성 인증", "데이터 내보내기 (CSV)", "24시간 고객지원"},
	models.SubConsulting: {"클라우드 전환 타당성 분석", "정보화전략계획(ISP) 수립", "비용 절감 방안 제시",
		"보안 요구사항 분석", "공공 클라우드 전환 경험 다수", "총소유비용(TCO) 비교"},
	models.SubMigration: {"무중단 전환 지원", "데이터 이전 검증 보고서", "전환 전 사전 진단", "롤백 계획 수립",
		"레거시 애플리케이션 리팩토링", "전환 후 안정화 지원"},
	models.SubOperations: {"24시간 통합 관제", "장애 1시간 내 대응", "월간 운영 보고서", "보안 취약점 정기 점검",
		"백업·복구 훈련", "멀티 클라우드 운영 지원"},
	models.SubConvergence: {"한국어 자연어 처리", "공공 데이터 연계", "AI 챗봇 시나리오 편집기", "음성인식·음성합성",
		"오픈 API 제공", "학습 데이터 비식별화", "사용량 기반 과금"},
}

// seedCatalogOf is the catalog of service i of a subtype, drawn on stream.
func seedCatalogOf(sub models.Subtype, stream, i int) ([]string, []models.PriceLine) {
	r := newSynthRand(stream, i)
	sheet := seedPriceSheets[sub]
	lines := sheet.lines
	n := 2 + r.intn(4) // 2 to 5 lines
	n = min(max(n, sheet.always), len(lines))
	chosen := drawDistinct(r, len(lines), sheet.always, n)
	prices := make([]models.PriceLine, 0, n)
	for _, k := range chosen {
		l := lines[k]
		steps := (l.hi - l.lo) / l.step
		price := l.lo + int64(r.intn(int(steps)+1))*l.step
		prices = append(prices, models.PriceLine{Item: l.item, Unit: l.unit, UnitPriceKRW: models.KRW(price),
			Conditions: l.conditions})
	}
	all := seedFeatures[sub]
	m := min(3+r.intn(3), len(all)) // 3 to 5 features
	features := make([]string, 0, m)
	for _, k := range drawDistinct(r, len(all), 0, m) {
		features = append(features, all[k])
	}
	return features, prices
}

// drawDistinct is n indexes below total in ascending order: the first keep, and n-keep
// others drawn without repetition.
func drawDistinct(r *synthRand, total, keep, n int) []int {
	taken := make([]bool, total)
	for k := range keep {
		taken[k] = true
	}
	for got := keep; got < n; {
		if k := r.intn(total); !taken[k] {
			taken[k] = true
			got++
		}
	}
	var out []int
	for k, t := range taken {
		if t {
			out = append(out, k)
		}
	}
	return out
}

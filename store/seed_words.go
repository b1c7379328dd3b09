package store

import "github.com/dsmarket/dsmarket/models"

// The demo data's word lists. Company and service names are invented; agency names are
// the real public bodies that buy through the system.

// brand is the first half of a provider's name, Korean and romanized.
type brand struct{ ko, en string }

var seedBrands = []brand{
	{"한빛", "Hanbit"}, {"누리", "Nuri"}, {"다온", "Daon"}, {"새봄", "Saebom"}, {"가온", "Gaon"},
	{"미르", "Mir"}, {"온새미", "Onsaemi"}, {"푸른", "Pureun"}, {"하람", "Haram"}, {"아라", "Ara"},
	{"바른", "Bareun"}, {"해솔", "Haesol"}, {"나래", "Narae"}, {"별빛", "Byeolbit"}, {"한울", "Hanul"},
	{"청솔", "Cheongsol"}, {"다솜", "Dasom"}, {"세움", "Seum"}, {"이음", "Ieum"}, {"모아", "Moa"},
	{"라온", "Raon"}, {"든솔", "Deunsol"}, {"한결", "Hangyeol"}, {"지음", "Jieum"}, {"소담", "Sodam"},
	{"큰별", "Keunbyeol"}, {"빛누리", "Bitnuri"}, {"새솔", "Saesol"}, {"다올", "Daol"}, {"늘품", "Neulpum"},
}

// seedTrades is the second half of a provider's name.
var seedTrades = []brand{
	{"클라우드", "Cloud"}, {"소프트", "Soft"}, {"테크", "Tech"}, {"데이터", "Data"}, {"시스템즈", "Systems"},
	{"네트웍스", "Networks"}, {"정보기술", "Information Technology"}, {"에이아이", "AI"}, {"랩스", "Labs"},
	{"아이앤씨", "I&C"},
}

// offering is a kind of service a provider sells: its name after the brand, and what it is.
type offering struct {
	name, nameEn, desc, descEn string
}

// seedOfferings per subtype. A few descriptions carry % and _ on purpose: catalog search
// must treat them as plain characters.
var seedOfferings = map[models.Subtype][]offering{
	models.SubIaaS: {
		{"클라우드 서버 (IaaS)", "Cloud Server (IaaS)", "공공기관 전용 가상 서버 서비스입니다. 월 가용성 99.95% 이상을 보장합니다.", "virtual servers for the public sector with 99.95% monthly availability."},
		{"GPU 클라우드", "GPU Cloud", "AI 학습과 추론을 위한 GPU 가상 서버를 시간 단위로 제공합니다.", "GPU virtual machines for AI training and inference, billed by the hour."},
		{"클라우드 스토리지", "Cloud Storage", "객체·블록 스토리지와 자동 백업을 제공합니다. 데이터 내구성 99.999999999%.", "object and block storage with automatic backup and 99.999999999% durability."},
		{"가상 데스크톱 (DaaS)", "Virtual Desktop (DaaS)", "망분리 환경을 위한 클라우드 가상 데스크톱 서비스입니다.", "cloud virtual desktops for network-separated offices."},
		{"공공 클라우드 존", "Public Sector Cloud Zone", "보안인증을 받은 공공 전용 클라우드 영역에서 서버·네트워크를 제공합니다.", "servers and networks in a certified public-sector cloud zone."},
	},
	models.SubPaaS: {
		{"컨테이너 플랫폼", "Container Platform", "쿠버네티스 기반 컨테이너 운영 플랫폼입니다.", "a Kubernetes-based container platform."},
		{"관리형 데이터베이스 (DBaaS)", "Managed Database (DBaaS)", "PostgreSQL·MySQL 관리형 데이터베이스와 자동 장애조치를 제공합니다.", "managed PostgreSQL and MySQL with automatic failover."},
		{"API 게이트웨이", "API Gateway", "기관 간 연계 API를 관리합니다. rate_limit 정책과 인증을 지원합니다.", "management of inter-agency APIs with rate_limit policies and authentication."},
		{"서버리스 플랫폼", "Serverless Platform", "이벤트 기반 서버리스 함수 실행 환경입니다.", "an event-driven serverless function runtime."},
		{"데이터 분석 플랫폼", "Data Analytics Platform", "공공데이터 수집·정제·분석을 위한 클라우드 플랫폼입니다.", "a cloud platform to collect, clean and analyse public data."},
	},
	models.SubSaaS: {
		{"클라우드 그룹웨어", "Cloud Groupware", "전자결재, 메일, 일정 관리를 하나로 제공하는 그룹웨어입니다.", "groupware with e-approval, mail and calendars in one."},
		{"영상회의", "Video Conferencing", "최대 300명이 참여하는 보안 영상회의 서비스입니다.", "secure video meetings for up to 300 participants."},
		{"민원 접수 시스템", "Civil Petition Desk", "온라인 민원 접수와 처리 현황 안내를 제공합니다.", "online civil petitions with status tracking."},
		{"인사급여 관리", "HR and Payroll", "공공기관 인사·급여·복무 관리 서비스입니다.", "HR, payroll and attendance for public bodies."},
		{"문서중앙화", "Document Centralization", "업무 문서를 클라우드에 중앙 보관하고 유출을 막습니다.", "central document storage that prevents leaks."},
		{"학습관리시스템 (LMS)", "Learning Management System", "학교와 연수기관을 위한 온라인 학습관리 서비스입니다.", "online learning management for schools and training centres."},
		{"회계관리", "Accounting", "예산 집행과 회계 결산을 지원하는 클라우드 회계 서비스입니다.", "cloud accounting for budget execution and closing."},
		{"보안관제", "Security Monitoring", "24시간 보안관제와 침해사고 대응을 제공합니다.", "round-the-clock security monitoring and incident response."},
		{"협업 메신저", "Work Messenger", "업무용 메신저와 파일 공유를 제공합니다.", "a work messenger with file sharing."},
		{"시설물 관리", "Facility Management", "공공시설 점검과 유지보수 이력을 관리합니다.", "inspection and maintenance records of public facilities."},
		{"전자계약", "e-Contract", "전자서명 기반 계약 체결과 보관 서비스입니다.", "contracts signed electronically and archived."},
		{"온라인 설문", "Online Survey", "대국민 설문과 결과 분석을 제공합니다.", "surveys of citizens with result analysis."},
	},
	models.SubConsulting: {
		{"클라우드 전환 컨설팅", "Cloud Transition Consulting", "정보시스템 클라우드 전환 전략과 이행 계획을 수립합니다.", "strategy and plans to move information systems to the cloud."},
		{"클라우드 보안 컨설팅", "Cloud Security Consulting", "클라우드 보안 진단과 보안 아키텍처를 설계합니다.", "cloud security assessment and architecture."},
		{"클라우드 비용 최적화 컨설팅", "Cloud Cost Optimization Consulting", "클라우드 사용량을 분석해 비용을 20% 이상 절감합니다.", "analysis of cloud usage to cut costs by 20% or more."},
	},
	models.SubOperations: {
		{"클라우드 통합 운영관리 (MSP)", "Managed Cloud Operations (MSP)", "멀티 클라우드 통합 운영과 장애 대응을 제공합니다.", "integrated multi-cloud operations and incident response."},
		{"24x7 클라우드 관제", "24x7 Cloud Monitoring", "클라우드 자원의 상시 모니터링과 알림을 제공합니다.", "constant monitoring and alerting of cloud resources."},
		{"클라우드 백업·복구 운영", "Cloud Backup and Recovery Operations", "백업 정책 운영과 재해복구 훈련을 지원합니다.", "backup operations and disaster recovery drills."},
	},
	models.SubMigration: {
		{"클라우드 마이그레이션", "Cloud Migration", "기존 시스템을 클라우드로 무중단 이전합니다.", "zero-downtime migration of existing systems to the cloud."},
		{"레거시 데이터베이스 이전", "Legacy Database Migration", "노후 데이터베이스를 클라우드 데이터베이스로 이전합니다.", "migration of ageing databases to cloud databases."},
	},
	models.SubConvergence: {
		{"AI 민원상담 챗봇", "AI Civil Service Chatbot", "자연어 처리 기반으로 민원 상담에 24시간 응대합니다.", "a natural-language chatbot answering citizens' questions around the clock."},
		{"AI 문서 인식 (OCR)", "AI Document Recognition (OCR)", "공문서와 서식을 인식해 데이터로 변환합니다.", "recognition of official documents and forms into data."},
		{"AI CCTV 영상분석", "AI CCTV Video Analytics", "CCTV 영상에서 위험 상황을 실시간으로 탐지합니다.", "real-time detection of dangerous situations in CCTV video."},
		{"AI 음성인식 회의록", "AI Meeting Minutes", "회의 음성을 인식해 회의록을 자동으로 작성합니다.", "automatic minutes from meeting audio."},
		{"AI 번역", "AI Translation", "다국어 민원 안내를 위한 AI 번역 서비스입니다.", "AI translation for multilingual civil services."},
		{"디지털트윈 시설관리", "Digital Twin Facility Management", "IoT 센서와 디지털트윈으로 시설 상태를 관리합니다.", "facility management with IoT sensors and a digital twin."},
	},
}

// seedAgencies covers every kind of buyer.
var seedAgencies = []models.Agency{
	{Org: "AG-0001", Name: "행정안전부", NameEn: "Ministry of the Interior and Safety", Kind: models.AgencyNational},
	{Org: "AG-0002", Name: "과학기술정보통신부", NameEn: "Ministry of Science and ICT", Kind: models.AgencyNational},
	{Org: "AG-0003", Name: "조달청", NameEn: "Public Procurement Service", Kind: models.AgencyNational},
	{Org: "AG-0004", Name: "국민건강보험공단", NameEn: "National Health Insurance Service", Kind: models.AgencyPublic},
	{Org: "AG-0005", Name: "한국전력공사", NameEn: "Korea Electric Power Corporation", Kind: models.AgencyPublic},
	{Org: "AG-0006", Name: "한국도로공사", NameEn: "Korea Expressway Corporation", Kind: models.AgencyPublic},
	{Org: "AG-0007", Name: "서울특별시", NameEn: "Seoul Metropolitan Government", Kind: models.AgencyLocal},
	{Org: "AG-0008", Name: "부산광역시", NameEn: "Busan Metropolitan City", Kind: models.AgencyLocal},
	{Org: "AG-0009", Name: "수원시", NameEn: "Suwon City", Kind: models.AgencyLocal},
	{Org: "AG-0010", Name: "서울특별시교육청", NameEn: "Seoul Metropolitan Office of Education", Kind: models.AgencySchool},
	{Org: "AG-0011", Name: "부산광역시교육청", NameEn: "Busan Metropolitan City Office of Education", Kind: models.AgencySchool},
	{Org: "AG-0012", Name: "국립한국교통대학교", NameEn: "Korea National University of Transportation", Kind: models.AgencySchool},
}

// operatorOrg is the operator's organization: NIA (한국지능정보사회진흥원) runs the system.
const operatorOrg = "NIA"

// seedUsers are the development sign-in's people, at least one per role.
var seedUsers = []models.User{
	{Sub: "kim.agency", Name: "김민준", Role: models.RoleAgency, Org: "AG-0001"},
	{Sub: "choi.agency", Name: "최서연", Role: models.RoleAgency, Org: "AG-0002"},
	{Sub: "jung.provider", Name: "정하늘", Role: models.RoleProvider, Org: "PV-0001"},
	{Sub: "han.provider", Name: "한지우", Role: models.RoleProvider, Org: "PV-0002"},
	{Sub: "park.operator", Name: "박지훈", Role: models.RoleOperator, Org: operatorOrg},
	{Sub: "seo.operator", Name: "서유진", Role: models.RoleOperator, Org: operatorOrg},
	{Sub: "kang.expert", Name: "강도윤", Role: models.RoleExpert, Org: "KISA"},
	{Sub: "cho.expert", Name: "조예린", Role: models.RoleExpert, Org: "ETRI"},
	{Sub: "yoo.expert", Name: "유현우", Role: models.RoleExpert, Org: "KAIST"},
	{Sub: "song.committee", Name: "송재원", Role: models.RoleCommittee, Org: "MSIT"},
	{Sub: "lim.committee", Name: "임수빈", Role: models.RoleCommittee, Org: "MSIT"},
	{Sub: "jang.committee", Name: "장태호", Role: models.RoleCommittee, Org: "MSIT"},
	{Sub: "kwon.committee", Name: "권나연", Role: models.RoleCommittee, Org: "MSIT"},
	{Sub: "hwang.committee", Name: "황동현", Role: models.RoleCommittee, Org: "MSIT"},
	{Sub: "lee.auditor", Name: "이정민", Role: models.RoleAuditor, Org: "BAI"}, // 감사원
}

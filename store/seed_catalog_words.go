package store

import "github.com/dsmarket/dsmarket/models"

// The synthetic catalog's word lists (seed_catalog.go). Names are invented; the products
// and phrases are those the public catalog's services describe themselves with, so that
// the words agencies search for (클라우드, 보안, 챗봇, AI, 백업) appear about as often
// as they do there.

// syllable is one Hangul syllable of a made-up company brand and its romanization.
type syllable struct{ ko, en string }

var synthSyllables = []syllable{
	{"가", "ga"}, {"나", "na"}, {"다", "da"}, {"라", "ra"}, {"마", "ma"}, {"바", "ba"}, {"사", "sa"},
	{"아", "a"}, {"자", "ja"}, {"하", "ha"}, {"한", "han"}, {"빛", "bit"}, {"온", "on"}, {"누", "nu"},
	{"리", "ri"}, {"솔", "sol"}, {"별", "byeol"}, {"새", "sae"}, {"미", "mi"}, {"소", "so"},
	{"율", "yul"}, {"늘", "neul"}, {"담", "dam"}, {"봄", "bom"}, {"길", "gil"}, {"결", "gyeol"},
	{"윤", "yun"}, {"은", "eun"}, {"현", "hyeon"}, {"진", "jin"}, {"우", "u"}, {"서", "seo"},
	{"도", "do"}, {"해", "hae"}, {"산", "san"}, {"강", "gang"}, {"수", "su"}, {"인", "in"},
	{"정", "jeong"}, {"세", "se"}, {"지", "ji"}, {"유", "yu"}, {"태", "tae"}, {"람", "ram"},
	{"찬", "chan"}, {"품", "pum"}, {"샘", "saem"}, {"루", "ru"},
}

// synthTrades end a company name, after its brand.
var synthTrades = []brand{
	{"클라우드", "Cloud"}, {"소프트", "Soft"}, {"테크", "Tech"}, {"데이터", "Data"}, {"시스템즈", "Systems"},
	{"네트웍스", "Networks"}, {"정보기술", "Information Technology"}, {"에이아이", "AI"}, {"랩스", "Labs"},
	{"아이앤씨", "I&C"}, {"정보통신", "Telecom"}, {"솔루션", "Solutions"}, {"시큐리티", "Security"},
	{"이노베이션", "Innovation"}, {"컴퍼니", "Company"}, {"웍스", "Works"},
}

// product is what a service is, in both languages, with the sentence that says so.
type product struct{ ko, en, desc, descEn string }

var synthProducts = map[models.Subtype][]product{
	models.SubIaaS: {
		{"클라우드 서버", "Cloud Server", "공공기관 전용 가상 서버를 제공합니다.", "Virtual servers for the public sector."},
		{"GPU 서버", "GPU Server", "AI 학습과 추론을 위한 GPU 가상 서버입니다.", "GPU virtual machines for AI training and inference."},
		{"오브젝트 스토리지", "Object Storage", "대용량 파일을 안전하게 보관하는 스토리지입니다.", "Storage for large files."},
		{"백업 스토리지", "Backup Storage", "기관 데이터를 원격지에 백업합니다.", "Off-site backup of an agency's data."},
		{"가상 데스크톱", "Virtual Desktop", "망분리 업무를 위한 클라우드 가상 데스크톱입니다.", "Cloud desktops for network-separated work."},
		{"베어메탈 서버", "Bare Metal Server", "물리 서버를 전용으로 할당합니다.", "Dedicated physical servers."},
		{"공공 클라우드 존", "Public Cloud Zone", "보안인증을 받은 공공 전용 클라우드 영역입니다.", "A certified cloud zone for the public sector."},
		{"클라우드 방화벽", "Cloud Firewall", "가상 네트워크의 접근을 통제하는 보안 서비스입니다.", "Security that controls access to virtual networks."},
	},
	models.SubPaaS: {
		{"컨테이너 플랫폼", "Container Platform", "쿠버네티스 기반 컨테이너 운영 플랫폼입니다.", "A Kubernetes-based container platform."},
		{"관리형 데이터베이스", "Managed Database", "자동 장애조치를 갖춘 관리형 데이터베이스입니다.", "Managed databases with automatic failover."},
		{"API 게이트웨이", "API Gateway", "기관 간 연계 API를 관리합니다.", "Management of inter-agency APIs."},
		{"서버리스 플랫폼", "Serverless Platform", "이벤트 기반 서버리스 함수 실행 환경입니다.", "An event-driven serverless runtime."},
		{"데이터 분석 플랫폼", "Data Analytics Platform", "공공데이터를 수집하고 분석하는 플랫폼입니다.", "A platform to collect and analyse public data."},
		{"AI 개발 플랫폼", "AI Development Platform", "AI 모델을 학습하고 배포하는 개발 환경입니다.", "An environment to train and deploy AI models."},
		{"로그 분석", "Log Analytics", "시스템 로그를 모아 보안 위협을 분석합니다.", "Collects system logs and analyses security threats."},
	},
	models.SubSaaS: {
		{"그룹웨어", "Groupware", "전자결재와 메일, 일정을 하나로 제공합니다.", "E-approval, mail and calendars in one."},
		{"영상회의", "Video Conferencing", "보안이 강화된 영상회의 서비스입니다.", "Secure video meetings."},
		{"민원 접수", "Civil Petitions", "온라인 민원 접수와 처리 현황을 안내합니다.", "Online civil petitions with status tracking."},
		{"인사급여", "HR and Payroll", "인사와 급여, 복무를 관리합니다.", "HR, payroll and attendance."},
		{"문서중앙화", "Document Centralization", "업무 문서를 중앙에 보관하고 유출을 막습니다.", "Central document storage that prevents leaks."},
		{"학습관리시스템", "Learning Management System", "학교와 연수기관의 온라인 학습을 관리합니다.", "Online learning for schools and training centres."},
		{"회계관리", "Accounting", "예산 집행과 결산을 지원합니다.", "Budget execution and closing."},
		{"보안관제", "Security Monitoring", "24시간 보안관제와 침해사고 대응을 제공합니다.", "Round-the-clock security monitoring and incident response."},
		{"협업 메신저", "Work Messenger", "업무용 메신저와 파일 공유를 제공합니다.", "A work messenger with file sharing."},
		{"전자계약", "e-Contract", "전자서명으로 계약을 체결하고 보관합니다.", "Contracts signed electronically and archived."},
		{"온라인 설문", "Online Survey", "대국민 설문과 결과 분석을 제공합니다.", "Surveys of citizens with analysis."},
		{"챗봇 상담", "Chatbot Help Desk", "챗봇이 민원인의 질문에 답합니다.", "A chatbot answers citizens' questions."},
		{"웹 방화벽", "Web Application Firewall", "웹 공격을 차단하는 보안 서비스입니다.", "Security that blocks attacks on web sites."},
		{"백업 관리", "Backup Manager", "업무 PC와 서버의 데이터를 자동으로 백업합니다.", "Automatic backup of office PCs and servers."},
		{"홈페이지 빌더", "Web Site Builder", "기관 홈페이지를 만들고 운영합니다.", "Builds and runs an agency's web site."},
		{"시설 예약", "Facility Booking", "공공시설 예약과 결제를 제공합니다.", "Booking and payment for public facilities."},
	},
	models.SubConsulting: {
		{"클라우드 전환 컨설팅", "Cloud Transition Consulting", "정보시스템의 클라우드 전환 계획을 수립합니다.", "Plans the move of information systems to the cloud."},
		{"클라우드 보안 컨설팅", "Cloud Security Consulting", "클라우드 보안을 진단하고 개선합니다.", "Assesses and improves cloud security."},
		{"비용 최적화 컨설팅", "Cost Optimization Consulting", "클라우드 사용량을 분석해 비용을 줄입니다.", "Analyses cloud usage to cut costs."},
		{"정보화전략계획", "IT Strategy Planning", "기관의 정보화 전략과 클라우드 도입 계획을 세웁니다.", "An agency's IT strategy and cloud adoption plan."},
	},
	models.SubOperations: {
		{"클라우드 운영관리", "Managed Cloud Operations", "멀티 클라우드를 통합 운영하고 장애에 대응합니다.", "Integrated multi-cloud operations and incident response."},
		{"클라우드 관제", "Cloud Monitoring", "클라우드 자원을 상시 모니터링합니다.", "Constant monitoring of cloud resources."},
		{"백업·복구 운영", "Backup and Recovery Operations", "백업 정책을 운영하고 재해복구를 훈련합니다.", "Backup operations and disaster recovery drills."},
		{"보안 운영", "Security Operations", "클라우드 보안 설정과 취약점을 관리합니다.", "Manages cloud security settings and vulnerabilities."},
	},
	models.SubMigration: {
		{"클라우드 마이그레이션", "Cloud Migration", "기존 시스템을 클라우드로 무중단 이전합니다.", "Zero-downtime migration of systems to the cloud."},
		{"데이터베이스 이전", "Database Migration", "노후 데이터베이스를 클라우드로 이전합니다.", "Moves ageing databases to the cloud."},
		{"레거시 전환", "Legacy Modernization", "레거시 시스템을 클라우드 네이티브로 전환합니다.", "Turns legacy systems cloud-native."},
	},
	models.SubConvergence: {
		{"AI 챗봇", "AI Chatbot", "자연어 처리 기반 챗봇이 24시간 상담합니다.", "A natural-language chatbot answering around the clock."},
		{"AI 문서인식", "AI Document Recognition", "공문서와 서식을 인식해 데이터로 바꿉니다.", "Reads official documents and forms into data."},
		{"AI 영상분석", "AI Video Analytics", "CCTV 영상에서 위험 상황을 탐지합니다.", "Detects dangerous situations in CCTV video."},
		{"AI 음성인식", "AI Speech Recognition", "회의 음성을 인식해 회의록을 작성합니다.", "Writes minutes from meeting audio."},
		{"AI 번역", "AI Translation", "다국어 민원 안내를 번역합니다.", "Translates civil service guidance."},
		{"디지털트윈", "Digital Twin", "IoT 센서와 디지털트윈으로 시설을 관리합니다.", "Manages facilities with IoT sensors and a digital twin."},
		{"빅데이터 분석", "Big Data Analytics", "행정 데이터를 분석해 정책 결정을 돕습니다.", "Analyses administrative data for policy decisions."},
	},
}

// synthCoined are product brands in Latin letters, as many Korean services carry.
var synthCoined = []string{
	"CloudDesk", "DataOn", "SecuGuard", "EduNet", "WorkPlace", "SmartGov", "OneView", "NeoBox",
	"TrustOne", "CivicLink", "OpenFlow", "K-Stack", "BlueSky", "eZone", "ActiveX-Free", "Polaris",
}

// qualifier goes before a product name in both languages.
var synthQualifiers = []brand{
	{"스마트", "Smart"}, {"차세대", "Next-Generation"}, {"통합", "Integrated"}, {"공공", "Public Sector"},
	{"클라우드", "Cloud"}, {"AI", "AI"}, {"엔터프라이즈", "Enterprise"}, {"안심", "Safe"}, {"모바일", "Mobile"},
}

// edition follows a product name.
var synthEditions = []brand{
	{" 플러스", " Plus"}, {" Pro", " Pro"}, {" Lite", " Lite"}, {" (공공용)", " (Public Sector)"},
	{" 2.0", " 2.0"}, {" for Gov", " for Gov"},
}

// feature is a sentence a description adds after the product's own.
type feature struct{ ko, en string }

var synthFeatures = []feature{
	{"CSAP 보안인증을 받았습니다.", "Certified under CSAP."},
	{"24시간 기술지원과 장애 대응을 제공합니다.", "Round-the-clock support and incident response."},
	{"이중화 구성으로 높은 가용성을 보장합니다.", "Redundancy for high availability."},
	{"모든 데이터는 국내 데이터센터에 저장됩니다.", "All data stays in data centres in Korea."},
	{"사용한 만큼만 요금을 냅니다.", "Pay only for what you use."},
	{"자동 백업과 복구 기능을 제공합니다.", "Automatic backup and recovery."},
	{"개인정보를 암호화하고 접근을 통제합니다.", "Personal data is encrypted and access controlled."},
	{"웹 브라우저와 모바일 앱에서 쓸 수 있습니다.", "Works in the browser and a mobile app."},
	{"기존 행정 시스템과 API로 연계됩니다.", "Connects to existing systems through APIs."},
	{"AI가 이상 징후를 탐지합니다.", "AI detects anomalies."},
	{"교육기관 전용 요금제가 있습니다.", "A price plan for schools."},
	{"전자정부 표준프레임워크를 따릅니다.", "Follows the e-government standard framework."},
	{"웹 접근성 인증을 받았습니다.", "Certified for web accessibility."},
	{"이용 문의는 챗봇이 먼저 답합니다.", "A chatbot answers questions first."},
	{"보안관제 센터와 연동됩니다.", "Linked to a security operations centre."},
	{"월 가용성 99.9% 이상을 보장합니다.", "99.9% monthly availability."},
	{"망분리 환경을 지원합니다.", "Works in network-separated offices."},
	{"설치 없이 바로 쓸 수 있습니다.", "Nothing to install."},
	{"클라우드 네이티브 구조로 확장이 쉽습니다.", "Cloud-native, so it scales easily."},
	{"무료 교육과 기술 컨설팅을 함께 제공합니다.", "Free training and technical consulting."},
}

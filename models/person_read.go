package models

import "time"

// PersonRead is one read of a person's record in the registry (개인정보 접속기록): whose
// record, how it was shown (in the people list, or the record itself with its relations and
// change log), who read it and when, the request that read it and the address it came from
// (접속지). The person themselves sees who read their record by role and organization only:
// the staff's names are not theirs to learn (Sub, RequestID and ClientIP are then empty).
type PersonRead struct {
	Subject   string    `json:"subject_sub"`
	Action    string    `json:"action"` // how it was shown: PersonReadList, …
	Sub       string    `json:"sub,omitempty"`
	Role      Role      `json:"role"`
	Org       string    `json:"org"`
	RequestID string    `json:"request_id,omitempty"`
	ClientIP  string    `json:"client_ip,omitempty"`
	ReadAt    time.Time `json:"read_at"`
}

// How a person's record was shown.
const (
	PersonReadList   = "list"
	PersonReadRecord = "record"
	// PersonReadAssignment is the list of experts an assignment of reviewers offers, with
	// each one's conflict of interest with the applicant, which their declared relations
	// decide.
	PersonReadAssignment = "assignment"
	// PersonReadAccessLog is the access log itself as an auditor reads it: each person
	// whose reads it shows, by name, is read in it. The watchers are watched too.
	PersonReadAccessLog = "access_log"
)

// PersonReader is one reader of personal data over a period: how many records they were
// shown (Reads), of how many people, and when last.
type PersonReader struct {
	Sub        string    `json:"sub"`
	Role       Role      `json:"role"`
	Org        string    `json:"org"`
	Reads      int       `json:"reads"`
	People     int       `json:"people"`
	LastReadAt time.Time `json:"last_read_at"`
}

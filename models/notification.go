package models

import "time"

// Notification is a message to a party of a case (e-mail or the inbox later). Key makes
// sending idempotent: an activity retried after a crash finds the first one.
type Notification struct {
	Key       string    `json:"key"`
	ToRole    Role      `json:"to_role"`
	ToOrg     string    `json:"to_org"`
	CaseType  string    `json:"case_type"`
	CaseID    string    `json:"case_id"`
	Subject   string    `json:"subject"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
}

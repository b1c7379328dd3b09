package flow

import (
	"time"

	"github.com/dsmarket/dsmarket/models"
)

// DirectContractWorkflowID is the business key of a direct contract's registration
// workflow: one contract, one workflow.
func DirectContractWorkflowID(contractID string) string { return "contract-" + contractID }

// DirectContractWorkflowType is the registered type name of the direct contract workflow.
const DirectContractWorkflowType = "DirectContract"

// Names of the direct contract workflow's handlers.
const (
	UpdateRegisterChange = "register-change"
	QueryDirectContract  = "contract"
)

// DirectContractInput registers a direct contract. Service is the catalog entry the API
// checked, reduced to the names the case shows.
type DirectContractInput struct {
	ContractID   string
	Request      models.DirectContractRequest
	Service      models.Service
	RegisteredBy models.Actor
	// RegisteredAt is when the API accepted the registration: the instant that decides
	// whether it was late, whatever the delay until the workflow's first task.
	RegisteredAt time.Time
	// State carries the contract across a continue-as-new; nil on the first run.
	State *models.DirectContract
	// RequestID is the API request that opened the case, for the audit log (Step.Request).
	RequestID string `json:",omitempty"`
	// Documents are the files registered with the contract (none in contracts registered
	// before a registration could carry any).
	Documents []models.Document `json:",omitempty"`
	// Pins are the rule versions in force on the contract date and the sandbox's time scale
	// (models.CasePins); absent in contracts registered before they existed. A later run
	// finds them in State.
	Pins *models.CasePins `json:",omitempty"`
}

// DirectContractResult is how the registration ended.
type DirectContractResult struct {
	Status  models.DirectContractStatus
	Late    bool
	Changes int
}

// RegisterChangeInput is the agency's change: an announcement or the details.
type RegisterChangeInput struct {
	Actor  models.Actor
	Change models.ContractChangeInput
}

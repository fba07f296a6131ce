package memstore

import (
	"sync"

	"github.com/customerkit/customerkit/customer"
)

// Store is the in-memory adapter. It satisfies customer.Store; the zero
// value is not usable, call New.
//
// One RWMutex guards every table, so a write that touches several entities
// is atomic like a transaction, and reads run in parallel. Each entity keeps
// its records and indexes in its own table type, in its own file.
type Store struct {
	mu          sync.RWMutex
	customers   *customerTable
	credentials *credentialTable
	marketplace *marketplaceTable
	instances   *instanceTable
	users       *userTable
	attachments *attachmentTable
	configVars  *configVarTable
}

var _ customer.Store = (*Store)(nil)

// New returns an empty Store.
func New() *Store {
	return &Store{
		customers:   newCustomerTable(),
		credentials: newCredentialTable(),
		marketplace: newMarketplaceTable(),
		instances:   newInstanceTable(),
		users:       newUserTable(),
		attachments: newAttachmentTable(),
		configVars:  newConfigVarTable(),
	}
}

// scanCheckEvery is how many records a list walks between two checks of
// its context.
const scanCheckEvery = 1024

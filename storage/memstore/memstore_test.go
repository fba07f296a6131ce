package memstore_test

import (
	"testing"

	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/storage/memstore"
	"github.com/customerkit/customerkit/storage/storagetest"
)

func TestConformance(t *testing.T) {
	t.Parallel()
	storagetest.Run(t, func(*testing.T) customer.Store { return memstore.New() })
}

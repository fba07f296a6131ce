package storagetest

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/customer/metadata"
)

// Epoch is the creation time of NewCustomer(0); NewCustomer(i) was created
// i minutes (and i microseconds) later.
var Epoch = time.Date(2024, time.March, 1, 9, 30, 0, 123456000, time.UTC)

// uuidSpace is the name space of the fixtures' version-5 UUIDs.
var uuidSpace = uuid.MustParse("6f1c3c8e-5d0b-4a57-9a43-3c2b8f0d7e61")

// Names the fixtures cycle through: accents, case and punctuation vary, and
// some differ only in case or accents, so they share a SearchKey and sort by
// ULID.
var (
	firstNames = []string{"Ana", "Émile", "Zoë", "Jürgen", "Łukasz", "Søren", "María", "Chloé", "Ömer", "Björn", "Ingrid", "Nadia"}
	lastNames  = []string{"Müller", "Zola", "García", "O'Neil", "Nowak", "Dubois", "Schäfer", "Kowalski", "Andersen", "Rossi", "Yılmaz", "Smith", "MULLER", "zola"}
	suffixes   = []string{"GmbH", "AG", "SE", "& Co. KG", "Ltd", "SARL"}
)

// NewCustomer returns fixture customer i (i ≥ 0): a valid customer in
// canonical form, as the Service hands it to a Store, with every field set.
// Its unique fields (ULID, UUID, Key, Subdomain, Email, Hostname,
// ExternalID) are derived from i, so fixtures with different i never
// collide; names, labels and metadata repeat. Times are UTC and truncated to
// microseconds, the precision every adapter keeps.
func NewCustomer(i int) *customer.Customer {
	created := Epoch.Add(time.Duration(i)*time.Minute + time.Duration(i)*time.Microsecond).Truncate(time.Microsecond)
	var entropy [10]byte
	entropy[0] = 0xC5
	binary.BigEndian.PutUint64(entropy[2:], uint64(i))
	id := ulid.MustNew(ulid.Timestamp(created), bytes.NewReader(entropy[:]))
	first, last := firstNames[i%len(firstNames)], lastNames[i%len(lastNames)]
	company := last + " " + suffixes[i%len(suffixes)]
	return &customer.Customer{
		ULID:        id,
		UUID:        uuid.NewSHA1(uuidSpace, []byte(fmt.Sprintf("customer-%d", i))),
		ExternalID:  fmt.Sprintf("crm-%06d", i),
		TenantID:    "tenant-eu-1",
		Key:         fmt.Sprintf("ck%08d", i),
		Prefix:      fmt.Sprintf("CK%d", 100+i%900),
		Status:      customer.StatusActive,
		Type:        customer.TypeBusiness,
		Email:       fmt.Sprintf("billing.%d@example.com", i),
		FirstName:   first,
		LastName:    last,
		CompanyName: company,
		Name:        company,
		Description: fmt.Sprintf("Customer %d, managed by the %s team", i, []string{"north", "south", "east", "west"}[i%4]),
		Labels:      []string{"enterprise", "eu"},
		Hostname:    fmt.Sprintf("portal-%d.example.net", i),
		Subdomain:   fmt.Sprintf("acme-%d", i),
		Country:     "DE",
		Currency:    "EUR",
		Language:    "de-DE",
		Delinquent:  i%11 == 10,
		AllowedOrigins: []string{
			fmt.Sprintf("https://app-%d.example.net", i),
			"https://admin.example.net:8443",
		},
		AllowedRegistrationDomains: []string{"example.com", "example.net"},
		Settings:                   customer.Settings{"theme": "dark", "digest": true, "retention_days": 30.0},
		Metadata: metadata.Metadata{
			"plan":   "pro",
			"seats":  12.0,
			"limits": map[string]any{"api": 100.0},
			"tags":   []any{"a", "b"},
		},
		Addresses: []customer.Address{
			{
				Type: customer.AddressPostal, Country: "DE", State: "BE", PostalCode: "10115", City: "Berlin",
				Line1: "Invalidenstraße 117", BuildingNumber: "117", Default: true,
			},
			{
				Type: customer.AddressBilling, Country: "DE", State: "BY", PostalCode: "80331", City: "München",
				Line1: "Marienplatz 8", Line2: "Rathaus", POBox: "Postfach 10 12 34", Complement: "3. OG", Default: true,
			},
		},
		Telephones: []customer.Telephone{
			{Type: customer.PhoneLandline, Number: fmt.Sprintf("+49301%07d", i%10_000_000), Extension: "42", Default: true},
			{Type: customer.PhoneMobile, Number: fmt.Sprintf("+49151%08d", i%100_000_000)},
		},
		LegalDocuments: []customer.LegalDocument{
			{Type: "eu_vat", Country: "DE", Value: "DE136695976", Issued: customer.Date{Year: 2019, Month: time.May, Day: 14}},
		},
		Version:   1,
		CreatedAt: created,
		UpdatedAt: created,
	}
}

package marketplace

import (
	"slices"
	"strconv"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit/customer"
)

// Reason is why a listing is not deployable for a customer.
type Reason string

// The reasons, in the order Deployable reports them.
const (
	ReasonNotListed          Reason = "not_listed"
	ReasonNotEntitled        Reason = "not_entitled"
	ReasonContactUs          Reason = "contact_us"
	ReasonCustomerStatus     Reason = "customer_status"
	ReasonQuota              Reason = "quota"
	ReasonAlreadyActivated   Reason = "already_activated"
	ReasonMissingValue       Reason = "missing_value"
	ReasonRole               Reason = "role"
	ReasonVersionUnavailable Reason = "version_unavailable"
)

// Reasons returns every reason, in the order Deployable reports them.
func Reasons() []Reason {
	return []Reason{ReasonNotListed, ReasonNotEntitled, ReasonContactUs, ReasonCustomerStatus, ReasonQuota,
		ReasonAlreadyActivated, ReasonMissingValue, ReasonRole, ReasonVersionUnavailable}
}

// Valid reports whether r is a known reason.
func (r Reason) Valid() bool {
	for _, x := range Reasons() {
		if x == r {
			return true
		}
	}
	return false
}

// Problem is one reason a listing is not deployable.
type Problem struct {
	Reason Reason `json:"reason"`
	// Detail explains the reason to a person.
	Detail string `json:"detail"`
	// Key names the variable of a ReasonMissingValue problem.
	Key string `json:"key,omitempty"`
}

// Deployability is the answer of Deployable.
type Deployability struct {
	// Deployable is true exactly when Problems is empty.
	Deployable bool `json:"deployable"`
	// Problems lists every reason, in the order of Reasons.
	Problems []Problem `json:"problems,omitempty"`
}

// Has reports whether d holds a problem with reason r.
func (d Deployability) Has(r Reason) bool {
	for _, p := range d.Problems {
		if p.Reason == r {
			return true
		}
	}
	return false
}

// DeployInput is everything Deployable looks at.
type DeployInput struct {
	// Customer is the customer that would activate.
	Customer *customer.Customer
	// Integration is the integration to activate.
	Integration *Integration
	// Listing is the integration's listing; nil when it is not listed.
	Listing *Listing
	// Version is the version the listing presents (see
	// Listing.PresentedVersion); nil when there is none.
	Version *IntegrationVersion
	// CustomerValues are the organization's values for this customer
	// (CustomerValues.Values); nil when none.
	CustomerValues map[string]string
	// Instances counts the customer's instances of this integration.
	Instances int
	// TotalInstances counts all of the customer's instances.
	TotalInstances int
	// MaxInstances is the customer's instance quota; 0 means no quota.
	MaxInstances int
	// Role is the acting user's role. The zero Role means the
	// organization acts on the customer's behalf: no role rule applies.
	Role Role
}

// Deployable reports whether the customer in in may activate the
// integration now and, when not, every reason, in the order of Reasons.
// It is a pure function.
//
// The rules, each adding its problem when it applies:
//
//  1. not_listed: no listing, or the listing is not_available.
//  2. not_entitled: the listing has an allow-list without the customer,
//     or the integration is specific to another customer.
//  3. contact_us: the listing is available_not_deployable.
//  4. customer_status: the customer's status does not allow creating new
//     resources (customer.Status.CanCreate: suspended, inactive and
//     terminated customers cannot activate).
//  5. quota: MaxInstances is set and TotalInstances has reached it.
//  6. already_activated: the customer has an instance of the integration
//     and the listing does not allow multiple instances.
//  7. missing_value: one problem per organization or embedded variable of
//     the version that is required (not optional, no default) and has no
//     value in the listing's OrgValues or in CustomerValues, in the order
//     of the version's definitions.
//  8. role: Role is set and cannot activate (Role.CanActivate).
//  9. version_unavailable: there is no presented version, or it is not
//     available.
func Deployable(in DeployInput) Deployability {
	var ps []Problem
	add := func(r Reason, detail, key string) { ps = append(ps, Problem{Reason: r, Detail: detail, Key: key}) }
	l := in.Listing
	if l == nil || !l.Availability.Listed() || in.Integration == nil {
		add(ReasonNotListed, "the integration is not in the marketplace", "")
	}
	var cid ulid.ULID
	if in.Customer != nil {
		cid = in.Customer.ULID
	}
	switch {
	case in.Integration != nil && in.Integration.CustomerSpecific() && in.Integration.CustomerID != cid:
		add(ReasonNotEntitled, "the integration belongs to another customer", "")
	case l != nil && len(l.AllowedCustomers) > 0 && !slices.Contains(l.AllowedCustomers, cid):
		add(ReasonNotEntitled, "the listing is offered to other customers only", "")
	}
	if l != nil && l.Availability == AvailableNotDeployable {
		add(ReasonContactUs, "contact the organization to activate this integration", "")
	}
	switch {
	case in.Customer == nil:
		add(ReasonCustomerStatus, "no customer", "")
	case !in.Customer.Status.CanCreate():
		add(ReasonCustomerStatus, "a "+string(in.Customer.Status)+" customer cannot activate integrations", "")
	}
	if in.MaxInstances > 0 && in.TotalInstances >= in.MaxInstances {
		add(ReasonQuota, "the customer has reached its quota of "+strconv.Itoa(in.MaxInstances)+" instances", "")
	}
	if in.Instances > 0 && (l == nil || !l.AllowMultiple) {
		add(ReasonAlreadyActivated, "the integration is activated already and allows one instance", "")
	}
	if in.Version != nil {
		for _, v := range in.Version.ConfigVars {
			if v.Visibility == VisibilityCustomer || !v.Required() {
				continue
			}
			if _, ok := in.CustomerValues[v.Key]; ok {
				continue
			}
			if l != nil {
				if _, ok := l.OrgValues[v.Key]; ok {
					continue
				}
			}
			add(ReasonMissingValue, "the organization has not set "+strconv.Quote(v.Key), v.Key)
		}
	}
	if in.Role != "" && !in.Role.CanActivate() {
		add(ReasonRole, "the role "+strconv.Quote(string(in.Role))+" cannot activate integrations", "")
	}
	switch {
	case in.Version == nil:
		add(ReasonVersionUnavailable, "no version of the integration is available", "")
	case !in.Version.Available:
		add(ReasonVersionUnavailable, "version "+strconv.Itoa(in.Version.Number)+" is not available", "")
	}
	return Deployability{Deployable: len(ps) == 0, Problems: ps}
}

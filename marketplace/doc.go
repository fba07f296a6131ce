// Package marketplace will own the integration catalog: integrations with
// immutable, sequentially numbered versions and their config-variable
// definitions, marketplace listings, and deployability (a pure function of
// customer, listing, version, the customer's instances and the acting role
// that returns every reason). See the integration lifecycle in the design
// document. It holds no code yet.
package marketplace

// Package instance owns instances: the configured, versioned copy of an
// integration deployed to one customer, with its lifecycle (create or
// activate, configure, deploy, pause, resume, upgrade, deactivate or
// delete), and the customer's side of the marketplace: a handle bound to
// one customer and one acting role (Service.Marketplace) that shows the
// customer's marketplace (View) and acts on its instances.
//
// # Wiring
//
//	store := memstore.New()                              // one adapter for every Store
//	market := marketplace.NewService(store, nil)         // the organization's catalog
//	svc := instance.NewService(store, nil)               // the organization's instances
//	h := svc.Marketplace(customerID, marketplace.RoleMarketplaceAdmin)
//	view, err := h.View(ctx)                             // two store queries
//	inst, err := h.Activate(ctx, integrationID, instance.ActivateInput{Values: ...})
//
// # Facts and the derived state
//
// An Instance stores raw facts only: Enabled, ConfigComplete, NeedsDeploy,
// LastDeployedAt, DeployCount, VersionNumber and its values (Values for
// customer variables, PrivateValues for organization and embedded ones).
// Instance.State derives one lifecycle state, taking the first row that
// holds:
//
//	precedence  state            holds when
//	1           inactive         the customer is inactive or terminated
//	2           unconfigured     !ConfigComplete (a required variable has no value)
//	3           paused           !Enabled && DeployCount > 0
//	4           pending_changes  NeedsDeploy, or never deployed
//	5           active           otherwise
//
// How the operations move the facts:
//
//	create      NeedsDeploy; ConfigComplete computed; not enabled, not deployed
//	activate    create, then deploy when ConfigComplete
//	configure   values merged; NeedsDeploy when one changed; ConfigComplete recomputed
//	set refs    references merged (SetRefs); idem
//	deploy      needs ConfigComplete; first deploy sets Enabled; DeployCount+1,
//	            LastDeployedAt, !NeedsDeploy (a paused instance stays paused)
//	pause       !Enabled (needs DeployCount > 0)
//	resume      Enabled (needs DeployCount > 0)
//	upgrade     VersionNumber; values re-validated; ConfigComplete recomputed; NeedsDeploy
//
// ConfigComplete: every variable of the version that is not optional has
// a value: on the instance (a value, or a reference to a customer config
// variable), from the customer's values or the listing's
// OrgValues (organization and embedded variables), or its default
// (Resolve gives the values an instance runs with). UpdateAvailable is
// true when the listing presents another version than the instance runs;
// removing a listing or changing its version never touches an instance.
//
// # Who may do what
//
//	operation             organization (Service)   customer (Marketplace handle)
//	view the marketplace  —                        every role
//	list, get instances   List, All, Get           Instances, Instance: every role
//	create / activate     Create (any variable;    Activate: admin, marketplace_admin;
//	                      never deploys)           the listing must be deployable
//	configure             Configure, SetRefs:      Configure, SetRefs: admin,
//	                      every variable           marketplace_admin; customer
//	                                               variables only
//	deploy, pause,        Deploy, Pause, Resume    Deploy, Pause, Resume:
//	resume                                         admin, marketplace_admin
//	upgrade               Upgrade: any version     Upgrade: the presented version, if
//	                                               available; admin, marketplace_admin
//	deactivate / delete   Delete                   Deactivate: admin, marketplace_admin
//
// member and marketplace_user only view (marketplace.Role). A handle
// names its own customer's instances only: another customer's are
// ErrNotFound. To a customer, an organization or embedded variable does
// not exist: setting one is refused like an unknown key, and neither the
// view nor an instance view carries their definitions, values or
// defaults; a missing organization value shows as one missing_value
// problem naming no variable.
//
// # Customer status
//
//	operation                      active  suspended  inactive  terminated
//	create, activate               yes     no         no        no
//	configure, deploy, resume,     yes     yes        no        no
//	upgrade
//	pause, delete (organization)   yes     yes        yes       yes
//	anything through the handle    yes     yes        no        no
//	state of its instances         own     own        inactive  inactive
//
// The rules are checked inside the store's transaction, with the customer
// as it is then: a status change cannot slip between check and write. A
// suspended customer's instances keep running.
//
// # Activation is atomic
//
// Store.CreateInstance reads the customer, the listing and the customer's
// instances and runs the caller's check in the same transaction as the
// write. Activate runs marketplace.Deployable there: of concurrent
// activations of a listing that allows one instance, exactly one
// succeeds; the others get a *NotDeployableError (already_activated).
//
// # Configuration values
//
// Updates are partial: a key left out keeps its value. Every value is
// checked with marketplace.ConfigVar.CheckValue and stored in canonical
// form; a connection must name a credential of the instance's customer or
// an organization-wide one, whose method (or custom method name) the
// variable's AuthMethods lists (MethodAllowed). An upgrade keeps the
// values the new version still declares and that still fit; the others
// are dropped, and a new required variable without a value leaves the
// instance unconfigured.
//
// # Customer config variables
//
// A variable may take its value from one of the customer's config
// variables (package customer/configvar) instead of holding one: SetRefs
// (or Refs in CreateInput and ActivateInput) maps variable keys to config
// variable keys, and the instance stores a configvar.Ref (key and kind) in
// Refs (customer variables) or PrivateRefs (organization and embedded
// ones). A variable has a value or a reference, never both: setting one
// drops the other. Which variables can take one (RefAllowed):
//
//	variable type        config variable kinds it takes
//	string               text, json, xml, html
//	code (json/xml/html) the kind of its language
//	any other type       none
//
// Resolve, and Service.Resolve for the host's runtime, read the
// referenced variable's current value, so one value serves every
// instance of the customer and an update (configvar.Service.Update, which
// names the instances in Variable.UsedBy) reaches them all at once. A
// customer sets references only for customer variables, and only to its
// own customer's config variables. The store refuses a reference to a
// config variable the customer does not have with that kind (checked in
// the writing transaction: ErrFailedPrecondition when one was deleted in
// between), and refuses to delete a config variable an instance
// references; an upgrade keeps the references the new version's
// variables can still take.
//
// # Deleting a customer
//
// Only a terminated customer may be deleted, with customer.Service.Delete.
// The host's customer.Options.DeletePolicy decides what happens to its
// instances: customer.DeleteCascade (the default) deletes them, with its
// credentials, in the same transaction; customer.DeleteRefuse refuses
// (ErrFailedPrecondition saying how many) while it has any, so they must
// be deactivated (Marketplace.Deactivate) or deleted (Service.Delete)
// first. The count is read in the deleting transaction.
//
// # Errors
//
// Every error matches one sentinel of package customerkit:
//
//   - ErrInvalid: a *customerkit.ValidationError, paths `values["key"]`,
//     `refs["key"]`, "name", "version_number", "customer_id",
//     "integration_id";
//   - ErrNotFound: no such instance, customer, integration or version, or
//     not visible through the handle;
//   - ErrFailedPrecondition: the customer's status, not fully configured,
//     never deployed, already on that version, quota
//     (Options.MaxInstances), a referenced config variable deleted during
//     the operation, or a *NotDeployableError with every reason;
//   - ErrPermissionDenied: the handle's role does not allow it;
//   - ErrConflict: the instance or its listing kept changing during the
//     operation;
//   - ErrAlreadyExists: an instance ID taken (from the store).
package instance

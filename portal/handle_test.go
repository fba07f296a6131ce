package portal_test

import (
	"bytes"
	"errors"
	"fmt"
	"iter"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/oklog/ulid/v2"
	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/credential"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/customer/configvar"
	"github.com/customerkit/customerkit/instance"
	"github.com/customerkit/customerkit/marketplace"
	"github.com/customerkit/customerkit/portal"
	"github.com/customerkit/customerkit/user"
)

// The kinds of operation, for the customer's status rules.
const (
	read   = "read"
	use    = "use"
	create = "create"
)

// op is one handle method. own acts on customer a's records through a
// handle of a (and, when it succeeds, checks that nothing of b's came
// back); other, when the method names a record, acts on b's.
type op struct {
	name    string   // Group.Method
	kind    string   // read, use, create
	allowed []string // the acting users the method allows
	ownErr  map[string]error
	own     func(t *testing.T, w *world, h *portal.Handle) error
	other   func(t *testing.T, w *world, h *portal.Handle) error
}

var (
	everyone    = actors
	userViewers = []string{owner, admin, member, mpAdmin, explicitDown}
	userAdmins  = []string{owner, admin}
	configurers = []string{owner, admin, mpAdmin, explicitUp}
	credAdmins  = []string{owner, admin, mpAdmin}
	fileAdmins  = []string{owner, admin, explicitUp}
	varAdmins   = []string{owner, admin, mpAdmin}
)

func configVarKeys(vs []*configvar.Variable) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.Key
	}
	return out
}

func collect[T any](seq iter.Seq2[*T, error]) ([]*T, error) {
	var out []*T
	for v, err := range seq {
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// ops enumerates every method of the handle's groups.
func ops() []op {
	none := customerkit.Cursor{}
	mine := func(t *testing.T, w *world, id ulid.ULID) {
		t.Helper()
		require.Equal(t, w.a.c.ULID, id, "a record of another customer came back")
	}
	return []op{
		// Users.
		{name: "Users.Get", kind: read, allowed: userViewers,
			own: func(t *testing.T, w *world, h *portal.Handle) error {
				m, err := h.Users().Get(t.Context(), w.a.id("target"))
				if err == nil {
					mine(t, w, m.Membership.CustomerID)
				}
				return err
			},
			other: func(t *testing.T, w *world, h *portal.Handle) error {
				_, err := h.Users().Get(t.Context(), w.b.id("target"))
				return err
			}},
		{name: "Users.List", kind: read, allowed: userViewers,
			own: func(t *testing.T, w *world, h *portal.Handle) error {
				page, err := h.Users().List(t.Context(), &user.MemberQuery{CustomerID: w.b.c.ULID}, none)
				if err == nil {
					require.Len(t, page.Items, 8)
					for _, m := range page.Items {
						mine(t, w, m.Membership.CustomerID)
					}
				}
				return err
			}},
		{name: "Users.All", kind: read, allowed: userViewers,
			own: func(t *testing.T, w *world, h *portal.Handle) error {
				ms, err := collect(h.Users().All(t.Context(), &user.MemberQuery{Limit: 3}))
				if err == nil {
					require.Len(t, ms, 8)
					for _, m := range ms {
						mine(t, w, m.Membership.CustomerID)
					}
				}
				return err
			}},
		{name: "Users.Invitations", kind: read, allowed: userViewers,
			own: func(t *testing.T, w *world, h *portal.Handle) error {
				page, err := h.Users().Invitations(t.Context(), &user.InvitationQuery{CustomerID: w.b.c.ULID}, none)
				if err == nil {
					require.Len(t, page.Items, 1)
					require.Equal(t, w.a.invitation, page.Items[0].ID)
					mine(t, w, page.Items[0].CustomerID)
				}
				return err
			}},
		{name: "Users.Invite", kind: create, allowed: userAdmins,
			own: func(t *testing.T, w *world, h *portal.Handle) error {
				inv, err := h.Users().Invite(t.Context(), user.InviteInput{Email: "new@acme.example",
					Role: marketplace.RoleMember, Activation: user.ActivationDisplayLink})
				if err == nil {
					mine(t, w, inv.Invitation.CustomerID)
				}
				return err
			}},
		{name: "Users.Revoke", kind: use, allowed: userAdmins,
			own: func(t *testing.T, w *world, h *portal.Handle) error {
				_, err := h.Users().Revoke(t.Context(), w.a.invitation)
				return err
			},
			other: func(t *testing.T, w *world, h *portal.Handle) error {
				_, err := h.Users().Revoke(t.Context(), w.b.invitation)
				return err
			}},
		{name: "Users.SetAccess", kind: use, allowed: userAdmins,
			own: func(t *testing.T, w *world, h *portal.Handle) error {
				_, err := h.Users().SetAccess(t.Context(), w.a.id("target"), user.Access{Role: marketplace.RoleMarketplaceUser})
				return err
			},
			other: func(t *testing.T, w *world, h *portal.Handle) error {
				_, err := h.Users().SetAccess(t.Context(), w.b.id("target"), user.Access{Role: marketplace.RoleMarketplaceUser})
				return err
			}},
		{name: "Users.Remove", kind: use, allowed: userAdmins,
			own: func(t *testing.T, w *world, h *portal.Handle) error {
				return h.Users().Remove(t.Context(), w.a.id("target"))
			},
			other: func(t *testing.T, w *world, h *portal.Handle) error {
				return h.Users().Remove(t.Context(), w.b.id("target"))
			}},
		{name: "Users.Leave", kind: use, allowed: everyone,
			ownErr: map[string]error{owner: customerkit.ErrFailedPrecondition},
			own: func(t *testing.T, w *world, h *portal.Handle) error {
				return h.Users().Leave(t.Context())
			}},
		{name: "Users.TransferOwnership", kind: use, allowed: []string{owner},
			own: func(t *testing.T, w *world, h *portal.Handle) error {
				_, _, err := h.Users().TransferOwnership(t.Context(), w.a.id("target"))
				return err
			},
			other: func(t *testing.T, w *world, h *portal.Handle) error {
				_, _, err := h.Users().TransferOwnership(t.Context(), w.b.id("target"))
				return err
			}},

		// Marketplace.
		{name: "Marketplace.View", kind: read, allowed: everyone,
			own: func(t *testing.T, w *world, h *portal.Handle) error {
				v, err := h.Marketplace().View(t.Context())
				if err == nil {
					require.Equal(t, w.a.c.ULID, v.CustomerID)
					require.NotNil(t, v.Listing(w.a.exclusive))
					require.Nil(t, v.Listing(w.b.exclusive), "another customer's exclusive listing")
					crm := v.Listing(w.crm.ID)
					require.Len(t, crm.Instances, 1)
					require.Equal(t, w.a.instance, crm.Instances[0].ID)
				}
				return err
			}},
		{name: "Marketplace.Instance", kind: read, allowed: everyone,
			own: func(t *testing.T, w *world, h *portal.Handle) error {
				_, err := h.Marketplace().Instance(t.Context(), w.a.instance)
				return err
			},
			other: func(t *testing.T, w *world, h *portal.Handle) error {
				_, err := h.Marketplace().Instance(t.Context(), w.b.instance)
				return err
			}},
		{name: "Marketplace.Instances", kind: read, allowed: everyone,
			own: func(t *testing.T, w *world, h *portal.Handle) error {
				page, err := h.Marketplace().Instances(t.Context(), &instance.Query{CustomerID: w.b.c.ULID}, none)
				if err == nil {
					require.Len(t, page.Items, 1)
					require.Equal(t, w.a.instance, page.Items[0].ID)
				}
				return err
			}},
		{name: "Marketplace.All", kind: read, allowed: everyone,
			own: func(t *testing.T, w *world, h *portal.Handle) error {
				is, err := collect(h.Marketplace().All(t.Context(), nil))
				if err == nil {
					require.Len(t, is, 1)
					require.Equal(t, w.a.instance, is[0].ID)
				}
				return err
			}},
		{name: "Marketplace.Activate", kind: create, allowed: configurers,
			own: func(t *testing.T, w *world, h *portal.Handle) error {
				_, err := h.Marketplace().Activate(t.Context(), w.crm.ID, instance.ActivateInput{
					Values: map[string]string{"api_url": "https://two.acme.example"}})
				return err
			},
			other: func(t *testing.T, w *world, h *portal.Handle) error {
				_, err := h.Marketplace().Activate(t.Context(), w.b.exclusive, instance.ActivateInput{
					Values: map[string]string{"api_url": "https://two.acme.example"}})
				return err
			}},
		{name: "Marketplace.Configure", kind: use, allowed: configurers,
			own: func(t *testing.T, w *world, h *portal.Handle) error {
				_, err := h.Marketplace().Configure(t.Context(), w.a.instance, map[string]string{"api_url": "https://new.acme.example"})
				return err
			},
			other: func(t *testing.T, w *world, h *portal.Handle) error {
				_, err := h.Marketplace().Configure(t.Context(), w.b.instance, map[string]string{"api_url": "https://new.acme.example"})
				return err
			}},
		{name: "Marketplace.SetRefs", kind: use, allowed: configurers,
			own: func(t *testing.T, w *world, h *portal.Handle) error {
				v, err := h.Marketplace().SetRefs(t.Context(), w.a.instance, map[string]string{"api_url": "base_url"})
				if err == nil {
					require.Equal(t, "base_url", v.Refs["api_url"].Key)
					cfg, err := w.instances.Resolve(t.Context(), w.a.instance)
					require.NoError(t, err)
					require.Equal(t, "https://crm.acme.example", cfg["api_url"], "the customer's own value, not another's")
				}
				return err
			},
			other: func(t *testing.T, w *world, h *portal.Handle) error {
				_, err := h.Marketplace().SetRefs(t.Context(), w.b.instance, map[string]string{"api_url": "base_url"})
				return err
			}},
		{name: "Marketplace.Upgrade", kind: use, allowed: configurers,
			own: func(t *testing.T, w *world, h *portal.Handle) error {
				v, err := h.Marketplace().Upgrade(t.Context(), w.a.instance, nil)
				if err == nil {
					require.Equal(t, 2, v.VersionNumber)
				}
				return err
			},
			other: func(t *testing.T, w *world, h *portal.Handle) error {
				_, err := h.Marketplace().Upgrade(t.Context(), w.b.instance, nil)
				return err
			}},
		{name: "Marketplace.Deactivate", kind: use, allowed: configurers,
			own: func(t *testing.T, w *world, h *portal.Handle) error {
				return h.Marketplace().Deactivate(t.Context(), w.a.instance)
			},
			other: func(t *testing.T, w *world, h *portal.Handle) error {
				return h.Marketplace().Deactivate(t.Context(), w.b.instance)
			}},
		{name: "Marketplace.Deploy", kind: use, allowed: configurers,
			own: func(t *testing.T, w *world, h *portal.Handle) error {
				_, err := h.Marketplace().Deploy(t.Context(), w.a.instance)
				return err
			},
			other: func(t *testing.T, w *world, h *portal.Handle) error {
				_, err := h.Marketplace().Deploy(t.Context(), w.b.instance)
				return err
			}},
		{name: "Marketplace.Pause", kind: use, allowed: configurers,
			own: func(t *testing.T, w *world, h *portal.Handle) error {
				_, err := h.Marketplace().Pause(t.Context(), w.a.instance)
				return err
			},
			other: func(t *testing.T, w *world, h *portal.Handle) error {
				_, err := h.Marketplace().Pause(t.Context(), w.b.instance)
				return err
			}},
		{name: "Marketplace.Resume", kind: use, allowed: configurers,
			own: func(t *testing.T, w *world, h *portal.Handle) error {
				_, err := h.Marketplace().Resume(t.Context(), w.a.instance)
				return err
			},
			other: func(t *testing.T, w *world, h *portal.Handle) error {
				_, err := h.Marketplace().Resume(t.Context(), w.b.instance)
				return err
			}},

		// Credentials.
		{name: "Credentials.Get", kind: read, allowed: configurers,
			own: func(t *testing.T, w *world, h *portal.Handle) error {
				_, err := h.Credentials().Get(t.Context(), w.a.credential)
				return err
			},
			other: func(t *testing.T, w *world, h *portal.Handle) error {
				_, err := h.Credentials().Get(t.Context(), w.b.credential)
				return err
			}},
		{name: "Credentials.List", kind: read, allowed: configurers,
			own: func(t *testing.T, w *world, h *portal.Handle) error {
				page, err := h.Credentials().List(t.Context(), &credential.Query{CustomerID: w.b.c.ULID, OrgWide: true}, none)
				if err == nil {
					var ids []ulid.ULID
					for _, v := range page.Items {
						ids = append(ids, v.ID)
					}
					require.ElementsMatch(t, []ulid.ULID{w.a.credential, w.orgCred}, ids)
				}
				return err
			}},
		{name: "Credentials.All", kind: read, allowed: configurers,
			own: func(t *testing.T, w *world, h *portal.Handle) error {
				vs, err := collect(h.Credentials().All(t.Context(), nil))
				if err == nil {
					require.Len(t, vs, 1)
					require.Equal(t, w.a.credential, vs[0].ID)
				}
				return err
			}},
		{name: "Credentials.Create", kind: create, allowed: credAdmins,
			own: func(t *testing.T, w *world, h *portal.Handle) error {
				v, err := h.Credentials().Create(t.Context(), credential.Input{CustomerID: w.b.c.ULID, Name: "Another key",
					Method: credential.MethodAPIKey, Values: credential.Values{"api_key": "acme-secret-5678"}})
				if err == nil {
					mine(t, w, v.CustomerID)
				}
				return err
			}},
		{name: "Credentials.Update", kind: use, allowed: credAdmins,
			own: func(t *testing.T, w *world, h *portal.Handle) error {
				_, err := h.Credentials().Update(t.Context(), w.a.credential, credential.Patch{Values: credential.Values{"api_key": "rotated-9999"}})
				return err
			},
			other: func(t *testing.T, w *world, h *portal.Handle) error {
				_, err := h.Credentials().Update(t.Context(), w.b.credential, credential.Patch{Values: credential.Values{"api_key": "rotated-9999"}})
				return err
			}},
		{name: "Credentials.Delete", kind: use, allowed: credAdmins,
			own: func(t *testing.T, w *world, h *portal.Handle) error {
				return h.Credentials().Delete(t.Context(), w.a.credential)
			},
			other: func(t *testing.T, w *world, h *portal.Handle) error {
				return h.Credentials().Delete(t.Context(), w.b.credential)
			}},

		// Config variables.
		{name: "ConfigVars.Get", kind: read, allowed: everyone,
			own: func(t *testing.T, w *world, h *portal.Handle) error {
				v, err := h.ConfigVars().Get(t.Context(), w.a.configVar)
				if err == nil {
					mine(t, w, v.CustomerID)
				}
				return err
			},
			other: func(t *testing.T, w *world, h *portal.Handle) error {
				_, err := h.ConfigVars().Get(t.Context(), w.b.configVar)
				return err
			}},
		{name: "ConfigVars.List", kind: read, allowed: everyone,
			own: func(t *testing.T, w *world, h *portal.Handle) error {
				page, err := h.ConfigVars().List(t.Context(), &configvar.Query{CustomerID: w.b.c.ULID}, none)
				if err == nil {
					require.Equal(t, []string{"acme_only", "base_url", "spare"}, configVarKeys(page.Items))
					for _, v := range page.Items {
						mine(t, w, v.CustomerID)
					}
				}
				return err
			}},
		{name: "ConfigVars.All", kind: read, allowed: everyone,
			own: func(t *testing.T, w *world, h *portal.Handle) error {
				vs, err := collect(h.ConfigVars().All(t.Context(), &configvar.Query{Limit: 1}))
				if err == nil {
					require.Equal(t, []string{"acme_only", "base_url", "spare"}, configVarKeys(vs))
				}
				return err
			}},
		{name: "ConfigVars.Create", kind: create, allowed: varAdmins,
			own: func(t *testing.T, w *world, h *portal.Handle) error {
				v, err := h.ConfigVars().Create(t.Context(), configvar.Input{Key: "globex_only", Value: "acme's"})
				if err == nil {
					mine(t, w, v.CustomerID)
					b, err := w.vars.Get(t.Context(), w.b.c.ULID, "globex_only")
					require.NoError(t, err)
					require.Equal(t, "Globex's own", b.Value, "another customer's variable of the same key is untouched")
				}
				return err
			}},
		{name: "ConfigVars.Update", kind: use, allowed: varAdmins,
			own: func(t *testing.T, w *world, h *portal.Handle) error {
				value := "https://new.acme.example"
				_, err := h.ConfigVars().Update(t.Context(), "base_url", configvar.Patch{Value: &value})
				if err == nil {
					b, err := w.vars.Get(t.Context(), w.b.c.ULID, "base_url")
					require.NoError(t, err)
					require.Equal(t, "https://crm.globex.example", b.Value, "another customer's variable of the same key is untouched")
				}
				return err
			},
			other: func(t *testing.T, w *world, h *portal.Handle) error {
				value := "taken over"
				_, err := h.ConfigVars().Update(t.Context(), w.b.configVar, configvar.Patch{Value: &value})
				return err
			}},
		{name: "ConfigVars.Delete", kind: use, allowed: varAdmins,
			own: func(t *testing.T, w *world, h *portal.Handle) error {
				err := h.ConfigVars().Delete(t.Context(), "spare")
				if err == nil {
					_, err := w.vars.Get(t.Context(), w.b.c.ULID, "spare")
					require.NoError(t, err, "another customer's variable of the same key is untouched")
				}
				return err
			},
			other: func(t *testing.T, w *world, h *portal.Handle) error {
				return h.ConfigVars().Delete(t.Context(), w.b.configVar)
			}},

		// Attachments.
		{name: "Attachments.Get", kind: read, allowed: everyone,
			own: func(t *testing.T, w *world, h *portal.Handle) error {
				_, err := h.Attachments().Get(t.Context(), w.a.attachment.ID)
				return err
			},
			other: func(t *testing.T, w *world, h *portal.Handle) error {
				_, err := h.Attachments().Get(t.Context(), w.b.attachment.ID)
				return err
			}},
		{name: "Attachments.Content", kind: read, allowed: everyone,
			own: func(t *testing.T, w *world, h *portal.Handle) error {
				_, data, err := h.Attachments().Content(t.Context(), w.a.attachment.ID)
				if err == nil {
					require.Equal(t, "Acme contract", string(data))
				}
				return err
			},
			other: func(t *testing.T, w *world, h *portal.Handle) error {
				_, _, err := h.Attachments().Content(t.Context(), w.b.attachment.ID)
				return err
			}},
		{name: "Attachments.List", kind: read, allowed: everyone,
			own: func(t *testing.T, w *world, h *portal.Handle) error {
				page, err := h.Attachments().List(t.Context(), nil, none)
				if err == nil {
					require.Len(t, page.Items, 1)
					require.Equal(t, w.a.attachment.ID, page.Items[0].ID)
				}
				return err
			}},
		{name: "Attachments.All", kind: read, allowed: everyone,
			own: func(t *testing.T, w *world, h *portal.Handle) error {
				as, err := collect(h.Attachments().All(t.Context(), nil))
				if err == nil {
					require.Len(t, as, 1)
					require.Equal(t, w.a.attachment.ID, as[0].ID)
				}
				return err
			}},
		{name: "Attachments.Usage", kind: read, allowed: everyone,
			own: func(t *testing.T, w *world, h *portal.Handle) error {
				u, err := h.Attachments().Usage(t.Context())
				if err == nil {
					require.Equal(t, 1, u.Count)
					require.Equal(t, w.a.attachment.Size, u.Bytes)
				}
				return err
			}},
		{name: "Attachments.Upload", kind: create, allowed: fileAdmins,
			own: func(t *testing.T, w *world, h *portal.Handle) error {
				a, err := h.Attachments().Upload(t.Context(), strings.NewReader("minutes"), "minutes.txt", "")
				if err == nil {
					mine(t, w, a.CustomerID)
				}
				return err
			}},
		{name: "Attachments.Rename", kind: use, allowed: fileAdmins,
			own: func(t *testing.T, w *world, h *portal.Handle) error {
				_, err := h.Attachments().Rename(t.Context(), w.a.attachment.ID, 0, "signed.txt")
				return err
			},
			other: func(t *testing.T, w *world, h *portal.Handle) error {
				_, err := h.Attachments().Rename(t.Context(), w.b.attachment.ID, 0, "signed.txt")
				return err
			}},
		{name: "Attachments.Delete", kind: use, allowed: fileAdmins,
			own: func(t *testing.T, w *world, h *portal.Handle) error {
				return h.Attachments().Delete(t.Context(), w.a.attachment.ID)
			},
			other: func(t *testing.T, w *world, h *portal.Handle) error {
				return h.Attachments().Delete(t.Context(), w.b.attachment.ID)
			}},
		{name: "Attachments.Logo", kind: read, allowed: everyone,
			own: func(t *testing.T, w *world, h *portal.Handle) error {
				l, err := h.Attachments().Logo(t.Context())
				if err == nil {
					mine(t, w, l.CustomerID)
				}
				return err
			}},
		{name: "Attachments.SetLogo", kind: create, allowed: fileAdmins,
			own: func(t *testing.T, w *world, h *portal.Handle) error {
				l, err := h.Attachments().SetLogo(t.Context(), bytes.NewReader(logoPNG(t)))
				if err == nil {
					mine(t, w, l.CustomerID)
				}
				return err
			}},
		{name: "Attachments.DeleteLogo", kind: use, allowed: fileAdmins,
			own: func(t *testing.T, w *world, h *portal.Handle) error {
				err := h.Attachments().DeleteLogo(t.Context())
				if err == nil {
					_, err := w.files.Logo(t.Context(), w.b.c.ULID)
					require.NoError(t, err, "another customer's logo went too")
				}
				return err
			}},
	}
}

// ownOutcome is what o does for acting user who on its own customer's
// records.
func (o op) ownOutcome(who string) error {
	if !slices.Contains(o.allowed, who) {
		return customerkit.ErrPermissionDenied
	}
	return o.ownErr[who]
}

// otherOutcome is what o does for acting user who on another customer's
// records: invisible when the membership allows o, forbidden otherwise.
func (o op) otherOutcome(who string) error {
	if !slices.Contains(o.allowed, who) {
		return customerkit.ErrPermissionDenied
	}
	return customerkit.ErrNotFound
}

// TestEveryMethodIsInTheTable keeps the table complete: every exported
// method of every group has a row, and every row names a method.
func TestEveryMethodIsInTheTable(t *testing.T) {
	t.Parallel()
	var methods []string
	for _, v := range []any{(*portal.Users)(nil), (*portal.Marketplace)(nil), (*portal.Credentials)(nil),
		(*portal.Attachments)(nil), (*portal.ConfigVars)(nil)} {
		typ := reflect.TypeOf(v)
		for i := range typ.NumMethod() {
			methods = append(methods, typ.Elem().Name()+"."+typ.Method(i).Name)
		}
	}
	var rows []string
	for _, o := range ops() {
		rows = append(rows, o.name)
	}
	require.ElementsMatch(t, methods, rows)
}

// TestPermissions runs every method as every acting user of customer a,
// on a's records and on b's, each in a world of its own, and asserts the
// outcome exactly: allowed, ErrPermissionDenied (a's own, beyond the
// membership) or ErrNotFound (b's).
func TestPermissions(t *testing.T) {
	t.Parallel()
	for _, o := range ops() {
		t.Run(o.name, func(t *testing.T) {
			t.Parallel()
			for _, who := range actors {
				t.Run(who+"/own", func(t *testing.T) {
					t.Parallel()
					w := newWorld(t)
					err := o.own(t, w, w.open(t, w.a, who))
					requireOutcome(t, err, o.ownOutcome(who), "%s as %s on its own customer's records", o.name, who)
				})
				if o.other == nil {
					continue
				}
				t.Run(who+"/other", func(t *testing.T) {
					t.Parallel()
					w := newWorld(t)
					err := o.other(t, w, w.open(t, w.a, who))
					requireOutcome(t, err, o.otherOutcome(who), "%s as %s on another customer's records", o.name, who)
				})
			}
		})
	}
}

// TestStatus runs every method as the owner of customer a while a is
// suspended (reads and uses allowed, creates refused), and through a
// handle opened while a was active once a is inactive or terminated
// (everything refused).
func TestStatus(t *testing.T) {
	t.Parallel()
	for _, st := range []customer.Status{customer.StatusSuspended, customer.StatusInactive, customer.StatusTerminated} {
		for _, o := range ops() {
			t.Run(string(st)+"/"+o.name, func(t *testing.T) {
				t.Parallel()
				w := newWorld(t)
				h := w.open(t, w.a, owner)
				w.setStatus(t, w.a, st)
				want := o.ownOutcome(owner)
				if st != customer.StatusSuspended || o.kind == create {
					want = customerkit.ErrFailedPrecondition
				}
				requireOutcome(t, o.own(t, w, h), want)
			})
		}
	}
}

func TestOpen(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := t.Context()
	cases := []struct {
		name     string
		customer ulid.ULID
		user     ulid.ULID
		want     error
	}{
		{"a member", w.a.c.ULID, w.a.id(member), nil},
		{"another customer's member", w.a.c.ULID, w.b.id(member), customerkit.ErrNotFound},
		{"another customer's owner", w.a.c.ULID, w.b.id(owner), customerkit.ErrNotFound},
		{"no such customer", ulid.Make(), w.a.id(member), customerkit.ErrNotFound},
		{"no such user", w.a.c.ULID, ulid.Make(), customerkit.ErrNotFound},
		{"zero customer", ulid.ULID{}, w.a.id(member), customerkit.ErrNotFound},
		{"zero user", w.a.c.ULID, ulid.ULID{}, customerkit.ErrNotFound},
	}
	for _, tc := range cases {
		h, err := w.portal.Open(ctx, tc.customer, tc.user)
		requireOutcome(t, err, tc.want, tc.name)
		if tc.want != nil {
			require.Nil(t, h, tc.name)
		}
	}
	// The same error for a customer that exists and one that does not: a
	// non-member learns nothing.
	nowhere := ulid.Make()
	_, e1 := w.portal.Open(ctx, w.a.c.ULID, w.b.id(member))
	_, e2 := w.portal.Open(ctx, nowhere, w.b.id(member))
	require.Equal(t, strings.ReplaceAll(e1.Error(), w.a.c.ULID.String(), "?"), strings.ReplaceAll(e2.Error(), nowhere.String(), "?"))

	for _, st := range []customer.Status{customer.StatusSuspended, customer.StatusInactive, customer.StatusTerminated} {
		w := newWorld(t)
		w.setStatus(t, w.a, st)
		_, err := w.portal.Open(ctx, w.a.c.ULID, w.a.id(owner))
		want := customerkit.ErrFailedPrecondition
		if st == customer.StatusSuspended {
			want = nil
		}
		requireOutcome(t, err, want, string(st))
	}
}

func TestHandleAccessors(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	h := w.open(t, w.a, explicitUp)
	require.Equal(t, w.a.c.ULID, h.CustomerID())
	require.Equal(t, w.a.id(explicitUp), h.UserID())
	u := h.User()
	require.Equal(t, "explicit_up@acme.example", u.Email)
	require.Empty(t, u.PasswordHash)
	m := h.Membership()
	require.Equal(t, marketplace.RoleMarketplaceUser, m.Role)
	require.Equal(t, access[explicitUp].Permissions, m.Permissions)
	// Copies: changing them changes nothing of the handle's.
	u.Email, m.Owner, m.Permissions[0] = "x@y.example", true, user.PermManageUsers
	require.Equal(t, "explicit_up@acme.example", h.User().Email)
	require.False(t, h.Membership().Owner)
	require.Equal(t, user.PermViewInstances, h.Membership().Permissions[0])
}

// A user who belongs to both customers sees, through each handle, that
// customer's records only.
func TestMemberOfBoth(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := t.Context()
	_, err := w.users.AddMember(ctx, w.b.c.ULID, w.a.id(admin), user.Access{Role: marketplace.RoleAdmin})
	require.NoError(t, err)
	ha := w.open(t, w.a, admin)
	hb, err := w.portal.Open(ctx, w.b.c.ULID, w.a.id(admin))
	require.NoError(t, err)

	_, err = ha.Marketplace().Instance(ctx, w.b.instance)
	requireOutcome(t, err, customerkit.ErrNotFound)
	_, err = hb.Marketplace().Instance(ctx, w.b.instance)
	requireOutcome(t, err, nil)
	_, err = ha.Credentials().Get(ctx, w.b.credential)
	requireOutcome(t, err, customerkit.ErrNotFound)
	_, err = ha.Users().Get(ctx, w.b.id("target"))
	requireOutcome(t, err, customerkit.ErrNotFound)
	_, err = hb.Users().Get(ctx, w.b.id("target"))
	requireOutcome(t, err, nil)
	// Itself, it sees through both.
	_, err = ha.Users().Get(ctx, w.a.id(admin))
	requireOutcome(t, err, nil)
	_, err = hb.Users().Get(ctx, w.a.id(admin))
	requireOutcome(t, err, nil)
}

// Every call reads the membership again: a removed member's handle stops
// working at once, and a changed access takes effect with the next call.
func TestNothingGoesStale(t *testing.T) {
	t.Parallel()
	ctx := t.Context()

	t.Run("removed member", func(t *testing.T) {
		t.Parallel()
		w := newWorld(t)
		h := w.open(t, w.a, admin)
		_, err := h.Users().List(ctx, nil, customerkit.Cursor{})
		require.NoError(t, err)
		require.NoError(t, w.users.RemoveMember(ctx, w.a.c.ULID, w.a.id(admin)))
		for _, o := range ops() {
			requireOutcome(t, o.own(t, w, h), customerkit.ErrNotFound, o.name)
		}
	})
	t.Run("left", func(t *testing.T) {
		t.Parallel()
		w := newWorld(t)
		h := w.open(t, w.a, member)
		require.NoError(t, h.Users().Leave(ctx))
		_, err := h.Marketplace().View(ctx)
		requireOutcome(t, err, customerkit.ErrNotFound)
		_, err = w.portal.Open(ctx, w.a.c.ULID, w.a.id(member))
		requireOutcome(t, err, customerkit.ErrNotFound)
	})
	t.Run("narrowed", func(t *testing.T) {
		t.Parallel()
		w := newWorld(t)
		h := w.open(t, w.a, admin)
		_, err := w.users.SetAccess(ctx, w.a.c.ULID, w.a.id(admin), user.Access{Role: marketplace.RoleMember})
		require.NoError(t, err)
		_, err = h.Users().Invite(ctx, user.InviteInput{Email: "new@acme.example", Role: marketplace.RoleMember, Activation: user.ActivationDisplayLink})
		requireOutcome(t, err, customerkit.ErrPermissionDenied)
		_, err = h.Marketplace().Deploy(ctx, w.a.instance)
		requireOutcome(t, err, customerkit.ErrPermissionDenied)
		// The copy from Open still says admin; the checks do not use it.
		require.Equal(t, marketplace.RoleAdmin, h.Membership().Role)
	})
	t.Run("widened", func(t *testing.T) {
		t.Parallel()
		w := newWorld(t)
		h := w.open(t, w.a, member)
		_, err := h.Marketplace().Deploy(ctx, w.a.instance)
		requireOutcome(t, err, customerkit.ErrPermissionDenied)
		_, err = w.users.SetAccess(ctx, w.a.c.ULID, w.a.id(member), user.Access{Role: marketplace.RoleMember,
			Permissions: []user.Permission{user.PermViewInstances, user.PermDeployInstances}})
		require.NoError(t, err)
		_, err = h.Marketplace().Deploy(ctx, w.a.instance)
		requireOutcome(t, err, nil)
		_, err = h.Marketplace().Configure(ctx, w.a.instance, map[string]string{"api_url": "https://x.acme.example"})
		requireOutcome(t, err, customerkit.ErrPermissionDenied)
	})
	t.Run("status", func(t *testing.T) {
		t.Parallel()
		w := newWorld(t)
		h := w.open(t, w.a, owner)
		w.setStatus(t, w.a, customer.StatusInactive)
		_, err := h.Attachments().List(ctx, nil, customerkit.Cursor{})
		requireOutcome(t, err, customerkit.ErrFailedPrecondition)
		w.setStatus(t, w.a, customer.StatusActive)
		_, err = h.Attachments().List(ctx, nil, customerkit.Cursor{})
		requireOutcome(t, err, nil)
	})
	t.Run("customer deleted", func(t *testing.T) {
		t.Parallel()
		w := newWorld(t)
		h := w.open(t, w.a, owner)
		w.setStatus(t, w.a, customer.StatusTerminated)
		require.NoError(t, w.customers.Delete(ctx, w.a.c.ULID))
		_, err := h.Marketplace().View(ctx)
		requireOutcome(t, err, customerkit.ErrNotFound)
	})
}

// The marketplace follows the membership's permissions, not its role's
// defaults: a marketplace_user allowed to configure sees the listing as
// deployable and activates; an admin without configure_instances sees
// the "role" reason and cannot.
func TestMarketplaceFollowsPermissions(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := t.Context()
	for _, tc := range []struct {
		who        string
		deployable bool
	}{
		{owner, true}, {admin, true}, {mpAdmin, true}, {explicitUp, true},
		{member, false}, {mpUser, false}, {explicitDown, false},
	} {
		h := w.open(t, w.a, tc.who)
		v, err := h.Marketplace().View(ctx)
		require.NoError(t, err, tc.who)
		role := access[tc.who].Role
		if tc.who == owner {
			role = marketplace.RoleAdmin
		}
		require.Equal(t, role, v.Role, tc.who)
		d := v.Listing(w.crm.ID).Deployability
		require.Equal(t, tc.deployable, d.Deployable, tc.who)
		if !tc.deployable {
			var reasons []marketplace.Reason
			for _, p := range d.Problems {
				reasons = append(reasons, p.Reason)
			}
			require.Equal(t, []marketplace.Reason{marketplace.ReasonRole}, reasons, tc.who)
		}
	}
}

// No handle method returns a secret value: not of the customer's
// credentials, not of the organization's.
func TestSecretsNeverReturned(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := t.Context()
	h := w.open(t, w.a, owner)
	created, err := h.Credentials().Create(ctx, credential.Input{Name: "New", Method: credential.MethodAPIKey,
		Values: credential.Values{"api_key": "fresh-secret-4242"}})
	require.NoError(t, err)
	got, err := h.Credentials().Get(ctx, w.orgCred)
	require.NoError(t, err)
	page, err := h.Credentials().List(ctx, &credential.Query{OrgWide: true}, customerkit.Cursor{})
	require.NoError(t, err)
	updated, err := h.Credentials().Update(ctx, w.a.credential, credential.Patch{Values: credential.Values{"api_key": "rotated-secret-7777"}})
	require.NoError(t, err)
	text := fmt.Sprintf("%+v %+v %+v %+v", created, got, page.Items, updated)
	for _, v := range page.Items {
		text += fmt.Sprintf(" %+v", v)
	}
	for _, secret := range []string{"fresh-secret-4242", "org-secret-0000", "acme-secret-1234", "rotated-secret-7777"} {
		require.NotContains(t, text, secret)
	}
	require.Equal(t, []string{"api_key"}, created.SecretFields)

	// The organization's credential is visible, not the customer's to change.
	_, err = h.Credentials().Update(ctx, w.orgCred, credential.Patch{Values: credential.Values{"api_key": "x"}})
	requireOutcome(t, err, customerkit.ErrPermissionDenied)
	requireOutcome(t, h.Credentials().Delete(ctx, w.orgCred), customerkit.ErrPermissionDenied)

	// Members come without password hashes, invitations without token
	// hashes.
	_, err = w.users.SetPassword(ctx, w.a.id(member), "correct horse battery staple")
	require.NoError(t, err)
	m, err := h.Users().Get(ctx, w.a.id(member))
	require.NoError(t, err)
	require.True(t, m.User.HasPassword)
	require.Empty(t, m.User.PasswordHash)
	invs, err := h.Users().Invitations(ctx, nil, customerkit.Cursor{})
	require.NoError(t, err)
	for _, i := range invs.Items {
		require.True(t, i.TokenHash.IsZero())
	}
}

// The errors match exactly one sentinel and say which rule refused.
func TestErrors(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := t.Context()
	h := w.open(t, w.a, mpUser)
	_, err := h.Credentials().Get(ctx, w.a.credential)
	requireOutcome(t, err, customerkit.ErrPermissionDenied)
	require.Contains(t, err.Error(), "manage_credentials or configure_instances")
	_, _, err = w.open(t, w.a, admin).Users().TransferOwnership(ctx, w.a.id("target"))
	requireOutcome(t, err, customerkit.ErrPermissionDenied)
	require.True(t, errors.Is(err, customerkit.ErrPermissionDenied))
}

// TestAuthorize: the host guards what the library does not hold (the
// instances' logs) by the handle's rules: membership, permission, status.
func TestAuthorize(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := t.Context()
	logReaders := []string{owner, admin, member, mpAdmin}
	for _, who := range actors {
		want := customerkit.ErrPermissionDenied
		if slices.Contains(logReaders, who) {
			want = nil
		}
		requireOutcome(t, w.open(t, w.a, who).Authorize(ctx, user.PermViewLogs), want, "view_logs as %s", who)
	}
	h := w.open(t, w.a, member)
	requireOutcome(t, h.Authorize(ctx, user.Permission("launch_rockets")), customerkit.ErrPermissionDenied)
	requireOutcome(t, h.Authorize(ctx, user.PermManageConfigVars), customerkit.ErrPermissionDenied)

	w.setStatus(t, w.a, customer.StatusSuspended)
	requireOutcome(t, h.Authorize(ctx, user.PermViewLogs), nil, "a suspended customer's users may read")
	w.setStatus(t, w.a, customer.StatusInactive)
	requireOutcome(t, h.Authorize(ctx, user.PermViewLogs), customerkit.ErrFailedPrecondition)

	gone := w.open(t, w.b, member)
	require.NoError(t, w.users.RemoveMember(ctx, w.b.c.ULID, w.b.id(member)))
	requireOutcome(t, gone.Authorize(ctx, user.PermViewLogs), customerkit.ErrNotFound, "a removed member")
}

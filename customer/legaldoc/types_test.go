package legaldoc_test

import (
	"testing"

	"github.com/customerkit/customerkit/customer/legaldoc"
)

// stripeTypes is Stripe's list of customer tax ID types: the 116 codes of
// the API's TaxId.type enum after the 2026-04-22 release (fo_vat, gi_tin,
// it_cf, py_ruc; lk_vat came on 2026-02-25) and gh_tin, added on
// 2026-10-28, 117 in all ("unknown", a legacy value, is left out).
var stripeTypes = []legaldoc.Type{
	"ad_nrt", "ae_trn", "al_tin", "am_tin", "ao_tin", "ar_cuit", "au_abn", "au_arn", "aw_tin", "az_tin",
	"ba_tin", "bb_tin", "bd_bin", "bf_ifu", "bg_uic", "bh_vat", "bj_ifu", "bo_tin", "br_cnpj", "br_cpf",
	"bs_tin", "by_tin", "ca_bn", "ca_gst_hst", "ca_pst_bc", "ca_pst_mb", "ca_pst_sk", "ca_qst", "cd_nif", "ch_uid",
	"ch_vat", "cl_tin", "cm_niu", "cn_tin", "co_nit", "cr_tin", "cv_nif", "de_stn", "do_rcn", "ec_ruc",
	"eg_tin", "es_cif", "et_tin", "eu_oss_vat", "eu_vat", "fo_vat", "gb_vat", "ge_vat", "gh_tin", "gi_tin",
	"gn_nif", "hk_br", "hr_oib", "hu_tin", "id_npwp", "il_vat", "in_gst", "is_vat", "it_cf", "jp_cn",
	"jp_rn", "jp_trn", "ke_pin", "kg_tin", "kh_tin", "kr_brn", "kz_bin", "la_tin", "li_uid", "li_vat",
	"lk_vat", "ma_vat", "md_vat", "me_pib", "mk_vat", "mr_nif", "mx_rfc", "my_frp", "my_itn", "my_sst",
	"ng_tin", "no_vat", "no_voec", "np_pan", "nz_gst", "om_vat", "pe_ruc", "ph_tin", "pl_nip", "py_ruc",
	"ro_tin", "rs_pib", "ru_inn", "ru_kpp", "sa_vat", "sg_gst", "sg_uen", "si_tin", "sn_ninea", "sr_fin",
	"sv_nit", "th_vat", "tj_tin", "tr_tin", "tw_vat", "tz_vat", "ua_vat", "ug_tin", "us_ein", "uy_ruc",
	"uz_tin", "uz_vat", "ve_rif", "vn_tin", "za_vat", "zm_tin", "zw_tin",
}

// announcedTypes are the customer tax ID types Stripe announced next, and
// is_kt (announced with them, and present in the shared vectors).
var announcedTypes = []legaldoc.Type{"au_acn", "nz_bn", "pt_nif", "cz_dic", "fr_siret", "fr_siren", "is_kt"}

func TestEveryStripeTypeIsRegistered(t *testing.T) {
	t.Parallel()
	if len(stripeTypes) != 117 {
		t.Fatalf("the Stripe list has %d codes, want 117", len(stripeTypes))
	}
	registered := map[legaldoc.Type]bool{}
	for _, s := range legaldoc.Types() {
		registered[s.Type] = true
	}
	want := append(append(append([]legaldoc.Type{}, stripeTypes...), announcedTypes...), legaldoc.Other)
	seen := map[legaldoc.Type]bool{}
	for _, typ := range want {
		if seen[typ] {
			t.Errorf("%s listed twice", typ)
		}
		seen[typ] = true
		if !registered[typ] {
			t.Errorf("%s is not registered", typ)
		}
		if _, ok := legaldoc.Lookup(typ); !ok && registered[typ] {
			t.Errorf("%s: Types lists it but Lookup does not find it", typ)
		}
	}
	for typ := range registered {
		if !seen[typ] {
			t.Logf("%s is registered beyond Stripe's list", typ)
		}
	}
}

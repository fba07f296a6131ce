// Package legaldoc validates, normalises and formats the legal documents
// of customers: tax identification numbers, company registrations, and
// any other document (a contract, a service order) under the type Other.
//
// It owns the registry of document types, keyed by the codes Stripe uses
// for customer tax IDs ("eu_vat", "br_cpf", ...): for each type, the
// issuing countries, a description, an example, the compact canonical
// form, the display form, the format rule and, where one is published, the
// check-digit algorithm. It owns no storage and no customer rule; package
// customer calls it to check and store a customer's documents.
//
// # Using it
//
//	err := legaldoc.Validate("eu_vat", "", "DE 136.695.976", legaldoc.LevelChecksum)
//	compact, err := legaldoc.Normalize("eu_vat", "", "be 0220.764.971") // "BE0220764971"
//	display, err := legaldoc.Format("eu_vat", "", "BE0220764971")       // "BE 0220.764.971"
//	spec, ok := legaldoc.Lookup("eu_vat")                                 // countries, examples, notes
//
// Store the compact form (Normalize) and show the display form (Format);
// Format's output normalises back to the same compact form.
//
// # Levels
//
// LevelFormat (the default, the zero Level) checks the shape of a value:
// length, characters, prefix, structure, and embedded dates (birth dates of
// personal numbers, office and region codes). LevelChecksum checks the shape
// and the check digits. Normalize and Format check the shape only.
//
// # Countries
//
// The country argument is the ISO 3166-1 alpha-2 code of the issuing
// country, in any letter case. It may be empty when the type has one
// issuing country, or when the value carries a country prefix ("DE" for a
// German VAT number). For eu_vat the VAT prefix is accepted as a country
// too: EL for Greece (whose ISO code is GR) and XI for Northern Ireland
// (whose numbers the United Kingdom issues: country GB). A country the
// type is not issued by, a country that contradicts the prefix of the
// value, or no country at all where neither the type nor the value implies
// one, is ErrCountry.
//
// # Values as people type them
//
// Values are cleaned before they are checked: white space, dots, dashes and
// slashes are removed, ASCII letters are upper-cased. Look-alikes are
// decided as follows:
//
//   - Unicode dashes (hyphen, non-breaking hyphen, en and em dash, minus
//     sign), Unicode spaces (no-break, thin, ideographic, ...), zero-width
//     characters and full-width or ideographic dots and slashes are
//     separators: removed.
//   - Full-width digits and letters (０-９, Ａ-Ｚ, ａ-ｚ) are folded to
//     ASCII: accepted.
//   - Other characters are kept, so that the rule refuses them: commas,
//     colons and brackets are not separators, and letters of other scripts
//     (a Greek Ε in EL, a Cyrillic Р) are not transliterated.
//   - The letter O typed for a zero (or l for one) is not converted: it is
//     a format error in numeric types. In a type whose numbers may hold
//     letters in that position (the alphanumeric CNPJ of Brazil since July
//     2026) the shape is right and it fails the check digits instead.
//
// A prefix may be present or absent where the type allows it (the compact
// form always carries it); a value that starts with the prefix is read as
// prefixed. A national number whose compact form has no prefix may be typed
// with its country's ISO code in front, as in its VAT form ("PL
// 856-734-62-15" for a pl_nip); the code is dropped. Greek VAT numbers typed
// with GR instead of EL are accepted and stored with EL.
//
// The type Other accepts any text of 1 to OtherMaxLength characters (valid
// UTF-8, no control characters), with any country or none; its compact and
// display forms are the value without surrounding white space.
//
// # Errors
//
// Every error matches exactly one of the package's sentinels with errors.Is,
// and also customerkit.ErrInvalid:
//
//   - ErrUnknownType: the type is not registered.
//   - ErrCountry: the country is wrong, contradicts the value, or is missing.
//   - ErrFormat: wrong length, characters, prefix, structure or date; empty.
//   - ErrChecksum: a wrong check digit (LevelChecksum only).
//
// Errors are wrapped with the type and the rule that failed; they never
// repeat the value, which may be personal data.
//
// # Checks not enforced
//
// Where a published algorithm is known to reject numbers that were really
// issued, or where no algorithm is published, LevelChecksum does not apply
// one and the type's Note (Spec.Note, Variant.Note) says so. Among them:
// the last character of Mexico's RFC (mx_rfc), the German Steuernummer
// (de_stn), the One-Stop-Shop numbers (eu_oss_vat), Latvian personal codes
// issued since 2017 and Czech birth numbers issued before 1954. The
// 11-digit Dominican cédula (do_rcn) is checked with its Luhn digit, except
// for the cédulas known to have been issued with a wrong one, which are
// accepted from a published list (see the type's Note).
//
// # Performance
//
// The registry is built once, from the rule packages, when the package is
// initialised; it is never modified afterwards, and there is no init
// function. Validate does not allocate: it cleans the value into a pooled
// buffer (or uses it as it is when it is already clean) and looks the type
// up in a map. See BenchmarkValidate.
//
// # Types
//
// The registry (generated from Types by TestDocTable; regenerate with
// go test ./customer/legaldoc -run TestDocTable -update):
//
//	type        countries  checksum  description
//	ad_nrt      AD         no        Andorran NRT number
//	ae_trn      AE         no        United Arab Emirates TRN
//	al_tin      AL         no        Albania tax identification number (NIPT)
//	am_tin      AM         no        Armenia tax identification number
//	ao_tin      AO         no        Angola tax identification number (NIF)
//	ar_cuit     AR         yes       Argentinian tax ID number (CUIT)
//	au_abn      AU         yes       Australian Business Number (AU ABN)
//	au_acn      AU         yes       Australian Company Number (AU ACN)
//	au_arn      AU         no        Australian Taxation Office Reference Number
//	aw_tin      AW         no        Aruba tax identification number
//	az_tin      AZ         no        Azerbaijan tax identification number (VÖEN)
//	ba_tin      BA         no        Bosnia and Herzegovina tax identification number
//	bb_tin      BB         no        Barbados tax identification number
//	bd_bin      BD         no        Bangladesh Business Identification Number
//	bf_ifu      BF         no        Burkina Faso tax identification number (IFU)
//	bg_uic      BG         yes       Bulgarian Unified Identification Code (ЕИК / BULSTAT)
//	bh_vat      BH         no        Bahraini VAT number
//	bj_ifu      BJ         no        Benin tax identification number (IFU)
//	bo_tin      BO         no        Bolivian tax ID (NIT)
//	br_cnpj     BR         yes       Brazilian CNPJ number
//	br_cpf      BR         yes       Brazilian CPF number
//	bs_tin      BS         no        Bahamas tax identification number
//	by_tin      BY         yes       Belarus TIN number (UNP)
//	ca_bn       CA         yes       Canadian BN
//	ca_gst_hst  CA         yes       Canadian GST/HST number
//	ca_pst_bc   CA         no        Canadian PST number (British Columbia)
//	ca_pst_mb   CA         no        Canadian PST number (Manitoba)
//	ca_pst_sk   CA         no        Canadian PST number (Saskatchewan)
//	ca_qst      CA         no        Canadian QST number (Québec)
//	cd_nif      CD         no        Congo (DR) tax identification number (NIF)
//	ch_uid      CH         yes       Switzerland UID number
//	ch_vat      CH         yes       Switzerland VAT number
//	cl_tin      CL         yes       Chilean TIN (RUT)
//	cm_niu      CM         no        Cameroon tax identification number (NIU)
//	cn_tin      CN         yes       Chinese tax ID (unified social credit code)
//	co_nit      CO         yes       Colombian NIT number
//	cr_tin      CR         no        Costa Rican tax ID
//	cv_nif      CV         no        Cape Verde tax identification number (NIF)
//	cz_dic      CZ         yes       Czech tax number (DIČ)
//	de_stn      DE         no        German tax number (Steuernummer)
//	do_rcn      DO         yes       Dominican RCN number
//	ec_ruc      EC         yes       Ecuadorian RUC number
//	eg_tin      EG         no        Egyptian tax identification number
//	es_cif      ES         yes       Spanish NIF number (formerly CIF)
//	et_tin      ET         no        Ethiopia tax identification number
//	eu_oss_vat  EU         no        European One Stop Shop VAT number for the non-Union scheme
//	eu_vat      28, below  yes       European Union VAT number
//	fo_vat      FO         no        Faroe Islands VAT number (V-tal)
//	fr_siren    FR         yes       French SIREN number
//	fr_siret    FR         yes       French SIRET number
//	gb_vat      GB         yes       United Kingdom VAT number
//	ge_vat      GE         no        Georgian VAT
//	gh_tin      GH         yes       Ghana tax identification number
//	gi_tin      GI         no        Gibraltar tax identification number
//	gn_nif      GN         yes       Guinea tax identification number (NIFp)
//	hk_br       HK         no        Hong Kong BR number
//	hr_oib      HR         yes       Croatian personal identification number (OIB)
//	hu_tin      HU         yes       Hungarian tax number (adószám)
//	id_npwp     ID         yes       Indonesian NPWP number
//	il_vat      IL         yes       Israel VAT
//	in_gst      IN         yes       Indian GST number (GSTIN)
//	is_kt       IS         yes       Icelandic kennitala
//	is_vat      IS         no        Icelandic VAT (VSK number)
//	it_cf       IT         yes       Italian codice fiscale
//	jp_cn       JP         yes       Japanese Corporate Number (Hōjin Bangō)
//	jp_rn       JP         no        Japanese Registered Foreign Businesses' Registration Number
//	jp_trn      JP         yes       Japanese Tax Registration Number (Tōroku Bangō)
//	ke_pin      KE         no        Kenya Revenue Authority Personal Identification Number
//	kg_tin      KG         no        Kyrgyzstan tax identification number
//	kh_tin      KH         no        Cambodia tax identification number
//	kr_brn      KR         yes       Korean BRN
//	kz_bin      KZ         yes       Kazakhstani Business Identification Number
//	la_tin      LA         no        Laos tax identification number
//	li_uid      LI         yes       Liechtensteinian UID number
//	li_vat      LI         no        Liechtensteinian VAT number
//	lk_vat      LK         no        Sri Lanka VAT number
//	ma_vat      MA         no        Morocco VAT number (identifiant fiscal)
//	md_vat      MD         no        Moldova VAT number
//	me_pib      ME         yes       Montenegro PIB number
//	mk_vat      MK         yes       North Macedonia VAT number
//	mr_nif      MR         no        Mauritania tax identification number (NIF)
//	mx_rfc      MX         no        Mexican RFC number
//	my_frp      MY         no        Malaysian FRP number
//	my_itn      MY         no        Malaysian ITN
//	my_sst      MY         no        Malaysian SST number
//	ng_tin      NG         no        Nigerian tax identification number
//	no_vat      NO         yes       Norwegian VAT number
//	no_voec     NO         no        Norwegian VAT on e-commerce number
//	np_pan      NP         no        Nepal PAN number
//	nz_bn       NZ         yes       New Zealand Business Number (NZBN)
//	nz_gst      NZ         yes       New Zealand GST number
//	om_vat      OM         no        Omani VAT number
//	other       any        no        Any other document (contract, service order, ...)
//	pe_ruc      PE         yes       Peruvian RUC number
//	ph_tin      PH         no        Philippines Tax Identification Number
//	pl_nip      PL         yes       Polish tax number (NIP)
//	pt_nif      PT         yes       Portuguese tax number (NIF)
//	py_ruc      PY         yes       Paraguayan RUC number
//	ro_tin      RO         yes       Romanian tax identification number (CNP or CIF)
//	rs_pib      RS         yes       Serbian PIB number
//	ru_inn      RU         yes       Russian INN
//	ru_kpp      RU         no        Russian KPP
//	sa_vat      SA         no        Saudi Arabia VAT
//	sg_gst      SG         no        Singaporean GST
//	sg_uen      SG         yes       Singaporean UEN
//	si_tin      SI         yes       Slovenian tax number (davčna številka)
//	sn_ninea    SN         yes       Senegal NINEA number
//	sr_fin      SR         no        Suriname FIN number
//	sv_nit      SV         yes       El Salvadorian NIT number
//	th_vat      TH         yes       Thai VAT
//	tj_tin      TJ         no        Tajikistan tax identification number
//	tr_tin      TR         yes       Turkish tax identification number
//	tw_vat      TW         yes       Taiwanese VAT (unified business number)
//	tz_vat      TZ         no        Tanzania VAT number
//	ua_vat      UA         no        Ukrainian VAT
//	ug_tin      UG         no        Uganda tax identification number
//	us_ein      US         no        United States EIN
//	uy_ruc      UY         yes       Uruguayan RUC number
//	uz_tin      UZ         no        Uzbekistan TIN number
//	uz_vat      UZ         no        Uzbekistan VAT number
//	ve_rif      VE         yes       Venezuelan RIF number
//	vn_tin      VN         yes       Vietnamese tax ID number (MST)
//	za_vat      ZA         yes       South African VAT number
//	zm_tin      ZM         no        Zambia tax identification number
//	zw_tin      ZW         no        Zimbabwe tax identification number
//
// The countries of eu_vat:
//
//	country  prefix  checksum  description
//	AT       AT      yes       Austrian VAT number (UID)
//	BE       BE      yes       Belgian VAT number (enterprise number)
//	BG       BG      yes       Bulgarian VAT number (ДДС)
//	CY       CY      yes       Cypriot VAT number (ΦΠΑ)
//	CZ       CZ      yes       Czech VAT number (DIČ)
//	DE       DE      yes       German VAT number (USt-IdNr.)
//	DK       DK      yes       Danish VAT number (CVR/SE)
//	EE       EE      yes       Estonian VAT number (KMKR)
//	ES       ES      yes       Spanish VAT number (NIF)
//	FI       FI      yes       Finnish VAT number (ALV)
//	FR       FR      yes       French VAT number (TVA)
//	GB       XI      yes       Northern Ireland VAT number
//	GR       EL      yes       Greek VAT number (ΑΦΜ)
//	HR       HR      yes       Croatian VAT number (OIB)
//	HU       HU      yes       Hungarian VAT number (ANUM)
//	IE       IE      yes       Irish VAT number
//	IT       IT      yes       Italian VAT number (partita IVA)
//	LT       LT      yes       Lithuanian VAT number (PVM)
//	LU       LU      yes       Luxembourg VAT number (TVA)
//	LV       LV      yes       Latvian VAT number (PVN)
//	MT       MT      yes       Maltese VAT number
//	NL       NL      yes       Dutch VAT number (btw-nummer)
//	PL       PL      yes       Polish VAT number (NIP)
//	PT       PT      yes       Portuguese VAT number (NIF)
//	RO       RO      yes       Romanian VAT number (CIF)
//	SE       SE      yes       Swedish VAT number (momsregistreringsnummer)
//	SI       SI      yes       Slovenian VAT number (ID za DDV)
//	SK       SK      yes       Slovak VAT number (IČ DPH)
//
// # Sources
//
// The formats and algorithms follow the issuing administrations'
// publications, as summarised by the European Commission (VIES) and by the
// python-stdnum project, whose test lists are also used in the tests.
package legaldoc

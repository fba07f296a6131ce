package iso

// CountrySource names the source of the country table and the date it was
// last checked against.
const CountrySource = "ISO 3166-1 officially assigned alpha-2 code elements, ISO 3166 Maintenance Agency Online Browsing Platform; " +
	"last addition SS (2011-08-09), checked 2026-11-23"

// CountryDetail explains the country rule, for a FieldError detail.
const CountryDetail = "must be an officially assigned ISO 3166-1 alpha-2 country code"

// countryTable lists the 249 officially assigned ISO 3166-1 alpha-2 code
// elements (CountrySource), sorted, one line per initial letter. It leaves
// out on purpose every code that is not officially assigned:
//
//   - exceptionally reserved: AC CP CQ DG EA EU EZ FX IC SU TA UK UN;
//   - deleted (listed in ISO 3166-3): AN BU CS CT DD DY FQ HV JT MI NH NQ
//     NT PC PU PZ RH TP VD WK YD YU ZR;
//   - indeterminately reserved: EW FL JA LF PI RA RB RC RI RL RM RN RP WG
//     WL WV YV (and DY, RH above);
//   - user-assigned: AA, QM-QZ, XA-XZ (so XK, used for Kosovo), ZZ.
//
// TestCountries pins the count; TestCountryTableAgainstXText pins the
// codes golang.org/x/text accepts and this table refuses.
const countryTable = "" +
	"AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ " +
	"BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ " +
	"CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ " +
	"DE DJ DK DM DO DZ " +
	"EC EE EG EH ER ES ET " +
	"FI FJ FK FM FO FR " +
	"GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY " +
	"HK HM HN HR HT HU " +
	"ID IE IL IM IN IO IQ IR IS IT " +
	"JE JM JO JP " +
	"KE KG KH KI KM KN KP KR KW KY KZ " +
	"LA LB LC LI LK LR LS LT LU LV LY " +
	"MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ " +
	"NA NC NE NF NG NI NL NO NP NR NU NZ " +
	"OM " +
	"PA PE PF PG PH PK PL PM PN PR PS PT PW PY " +
	"QA " +
	"RE RO RS RU RW " +
	"SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ " +
	"TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ " +
	"UA UG UM US UY UZ " +
	"VA VC VE VG VI VN VU " +
	"WF WS " +
	"YE YT " +
	"ZA ZM ZW "

// Country returns the canonical (upper-case) officially assigned ISO 3166-1
// alpha-2 code for s, accepting any letter case and surrounding white
// space. ok is false for anything else: reserved codes (UK, EU, XK, AC, ...),
// deleted codes (YU, AN, CS, ...), user-assigned codes (AA, QM-QZ, XA-XZ,
// ZZ), alpha-3 ("USA") and numeric ("840") codes. It never allocates.
func Country(s string) (code string, ok bool) {
	k, ok := fold(s, 2)
	if !ok {
		return "", false
	}
	i, ok := find(countryTable, 2, k[:2])
	if !ok {
		return "", false
	}
	return countryTable[i*3 : i*3+2], true
}

// Countries returns every officially assigned alpha-2 code (249), sorted.
// The caller owns the slice.
func Countries() []string {
	return entries(countryTable, 2, 2)
}

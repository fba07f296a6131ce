// Package national holds the rules of the legal-document (tax ID) types
// issued outside the European Union: every non-EU type of Stripe's
// customer tax ID list, plus gh_tin, is_kt, au_acn and nz_bn.
//
// Each rule follows the published format of its document. Check digits
// are verified only where the algorithm is published and no issued number
// is known to fail it; the Note of a rule says what was left out and why.
package national

import "github.com/customerkit/customerkit/customer/legaldoc/internal/rule"

// Defs returns the rules of the non-EU types, one per type. The slice is a
// fresh copy: callers may keep or modify it.
func Defs() []rule.Def {
	out := make([]rule.Def, len(defs))
	copy(out, defs)
	return out
}

const (
	noAlgorithm = "No check-digit algorithm is published; only the format is checked."
)

var defs = []rule.Def{
	// ---- Americas ----
	{
		Type: "ar_cuit", Country: "AR", Description: "Argentinian tax ID number (CUIT)",
		Example: "20-05536168-2",
		Format:  arCUITFormat, Checksum: arCUITChecksum, Display: arCUITDisplay,
		Note: "11 digits: a type prefix (20, 23, 24, 27, 30, 33, 34, 50, 51, 55), 8 digits and a mod 11 check digit (weights 5,4,3,2,7,6,5,4,3,2); a remainder of 1 is written 9, as AFIP does after changing the prefix.",
	},
	{
		Type: "aw_tin", Country: "AW", Description: "Aruba tax identification number",
		Example: "01234567", Format: awTINFormat,
		Note: "8 digits (the persoonsnummer or company number). " + noAlgorithm,
	},
	{
		Type: "bb_tin", Country: "BB", Description: "Barbados tax identification number",
		Example: "1000123456789", Format: bbTINFormat,
		Note: "13 digits. " + noAlgorithm,
	},
	{
		Type: "bo_tin", Country: "BO", Description: "Bolivian tax ID (NIT)",
		Example: "1020703023", Format: boTINFormat,
		Note: "The NIT is 7 to 12 digits (companies usually 10; individuals their identity card number plus digits). The length range is kept permissive. " + noAlgorithm,
	},
	{
		Type: "br_cnpj", Country: "BR", Description: "Brazilian CNPJ number",
		Example: "16.727.230/0001-97",
		Format:  brCNPJFormat, Checksum: brCNPJChecksum, Display: brCNPJDisplay,
		Note: "14 characters: since July 2026 the first 12 may be digits or letters A-Z (alphanumeric CNPJ), the last 2 are check digits. Each character is worth its ASCII code minus 48, weights 5,4,3,2,9..2 then 6,5,4,3,2,9..2, mod 11. The all-zero number is refused.",
	},
	{
		Type: "br_cpf", Country: "BR", Description: "Brazilian CPF number",
		Example: "390.533.447-05",
		Format:  brCPFFormat, Checksum: brCPFChecksum, Display: brCPFDisplay,
		Note: "11 digits with two mod 11 check digits. Numbers made of one repeated digit (111.111.111-11, ...) pass the check digits but are never issued, and are refused as malformed.",
	},
	{
		Type: "bs_tin", Country: "BS", Description: "Bahamas tax identification number",
		Example: "100.234.567", Format: bsTINFormat, Display: bsTINDisplay,
		Note: "9 digits. " + noAlgorithm,
	},
	{
		Type: "ca_bn", Country: "CA", Description: "Canadian BN",
		Example: "123026635", Format: caBNFormat, Checksum: caBNChecksum,
		Note: "The 9-digit business number; the last digit is a Luhn check digit.",
	},
	{
		Type: "ca_gst_hst", Country: "CA", Description: "Canadian GST/HST number",
		Example: "123026635 RT 0001",
		Format:  caGSTFormat, Checksum: caGSTChecksum, Display: caGSTDisplay,
		Note: "The business number (Luhn-checked), the program identifier RT and a 4-digit reference number (never 0000).",
	},
	{
		Type: "ca_pst_bc", Country: "CA", Description: "Canadian PST number (British Columbia)",
		Example: "PST-1234-5678", Prefix: "PST", PrefixOptional: true,
		Format: caPSTBCFormat, Display: caPSTBCDisplay,
		Note: "PST followed by 8 digits. " + noAlgorithm,
	},
	{
		Type: "ca_pst_mb", Country: "CA", Description: "Canadian PST number (Manitoba)",
		Example: "123456-7", Format: caPSTMBFormat, Display: caPSTMBDisplay,
		Note: "The Manitoba RST number, 7 digits. " + noAlgorithm,
	},
	{
		Type: "ca_pst_sk", Country: "CA", Description: "Canadian PST number (Saskatchewan)",
		Example: "1234567", Format: caPSTSKFormat,
		Note: "7 digits. " + noAlgorithm,
	},
	{
		Type: "ca_qst", Country: "CA", Description: "Canadian QST number (Québec)",
		Example: "1227494057 TQ 0001", Format: caQSTFormat, Display: caQSTDisplay,
		Note: "10 digits, TQ and a 4-digit file number (never 0000). Revenu Québec does not publish the check-digit algorithm of the 10-digit identification number, so it is not verified.",
	},
	{
		Type: "cl_tin", Country: "CL", Description: "Chilean TIN (RUT)",
		Example: "76.086.428-5",
		Format:  clRUTFormat, Checksum: clRUTChecksum, Display: clRUTDisplay,
		Note: "The RUT: 7 or 8 digits and a mod 11 check character (0-9 or K).",
	},
	{
		Type: "co_nit", Country: "CO", Description: "Colombian NIT number",
		Example: "213.123.432-1",
		Format:  coNITFormat, Checksum: coNITChecksum, Display: coNITDisplay,
		Note: "The NIT (or a cédula used as NIT) followed by its DIAN check digit (prime weights 3,7,13,...,71 from the right, mod 11). 7 to 16 digits in all.",
	},
	{
		Type: "cr_tin", Country: "CR", Description: "Costa Rican tax ID",
		Example: "3-101-572890", Format: crTINFormat, Display: crTINDisplay,
		Note: "Cédula física (9 digits), cédula jurídica (10 digits starting 2-5), DIMEX (11-12 digits) or NITE: 9 to 12 digits. " + noAlgorithm,
	},
	{
		Type: "do_rcn", Country: "DO", Description: "Dominican RCN number",
		Example: "1-01-85004-3",
		Format:  doRCNFormat, Checksum: doRCNChecksum, Display: doRCNDisplay,
		Note: "Either the 9-digit RNC (mod 11 check digit, weights 7,9,8,6,5,4,3,2, checked) or the 11-digit cédula. The cédula's last digit is a Luhn check digit, checked, except for the 576 issued cédulas known to fail it, which are accepted: python-stdnum's whitelist (stdnum/do/cedula.py, read at commit 08f9e0cd1aae550be512ca5a1454a9b7899617ee; 578 numbers, of which the 2 of 10 digits cannot match an 11-digit cédula). An issued cédula that fails Luhn and is not on that list is rejected at the checksum level.",
	},
	{
		Type: "ec_ruc", Country: "EC", Description: "Ecuadorian RUC number",
		Example: "1792060346001",
		Format:  ecRUCFormat, Checksum: ecRUCChecksum,
		Note: "13 digits: province (01-24, 30 or 50), a type digit, and an establishment number that is never 000. Natural persons (third digit 0-5): the cédula's mod 10 check; public entities (6): weights 3,2,7,6,5,4,3,2,1 mod 11; companies (9): weights 4,3,2,7,6,5,4,3,2,1 mod 11.",
	},
	{
		Type: "mx_rfc", Country: "MX", Description: "Mexican RFC number",
		Example: "GODE561231GR8", Format: mxRFCFormat,
		Note: "3 letters (companies) or 4 (persons), the date of incorporation or birth (YYMMDD, checked as a date) and a 3-character homoclave (persons may be written without it). The last character is computed by a published mod 11 algorithm, but a share of numbers in real use (about 1.5% according to python-stdnum) fail it, so it is not verified.",
	},
	{
		Type: "pe_ruc", Country: "PE", Description: "Peruvian RUC number",
		Example: "20512333797", Format: peRUCFormat, Checksum: peRUCChecksum,
		Note: "11 digits starting 10, 15, 17 (persons) or 20 (companies), the last a mod 11 check digit (weights 5,4,3,2,7,6,5,4,3,2).",
	},
	{
		Type: "py_ruc", Country: "PY", Description: "Paraguayan RUC number",
		Example: "80028061-0",
		Format:  pyRUCFormat, Checksum: pyRUCChecksum, Display: pyRUCDisplay,
		Note: "The taxpayer number (1 to 8 digits) and a check digit: weights 2,3,4,... from the right, 11 - sum mod 11, 0 when that is 10 or 11.",
	},
	{
		Type: "sr_fin", Country: "SR", Description: "Suriname FIN number",
		Example: "1000123456", Format: srFINFormat,
		Note: "10 digits. " + noAlgorithm,
	},
	{
		Type: "sv_nit", Country: "SV", Description: "El Salvadorian NIT number",
		Example: "0614-050707-104-8",
		Format:  svNITFormat, Checksum: svNITChecksum, Display: svNITDisplay,
		Note: "14 digits: municipality (first digit 0, 1 or 9), DDMMYY date, sequence and check digit. The date part is not checked as a date, to stay permissive. Check digit: sequences up to 100 use weights 14..2 (sum mod 11 mod 10), later ones weights 2,7,6,5,4,3,2,7,... (-sum mod 11 mod 10).",
	},
	{
		Type: "us_ein", Country: "US", Description: "United States EIN",
		Example: "91-1144442", Format: usEINFormat, Display: usEINDisplay,
		Note: "9 digits whose first two are a prefix the IRS assigns to a campus (00, 07-09, 17-19, 28, 29, 49, 69, 70, 78, 79, 89, 96, 97 are not used). EINs have no check digit.",
	},
	{
		Type: "uy_ruc", Country: "UY", Description: "Uruguayan RUC number",
		Example: "21-100342-001-7",
		Format:  uyRUCFormat, Checksum: uyRUCChecksum, Display: uyRUCDisplay,
		Note: "12 digits: registration office (01-21), 6-digit serial (not 000000), 001, and a mod 11 check digit (weights 4,3,2,9,8,7,6,5,4,3,2).",
	},
	{
		Type: "ve_rif", Country: "VE", Description: "Venezuelan RIF number",
		Example: "V-11470283-4",
		Format:  veRIFFormat, Checksum: veRIFChecksum, Display: veRIFDisplay,
		Note: "A type letter (V, E, J, P, G), 8 digits and a mod 11 check digit in which the letter counts as 4, 8, 12, 16 or 20.",
	},

	// ---- Europe outside the EU, Caucasus ----
	{
		Type: "ad_nrt", Country: "AD", Description: "Andorran NRT number",
		Example: "U-132950-X", Format: adNRTFormat, Display: adNRTDisplay,
		Note: "A letter for the kind of holder, 6 digits and a control letter (F up to 699999; A and L 700000-799999). The control letter's algorithm is not published and is not checked.",
	},
	{
		Type: "al_tin", Country: "AL", Description: "Albania tax identification number (NIPT)",
		Example: "J91402501L", Format: alNIPTFormat,
		Note: "A letter J-M (decade of registration), 8 digits and a control letter whose algorithm is not published (not checked).",
	},
	{
		Type: "am_tin", Country: "AM", Description: "Armenia tax identification number",
		Example: "02538904", Format: amTINFormat,
		Note: "8 digits. " + noAlgorithm,
	},
	{
		Type: "az_tin", Country: "AZ", Description: "Azerbaijan tax identification number (VÖEN)",
		Example: "1400057421", Format: azTINFormat,
		Note: "10 digits, the last giving the legal status (1 legal person, 2 natural person). The 9th digit is a check digit whose algorithm is not published (not checked).",
	},
	{
		Type: "ba_tin", Country: "BA", Description: "Bosnia and Herzegovina tax identification number",
		Example: "401234560008", Format: baTINFormat,
		Note: "The 12-digit VAT (PDV) number, or the 13-digit JIB it derives from. " + noAlgorithm,
	},
	{
		Type: "by_tin", Country: "BY", Description: "Belarus TIN number (UNP)",
		Example: "200988541", Format: byUNPFormat, Checksum: byUNPChecksum,
		Note: "9 characters: region (1-7, or a letter for individuals), serial, and a mod 11 check digit (weights 29,23,19,17,13,7,5,3). Cyrillic letters are not transliterated.",
	},
	{
		Type: "ch_uid", Country: "CH", Description: "Switzerland UID number",
		Example: "CHE-100.155.212", Prefix: "CHE", PrefixOptional: true,
		Format: uidFormat, Checksum: uidChecksum, Display: uidDisplay,
		Note: "CHE and 9 digits, the last a mod 11 check digit (weights 5,4,3,2,7,6,5,4). Register suffixes such as HR or MWST are not part of the number.",
	},
	{
		Type: "ch_vat", Country: "CH", Description: "Switzerland VAT number",
		Example: "CHE-100.155.212 MWST", Prefix: "CHE", PrefixOptional: true,
		Format: chVATFormat, Checksum: chVATChecksum, Display: chVATDisplay,
		Note: "The UID (CHE, 9 digits, mod 11) followed by MWST, TVA, IVA or TPV.",
	},
	{
		Type: "fo_vat", Country: "FO", Description: "Faroe Islands VAT number (V-tal)",
		Example: "623857", Format: foVATFormat,
		Note: "6 digits, a consecutive number. " + noAlgorithm,
	},
	{
		Type: "gb_vat", Country: "GB", Description: "United Kingdom VAT number",
		Example: "GB 980 7806 84", Prefix: "GB", PrefixOptional: true,
		Format: gbVATFormat, Checksum: gbVATChecksum, Display: gbVATDisplay,
		Note: "9 digits, 12 digits (9 plus a branch) or GD/HA and 3 digits (government departments below 500, health authorities from 500; no check digits). The 9 digits are checked with weights 8..2,10,1: the sum mod 97 must be 0, or 42 for numbers from 100 000 000 on (the 9755 scheme). python-stdnum also accepts a remainder of 55, which has no published basis and is refused here.",
	},
	{
		Type: "ge_vat", Country: "GE", Description: "Georgian VAT",
		Example: "204464826", Format: geVATFormat,
		Note: "9 digits (legal entities) or 11 digits (individuals' personal number). " + noAlgorithm,
	},
	{
		Type: "gi_tin", Country: "GI", Description: "Gibraltar tax identification number",
		Example: "123456", Format: giTINFormat,
		Note: "No authoritative format was found; 5 to 12 letters and digits (at least one digit) are accepted. " + noAlgorithm,
	},
	{
		Type: "is_kt", Country: "IS", Description: "Icelandic kennitala",
		Example: "450401-3150",
		Format:  isKTFormat, Checksum: isKTChecksum, Display: isKTDisplay,
		Note: "10 digits: DDMMYY (40 added to the day for organisations, checked as a date), 2 serial digits, a mod 11 check digit (weights 3,2,7,6,5,4,3,2) and a century digit (8, 9 or 0).",
	},
	{
		Type: "is_vat", Country: "IS", Description: "Icelandic VAT (VSK number)",
		Example: "00621", Format: isVATFormat,
		Note: "5 or 6 digits. " + noAlgorithm,
	},
	{
		Type: "li_uid", Country: "LI", Description: "Liechtensteinian UID number",
		Example: "CHE-115.635.751", Prefix: "CHE", PrefixOptional: true,
		Format: uidFormat, Checksum: uidChecksum, Display: uidDisplay,
		Note: "Written like the Swiss UID (CHE and 9 digits with the same mod 11 check), as Stripe documents it. The Liechtenstein commercial register number (FL-0002.xxx.xxx-x) is a different document and is not accepted.",
	},
	{
		Type: "li_vat", Country: "LI", Description: "Liechtensteinian VAT number",
		Example: "51234", Format: liVATFormat,
		Note: "The 5-digit MWST number. " + noAlgorithm,
	},
	{
		Type: "md_vat", Country: "MD", Description: "Moldova VAT number",
		Example: "0607512", Format: mdVATFormat,
		Note: "The 7-digit VAT code. " + noAlgorithm,
	},
	{
		Type: "me_pib", Country: "ME", Description: "Montenegro PIB number",
		Example: "02655284", Format: mePIBFormat, Checksum: mePIBChecksum,
		Note: "8 digits, the last a mod 11 check digit (weights 8..2, 10 written 0).",
	},
	{
		Type: "mk_vat", Country: "MK", Description: "North Macedonia VAT number",
		Example: "MK4030000375897", Prefix: "MK", PrefixOptional: true,
		Format: mkVATFormat, Checksum: mkVATChecksum,
		Note: "MK and the 13-digit EDB, the last a mod 11 check digit (weights 7,6,5,4,3,2,7,6,5,4,3,2, 10 written 0). The Cyrillic МК prefix is not recognised.",
	},
	{
		Type: "no_vat", Country: "NO", Description: "Norwegian VAT number",
		Example: "NO 995 525 828 MVA", Prefix: "NO", PrefixOptional: true,
		Format: noVATFormat, Checksum: noVATChecksum, Display: noVATDisplay,
		Note: "The 9-digit organisation number (mod 11, weights 3,2,7,6,5,4,3,2,1) followed by MVA.",
	},
	{
		Type: "no_voec", Country: "NO", Description: "Norwegian VAT on e-commerce number",
		Example: "2024123", Format: noVOECFormat,
		Note: "7 digits. " + noAlgorithm,
	},
	{
		Type: "rs_pib", Country: "RS", Description: "Serbian PIB number",
		Example: "101134702", Format: rsPIBFormat, Checksum: rsPIBChecksum,
		Note: "9 digits, the last an ISO 7064 MOD 11,10 check digit.",
	},
	{
		Type: "ru_inn", Country: "RU", Description: "Russian INN",
		Example: "7707083893", Format: ruINNFormat, Checksum: ruINNChecksum,
		Note: "10 digits (organisations, one check digit) or 12 digits (individuals, two check digits); weighted sums mod 11 mod 10.",
	},
	{
		Type: "ru_kpp", Country: "RU", Description: "Russian KPP",
		Example: "773601001", Format: ruKPPFormat,
		Note: "9 characters: tax office (4 digits), reason code (2 digits or capital Latin letters), serial (3 digits). The KPP has no check digit.",
	},
	{
		Type: "tr_tin", Country: "TR", Description: "Turkish tax identification number",
		Example: "4540536920", Format: trTINFormat, Checksum: trTINChecksum,
		Note: "The 10-digit VKN (its published check-digit algorithm is verified) or, for individuals, the 11-digit T.C. kimlik no (first digit not 0, two check digits).",
	},
	{
		Type: "ua_vat", Country: "UA", Description: "Ukrainian VAT",
		Example: "382718710045", Format: uaVATFormat,
		Note: "The 12-digit VAT payer number; 8-digit EDRPOU, 9-digit and 10-digit (RNOKPP) numbers are also accepted because Stripe's own example has 9 digits. No check digit is verified, as the forms differ.",
	},

	// ---- Asia and Pacific ----
	{
		Type: "au_abn", Country: "AU", Description: "Australian Business Number (AU ABN)",
		Example: "83 914 571 673",
		Format:  auABNFormat, Checksum: auABNChecksum, Display: auABNDisplay,
		Note: "11 digits, the first two check digits: subtract 1 from the first digit, weights 10,1,3,5,...,19, sum divisible by 89.",
	},
	{
		Type: "au_acn", Country: "AU", Description: "Australian Company Number (AU ACN)",
		Example: "004 085 616",
		Format:  auACNFormat, Checksum: auACNChecksum, Display: auACNDisplay,
		Note: "9 digits, the last a check digit (weights 8..1, 10 - sum mod 10).",
	},
	{
		Type: "au_arn", Country: "AU", Description: "Australian Taxation Office Reference Number",
		Example: "123456789123", Format: auARNFormat,
		Note: "12 digits. " + noAlgorithm,
	},
	{
		Type: "bd_bin", Country: "BD", Description: "Bangladesh Business Identification Number",
		Example: "001234567-0101", Format: bdBINFormat, Display: bdBINDisplay,
		Note: "The 9-digit BIN, optionally with its 4-digit branch suffix. " + noAlgorithm,
	},
	{
		Type: "cn_tin", Country: "CN", Description: "Chinese tax ID (unified social credit code)",
		Example: "91110000600037341L", Format: cnTINFormat, Checksum: cnTINChecksum,
		Note: "The 18-character unified social credit code (GB 32100-2015): digits and capital letters other than I, O, S, V, Z, characters 3-8 a region code, the last a mod 31 check character (weights 3^i mod 31). The old 15-digit tax registration numbers are not accepted.",
	},
	{
		Type: "hk_br", Country: "HK", Description: "Hong Kong BR number",
		Example: "31130878", Format: hkBRFormat,
		Note: "The first 8 digits of the business registration certificate number. " + noAlgorithm,
	},
	{
		Type: "id_npwp", Country: "ID", Description: "Indonesian NPWP number",
		Example: "01.312.166.0-091.000",
		Format:  idNPWPFormat, Checksum: idNPWPChecksum, Display: idNPWPDisplay,
		Note: "The 15-digit NPWP (9th digit a Luhn check digit over the first 9) or, since 2024, 16 digits: 0 and the 15-digit number, or a NIK (population number; its embedded birth date is checked, it has no check digit).",
	},
	{
		Type: "in_gst", Country: "IN", Description: "Indian GST number (GSTIN)",
		Example: "27AAPFU0939F1ZV", Format: inGSTFormat, Checksum: inGSTChecksum,
		Note: "15 characters: state code (01-38, 97 or 99), the holder's PAN (5 letters, the 4th the holder type, 4 digits, a letter), registration count (1-9, A-Z), Z, and a Luhn mod 36 check character. Registrations not based on a PAN (TDS/TCS deductors, UN bodies, foreign OIDAR suppliers) are not accepted.",
	},
	{
		Type: "jp_cn", Country: "JP", Description: "Japanese Corporate Number (Hōjin Bangō)",
		Example: "5835678256246", Format: jpCNFormat, Checksum: jpCNChecksum,
		Note: "13 digits, the first a check digit: 9 - (the other 12 weighted 1,2,1,2... from the right) mod 9.",
	},
	{
		Type: "jp_rn", Country: "JP", Description: "Japanese Registered Foreign Businesses' Registration Number",
		Example: "12345", Format: jpRNFormat,
		Note: "5 digits. " + noAlgorithm,
	},
	{
		Type: "jp_trn", Country: "JP", Description: "Japanese Tax Registration Number (Tōroku Bangō)",
		Example: "T5835678256246", Prefix: "T",
		Format: jpCNFormat, Checksum: jpCNChecksum,
		Note: "T followed by the 13-digit corporate number (or, for sole proprietors, a 13-digit number following the same check-digit rule).",
	},
	{
		Type: "kg_tin", Country: "KG", Description: "Kyrgyzstan tax identification number",
		Example: "00512201010079", Format: kgTINFormat,
		Note: "14 digits. " + noAlgorithm,
	},
	{
		Type: "kh_tin", Country: "KH", Description: "Cambodia tax identification number",
		Example: "K001-901234567", Format: khTINFormat, Display: khTINDisplay,
		Note: "A letter or digit and 3 digits (taxpayer type and branch), then 9 digits. " + noAlgorithm,
	},
	{
		Type: "kr_brn", Country: "KR", Description: "Korean BRN",
		Example: "101-82-13065",
		Format:  krBRNFormat, Checksum: krBRNChecksum, Display: krBRNDisplay,
		Note: "10 digits: tax office (101 or more), business type (not 00), serial (not 0000) and a check digit (weights 1,3,7,1,3,7,1,3,5 plus the tens of 5 times the 9th digit, 10 - sum mod 10).",
	},
	{
		Type: "kz_bin", Country: "KZ", Description: "Kazakhstani Business Identification Number",
		Example: "940140000385", Format: kzBINFormat, Checksum: kzBINChecksum,
		Note: "12 digits: YYMM of registration, entity type (4-6), attribute (0-3), serial, and a mod 11 check digit (weights 1..11, or 3..11,1,2 when the first pass gives 10), the algorithm shared with the IIN.",
	},
	{
		Type: "la_tin", Country: "LA", Description: "Laos tax identification number",
		Example: "012345678-000", Format: laTINFormat, Display: laTINDisplay,
		Note: "12 digits (9 and a 3-digit branch). " + noAlgorithm,
	},
	{
		Type: "lk_vat", Country: "LK", Description: "Sri Lanka VAT number",
		Example: "134004515-7000", Format: lkVATFormat, Display: lkVATDisplay,
		Note: "The 9-digit TIN followed by a 4-digit tax-type suffix (7000 for VAT). " + noAlgorithm,
	},
	{
		Type: "my_frp", Country: "MY", Description: "Malaysian FRP number",
		Example: "12345678", Format: myFRPFormat,
		Note: "8 digits. " + noAlgorithm,
	},
	{
		Type: "my_itn", Country: "MY", Description: "Malaysian ITN",
		Example: "C 2584563202", Format: myITNFormat, Display: myITNDisplay,
		Note: "A 1-2 letter file type (C, SG, OG, D, E, F, ...) and the 7-11 digit file number. " + noAlgorithm,
	},
	{
		Type: "my_sst", Country: "MY", Description: "Malaysian SST number",
		Example: "W10-1808-31000123", Format: mySSTFormat, Display: mySSTDisplay,
		Note: "A letter and 14 digits. " + noAlgorithm,
	},
	{
		Type: "np_pan", Country: "NP", Description: "Nepal PAN number",
		Example: "600012345", Format: npPANFormat,
		Note: "9 digits. " + noAlgorithm,
	},
	{
		Type: "nz_bn", Country: "NZ", Description: "New Zealand Business Number (NZBN)",
		Example: "9429041535769", Format: nzBNFormat, Checksum: nzBNChecksum,
		Note: "A 13-digit GS1 global location number in the 94 (New Zealand) range with the GS1 mod 10 check digit.",
	},
	{
		Type: "nz_gst", Country: "NZ", Description: "New Zealand GST number",
		Example: "49-098-576",
		Format:  nzGSTFormat, Checksum: nzGSTChecksum, Display: nzGSTDisplay,
		Note: "The IRD number, 8 or 9 digits between 10 000 000 and 150 000 000, with the IRD check digit (weights 3,2,7,6,5,4,3,2; when that gives 10, weights 7,4,3,2,5,2,7,6).",
	},
	{
		Type: "ph_tin", Country: "PH", Description: "Philippines Tax Identification Number",
		Example: "004-216-935-000", Format: phTINFormat, Display: phTINDisplay,
		Note: "The 9-digit TIN, alone or with a 3- to 5-digit branch code. The BIR does not publish the check-digit algorithm.",
	},
	{
		Type: "sg_gst", Country: "SG", Description: "Singaporean GST",
		Example: "M90312345A", Format: sgGSTFormat,
		Note: "An M-number (M and 9 letters or digits) or, for entities registered under it, the UEN. The check character of M-numbers is not published; the UEN's is not enforced here either, to accept both forms alike.",
	},
	{
		Type: "sg_uen", Country: "SG", Description: "Singaporean UEN",
		Example: "197401143C", Format: sgUENFormat, Checksum: sgUENChecksum,
		Note: "Businesses: 8 digits and a check letter; local companies: 9 digits (the year first) and a check letter; other entities: R, S or T (century), 2 year digits, a 2-letter entity type, 4 digits and a check character. The entity type is not matched against ACRA's list, which grows.",
	},
	{
		Type: "th_vat", Country: "TH", Description: "Thai VAT",
		Example: "0994000617721", Format: thVATFormat, Checksum: thVATChecksum,
		Note: "The 13-digit taxpayer number (personal or juristic), the last a check digit: weights 13..2, (11 - sum mod 11) mod 10.",
	},
	{
		Type: "tj_tin", Country: "TJ", Description: "Tajikistan tax identification number",
		Example: "020012345", Format: tjTINFormat,
		Note: "9 digits. " + noAlgorithm,
	},
	{
		Type: "tw_vat", Country: "TW", Description: "Taiwanese VAT (unified business number)",
		Example: "00501503", Format: twVATFormat, Checksum: twVATChecksum,
		Note: "8 digits. Check: multiply by 1,2,1,2,1,2,4,1 and add the digits of the products; since the 2023 rule change the sum must be divisible by 5 (before: 10, so every older number still passes), and when the 7th digit is 7 the sum plus 1 may be instead.",
	},
	{
		Type: "uz_tin", Country: "UZ", Description: "Uzbekistan TIN number",
		Example: "201234567", Format: uzTINFormat,
		Note: "9 digits. " + noAlgorithm,
	},
	{
		Type: "uz_vat", Country: "UZ", Description: "Uzbekistan VAT number",
		Example: "326040123456", Format: uzVATFormat,
		Note: "The 12-digit VAT registration code. " + noAlgorithm,
	},
	{
		Type: "vn_tin", Country: "VN", Description: "Vietnamese tax ID number (MST)",
		Example: "0100233488", Format: vnTINFormat, Checksum: vnTINChecksum, Display: vnTINDisplay,
		Note: "10 digits (province, 7-digit serial, check digit with weights 31,29,23,19,17,13,7,5,3) or 13 digits for a branch (the parent's 10 and a 3-digit branch, not 000).",
	},

	// ---- Middle East and Africa ----
	{
		Type: "ae_trn", Country: "AE", Description: "United Arab Emirates TRN",
		Example: "100352786700003", Format: aeTRNFormat,
		Note: "15 digits starting with 100. " + noAlgorithm,
	},
	{
		Type: "ao_tin", Country: "AO", Description: "Angola tax identification number (NIF)",
		Example: "5000767115", Format: aoTINFormat,
		Note: "10 digits (companies) or 9 digits, 2 letters and 3 digits (individuals). " + noAlgorithm,
	},
	{
		Type: "bf_ifu", Country: "BF", Description: "Burkina Faso tax identification number (IFU)",
		Example: "00014729V", Format: bfIFUFormat,
		Note: "8 digits and a check letter whose algorithm is not published (not checked).",
	},
	{
		Type: "bh_vat", Country: "BH", Description: "Bahraini VAT number",
		Example: "200000898300002", Format: bhVATFormat,
		Note: "15 digits. " + noAlgorithm,
	},
	{
		Type: "bj_ifu", Country: "BJ", Description: "Benin tax identification number (IFU)",
		Example: "3201910583176", Format: bjIFUFormat,
		Note: "13 digits: holder type (1-6), year, serial, establishment digit and a check digit whose algorithm is not published (not checked).",
	},
	{
		Type: "cd_nif", Country: "CD", Description: "Congo (DR) tax identification number (NIF)",
		Example: "A0123456M", Format: cdNIFFormat,
		Note: "A letter, 7 digits and a letter. " + noAlgorithm,
	},
	{
		Type: "cm_niu", Country: "CM", Description: "Cameroon tax identification number (NIU)",
		Example: "M012345678901A", Format: cmNIUFormat,
		Note: "M (legal persons) or P (natural persons), 12 digits and a letter. " + noAlgorithm,
	},
	{
		Type: "cv_nif", Country: "CV", Description: "Cape Verde tax identification number (NIF)",
		Example: "200129775", Format: cvNIFFormat,
		Note: "9 digits, the first the kind of holder (1-5), the last two control digits whose algorithm is not published (not checked).",
	},
	{
		Type: "eg_tin", Country: "EG", Description: "Egyptian tax identification number",
		Example: "100-531-385", Format: egTINFormat, Display: egTINDisplay,
		Note: "9 digits. " + noAlgorithm,
	},
	{
		Type: "et_tin", Country: "ET", Description: "Ethiopia tax identification number",
		Example: "0012345678", Format: etTINFormat,
		Note: "10 digits. " + noAlgorithm,
	},
	{
		Type: "gh_tin", Country: "GH", Description: "Ghana tax identification number",
		Example: "C0000803561", Format: ghTINFormat, Checksum: ghTINChecksum,
		Note: "11 characters: P, C, G, Q or V, 00, 7 digits and a check character (digits 2-10 weighted 1..9, sum mod 11, 10 written X). The Ghana Card PIN (GHA-...) that replaced it for individuals is a different document.",
	},
	{
		Type: "gn_nif", Country: "GN", Description: "Guinea tax identification number (NIFp)",
		Example: "693-770-885", Format: gnNIFFormat, Checksum: gnNIFChecksum, Display: gnNIFDisplay,
		Note: "9 digits, the last a Luhn check digit.",
	},
	{
		Type: "il_vat", Country: "IL", Description: "Israel VAT",
		Example: "516179157", Format: ilVATFormat, Checksum: ilVATChecksum,
		Note: "9 digits (company number or the owner's identity number), the last a Luhn-type check digit.",
	},
	{
		Type: "ke_pin", Country: "KE", Description: "Kenya Revenue Authority Personal Identification Number",
		Example: "P051365947M", Format: kePINFormat,
		Note: "A (individuals) or P (others), 9 digits and a letter. " + noAlgorithm,
	},
	{
		Type: "ma_vat", Country: "MA", Description: "Morocco VAT number (identifiant fiscal)",
		Example: "40303060", Format: maVATFormat,
		Note: "The identifiant fiscal, 7 or 8 digits. " + noAlgorithm,
	},
	{
		Type: "mr_nif", Country: "MR", Description: "Mauritania tax identification number (NIF)",
		Example: "12345678", Format: mrNIFFormat,
		Note: "8 digits. " + noAlgorithm,
	},
	{
		Type: "ng_tin", Country: "NG", Description: "Nigerian tax identification number",
		Example: "12345678-0001", Format: ngTINFormat, Display: ngTINDisplay,
		Note: "The FIRS TIN (8 digits and a 4-digit suffix) or the 10-digit JTB TIN. " + noAlgorithm,
	},
	{
		Type: "om_vat", Country: "OM", Description: "Omani VAT number",
		Example: "OM1100012345", Prefix: "OM", PrefixOptional: true, Format: omVATFormat,
		Note: "OM and 10 digits. " + noAlgorithm,
	},
	{
		Type: "sa_vat", Country: "SA", Description: "Saudi Arabia VAT",
		Example: "310122393500003", Format: saVATFormat,
		Note: "15 digits, starting and ending with 3. " + noAlgorithm,
	},
	{
		Type: "sn_ninea", Country: "SN", Description: "Senegal NINEA number",
		Example: "3067221 2G2",
		Format:  snNINEAFormat, Checksum: snNINEAChecksum, Display: snNINEADisplay,
		Note: "The NINEA (7 digits, or 9) optionally followed by the 3-character COFI (tax status 0-2, tax centre letter, legal form digit). Check: the NINEA left-padded to 9 digits, weights 1,2,1,2,... without folding the products, sum divisible by 10 (as python-stdnum does since 2026; the DGID does not publish it).",
	},
	{
		Type: "tz_vat", Country: "TZ", Description: "Tanzania VAT number",
		Example: "40012345A", Format: tzVATFormat,
		Note: "The VRN: 8 digits and a letter. " + noAlgorithm,
	},
	{
		Type: "ug_tin", Country: "UG", Description: "Uganda tax identification number",
		Example: "1014751879", Format: ugTINFormat,
		Note: "10 digits. " + noAlgorithm,
	},
	{
		Type: "za_vat", Country: "ZA", Description: "South African VAT number",
		Example: "4023456785", Format: zaVATFormat, Checksum: zaVATChecksum,
		Note: "10 digits starting with 4, the last a Luhn check digit.",
	},
	{
		Type: "zm_tin", Country: "ZM", Description: "Zambia tax identification number",
		Example: "1004751879", Format: zmTINFormat,
		Note: "10 digits. " + noAlgorithm,
	},
	{
		Type: "zw_tin", Country: "ZW", Description: "Zimbabwe tax identification number",
		Example: "2000123456", Format: zwTINFormat,
		Note: "10 digits. " + noAlgorithm,
	},
}

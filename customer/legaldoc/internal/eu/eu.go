// Package eu holds the rules of the European Union legal-document types:
// eu_vat for the 27 member states and Northern Ireland, eu_oss_vat, and the
// national types of member states (bg_uic, cz_dic, de_stn, es_cif,
// fr_siren, fr_siret, hr_oib, hu_tin, it_cf, pl_nip, pt_nif, ro_tin,
// si_tin).
//
// Every algorithm follows the issuing administration's publication as
// summarised by the European Commission (VIES) and the python-stdnum
// project; the functions are written from those facts, not translated.
package eu

import "github.com/customerkit/customerkit/customer/legaldoc/internal/rule"

// Defs returns the rule of every EU type, one Def per issuing country. The
// slice is new on each call.
func Defs() []rule.Def {
	defs := make([]rule.Def, 0, len(vatDefs)+len(nationalDefs))
	defs = append(defs, vatDefs...)
	return append(defs, nationalDefs...)
}

// vat returns the eu_vat Def of one member state.
func vat(country, prefix, desc, example string, format, checksum func(string) bool) rule.Def {
	return rule.Def{
		Type:           "eu_vat",
		Country:        country,
		Description:    desc,
		Example:        example,
		Prefix:         prefix,
		PrefixOptional: true,
		Format:         format,
		Checksum:       checksum,
		Display:        join(prefix),
	}
}

var vatDefs = []rule.Def{
	vat("AT", "AT", "Austrian VAT number (UID)", "ATU14243102", atFormat, atChecksum),
	withDisplay(vat("BE", "BE", "Belgian VAT number (enterprise number)", "BE 0220.764.971", beFormat, beChecksum), beDisplay,
		"Old 9-digit numbers are accepted and read with a leading 0; they are kept as typed."),
	vat("BG", "BG", "Bulgarian VAT number (ДДС)", "BG 175074752", bgFormat, bgChecksum),
	vat("CY", "CY", "Cypriot VAT number (ΦΠΑ)", "CY 10259033P", cyFormat, cyChecksum),
	vat("CZ", "CZ", "Czech VAT number (DIČ)", "CZ 25123891", czFormat, czChecksum),
	vat("DE", "DE", "German VAT number (USt-IdNr.)", "DE 136695976", deFormat, deChecksum),
	vat("DK", "DK", "Danish VAT number (CVR/SE)", "DK 13585628", dkFormat, dkChecksum),
	vat("EE", "EE", "Estonian VAT number (KMKR)", "EE 100931558", eeFormat, eeChecksum),
	withNote(vat("GR", "EL", "Greek VAT number (ΑΦΜ)", "EL 094259216", elFormat, elChecksum),
		"The VAT prefix is EL, not the ISO code GR; a value typed with GR is accepted and stored with EL. Old 8-digit numbers are read with a leading 0 and kept as typed."),
	vat("ES", "ES", "Spanish VAT number (NIF)", "ES A28184661", esFormat, esChecksum),
	vat("FI", "FI", "Finnish VAT number (ALV)", "FI 09826511", fiFormat, fiChecksum),
	withDisplay(vat("FR", "FR", "French VAT number (TVA)", "FR 61 954 506 077", frFormat, frChecksum), frDisplay, ""),
	vat("HR", "HR", "Croatian VAT number (OIB)", "HR 33392005961", hrFormat, hrChecksum),
	vat("HU", "HU", "Hungarian VAT number (ANUM)", "HU 12892312", huFormat, huChecksum),
	vat("IE", "IE", "Irish VAT number", "IE 6433435F", ieFormat, ieChecksum),
	vat("IT", "IT", "Italian VAT number (partita IVA)", "IT 01404480202", itFormat, itChecksum),
	vat("LT", "LT", "Lithuanian VAT number (PVM)", "LT 100001509912", ltFormat, ltChecksum),
	vat("LU", "LU", "Luxembourg VAT number (TVA)", "LU 10059929", luFormat, luChecksum),
	withNote(vat("LV", "LV", "Latvian VAT number (PVN)", "LV 40003521600", lvFormat, lvChecksum),
		"Personal codes issued since July 2017 start with 32 and carry no birth date; no check digit is verified for them."),
	vat("MT", "MT", "Maltese VAT number", "MT 11679112", mtFormat, mtChecksum),
	vat("NL", "NL", "Dutch VAT number (btw-nummer)", "NL 004495445B01", nlFormat, nlChecksum),
	vat("PL", "PL", "Polish VAT number (NIP)", "PL 5211355116", plFormat, plChecksum),
	vat("PT", "PT", "Portuguese VAT number (NIF)", "PT 501964843", ptFormat, ptChecksum),
	withNote(vat("RO", "RO", "Romanian VAT number (CIF)", "RO 11358544", roFormat, roChecksum),
		"2 to 10 digits for entities (CUI/CIF); natural persons may use their 13-digit personal numeric code (CNP)."),
	vat("SE", "SE", "Swedish VAT number (momsregistreringsnummer)", "SE 556188840401", seFormat, seChecksum),
	vat("SI", "SI", "Slovenian VAT number (ID za DDV)", "SI 50223054", siFormat, siChecksum),
	vat("SK", "SK", "Slovak VAT number (IČ DPH)", "SK 1078449064", skFormat, skChecksum),
	withNote(withDisplay(vat("GB", "XI", "Northern Ireland VAT number", "XI 980 7806 84", xiFormat, xiChecksum), xiDisplay, ""),
		"Issued by the United Kingdom to Northern Ireland traders under the Windsor Framework: the XI prefix and the UK rules; the country is GB (XI is accepted as its alias)."),
}

func withDisplay(d rule.Def, display func(string) string, note string) rule.Def {
	d.Display = display
	if note != "" {
		d.Note = note
	}
	return d
}

func withNote(d rule.Def, note string) rule.Def {
	d.Note = note
	return d
}

var nationalDefs = []rule.Def{
	{
		Type:           "eu_oss_vat",
		Country:        "EU",
		Description:    "European One Stop Shop VAT number for the non-Union scheme",
		Example:        "EU372022452",
		Prefix:         "EU",
		PrefixOptional: true,
		Format:         ossFormat,
		Note:           "The first three digits name the member state of identification (ISO 3166 numeric, 900 for Northern Ireland). The check digit algorithm is not published, so none is verified.",
	},
	{
		Type:        "bg_uic",
		Country:     "BG",
		Description: "Bulgarian Unified Identification Code (ЕИК / BULSTAT)",
		Example:     "175074752",
		Format:      bgUICFormat,
		Checksum:    bgUICChecksum,
	},
	{
		Type:           "cz_dic",
		Country:        "CZ",
		Description:    "Czech tax number (DIČ)",
		Example:        "CZ 25123891",
		Prefix:         "CZ",
		PrefixOptional: true,
		Format:         czFormat,
		Checksum:       czChecksum,
		Display:        join("CZ"),
		Note:           "Birth numbers issued before 1954 have 9 digits and no check digit.",
	},
	{
		Type:        "de_stn",
		Country:     "DE",
		Description: "German tax number (Steuernummer)",
		Example:     "21/815/08150",
		Format:      deSTNFormat,
		Display:     deSTNDisplay,
		Note:        "Regional (10 or 11 digits) and federal 13-digit forms; the Länder's check digit methods are not all published, so none is verified.",
	},
	{
		Type:        "es_cif",
		Country:     "ES",
		Description: "Spanish NIF number (formerly CIF)",
		Example:     "A13585625",
		Format:      esFormat,
		Checksum:    esChecksum,
		Note:        "Every NIF form is accepted: CIF (entities), DNI, NIE and the K, L and M NIFs.",
	},
	{
		Type:        "fr_siren",
		Country:     "FR",
		Description: "French SIREN number",
		Example:     "552 008 443",
		Format:      frSIRENFormat,
		Checksum:    frSIRENChecksum,
		Display:     frSIRENDisplay,
	},
	{
		Type:        "fr_siret",
		Country:     "FR",
		Description: "French SIRET number",
		Example:     "732 829 320 00074",
		Format:      frSIRETFormat,
		Checksum:    frSIRETChecksum,
		Display:     frSIRETDisplay,
		Note:        "La Poste's establishments (SIREN 356000000) use a digit sum divisible by 5 instead of the Luhn check.",
	},
	{
		Type:        "hr_oib",
		Country:     "HR",
		Description: "Croatian personal identification number (OIB)",
		Example:     "33392005961",
		Format:      hrFormat,
		Checksum:    hrChecksum,
	},
	{
		Type:        "hu_tin",
		Country:     "HU",
		Description: "Hungarian tax number (adószám)",
		Example:     "12892312-2-41",
		Format:      huTINFormat,
		Checksum:    huTINChecksum,
		Display:     huTINDisplay,
		Note:        "The adószám of a business (8 digits, VAT code, territorial code) or the 10-digit adóazonosító jel of a person.",
	},
	{
		Type:        "it_cf",
		Country:     "IT",
		Description: "Italian codice fiscale",
		Example:     "MRTNTN23M02D969P",
		Format:      itCFFormat,
		Checksum:    itCFChecksum,
		Note:        "16 characters for people (embedded birth date, omocodia letters accepted) or the 11-digit number of an entity.",
	},
	{
		Type:        "pl_nip",
		Country:     "PL",
		Description: "Polish tax number (NIP)",
		Example:     "856-734-62-15",
		Format:      plFormat,
		Checksum:    plChecksum,
		Display:     plNIPDisplay,
	},
	{
		Type:        "pt_nif",
		Country:     "PT",
		Description: "Portuguese tax number (NIF)",
		Example:     "501 964 843",
		Format:      ptFormat,
		Checksum:    ptChecksum,
		Display:     ptNIFDisplay,
	},
	{
		Type:        "ro_tin",
		Country:     "RO",
		Description: "Romanian tax identification number (CNP or CIF)",
		Example:     "1630615123457",
		Format:      roFormat,
		Checksum:    roChecksum,
		Note:        "13 digits: the personal numeric code (CNP) with its birth date; 2 to 10 digits: the fiscal code of an entity (CUI/CIF).",
	},
	{
		Type:        "si_tin",
		Country:     "SI",
		Description: "Slovenian tax number (davčna številka)",
		Example:     "50223054",
		Format:      siFormat,
		Checksum:    siChecksum,
	},
}

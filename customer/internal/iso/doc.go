// Package iso canonicalises and validates the country, currency and language
// codes of customer profiles and addresses, and stores them canonical.
//
// It owns three rules, each a function that returns the canonical form and
// whether the input is accepted:
//
//	rule      function                 canonical form   accepts
//	country   Country(s)               "DE"             the 249 officially assigned ISO 3166-1 alpha-2 codes
//	currency  Currency(s)              "EUR"            active ISO 4217 List One currencies that settle invoices
//	language  Language(s)              "en-US"          well-formed BCP 47 tags that name a language
//
// Country and Currency accept any letter case and surrounding white space,
// and never allocate. CurrencyMinorUnits gives the List One minor unit
// (decimals) of an accepted currency; Countries and Currencies list the
// tables.
//
// # Sources
//
// The tables are Go constants written from the published lists; nothing is
// fetched or generated at run time. CountrySource and CurrencySource name
// each list and its date:
//
//   - countries: ISO 3166-1 officially assigned alpha-2 code elements, from
//     the ISO 3166 Maintenance Agency Online Browsing Platform. No alpha-2
//     code has been added or deleted since SS (South Sudan, 2011-08-09);
//     the changes since then are names only.
//   - currencies: ISO 4217 List One as published by SIX Financial
//     Information AG on behalf of ISO, through Amendment 180 (published
//     2025-09-22, effective 2026-01-01: BGN withdrawn, Bulgaria uses EUR).
//     Earlier amendments in the table: 176 (XCG from 2025-03-31, replacing
//     ANG), 177 (ZWG from 2024-06-25, replacing ZWL), 178 (CUC withdrawn),
//     179 (XAD, a fund code, refused here).
//   - languages: x/text parses every tag. languageTable is no source but
//     a shortcut: the two-letter subtags x/text returns unchanged, so that
//     a tag already canonical ("de", "de-CH") is recognised without a
//     parse; TestLanguageShortcut pins it against x/text.
//
// # Why not golang.org/x/text alone
//
// x/text parses all three kinds of code, but its region and currency tables
// come from CLDR, not from the ISO lists: language.ParseRegion accepts
// reserved codes (UK, EU, XK, AC, ...), deleted codes (YU, AN, CS, ...),
// alpha-3 and numeric codes; currency.ParseISO accepts withdrawn currencies
// (DEM, FRF, HRK, ANG, BGN, ...) and, in the version this module uses,
// refuses current ones (MRU, VES, VED, SLE, ZWG, XCG). The tests pin those
// differences. Language tags, where CLDR is the right source, do use x/text.
//
// # Decisions
//
//   - Currency accepts what a B2B billing profile can invoice and be paid
//     in: every national currency in List One and the monetary-union
//     currencies EUR, XAF, XCD, XCG, XOF and XPF. It refuses the List One
//     codes that are not means of payment: fund and index codes (BOV, CHE,
//     CHW, CLF, COU, MXV, USN, UYI, UYW, XAD), units of account (XDR, XSU,
//     XUA, XBA-XBD), precious metals (XAG, XAU, XPD, XPT), XTS (testing) and
//     XXX (no currency). A contract indexed in, say, CLF is still invoiced
//     and paid in CLP.
//   - ANG is refused: XCG replaced it on 2025-03-31 and ANG stopped being
//     legal tender on 2025-07-01. BGN is refused from 2026-01-01.
//   - Language canonicalises with language.BCP47 (case, deprecated subtags,
//     redundant scripts) but not with CLDR's legacy or macrolanguage
//     mappings, which change what the customer chose. It accepts the
//     underscore form ("en_US") and returns hyphens. It refuses "und",
//     "mis", "mul", "zxx", tags with no language subtag, and tags that
//     repeat an extension singleton (RFC 5646 forbids it; x/text accepts
//     it and does not canonicalise it stably). The region of a
//     language tag follows BCP 47, not Country: "es-419" is valid.
//
// # Errors
//
// The package returns no errors: each function reports ok. A caller that
// collects a customerkit.ValidationError records CodeInvalid (or
// CodeNotSupported for a well-formed but refused code) with CountryDetail,
// CurrencyDetail or LanguageDetail as the detail.
package iso

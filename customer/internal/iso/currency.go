package iso

// CurrencySource names the source of the currency table: ISO 4217 List One
// as published by SIX Financial Information AG, the ISO 4217 maintenance
// agency, up to and including the amendment named here.
const CurrencySource = "ISO 4217 List One (SIX Financial Information AG), through Amendment 180 " +
	"(published 2025-09-22, effective 2026-01-01), checked 2026-11-23"

// CurrencyDetail explains the currency rule, for a FieldError detail.
const CurrencyDetail = "must be an active ISO 4217 currency code that can settle an invoice"

// currencyTable lists, sorted, every code of ISO 4217 List One
// (CurrencySource) that a billing profile accepts, each followed by its
// minor unit (the number of decimals) from List One.
//
// Accepted: every currency that is legal tender somewhere, including those
// of monetary unions with an X code (EUR, XAF, XCD, XCG, XOF, XPF).
//
// In List One but refused (excludedTable), because no invoice is settled in
// them: fund and index codes (BOV, CHE, CHW, CLF, COU, MXV, USN, UYI, UYW,
// XAD), units of account (XDR, XSU, XUA, XBA-XBD), precious metals (XAG,
// XAU, XPD, XPT), the testing code XTS and "no currency" XXX.
//
// Withdrawn (List Three) and so refused, among others: ANG (replaced by XCG
// on 2025-03-31, Amendment 176; not legal tender since 2025-07-01), BGN
// (Bulgaria joined the euro on 2026-01-01, Amendment 180), CUC (Amendment
// 178), ZWL (replaced by ZWG on 2024-06-25, Amendment 177), SLL (replaced by
// SLE, Amendments 171-175), HRK (euro, 2023), VEF, MRO, STD, BYR and the
// currencies the euro replaced (DEM, FRF, ...).
const currencyTable = "" +
	"AED2 AFN2 ALL2 AMD2 AOA2 ARS2 AUD2 AWG2 AZN2 " +
	"BAM2 BBD2 BDT2 BHD3 BIF0 BMD2 BND2 BOB2 BRL2 BSD2 BTN2 BWP2 BYN2 BZD2 " +
	"CAD2 CDF2 CHF2 CLP0 CNY2 COP2 CRC2 CUP2 CVE2 CZK2 " +
	"DJF0 DKK2 DOP2 DZD2 " +
	"EGP2 ERN2 ETB2 EUR2 " +
	"FJD2 FKP2 " +
	"GBP2 GEL2 GHS2 GIP2 GMD2 GNF0 GTQ2 GYD2 " +
	"HKD2 HNL2 HTG2 HUF2 " +
	"IDR2 ILS2 INR2 IQD3 IRR2 ISK0 " +
	"JMD2 JOD3 JPY0 " +
	"KES2 KGS2 KHR2 KMF0 KPW2 KRW0 KWD3 KYD2 KZT2 " +
	"LAK2 LBP2 LKR2 LRD2 LSL2 LYD3 " +
	"MAD2 MDL2 MGA2 MKD2 MMK2 MNT2 MOP2 MRU2 MUR2 MVR2 MWK2 MXN2 MYR2 MZN2 " +
	"NAD2 NGN2 NIO2 NOK2 NPR2 NZD2 " +
	"OMR3 " +
	"PAB2 PEN2 PGK2 PHP2 PKR2 PLN2 PYG0 " +
	"QAR2 " +
	"RON2 RSD2 RUB2 RWF0 " +
	"SAR2 SBD2 SCR2 SDG2 SEK2 SGD2 SHP2 SLE2 SOS2 SRD2 SSP2 STN2 SVC2 SYP2 SZL2 " +
	"THB2 TJS2 TMT2 TND3 TOP2 TRY2 TTD2 TWD2 TZS2 " +
	"UAH2 UGX0 USD2 UYU2 UZS2 " +
	"VED2 VES2 VND0 VUV0 " +
	"WST2 " +
	"XAF0 XCD2 XCG2 XOF0 XPF0 " +
	"YER2 " +
	"ZAR2 ZMW2 ZWG2 "

// excludedTable lists, sorted, the List One codes that Currency refuses on
// purpose (see currencyTable). It exists so that the tests can prove the two
// tables together are the whole of List One.
const excludedTable = "" +
	"BOV CHE CHW CLF COU MXV USN UYI UYW " +
	"XAD XAG XAU XBA XBB XBC XBD XDR XPD XPT XSU XTS XUA XXX "

// Currency returns the canonical (upper-case) ISO 4217 alphabetic code for s
// when it is an active currency a billing profile accepts (see
// currencyTable), accepting any letter case and surrounding white space. ok
// is false for withdrawn codes, fund codes, units of account, precious
// metals, XTS, XXX and anything that is not three letters. It never
// allocates.
func Currency(s string) (code string, ok bool) {
	i, ok := currencyIndex(s)
	if !ok {
		return "", false
	}
	return currencyTable[i*5 : i*5+3], true
}

// CurrencyMinorUnits returns the minor unit of code from List One: the
// number of decimals of its smallest unit (JPY 0, EUR 2, BHD 3). It accepts
// what Currency accepts, and ok is false for anything else.
func CurrencyMinorUnits(code string) (int, bool) {
	i, ok := currencyIndex(code)
	if !ok {
		return 0, false
	}
	return int(currencyTable[i*5+3] - '0'), true
}

// Currencies returns every code that Currency accepts, sorted. The caller
// owns the slice.
func Currencies() []string {
	return entries(currencyTable, 4, 3)
}

func currencyIndex(s string) (int, bool) {
	k, ok := fold(s, 3)
	if !ok {
		return 0, false
	}
	return find(currencyTable, 4, k[:])
}

package legaldoc_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/customerkit/customerkit/customer/legaldoc"
)

// lines returns the non-empty lines of s, trimmed.
func lines(s string) []string {
	var out []string
	for l := range strings.SplitSeq(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// VAT numbers found in use, gathered by python-stdnum
// (tests/test_eu_vat.doctest). Left out: "BE (0)468.561.072" (brackets),
// "DK: 21599336" and the like (a colon after the prefix) and the Dutch
// numbers written without their leading zeros ("NL4495445B01"): brackets
// and colons are not separators here, and a Dutch number has 9 digits.
const vatValid = `
ATU 142 43 102
ATU 15159209
ATU 28560205
ATU 54300000
ATU13585627
ATU61195628
BE 0202.239.951
BE 0220.764.971
BE 0402 918 402
BE 0897290877
BE 444.503.092
BE413562567
BE697449992
BG 103873594
BG 124 551 319
BG 175074752
BG130544585
BG7111042925
BG7523169263
BG7542011030
BG8032056031
Bg 200442771
CY 10246672X
CY- 10277198H
CY-10008489 A
CY00632993 F
CZ 25123891
CZ 60 72 77 72
CZ 640229/4448
CZ 640903926
CZ 654123789
CZ 682127228
CZ 6956220612
CZ 736028/5163
CZ00023205
CZ6306150004
CZ7652046248
DE - 113866163
DE 221.304.969
DE 813 11 38 75
DE812847601
DK 10 50 32 80
DK 2566 2202
DK-27630308
DK10150817
EE 100 931 558
EE 101031389
EE101256753
ES - Q0818001J
ES 54362315K
ES A-28184661
ES B-58378431
ES F13005293
ES J99216582
ES Q-2818015-F
ES R9600075G
ES U99216426
ES V99218067
ES W4003922D
ES X-5253868-R
ES Y5277343F
ES Z5277343K
ES-x-2482300w
Es-a58951310
EL 039868210
EL 094012834
EL 94051189
EL 998386804
EL-082857563
El 800 179 925
FI 02459042
FI 0982651-1
FI 2094606-3
FI-214 95 540
FR 04409414364
FR 114 248 728 36
FR 19 552 008 443
FR 2143 2146 546
FR 355 92065536
FR 41-343848552
FR 61 954 506 077
FR 734 836 491 66
FR K 7399859412
FR16000063601
FR96000110899
Fr 40 303 265 045
fr 71383076817
HU -12509403
HU 10672101
HU-12892312
HU11377304
IE 0005306C
IE 632 3420 C
IE 6433435F
IE 8223200u
IE 9502346O
IE6433435IH
IE6433435OA
IE8D79739I
IE9Y71814N
IT - 01404480202
IT 0 0 6 1 8 2 8 0 4 9 9
IT 00 595 000 217
IT 09596821000
IT00743110157
LT 100001354118
LT 119511515
LT 757118413
LT-100000979812
LT290068995116
LU 10059929
LU 109 676 28
LU 1871 0830
LU.248.70.640
Lu 19980500
LV 4000 3521 600
LV 40003189718
LV 5000 399 3021
LV 90000528023
LV-42103048183
MT 1039-6417
MT 1167-9112
MT 1465 8213
MT 20630321
NL 001241 643 B01
NL 009122746 B01
NL 8225.69.759 b01
NL-8197.38.116.B.01
NL.0094.10.806.B.01
NL001162938B28
NL002455799B11
NL802003217B01
PL 5211355116
PL 584-030-44-72
PL 687-16-26-585
PL 777 26 68 285
PL-951-157-77-68
PT 500 019 720
PT 500135.495
PT 501 964 843
PT-505 856 468
RO 11358544
RO 1630615123457
RO 1822964
RO 185 472 90
RO 241 30 20
RO 573768
RO-23867797
Ro 15071875
SE 202 100-5000 01
SE 390 806 051 401
SE 556.383.740.901
SE 556700 3552 01
SE-5562245190-01
SE-556666-4438-01
Se 556250398601
SI 26808498
SI 3609 7152
SI 50223054
SI-89036999
SK 1078449064
SK 202 274 96 19
SK 2020 237 945
SK2022193459
XI 980 7806 84
`

// Numbers from the list above with a check digit changed.
const vatBadChecksum = `
ATU 143 43 102
ATU 15169209
ATU46080904
BE 0406.139.583
BE 0793 013 186
BE 456.973.432
BE697449982
BG 1037735942
BG 131 172 009
BG 147147471
CY 10246672F
CY-10009489 A
CZ 25557481
CZ 48207726
CZ 640913926
CZ 8058018314
DE 125014855
DE 246 495 415
DK 11 96 56 58
DK10159817
EE 100 941 558
EE101256754
ES 54362415K
ES K-2814015-F
ES-x-2322300w
Es-a48951310
EL 094013834
EL094501140
FR 04409414264
FR 21 326 565 603
FR K 7399859312
FR L 7399859412
IE 4731823H
IE 632 3421 C
IE 5339273F
IE8D79729I
LV 40003189715
LV 90000528022
LV-10103241337
LV-42103048181
SK 1078449164
SK 2030 237 945
SK 2020457679
XI 980 7806 85
`

// Numbers with a wrong length, character or structure.
const vatBadFormat = `
AT1 142 43 102
ATU 1515B209
ATU 151592092
BE 02A2.239.951
BE 0220,764.971
BE 2220.764.971
BG 10X8735941
CY-102590Z3P
CY-12259033P
CY-1225903322
CZ 95123891
CZ 7113192745
DE 246X595 415
DE 011125440
DE13669597
EE 200931558
ES B-583784312
ES I1234567A
FR000076090
FR IO334175221
IE 4550C59S
IE 069385V8
IE8D79739IA
IT 00687129980
IT 00000000000
LT 100001354
LT 100001509922
LU 1005992
LV 16137519997
MT 01679112
NL 001241643801
NL 009122746B00
NL B06753742B01
NL 82X569759b01
NL006866304B021
PT 001964843
RO 0573768
SE 55643359201
SE 5567003255201
SE 556188840402
SI 05022305
SK A078449064
SK 012 274 96 19
SK 2010 237 945
XI GD500
XI HA499
`

func TestEUVAT(t *testing.T) {
	t.Parallel()
	for _, v := range lines(vatValid) {
		if err := legaldoc.Validate("eu_vat", "", v, legaldoc.LevelChecksum); err != nil {
			t.Errorf("%q: %v", v, err)
			continue
		}
		checkRoundTrip(t, "eu_vat", "", v)
	}
	for _, v := range lines(vatBadChecksum) {
		if err := legaldoc.Validate("eu_vat", "", v, legaldoc.LevelFormat); err != nil {
			t.Errorf("%q at the format level: %v", v, err)
		}
		if err := legaldoc.Validate("eu_vat", "", v, legaldoc.LevelChecksum); !errors.Is(err, legaldoc.ErrChecksum) {
			t.Errorf("%q: %v, want ErrChecksum", v, err)
		}
	}
	for _, v := range lines(vatBadFormat) {
		if err := legaldoc.Validate("eu_vat", "", v, legaldoc.LevelFormat); !errors.Is(err, legaldoc.ErrFormat) {
			t.Errorf("%q: %v, want ErrFormat", v, err)
		}
	}
}

// TestEUVATBranches checks the kinds of number a member state issues side
// by side, and the boundaries of their structure.
func TestEUVATBranches(t *testing.T) {
	t.Parallel()
	runValidation(t, []validationCase{
		{"BE new enterprise numbers start with 1", "eu_vat", "BE", "1000.000.021", legaldoc.LevelChecksum, nil},
		{"BG legal entity, second weight set", "eu_vat", "BG", "130544585", legaldoc.LevelChecksum, nil},
		{"BG 10 digits failing EGN (date), PNF and other checks", "eu_vat", "BG", "8019010009", legaldoc.LevelChecksum, legaldoc.ErrChecksum},
		{"CZ 9-digit birth number after 1953", "eu_vat", "CZ", "590312123", legaldoc.LevelFormat, legaldoc.ErrFormat},
		{"CZ birth number, women's month", "eu_vat", "CZ", "7652046248", legaldoc.LevelChecksum, nil},
		{"CZ birth number, invalid date", "eu_vat", "CZ", "1103492745", legaldoc.LevelFormat, legaldoc.ErrFormat},
		{"ES DNI", "eu_vat", "ES", "54362315K", legaldoc.LevelChecksum, nil},
		{"ES DNI with a digit as check", "eu_vat", "ES", "543623150", legaldoc.LevelFormat, legaldoc.ErrFormat},
		{"ES NIE", "eu_vat", "ES", "X5253868R", legaldoc.LevelChecksum, nil},
		{"ES special NIF M", "eu_vat", "ES", "M1234567L", legaldoc.LevelChecksum, nil},
		{"ES CIF with check letter", "eu_vat", "ES", "Q2818015F", legaldoc.LevelChecksum, nil},
		{"ES CIF check letter beyond J", "eu_vat", "ES", "Q2818015K", legaldoc.LevelFormat, legaldoc.ErrFormat},
		{"FR new key starting with a digit", "eu_vat", "FR", "4Z123456782", legaldoc.LevelChecksum, nil},
		{"FR key with I", "eu_vat", "FR", "I4123456782", legaldoc.LevelFormat, legaldoc.ErrFormat},
		{"FR Monaco (000) skips the SIREN check", "eu_vat", "FR", "FR 23 000047372", legaldoc.LevelChecksum, nil},
		{"IE old style with +", "eu_vat", "IE", "8+79739?", legaldoc.LevelFormat, legaldoc.ErrFormat},
		{"IE second letter", "eu_vat", "IE", "6433435IH", legaldoc.LevelChecksum, nil},
		{"IT office code 120", "eu_vat", "IT", "00000011209", legaldoc.LevelFormat, nil},
		{"IT office code 101", "eu_vat", "IT", "00000011019", legaldoc.LevelFormat, legaldoc.ErrFormat},
		{"LT temporary payer", "eu_vat", "LT", "100001509912", legaldoc.LevelChecksum, nil},
		{"LV personal code", "eu_vat", "LV", "161175-19997", legaldoc.LevelChecksum, nil},
		{"LV personal code, invalid date", "eu_vat", "LV", "161375-19997", legaldoc.LevelFormat, legaldoc.ErrFormat},
		{"LV personal code since 2017", "eu_vat", "LV", "321234-56789", legaldoc.LevelChecksum, nil},
		{"NL sole proprietor (mod 97)", "eu_vat", "NL", "NL000099998B57", legaldoc.LevelChecksum, nil},
		{"NL neither mod 11 nor mod 97", "eu_vat", "NL", "NL000099998B58", legaldoc.LevelChecksum, legaldoc.ErrChecksum},
		{"RO two digits", "eu_vat", "RO", "RO 19", legaldoc.LevelChecksum, nil},
		{"RO one digit", "eu_vat", "RO", "RO 1", legaldoc.LevelFormat, legaldoc.ErrFormat},
		{"RO eleven digits", "eu_vat", "RO", "RO 11358544000", legaldoc.LevelFormat, legaldoc.ErrFormat},
		{"SE must end in 01", "eu_vat", "SE", "556188840402", legaldoc.LevelFormat, legaldoc.ErrFormat},
		{"XI branch number", "eu_vat", "GB", "980 7806 84 001", legaldoc.LevelChecksum, nil},
		{"XI government department", "eu_vat", "XI", "GD001", legaldoc.LevelChecksum, nil},
		{"XI health authority", "eu_vat", "XI", "HA500", legaldoc.LevelChecksum, nil},
		{"XI 9755 scheme", "eu_vat", "XI", "100000132", legaldoc.LevelChecksum, nil},
		{"XI remainder 55 is refused", "eu_vat", "XI", "100000341", legaldoc.LevelChecksum, legaldoc.ErrChecksum},
	})
}

func TestEUOSS(t *testing.T) {
	t.Parallel()
	runValidation(t, []validationCase{
		{"Ireland", "eu_oss_vat", "", "EU372022452", legaldoc.LevelChecksum, nil},
		{"issue example", "eu_oss_vat", "EU", "EU 372 000 041", legaldoc.LevelChecksum, nil},
		{"Northern Ireland", "eu_oss_vat", "", "EU900000001", legaldoc.LevelChecksum, nil},
		{"not a member state", "eu_oss_vat", "", "EU123456789", legaldoc.LevelFormat, legaldoc.ErrFormat},
		{"the United States", "eu_oss_vat", "", "EU840000001", legaldoc.LevelFormat, legaldoc.ErrFormat},
		{"8 digits", "eu_oss_vat", "", "EU37202245", legaldoc.LevelFormat, legaldoc.ErrFormat},
		{"import scheme is another document", "eu_oss_vat", "", "IM3720000411", legaldoc.LevelFormat, legaldoc.ErrFormat},
	})
}

func TestEUNational(t *testing.T) {
	t.Parallel()
	runValidation(t, []validationCase{
		{"bg_uic 9 digits", "bg_uic", "", "175 074 752", legaldoc.LevelChecksum, nil},
		{"bg_uic 13 digits", "bg_uic", "BG", "1750747520004", legaldoc.LevelChecksum, nil},
		{"bg_uic 13 digits, bad branch check", "bg_uic", "BG", "1750747520005", legaldoc.LevelChecksum, legaldoc.ErrChecksum},
		{"bg_uic 13 digits, bad entity check", "bg_uic", "BG", "1750747510004", legaldoc.LevelChecksum, legaldoc.ErrChecksum},
		{"bg_uic 10 digits", "bg_uic", "", "1750747520", legaldoc.LevelFormat, legaldoc.ErrFormat},

		{"cz_dic legal entity", "cz_dic", "", "CZ 25123891", legaldoc.LevelChecksum, nil},
		{"cz_dic without prefix", "cz_dic", "CZ", "25123891", legaldoc.LevelChecksum, nil},
		{"cz_dic birth number", "cz_dic", "", "710319/2745", legaldoc.LevelChecksum, nil},
		{"cz_dic birth number, bad check", "cz_dic", "", "710319/2746", legaldoc.LevelChecksum, legaldoc.ErrChecksum},

		{"de_stn regional 10 digits", "de_stn", "", "21/815/08150", legaldoc.LevelChecksum, nil},
		{"de_stn regional 11 digits", "de_stn", "DE", "181/815/08155", legaldoc.LevelChecksum, nil},
		{"de_stn federal, Thüringen", "de_stn", "", "4151081508156", legaldoc.LevelChecksum, nil},
		{"de_stn federal, fifth digit not 0", "de_stn", "", "4151181508156", legaldoc.LevelFormat, legaldoc.ErrFormat},
		{"de_stn federal, unknown Land", "de_stn", "", "6151081508156", legaldoc.LevelFormat, legaldoc.ErrFormat},
		{"de_stn 12 digits", "de_stn", "", "415108150815", legaldoc.LevelFormat, legaldoc.ErrFormat},
		{"de_stn is not the VAT number", "de_stn", "", "DE136695976", legaldoc.LevelFormat, legaldoc.ErrFormat},

		{"es_cif entity", "es_cif", "", "A13585625", legaldoc.LevelChecksum, nil},
		{"es_cif with ES prefix", "es_cif", "", "ES B64717838", legaldoc.LevelChecksum, nil},
		{"es_cif bad check", "es_cif", "", "B64717839", legaldoc.LevelChecksum, legaldoc.ErrChecksum},
		{"es_cif DNI", "es_cif", "", "54362315-K", legaldoc.LevelChecksum, nil},
		{"es_cif invalid first letter", "es_cif", "", "O1234567L", legaldoc.LevelFormat, legaldoc.ErrFormat},

		{"fr_siren", "fr_siren", "", "552 008 443", legaldoc.LevelChecksum, nil},
		{"fr_siren bad check", "fr_siren", "", "552 008 442", legaldoc.LevelChecksum, legaldoc.ErrChecksum},
		{"fr_siren 10 digits", "fr_siren", "", "5520084430", legaldoc.LevelFormat, legaldoc.ErrFormat},
		{"fr_siret", "fr_siret", "", "732 829 320 00074", legaldoc.LevelChecksum, nil},
		{"fr_siret bad SIREN", "fr_siret", "", "732 829 321 00074", legaldoc.LevelChecksum, legaldoc.ErrChecksum},
		{"fr_siret La Poste", "fr_siret", "", "356 000 000 09075", legaldoc.LevelChecksum, nil},
		{"fr_siret La Poste, bad sum", "fr_siret", "", "356 000 000 09076", legaldoc.LevelChecksum, legaldoc.ErrChecksum},

		{"hr_oib", "hr_oib", "", "33392005961", legaldoc.LevelChecksum, nil},
		{"hr_oib with HR prefix", "hr_oib", "", "HR33392005961", legaldoc.LevelChecksum, nil},
		{"hr_oib bad check", "hr_oib", "", "33392005962", legaldoc.LevelChecksum, legaldoc.ErrChecksum},

		{"hu_tin", "hu_tin", "", "12892312-2-41", legaldoc.LevelChecksum, nil},
		{"hu_tin large taxpayer", "hu_tin", "", "12892312-2-51", legaldoc.LevelChecksum, nil},
		{"hu_tin VAT code 6", "hu_tin", "", "12892312-6-41", legaldoc.LevelFormat, legaldoc.ErrFormat},
		{"hu_tin territory 45", "hu_tin", "", "12892312-2-45", legaldoc.LevelFormat, legaldoc.ErrFormat},
		{"hu_tin bad check", "hu_tin", "", "12892313-2-41", legaldoc.LevelChecksum, legaldoc.ErrChecksum},
		{"hu_tin 8 digits", "hu_tin", "", "12892312", legaldoc.LevelFormat, legaldoc.ErrFormat},
		{"hu_tin person", "hu_tin", "", "8071592153", legaldoc.LevelChecksum, nil},
		{"hu_tin person, bad check", "hu_tin", "", "8071592154", legaldoc.LevelChecksum, legaldoc.ErrChecksum},
		{"hu_tin person, not starting with 8", "hu_tin", "", "7071592153", legaldoc.LevelFormat, legaldoc.ErrFormat},
		{"hu_tin Odoo sample", "hu_tin", "", "27725414-2-13", legaldoc.LevelChecksum, nil},

		{"it_cf person", "it_cf", "", "RCCMNL83S18D969H", legaldoc.LevelChecksum, nil},
		{"it_cf woman", "it_cf", "", "CNTCHR83T41D969D", legaldoc.LevelChecksum, nil},
		{"it_cf omocodia", "it_cf", "", "MRTNTN23M02D969P", legaldoc.LevelChecksum, nil},
		{"it_cf entity", "it_cf", "", "00743110157", legaldoc.LevelChecksum, nil},
		{"it_cf entity bad check", "it_cf", "", "00743110158", legaldoc.LevelChecksum, legaldoc.ErrChecksum},
		{"it_cf bad check letter", "it_cf", "", "RCCMNL83S18D969A", legaldoc.LevelChecksum, legaldoc.ErrChecksum},
		{"it_cf month letter F", "it_cf", "", "RCCMNL83F18D969H", legaldoc.LevelFormat, legaldoc.ErrFormat},
		{"it_cf day 32", "it_cf", "", "RCCMNL83S32D969H", legaldoc.LevelFormat, legaldoc.ErrFormat},
		{"it_cf February 30", "it_cf", "", "RCCMNL83B30D969H", legaldoc.LevelFormat, legaldoc.ErrFormat},
		{"it_cf 15 characters", "it_cf", "", "RCCMNL83S18D969", legaldoc.LevelFormat, legaldoc.ErrFormat},

		{"pl_nip", "pl_nip", "", "856-734-62-15", legaldoc.LevelChecksum, nil},
		{"pl_nip bad check", "pl_nip", "", "856-734-62-16", legaldoc.LevelChecksum, legaldoc.ErrChecksum},
		{"pl_nip 11 digits", "pl_nip", "", "85673462150", legaldoc.LevelFormat, legaldoc.ErrFormat},

		{"pt_nif", "pt_nif", "", "501 964 843", legaldoc.LevelChecksum, nil},
		{"pt_nif bad check", "pt_nif", "", "501 964 844", legaldoc.LevelChecksum, legaldoc.ErrChecksum},
		{"pt_nif leading 0", "pt_nif", "", "001 964 843", legaldoc.LevelFormat, legaldoc.ErrFormat},

		{"ro_tin CNP", "ro_tin", "", "1630615123457", legaldoc.LevelChecksum, nil},
		{"ro_tin CNP bad check", "ro_tin", "", "1630615123458", legaldoc.LevelChecksum, legaldoc.ErrChecksum},
		{"ro_tin CNP invalid date", "ro_tin", "", "1632215123457", legaldoc.LevelFormat, legaldoc.ErrFormat},
		{"ro_tin CNP first digit 0", "ro_tin", "", "0800101221142", legaldoc.LevelFormat, legaldoc.ErrFormat},
		{"ro_tin CIF", "ro_tin", "", "RO 11358544", legaldoc.LevelChecksum, nil},

		{"si_tin", "si_tin", "", "50223054", legaldoc.LevelChecksum, nil},
		{"si_tin bad check", "si_tin", "", "50223055", legaldoc.LevelChecksum, legaldoc.ErrChecksum},
		{"si_tin 7 digits", "si_tin", "", "5022305", legaldoc.LevelFormat, legaldoc.ErrFormat},
	})
}

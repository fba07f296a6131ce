package national

import (
	"strings"
	"testing"
)

// cases lists, per type, inputs as a person types them: valid (right shape
// and check digits), badSum (right shape, wrong check digits) and badFmt
// (wrong length, characters, prefix or structure). Valid values come from
// the python-stdnum documentation and test lists, the national examples
// and the shared vectors; badSum values are valid ones with a check
// character altered; badFmt values are boundaries and look-alikes (the
// letter O for a zero, one character more or less).
var cases = map[string]struct{ valid, badSum, badFmt []string }{
	"ar_cuit": {
		valid:  []string{"20-05536168-2", "20267565393", "30-50001091-2"},
		badSum: []string{"20267565392", "20-10123456-0"},
		badFmt: []string{"12-3456789-01", "2026756539", "202675653933", "21-26756539-3", "2O267565393"},
	},
	"au_abn": {
		valid:  []string{"83 914 571 673", "51 824 753 556", "46 0 0 2722 3 49"},
		badSum: []string{"99 999 999 999", "12345678912"},
		badFmt: []string{"12 123 552 73", "01 824 753 556", "5182475355A"},
	},
	"au_acn": {
		valid:  []string{"004 085 616", "010 499 966", "000 024 733"},
		badSum: []string{"999 999 999", "141 800 358"},
		badFmt: []string{"00408561", "0040856166", "OO4 085 616"},
	},
	"br_cnpj": {
		valid:  []string{"16.727.230/0001-97", "61882613000194", "26.637.142/0001-58", "12.abc.345/01de-35", "12ABC34501DE35"},
		badSum: []string{"16.727.230/0001-98", "01.234.456/5432-10", "93.ZB0.VRY/V6KA-66", "16.727.23O/0001-97"},
		badFmt: []string{"07.195.358/0001-6", "00.000.000/0000-00", "16.727.230/0001-9A", "16727230000197X", "16.727.230/0001-9!"},
	},
	"br_cpf": {
		valid:  []string{"390.533.447-05", "123.456.789-09"},
		badSum: []string{"231.002.999-00", "123.456.789-87", "390.533.447-06"},
		badFmt: []string{"123.456.78A-09", "111.111.111-11", "000.000.000-00", "390.533.447-0", "390.533.447-055"},
	},
	"by_tin": {
		valid:  []string{"200988541", "MA1953684"},
		badSum: []string{"200988542"},
		badFmt: []string{"20098854", "2009885411", "800988541", "M11953684"},
	},
	"ca_bn": {
		valid:  []string{"12302 6635", "123026635"},
		badSum: []string{"123456789", "123456783"},
		badFmt: []string{"12302663", "12345678Z", "1230266355"},
	},
	"ca_gst_hst": {
		valid:  []string{"123026635RT0001", "123026635 RT 0002"},
		badSum: []string{"123026636RT0001", "123456789RT0002"},
		badFmt: []string{"123026635RC0001", "123026635RT0000", "123026635RT001", "123026635"},
	},
	"ca_pst_bc": {
		valid:  []string{"PST-1234-5678", "12345678"},
		badFmt: []string{"PST-1234-567", "PST-1234-56789", "PST-1234-567A"},
	},
	"ca_pst_mb": {valid: []string{"123456-7"}, badFmt: []string{"123456-78", "12345-6"}},
	"ca_pst_sk": {valid: []string{"1234567"}, badFmt: []string{"123456", "12345678"}},
	"ca_qst": {
		valid:  []string{"1227494057TQ0001", "1234567890 TQ 1234"},
		badFmt: []string{"1227494057TQ0000", "1227494057RT0001", "122749405TQ0001"},
	},
	"ch_uid": {
		valid:  []string{"CHE-100.155.212", "CHE-101.415.551", "che-101.415.551", "100155212"},
		badSum: []string{"CHE-100.155.213", "CHE-116.018.088", "CHE-123.456.789"},
		badFmt: []string{"CHE-100.155.21", "CHE-100.155.2122", "CHF-100.155.212", "CHE-1OO.155.212"},
	},
	"ch_vat": {
		valid:  []string{"CHE-107.787.577 IVA", "CHE-110.576.236 IVA", "CHE-100.155.212 MWST", "CHE-100.155.212 TVA", "CHE100155212TPV"},
		badSum: []string{"CHE-107.787.578 IVA", "CHE-123.456.789 MWST"},
		badFmt: []string{"CHE-100.155.212", "CHE-100.155.212 MWST7", "CHE-100.155.212 VAT", "CHE-100.155.21 MWST"},
	},
	"cl_tin": {
		valid:  []string{"76086428-5", "CL 12531909-2"[3:], "5759700-3", "12.531.909-2"},
		badSum: []string{"12531909-3", "12.345.678-K"},
		badFmt: []string{"76086A28-5", "10075381-27", "123-4", "7608642-X"},
	},
	"cn_tin": {
		valid:  []string{"91110000600037341L", "121200004013590816", "123456789012345678"},
		badSum: []string{"91110000600037341M", "121200004013590817"},
		badFmt: []string{"91310115MAOK3BTP2B", "9111000060003734", "91110000600037341L1", "91I10000600037341L"},
	},
	"co_nit": {
		valid:  []string{"213.123.432-1", "152525250"},
		badSum: []string{"2131234325", "15.252.525-1"},
		badFmt: []string{"213.123.43A-1", "12345", "12345678901234567"},
	},
	"cr_tin": {
		valid:  []string{"3-101-999999", "4-000-042138", "155812345678", "304550175"},
		badFmt: []string{"12345678", "1234567890123", "3-101-99999A"},
	},
	"do_rcn": {
		// Cédulas: Luhn-valid ones (00113918205, 224-0002211-1), and issued
		// ones that fail Luhn but are on python-stdnum's whitelist (the
		// first, the last and some in between; see TestDoCedulaWhitelist).
		valid: []string{"1-01-85004-3", "131246796", "501050302", "00113918205", "224-0002211-1",
			"00000021249", "001-0000016-9", "031-0000116-2", "21000000000", "402-0070067-5", "900-0120090-1"},
		// 123-4567890-1 (the shared vectors' row) and whitelisted numbers
		// with the last digit altered fail Luhn and are not whitelisted.
		badSum: []string{"101850042", "501050303", "123-4567890-1", "12345678901",
			"00000021240", "001-0000016-0", "900-0120090-2", "40200700676", "99999999999"},
		// 0094662667 is one of the two 10-digit entries of the whitelist:
		// still the wrong length.
		badFmt: []string{"1018A0043", "5028O6062", "10185004", "0011391820", "001139182055", "0094662667"},
	},
	"ec_ruc": {
		valid:  []string{"1792060346-001", "0160000510001", "0860017480001"},
		badSum: []string{"1763154690001", "0160000520001", "1234567890001"},
		badFmt: []string{"179206034601", "086001O480001", "2592060346001", "1772060346001", "1792060346000"},
	},
	"mx_rfc": {
		valid:  []string{"GODE 561231 GR8", "MAB-930714-8T4", "COMG-600703", "VACE-460910-SX6", "ABC010203AB9", "GYA010601HZ2", "Ñ&A010101AB1", "ÑEMA000229AB1"},
		badFmt: []string{"GODE 561331 GR8", "GODE 560231 GR8", "PUTO 561231 GR8", "AB010203AB9", "ABC010203AB", "ABC0102033AB9", "ABC010229AB1"},
	},
	"pe_ruc": {
		valid:  []string{"20512333797", "10000655959", "20296742563"},
		badSum: []string{"20512333798", "10000655950"},
		badFmt: []string{"12345678901", "2051233379", "20296O42563"},
	},
	"py_ruc": {
		valid:  []string{"80028061-0", "9991603", "2660-3", "1068460-3", "46510206"},
		badSum: []string{"800532492", "4651020-7"},
		badFmt: []string{"80123456789", "8002806A-0", "1"},
	},
	"sv_nit": {
		valid:  []string{"0614-050707-104-8", "02092008751012", "06142203101024"},
		badSum: []string{"0614-050707-104-0", "0209-200875-101-3", "1234-567890-123-4"},
		badFmt: []string{"12345678", "2614-050707-104-8", "0614-220O10-102-4"},
	},
	"us_ein": {
		valid:  []string{"91-1144442", "04-2103594", "12-3456789"},
		badFmt: []string{"07-1144442", "00-1144442", "96-1144442", "91-114444", "91-11444422", "9A-1144442"},
	},
	"uy_ruc": {
		valid:  []string{"21-100342-001-7", "UY 21 140634 001 1"[3:], "020164180014", "213522890010"},
		badSum: []string{"210303670014", "020164180015"},
		badFmt: []string{"12345678", "123456789012", "22-100342-001-7", "21-000000-001-6", "213522O90010"},
	},
	"ve_rif": {
		valid:  []string{"V-11470283-4", "E810812535", "J296932565"},
		badSum: []string{"V-11470283-3", "E810812536"},
		badFmt: []string{"A-12345678-9", "J2969O2565", "V-1147028-4"},
	},
	"ad_nrt": {
		valid:  []string{"U-132950-X", "D-059888-N", "A-712345-B"},
		badFmt: []string{"A123B", "I 706193 G", "F-712345-X", "A-612345-B", "U-13295O-X"},
	},
	"al_tin": {
		valid:  []string{"J91402501L", "K22218003V", "M01234567A"},
		badFmt: []string{"Z22218003V", "J9140250L", "J914025011", "J91402501LL"},
	},
	"az_tin": {valid: []string{"1400057421", "140 155 5071"}, badFmt: []string{"1400057424", "12345", "140005742"}},
	"gb_vat": {
		valid:  []string{"GB 980 7806 84", "980780684", "GB 980 7806 84 000", "GBGD001", "GBHA500", "GD499"},
		badSum: []string{"GB 802311781", "GB123456789", "980780685"},
		badFmt: []string{"GBGD500", "GBHA499", "GB98078068", "GB9807806840", "GBXI980780684", "GB98O780684"},
	},
	"is_kt": {
		valid:  []string{"450401-3150", "120174-3399", "020884-2749", "5609091440"},
		badSum: []string{"530575-0299", "5609091450"},
		badFmt: []string{"320174-3399", "120174-3391", "300274-3399", "12017433", "1201743399X"},
	},
	"li_uid": {
		valid:  []string{"CHE-115.635.751"},
		badSum: []string{"CHE123456789"},
		badFmt: []string{"FL-0002.123.456-7", "CHE12345678"},
	},
	"me_pib": {
		valid:  []string{"02655284", "02000989", "02454190"},
		badSum: []string{"02655283", "12345678"},
		badFmt: []string{"0245O190", "0265528", "026552844"},
	},
	"mk_vat": {
		valid:  []string{"4030000375897", "MK4057009501106", "4001015504286"},
		badSum: []string{"4030000375890", "MK1234567890123"},
		badFmt: []string{"403000O407411", "MK403000037589", "MX4030000375897"},
	},
	"no_vat": {
		valid:  []string{"NO 995 525 828 MVA", "965920358MVA", "988077917 MVA"},
		badSum: []string{"NO 995 525 829 MVA", "123456789MVA"},
		badFmt: []string{"NO 94800O029 MVA", "995525828", "995525828VAT", "99552582MVA"},
	},
	"rs_pib": {
		valid:  []string{"101134702", "100000303", "100187392"},
		badSum: []string{"101134703", "123456789"},
		badFmt: []string{"1001O7392", "10113470", "1011347022"},
	},
	"ru_inn": {
		valid:  []string{"123456789047", "1234567894", "7707083893", "005826107187"},
		badSum: []string{"123456789037", "1234567895", "1234567891"},
		badFmt: []string{"77240O1595", "12345678904", "123456789"},
	},
	"ru_kpp": {valid: []string{"773601001", "7736AB001"}, badFmt: []string{"77360100", "77360100A", "7736-01-001X"}},
	"tr_tin": {
		valid:  []string{"4540536920", "0123456789", "10000000146"},
		badSum: []string{"4540536921", "0010213577", "10000000147"},
		badFmt: []string{"454053692", "37703O5008", "01000000146"},
	},
	"au_arn": {valid: []string{"123456789123"}, badFmt: []string{"12345678912", "1234567891234"}},
	"id_npwp": {
		valid:  []string{"01.312.166.0-091.000", "016090524017000", "01.001.610.3-051.000", "0013121660091000", "3171015508900001"},
		badSum: []string{"02.151.039.2-106.000", "0013121661091000"},
		badFmt: []string{"123456789", "3171013208900001", "3171015513900001", "01.312.166.0-091.00O"},
	},
	"in_gst": {
		valid:  []string{"27AAPFU0939F1ZV"},
		badSum: []string{"27AAPFU0939F1Z8", "27AAPFU0939F1ZO"},
		badFmt: []string{"27AAPFU0939F1Z", "369296450896540", "27AAPFU0939F1AA", "40AAPFU0939F1ZV", "27AAPXU0939F1ZV", "27AAPFU0000F1ZV", "27AAPFU0939F0ZV"},
	},
	"jp_cn": {
		valid:  []string{"5-8356-7825-6246", "1020281079130", "3677889020488"},
		badSum: []string{"2-8356-7825-6246", "2020281079130", "1234567891234"},
		badFmt: []string{"367788O020488", "0835678256246", "583567825624"},
	},
	"jp_trn": {
		valid:  []string{"T5835678256246", "t1020281079130"},
		badSum: []string{"T1234567891234"},
		badFmt: []string{"5835678256246", "TT5835678256246"},
	},
	"kr_brn": {
		valid:  []string{"101-82-13065", "201-81-54845"},
		badSum: []string{"123-45-67890", "101-82-13066"},
		badFmt: []string{"201-81-O4845", "100-82-13065", "101-00-13065", "101-82-00005", "10182130"},
	},
	"kz_bin": {
		valid:  []string{"940140000385", "990 140 004 654"},
		badSum: []string{"940140000386"},
		badFmt: []string{"949940000385", "940190000385", "940149000385", "12345678901X"},
	},
	"nz_bn": {
		valid:  []string{"9429041535769"},
		badSum: []string{"9429041535767"},
		badFmt: []string{"9329041535769", "942904153576"},
	},
	"nz_gst": {
		valid:  []string{"4909185-0", "49-098-576", "047179025"},
		badSum: []string{"136410133", "047-179-026", "123456789"},
		badFmt: []string{"9125568", "4909O576", "150000000", "10000000"},
	},
	"sg_uen": {
		valid:  []string{"00192200M", "197401143C", "S16FC0121D", "T01FC6132D", "200613692K"},
		badSum: []string{"00192200N", "197401143D", "S16FC0121E", "123456789F"},
		badFmt: []string{"123456", "00416700", "X16FC0121D", "S1AFC0121D", "1974011430"},
	},
	"sg_gst": {valid: []string{"M90312345A", "MR8500012A", "197401143C"}, badFmt: []string{"M9031234A", "X90312345A"}},
	"th_vat": {
		valid:  []string{"0-99-4-000-61772-1", "1-2345-45678-78-1", "0135559012628", "1409900074330"},
		badSum: []string{"1234545678789", "0135559012629", "1234567891234"},
		badFmt: []string{"1-40-9-90O-07433-0", "013555901262"},
	},
	"tw_vat": {
		valid:  []string{"00501503", "04595257", "10458575", "88117125", "53212539", "04595252"},
		badSum: []string{"00501502", "00501504", "12345678", "88117126"},
		badFmt: []string{"4500O103", "0050150", "005015033"},
	},
	"vn_tin": {
		valid:  []string{"0100233488", "0314409058-002", "01.00.112.437"},
		badSum: []string{"0100233480", "01.00.112.438"},
		badFmt: []string{"12345", "03055O2294", "0300000004", "0314409058-000"},
	},
	"gh_tin": {
		valid:  []string{"C0000803561", "C0003664996"},
		badSum: []string{"C0000803562", "C0003664997"},
		badFmt: []string{"A0000803561", "C1000803561", "C000080356", "C00008035611"},
	},
	"gn_nif": {
		valid:  []string{"693770885", "693-770-885", "102193364"},
		badSum: []string{"693770880", "634628102"},
		badFmt: []string{"12345", "69377088A"},
	},
	"il_vat": {
		valid:  []string{"516179157", "500107420"},
		badSum: []string{"516179150", "515487669"},
		badFmt: []string{"490154203237518", "51617915"},
	},
	"za_vat": {
		valid:  []string{"4023456785"},
		badSum: []string{"4123456789", "4023456786"},
		badFmt: []string{"5023456785", "402345678"},
	},
	"sn_ninea": {
		valid:  []string{"306 7221", "30672212G2", "3067221 2G2", "12345672A2"},
		badSum: []string{"3067222", "3067222 2G2"},
		badFmt: []string{"1234567 0AZ", "3067221 3G2", "3067221 2I2", "306722"},
	},
	"eg_tin": {valid: []string{"100-531-385", "123456789"}, badFmt: []string{"039-528-31", "VV3456789"}},
	"ke_pin": {
		valid:  []string{"P051365947M", "a004416331m", "P000111111A"},
		badFmt: []string{"V1234567890", "A001906275", "P0513659470"},
	},
	"ae_trn": {valid: []string{"100352786700003"}, badFmt: []string{"200352786700003", "10035278670000"}},
	"sa_vat": {valid: []string{"310122393500003"}, badFmt: []string{"210122393500003", "310122393500002", "31012239350000"}},
	"om_vat": {valid: []string{"OM1100012345", "1100012345"}, badFmt: []string{"OM110001234", "OX1100012345"}},
	"ao_tin": {valid: []string{"5000767115", "000238553CA017"}, badFmt: []string{"12345", "000238553C1017"}},
	"cv_nif": {valid: []string{"200129775", "253.656.575"}, badFmt: []string{"923456789", "VV3456789"}},
	"bj_ifu": {valid: []string{"3201910583176"}, badFmt: []string{"7201910583176", "12345"}},
	"bf_ifu": {valid: []string{"00014729V", "0000 59 83 T"}, badFmt: []string{"000147290", "12345"}},
	"cm_niu": {valid: []string{"M012345678901A", "P123456789012X"}, badFmt: []string{"X012345678901A", "M01234567890A"}},
	"ng_tin": {valid: []string{"12345678-0001", "1234567890"}, badFmt: []string{"12345678-001", "123456789"}},
	"my_itn": {valid: []string{"C 2584563202", "SG 10234567020", "IG115002000"}, badFmt: []string{"2584563202", "ABC 2584563202", "C 123456"}},
	"my_sst": {valid: []string{"W10-1808-31000123", "A12-3456-78912345"}, badFmt: []string{"110-1808-31000123", "W10-1808-3100012"}},
	"ph_tin": {valid: []string{"004-216-935-000", "004216935", "004-216-935-00000"}, badFmt: []string{"0042169350", "00421693500", "004-216-935-000000"}},
	"kh_tin": {valid: []string{"K001-901234567", "1001-123456789"}, badFmt: []string{"K001-90123456", "KK01-901234567"}},
	"bd_bin": {valid: []string{"001234567-0101", "001234567"}, badFmt: []string{"00123456-0101", "0012345670"}},
	"ua_vat": {valid: []string{"382718710045", "123456789", "32855961", "1759013776"}, badFmt: []string{"1234567", "12345678901", "1234567890123"}},
	"ge_vat": {valid: []string{"204464826", "01234567890"}, badFmt: []string{"2044648", "2044648260"}},
	"ba_tin": {valid: []string{"401234560008", "4012345600080"}, badFmt: []string{"40123456000", "40123456000801"}},
	"is_vat": {valid: []string{"00621", "123456"}, badFmt: []string{"0062199", "1234"}},
	"gi_tin": {valid: []string{"123456", "G12345"}, badFmt: []string{"1234", "ABCDEF", "1234567890123"}},
	"fo_vat": {valid: []string{"623857", "602 590"}, badFmt: []string{"1234", "12345X"}},
	"lk_vat": {valid: []string{"134004515-7000"}, badFmt: []string{"134004515", "13400451-7000"}},
}

func TestCases(t *testing.T) {
	for typ, c := range cases {
		if len(c.valid)+len(c.badSum)+len(c.badFmt) == 0 {
			continue
		}
		d, ok := defByType(typ)
		if !ok {
			t.Errorf("no rule for %s", typ)
			continue
		}
		for _, in := range c.valid {
			if got := verdict(d, in); got != "valid" {
				t.Errorf("%s %q: got %s, want valid", typ, in, got)
			}
		}
		for _, in := range c.badSum {
			if d.Checksum == nil {
				t.Errorf("%s: bad-checksum case %q but no Checksum", typ, in)
				continue
			}
			if got := verdict(d, in); got != "bad_checksum" {
				t.Errorf("%s %q: got %s, want bad_checksum", typ, in, got)
			}
		}
		for _, in := range c.badFmt {
			if got := verdict(d, in); got != "bad_format" {
				t.Errorf("%s %q: got %s, want bad_format", typ, in, got)
			}
		}
	}
}

// TestCheckCharacterAltered alters the last character of every valid case
// of a checked type (to every other digit) and expects a checksum failure,
// where the algorithm guarantees it.
func TestCheckCharacterAltered(t *testing.T) {
	skip := map[string]bool{
		"tw_vat": true,                 // two accepted sums when the 7th digit is 7
		"do_rcn": true,                 // a whitelisted cédula altered to its Luhn digit passes
		"mx_rfc": true,                 // no checksum
		"ch_vat": true,                 // ends with a language suffix
		"no_vat": true,                 // ends with MVA
		"jp_cn":  true, "jp_trn": true, // the check digit is the first
		"au_abn":     true, // the check digits are the first two
		"ca_gst_hst": true, "sn_ninea": true, "id_npwp": true, "gb_vat": true,
		"ec_ruc": true, "is_kt": true, "vn_tin": true, // the last digits are not the check digit
	}
	for typ, c := range cases {
		d, ok := defByType(typ)
		if !ok || d.Checksum == nil || skip[typ] {
			continue
		}
		for _, in := range c.valid {
			b, _ := body(d, in)
			last := b[len(b)-1]
			if !isDigit(last) {
				continue
			}
			for r := byte('0'); r <= '9'; r++ {
				if r == last {
					continue
				}
				m := b[:len(b)-1] + string(r)
				if d.Format(m) && d.Checksum(m) {
					t.Errorf("%s: %q altered to %q still passes", typ, b, m)
				}
			}
		}
	}
}

func TestDefsWellFormed(t *testing.T) {
	seen := map[string]bool{}
	for _, d := range Defs() {
		if d.Type == "" || d.Country == "" || d.Description == "" || d.Example == "" || d.Format == nil {
			t.Errorf("incomplete rule: %+v", d.Type)
		}
		if len(d.Country) != 2 || strings.ToUpper(d.Country) != d.Country {
			t.Errorf("%s: country %q", d.Type, d.Country)
		}
		if seen[d.Type] {
			t.Errorf("duplicate type %s", d.Type)
		}
		seen[d.Type] = true
		if d.Checksum == nil && d.Note == "" {
			t.Errorf("%s: no checksum and no note saying why", d.Type)
		}
		if !strings.HasPrefix(d.Type, strings.ToLower(d.Country)+"_") {
			t.Errorf("%s: type does not start with the country %s", d.Type, d.Country)
		}
	}
	for _, eu := range []string{"eu_vat", "eu_oss_vat", "bg_uic", "de_stn", "es_cif", "hr_oib", "hu_tin", "pl_nip", "ro_tin", "si_tin", "it_cf", "cz_dic", "fr_siren", "fr_siret", "pt_nif"} {
		if seen[eu] {
			t.Errorf("EU type %s belongs to internal/eu", eu)
		}
	}
	// Every non-EU code of Stripe's customer tax ID list, and the others
	// this package was asked for.
	want := strings.Fields(`ad_nrt ae_trn al_tin am_tin ao_tin ar_cuit au_abn au_arn aw_tin az_tin
		ba_tin bb_tin bd_bin bf_ifu bh_vat bj_ifu bo_tin br_cnpj br_cpf bs_tin by_tin ca_bn
		ca_gst_hst ca_pst_bc ca_pst_mb ca_pst_sk ca_qst cd_nif ch_uid ch_vat cl_tin cm_niu cn_tin
		co_nit cr_tin cv_nif do_rcn ec_ruc eg_tin et_tin fo_vat gb_vat ge_vat gi_tin gn_nif hk_br
		id_npwp il_vat in_gst is_vat jp_cn jp_rn jp_trn ke_pin kg_tin kh_tin kr_brn kz_bin la_tin
		li_uid li_vat lk_vat ma_vat md_vat me_pib mk_vat mr_nif mx_rfc my_frp my_itn my_sst ng_tin
		no_vat no_voec np_pan nz_gst om_vat pe_ruc ph_tin py_ruc rs_pib ru_inn ru_kpp sa_vat sg_gst
		sg_uen sn_ninea sr_fin sv_nit th_vat tj_tin tr_tin tw_vat tz_vat ua_vat ug_tin us_ein uy_ruc
		uz_tin uz_vat ve_rif vn_tin za_vat zm_tin zw_tin gh_tin is_kt au_acn nz_bn`)
	for _, w := range want {
		if !seen[w] {
			t.Errorf("missing type %s", w)
		}
	}
	if len(seen) != len(want) {
		t.Errorf("%d rules, want %d", len(seen), len(want))
	}
}

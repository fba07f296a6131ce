package marketplace_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/marketplace"
)

func TestCheckValue(t *testing.T) {
	t.Parallel()
	str := marketplace.ConfigVar{Type: marketplace.TypeString}
	num := marketplace.ConfigVar{Type: marketplace.TypeNumber}
	boolean := marketplace.ConfigVar{Type: marketplace.TypeBoolean}
	date := marketplace.ConfigVar{Type: marketplace.TypeDate}
	ts := marketplace.ConfigVar{Type: marketplace.TypeTimestamp}
	pick := marketplace.ConfigVar{Type: marketplace.TypePicklist, Options: []string{"fast", "safe", "Safe"}}
	sched := marketplace.ConfigVar{Type: marketplace.TypeSchedule}
	js := marketplace.ConfigVar{Type: marketplace.TypeCode, Language: marketplace.LanguageJSON}
	xmlv := marketplace.ConfigVar{Type: marketplace.TypeCode, Language: marketplace.LanguageXML}
	html := marketplace.ConfigVar{Type: marketplace.TypeCode, Language: marketplace.LanguageHTML}
	conn := marketplace.ConfigVar{Type: marketplace.TypeConnection, AuthMethods: []string{"api_key"}}

	tests := []struct {
		name string
		v    marketplace.ConfigVar
		in   string
		want string // "" with code set: refused
		code string
	}{
		{"string any", str, "  héllo\n", "  héllo\n", ""},
		{"string empty", str, "", "", ""},
		{"string invalid utf-8", str, "a\xffb", "", customerkit.CodeInvalid},
		{"string too long", str, strings.Repeat("x", marketplace.MaxValueLength+1), "", customerkit.CodeTooLong},
		{"string at the limit", str, strings.Repeat("x", marketplace.MaxValueLength), strings.Repeat("x", marketplace.MaxValueLength), ""},

		{"number integer", num, "42", "42", ""},
		{"number plus sign", num, "+42", "42", ""},
		{"number leading zeros", num, "007", "7", ""},
		{"number trailing zeros", num, "1.500", "1.5", ""},
		{"number trailing dot", num, "3.", "3", ""},
		{"number leading dot", num, "-.25", "-0.25", ""},
		{"number negative zero", num, "-0", "0", ""},
		{"number zero float", num, "0.000", "0", ""},
		{"number exponent plain", num, "1.5e3", "1500", ""},
		{"number small plain", num, "0.000001", "0.000001", ""},
		{"number small exponent", num, "0.0000001", "1e-7", ""},
		{"number large plain", num, "999999999999999999999", "1e+21", ""},
		{"number below 1e21", num, "100000000000000000000", "100000000000000000000", ""},
		{"number large exponent", num, "1E21", "1e+21", ""},
		{"number max float", num, "1.7976931348623157e308", "1.7976931348623157e+308", ""},
		{"number overflow", num, "1e309", "", customerkit.CodeInvalid},
		{"number shortest round trip", num, "0.1000000000000000055511151231257827", "0.1", ""},
		{"number inf", num, "Inf", "", customerkit.CodeInvalid},
		{"number nan", num, "NaN", "", customerkit.CodeInvalid},
		{"number hex", num, "0x10", "", customerkit.CodeInvalid},
		{"number underscore", num, "1_000", "", customerkit.CodeInvalid},
		{"number spaces", num, " 1", "", customerkit.CodeInvalid},
		{"number empty", num, "", "", customerkit.CodeInvalid},
		{"number comma", num, "1,5", "", customerkit.CodeInvalid},

		{"boolean true", boolean, "true", "true", ""},
		{"boolean upper", boolean, "FALSE", "false", ""},
		{"boolean 1", boolean, "1", "", customerkit.CodeInvalid},
		{"boolean yes", boolean, "yes", "", customerkit.CodeInvalid},

		{"date", date, "2024-02-29", "2024-02-29", ""},
		{"date not leap", date, "2023-02-29", "", customerkit.CodeInvalid},
		{"date month 13", date, "2024-13-01", "", customerkit.CodeInvalid},
		{"date first", date, "0001-01-01", "0001-01-01", ""},
		{"date last", date, "9999-12-31", "9999-12-31", ""},
		{"date year 0", date, "0000-01-01", "", customerkit.CodeInvalid},
		{"date short", date, "2024-2-1", "", customerkit.CodeInvalid},
		{"date with time", date, "2024-02-01T00:00:00Z", "", customerkit.CodeInvalid},

		{"timestamp utc", ts, "2024-03-01T09:30:00Z", "2024-03-01T09:30:00Z", ""},
		{"timestamp offset to utc", ts, "2024-03-01T09:30:00+02:00", "2024-03-01T07:30:00Z", ""},
		{"timestamp negative offset crosses the day", ts, "2024-12-31T23:30:00-01:00", "2025-01-01T00:30:00Z", ""},
		{"timestamp fraction trimmed", ts, "2024-03-01T09:30:00.500000+00:00", "2024-03-01T09:30:00.5Z", ""},
		{"timestamp nanoseconds", ts, "2024-03-01T09:30:00.123456789Z", "2024-03-01T09:30:00.123456789Z", ""},
		{"timestamp no offset", ts, "2024-03-01T09:30:00", "", customerkit.CodeInvalid},
		{"timestamp date only", ts, "2024-03-01", "", customerkit.CodeInvalid},
		{"timestamp bad hour", ts, "2024-03-01T24:00:00Z", "", customerkit.CodeInvalid},
		{"timestamp before year 1 in utc", ts, "0001-01-01T00:30:00+01:00", "", customerkit.CodeInvalid},
		{"timestamp after 9999 in utc", ts, "9999-12-31T23:30:00-01:00", "", customerkit.CodeInvalid},

		{"picklist option", pick, "safe", "safe", ""},
		{"picklist case matters", pick, "SAFE", "", customerkit.CodeNotSupported},
		{"picklist other case is its own option", pick, "Safe", "Safe", ""},
		{"picklist empty", pick, "", "", customerkit.CodeNotSupported},

		{"schedule cron", sched, "*/15 9-17 * * 1-5", "*/15 9-17 * * 1-5", ""},
		{"schedule cron spaces", sched, "  0   0 1 1 *  ", "0 0 1 1 *", ""},
		{"schedule cron leading zeros", sched, "05 07 01 01 0", "5 7 1 1 0", ""},
		{"schedule cron lists", sched, "0,30 8,12-14/2 * * 7", "0,30 8,12-14/2 * * 7", ""},
		{"schedule cron minute 60", sched, "60 * * * *", "", customerkit.CodeInvalid},
		{"schedule cron day 0", sched, "0 0 0 * *", "", customerkit.CodeInvalid},
		{"schedule cron month 13", sched, "0 0 * 13 *", "", customerkit.CodeInvalid},
		{"schedule cron weekday 8", sched, "0 0 * * 8", "", customerkit.CodeInvalid},
		{"schedule cron reversed range", sched, "0 17-9 * * *", "", customerkit.CodeInvalid},
		{"schedule cron step 0", sched, "*/0 * * * *", "", customerkit.CodeInvalid},
		{"schedule cron step without range", sched, "5/10 * * * *", "", customerkit.CodeInvalid},
		{"schedule cron names", sched, "0 0 * JAN MON", "", customerkit.CodeInvalid},
		{"schedule cron question mark", sched, "0 0 ? * *", "", customerkit.CodeInvalid},
		{"schedule cron 6 fields", sched, "0 0 0 * * *", "", customerkit.CodeInvalid},
		{"schedule cron 4 fields", sched, "0 0 * *", "", customerkit.CodeInvalid},
		{"schedule cron empty item", sched, "0,,1 * * * *", "", customerkit.CodeInvalid},
		{"schedule hourly", sched, "@hourly", "@hourly", ""},
		{"schedule daily upper", sched, "@DAILY", "@daily", ""},
		{"schedule midnight", sched, "@midnight", "@daily", ""},
		{"schedule weekly", sched, "@weekly", "@weekly", ""},
		{"schedule monthly", sched, "@monthly", "@monthly", ""},
		{"schedule yearly", sched, "@yearly", "@yearly", ""},
		{"schedule annually", sched, "@annually", "@yearly", ""},
		{"schedule every", sched, "@every 90m", "@every 1h30m0s", ""},
		{"schedule every canonical", sched, "@every 1h30m0s", "@every 1h30m0s", ""},
		{"schedule every one second", sched, "@every 1s", "@every 1s", ""},
		{"schedule every too short", sched, "@every 500ms", "", customerkit.CodeInvalid},
		{"schedule every negative", sched, "@every -5m", "", customerkit.CodeInvalid},
		{"schedule every no unit", sched, "@every 5", "", customerkit.CodeInvalid},
		{"schedule every nothing", sched, "@every", "", customerkit.CodeInvalid},
		{"schedule unknown descriptor", sched, "@reboot", "", customerkit.CodeInvalid},
		{"schedule empty", sched, "", "", customerkit.CodeInvalid},

		{"json object", js, `{"a": [1, 2]}`, `{"a": [1, 2]}`, ""},
		{"json scalar", js, `42`, `42`, ""},
		{"json trailing comma", js, `{"a": 1,}`, "", customerkit.CodeInvalid},
		{"json empty", js, ``, "", customerkit.CodeInvalid},
		{"xml document", xmlv, `<?xml version="1.0"?><a x="1"><b/>text</a>`, `<?xml version="1.0"?><a x="1"><b/>text</a>`, ""},
		{"xml comment after root", xmlv, "<a/>\n<!-- c -->\n", "<a/>\n<!-- c -->\n", ""},
		{"xml mismatched", xmlv, `<a><b></a></b>`, "", customerkit.CodeInvalid},
		{"xml unclosed", xmlv, `<a><b>`, "", customerkit.CodeInvalid},
		{"xml two roots", xmlv, `<a/><b/>`, "", customerkit.CodeInvalid},
		{"xml no root", xmlv, `<!-- only -->`, "", customerkit.CodeInvalid},
		{"xml text outside", xmlv, `hello<a/>`, "", customerkit.CodeInvalid},
		{"html any text", html, `<p>unclosed <b>`, `<p>unclosed <b>`, ""},
		{"code unknown language", marketplace.ConfigVar{Type: marketplace.TypeCode, Language: "yaml"}, `a: 1`, "", customerkit.CodeNotSupported},

		{"connection", conn, "01HQWP36WVRM000000000000AA", "01HQWP36WVRM000000000000AA", ""},
		{"connection lower case", conn, "01hqwp36wvrm000000000000aa", "01HQWP36WVRM000000000000AA", ""},
		{"connection zero", conn, "00000000000000000000000000", "", customerkit.CodeInvalid},
		{"connection short", conn, "01HQWP36WVRM", "", customerkit.CodeInvalid},
		{"connection overflow", conn, "81HQWP36WVRM000000000000AA", "", customerkit.CodeInvalid},

		{"unknown type", marketplace.ConfigVar{Type: "color"}, "red", "", customerkit.CodeNotSupported},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := tt.v.CheckValue(tt.in)
			if tt.code != "" {
				require.ErrorIs(t, err, customerkit.ErrInvalid)
				var ve *customerkit.ValidationError
				require.True(t, errors.As(err, &ve))
				require.Len(t, ve.Fields, 1)
				require.Equal(t, tt.code, ve.Fields[0].Code)
				require.Empty(t, got)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
			again, err := tt.v.CheckValue(got)
			require.NoError(t, err, "the canonical form is accepted")
			require.Equal(t, got, again, "the canonical form is a fixed point")
		})
	}
}

func TestFormatNumber(t *testing.T) {
	t.Parallel()
	for f, want := range map[float64]string{0: "0", 1: "1", -1.5: "-1.5", 1e21: "1e+21", 1e-7: "1e-7", 1e-6: "0.000001", 123456789012: "123456789012", 1.5e300: "1.5e+300", 5e-324: "5e-324"} {
		require.Equal(t, want, marketplace.FormatNumber(f))
	}
}

func TestCheckValues(t *testing.T) {
	t.Parallel()
	vars := []marketplace.ConfigVar{
		{Key: "n", Type: marketplace.TypeNumber},
		{Key: "b", Type: marketplace.TypeBoolean},
	}
	got, err := marketplace.CheckValues(vars, map[string]string{"n": "1.50", "b": "TRUE"}, "values")
	require.NoError(t, err)
	require.Equal(t, map[string]string{"n": "1.5", "b": "true"}, got)

	_, err = marketplace.CheckValues(vars, map[string]string{"n": "x", "b": "maybe", "z": "1"}, "values")
	var ve *customerkit.ValidationError
	require.ErrorAs(t, err, &ve)
	require.Equal(t, []customerkit.FieldError{
		{Path: `values["b"]`, Code: customerkit.CodeInvalid, Detail: "not true or false"},
		{Path: `values["n"]`, Code: customerkit.CodeInvalid, Detail: "not a decimal number"},
		{Path: `values["z"]`, Code: customerkit.CodeNotSupported, Detail: "no such variable"},
	}, ve.Fields)
}

package customer

import (
	"net"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
	"golang.org/x/text/unicode/norm"
)

// The host, origin and email normalisers take shortcuts for the common
// ASCII forms (no url.Parse, no net.ParseIP on a name, no strings.Split).
// FuzzHostShortcuts checks them against the straightforward versions
// below, which are the normalisers as they were before the shortcuts.
//
//	go test ./customer -run '^$' -fuzz '^FuzzHostShortcuts$' -fuzztime 60s
func FuzzHostShortcuts(f *testing.F) {
	for _, s := range []string{
		"https://App.Example.com:443", "HTTP://app.example.com:80", "http://app.example.com:0080",
		"https://app.example.com:8443", "https://app.example.com:", "https://:443", "https://a..b",
		"http://localhost:3000", "http://LOCALHOST", "http://127.0.0.1:8080", "http://1.2.3.4.5",
		"https://[::1]:443", "https://a.b:1:2", "https://exa mple.com", "https://a.com:99999999999999999999",
		"https://xn--bcher-kva.example", "https://XN--bcher-kva.example", "https://Bücher.example",
		"https://*.example.com", "https://example.com/", "https://example.com/x", "https://u@example.com",
		"*.Example.org", "example.com", "Engines.Example.COM.", "1.2.3.4", "[::1]", "::1", "1.2.3",
		"ada@Example.COM", "ada@bücher.example", "a.b@c.d", "\"a b\"@example.com", "ada@[127.0.0.1]",
		"com", "123.456", "example.123", "-a.example.com", "a-.example.com", "xn--.com",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, hd := NormalizeHostname(s)
		sh, shd := slowNormalizeHostname(s)
		require.Equal(t, sh, h, "NormalizeHostname(%q)", s)
		require.Equal(t, shd, hd, "NormalizeHostname(%q) detail", s)

		o, od := NormalizeOrigin(s)
		so, sod := slowNormalizeOrigin(s)
		require.Equal(t, so, o, "NormalizeOrigin(%q)", s)
		require.Equal(t, sod, od, "NormalizeOrigin(%q) detail", s)

		p, pd := normalizeHostPattern(s)
		sp, spd := slowNormalizeHostPattern(s)
		require.Equal(t, sp, p, "normalizeHostPattern(%q)", s)
		require.Equal(t, spd, pd, "normalizeHostPattern(%q) detail", s)

		e, ed := NormalizeEmail(s)
		se, sed := slowNormalizeEmail(s)
		require.Equal(t, se, e, "NormalizeEmail(%q)", s)
		require.Equal(t, sed, ed, "NormalizeEmail(%q) detail", s)

		require.True(t, parseIP(s).Equal(net.ParseIP(s)), "parseIP(%q)", s)

		if scheme, host, port, ok := splitPlainOrigin(s); ok {
			u, err := url.Parse(s)
			require.NoError(t, err, "url.Parse(%q)", s)
			require.Equal(t, strings.ToLower(u.Scheme), scheme)
			require.Nil(t, u.User)
			require.Empty(t, u.Path+u.RawQuery+u.Fragment+u.Opaque)
			require.Equal(t, u.Hostname(), host)
			require.Equal(t, u.Port(), port)
		}
	})
}

func slowNormalizeHostname(s string) (string, string) {
	s = strings.TrimSuffix(strings.TrimSpace(s), ".")
	if s == "" {
		return "", "empty"
	}
	if net.ParseIP(strings.Trim(s, "[]")) != nil {
		return "", "an IP address is not a host name"
	}
	if !utf8.ValidString(s) {
		return "", "not valid UTF-8"
	}
	ascii := !strings.Contains(strings.ToLower(s), "xn--")
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
			ascii = false
		}
	}
	if ascii {
		return slowCheckLabels(strings.ToLower(s))
	}
	a, err := idnaHost.ToASCII(s)
	if err != nil {
		return "", "not a valid domain name"
	}
	a = strings.ToLower(a)
	if again, err := idnaHost.ToASCII(a); err != nil || again != a {
		return "", "not a valid domain name"
	}
	return slowCheckLabels(a)
}

func slowCheckLabels(a string) (string, string) {
	if len(a) > MaxHostnameLength {
		return "", "longer than 253 octets"
	}
	labels := strings.Split(a, ".")
	if len(labels) < 2 {
		return "", "needs at least two labels (example.com)"
	}
	for _, l := range labels {
		if !isLDHLabel(l) {
			return "", "label " + strconv.Quote(l) + " is not 1-63 letters, digits or hyphens"
		}
	}
	if tld := labels[len(labels)-1]; isAllDigits(tld) {
		return "", "the top-level label cannot be numeric"
	}
	return a, ""
}

func slowNormalizeHostPattern(s string) (string, string) {
	s = strings.TrimSpace(s)
	if rest, ok := strings.CutPrefix(s, "*."); ok {
		h, detail := slowNormalizeHostname(rest)
		if detail != "" {
			return "", detail
		}
		return "*." + h, ""
	}
	return slowNormalizeHostname(s)
}

func slowNormalizeOrigin(s string) (string, string) {
	s = strings.TrimSpace(s)
	if !strings.Contains(s, "://") {
		if strings.ContainsAny(s, "/?#@:") {
			return "", "a bare host has no scheme, port, path or query"
		}
		return slowNormalizeHostPattern(s)
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", "not a URL origin"
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "http" && scheme != "https" {
		return "", "the scheme must be http or https"
	}
	if u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.Opaque != "" {
		return "", "an origin is scheme://host[:port] with no path, query or credentials"
	}
	host := u.Hostname()
	if strings.EqualFold(host, "localhost") {
		host = "localhost"
	} else if ip := net.ParseIP(host); ip != nil {
		host = ip.String()
		if ip.To4() == nil {
			host = "[" + host + "]"
		}
	} else {
		h, detail := slowNormalizeHostPattern(host)
		if detail != "" {
			return "", detail
		}
		host = h
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return "", "the port must be 1-65535"
		}
		if !(scheme == "http" && n == 80 || scheme == "https" && n == 443) {
			host += ":" + strconv.Itoa(n)
		}
	}
	return scheme + "://" + host, ""
}

func slowNormalizeEmail(s string) (string, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", ""
	}
	if !utf8.ValidString(s) {
		return "", "not valid UTF-8"
	}
	s = norm.NFC.String(s)
	if utf8.RuneCountInString(s) > MaxEmailLength {
		return "", "longer than 254 characters"
	}
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || at == len(s)-1 {
		return "", "not an email address (local@domain)"
	}
	local, domain := s[:at], s[at+1:]
	if len(local) > 64 {
		return "", "local part longer than 64 octets"
	}
	host, detail := slowNormalizeHostname(domain)
	if detail != "" {
		return "", "the domain is not a valid host name"
	}
	if isDotAtom(local) {
		return local + "@" + host, ""
	}
	a, err := mail.ParseAddress(local + "@" + host)
	if err != nil || a.Name != "" || a.Address != local+"@"+host {
		return "", "not a bare addr-spec"
	}
	return local + "@" + host, ""
}

// TestPlainHostname checks the one-pass shortcut of NormalizeHostname at
// the edges of each rule it stands for, against slowNormalizeHostname.
func TestPlainHostname(t *testing.T) {
	t.Parallel()
	l63, l64 := strings.Repeat("a", 63), strings.Repeat("a", 64)
	long := strings.Repeat("abcdefghi.", 25) + "com" // 253 octets
	for _, s := range []string{
		"a.b", "A.B", "Engines.Example.COM", "a-b.c-d", "a--b.com", "0.com", "a.b0", "a.0b",
		"-a.b", "a-.b", "a.-b", "a.b-", ".a.b", "a..b", "a.b..", "a.", "a", "",
		"1.2", "1.2.3.4", "a.123", "123.a", "xn--a.b", "XN--a.b", "axn--b.c", "a.xn--b", "a.bxN--",
		"a_b.c", "a b.c", "a.b/", "a:b.c", "é.com", "localhost",
		l63 + ".com", l64 + ".com", "a." + l63, "a." + l64, long, long + "m", "a" + long,
	} {
		want, wantDetail := slowNormalizeHostname(s)
		got, detail := NormalizeHostname(s)
		require.Equal(t, want, got, "NormalizeHostname(%q)", s)
		require.Equal(t, wantDetail, detail, "NormalizeHostname(%q) detail", s)
		if plainHostname(s) {
			require.Empty(t, wantDetail, "plainHostname(%q) accepts what the rules refuse", s)
		}
	}
	require.Len(t, long, MaxHostnameLength)
}

package customer

import (
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// MaxHostnameLength is the longest host name accepted, in octets of its
// ASCII form.
const MaxHostnameLength = 253

// idnaHost converts host names to their ASCII form as a browser does for
// lookup, refusing names that could not be registered.
var idnaHost = idna.New(
	idna.MapForLookup(),
	idna.BidiRule(),
	idna.ValidateLabels(true),
	idna.VerifyDNSLength(true),
	idna.StrictDomainName(true),
	idna.Transitional(false),
)

// NormalizeHostname returns the canonical form of a fully qualified domain
// name: IDNA ASCII (punycode for Unicode labels), lower case, no trailing
// dot. It refuses IP addresses, single-label names, names over 253
// octets and labels that are not LDH labels of 1–63 octets. The detail says
// which rule failed.
func NormalizeHostname(s string) (host string, detail string) {
	s = strings.TrimSuffix(strings.TrimSpace(s), ".")
	if plainHostname(s) {
		return lower(s), "" // lower returns s itself when it is lower case
	}
	if s == "" {
		return "", "empty"
	}
	if parseIP(trimBrackets(s)) != nil {
		return "", "an IP address is not a host name"
	}
	if !utf8.ValidString(s) {
		return "", "not valid UTF-8"
	}
	if isASCIIHost(s) {
		// Letters, digits, hyphens and dots only: IDNA would only lower
		// the case, so the label checks below are all there is to do.
		return checkLabels(lower(s))
	}
	a, err := idnaHost.ToASCII(s)
	if err != nil {
		return "", "not a valid domain name"
	}
	a = lower(a)
	// A name whose ASCII form does not convert to itself again (a label
	// that maps to U+FFFD, say) is not a name anyone can register.
	if again, err := idnaHost.ToASCII(a); err != nil || again != a {
		return "", "not a valid domain name"
	}
	return checkLabels(a)
}

// plainHostname reports, in one pass over s, whether s is a host name in
// the form most are written in, which NormalizeHostname accepts as it is
// but for letter case: at most 253 octets of ASCII letters, digits, hyphens
// and dots; at least two labels, each of 1-63 octets that neither starts
// nor ends with a hyphen; a top-level label not all digits (so s is no
// IPv4 address either); and no "xn--" anywhere (an IDNA A-label goes the
// IDNA way). For every other string NormalizeHostname applies its rules
// one by one, as FuzzHostShortcuts checks.
func plainHostname(s string) bool {
	if len(s) == 0 || len(s) > MaxHostnameLength {
		return false
	}
	dots, start, digits := 0, 0, true // start and digits: of the current label
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
			digits = false
		case '0' <= c && c <= '9':
		case c == '-':
			if i == start || i >= 3 && s[i-1] == '-' && s[i-2]|0x20 == 'n' && s[i-3]|0x20 == 'x' {
				return false
			}
			digits = false
		case c == '.':
			if i == start || s[i-1] == '-' || i-start > 63 {
				return false
			}
			dots, start, digits = dots+1, i+1, true
		default:
			return false
		}
	}
	return dots > 0 && start < len(s) && s[len(s)-1] != '-' && len(s)-start <= 63 && !digits
}

// parseIP is net.ParseIP without its cost for the usual host name: an IP
// address is either IPv6, with a colon, or IPv4, only digits and dots, and
// net.ParseIP refuses anything else only after building an error.
func parseIP(s string) net.IP {
	digitsAndDots := true
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ':':
			return net.ParseIP(s)
		case c != '.' && (c < '0' || c > '9'):
			digitsAndDots = false
		}
	}
	if !digitsAndDots {
		return nil
	}
	return net.ParseIP(s)
}

// trimBrackets is strings.Trim(s, "[]") without building a cut set.
func trimBrackets(s string) string {
	for len(s) > 0 && (s[0] == '[' || s[0] == ']') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == '[' || s[len(s)-1] == ']') {
		s = s[:len(s)-1]
	}
	return s
}

// isASCIIHost reports whether s holds only ASCII letters, digits, hyphens
// and dots, with no label that is an IDNA A-label ("xn--").
func isASCIIHost(s string) bool {
	return isASCIIHostChars(s) && !hasALabel(s)
}

// hasALabel reports whether the ASCII name s holds "xn--" in any letter
// case: a label that may be an IDNA A-label.
func hasALabel(s string) bool {
	for i := 0; i+4 <= len(s); i++ {
		if s[i]|0x20 == 'x' && s[i+1]|0x20 == 'n' && s[i+2] == '-' && s[i+3] == '-' {
			return true
		}
	}
	return false
}

// checkLabels applies the length and label rules to a lower-case ASCII name.
func checkLabels(a string) (string, string) {
	if len(a) > MaxHostnameLength {
		return "", "longer than 253 octets"
	}
	if strings.IndexByte(a, '.') < 0 {
		return "", "needs at least two labels (example.com)"
	}
	for rest := a; ; {
		l, tail, more := strings.Cut(rest, ".")
		if !isLDHLabel(l) {
			return "", "label " + strconv.Quote(l) + " is not 1-63 letters, digits or hyphens"
		}
		if !more {
			break
		}
		rest = tail
	}
	if tld := a[strings.LastIndexByte(a, '.')+1:]; isAllDigits(tld) {
		return "", "the top-level label cannot be numeric"
	}
	return a, ""
}

// isLDHLabel reports whether l is a DNS label: 1–63 ASCII letters, digits
// and hyphens, not starting or ending with a hyphen.
func isLDHLabel(l string) bool {
	if len(l) == 0 || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
		return false
	}
	for i := 0; i < len(l); i++ {
		c := l[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

func isAllDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// normalizeHostPattern accepts a host name or a wildcard "*.example.com"
// (which matches every subdomain of example.com, not example.com itself).
func normalizeHostPattern(s string) (string, string) {
	s = strings.TrimSpace(s)
	if rest, ok := strings.CutPrefix(s, "*."); ok {
		h, detail := NormalizeHostname(rest)
		if detail != "" {
			return "", detail
		}
		if h == rest {
			return s, "" // already canonical: no new string
		}
		return "*." + h, ""
	}
	return NormalizeHostname(s)
}

// NormalizeOrigin returns the canonical form of an allowed-origins entry:
// either a web origin "scheme://host[:port]" (scheme http or https, lower
// case; host as NormalizeHostname or "localhost"; the scheme's default port
// dropped; no path, query or fragment) or a bare host pattern ("example.com",
// "*.example.com") that allows every scheme and port.
func NormalizeOrigin(s string) (origin string, detail string) {
	s = strings.TrimSpace(s)
	if !strings.Contains(s, "://") {
		if strings.ContainsAny(s, "/?#@:") {
			return "", "a bare host has no scheme, port, path or query"
		}
		return normalizeHostPattern(s)
	}
	scheme, host, port, ok := splitPlainOrigin(s)
	if !ok {
		u, err := url.Parse(s)
		if err != nil {
			return "", "not a URL origin"
		}
		scheme = strings.ToLower(u.Scheme)
		if scheme != "http" && scheme != "https" {
			return "", "the scheme must be http or https"
		}
		if u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.Opaque != "" {
			return "", "an origin is scheme://host[:port] with no path, query or credentials"
		}
		host, port = u.Hostname(), u.Port()
	}
	if strings.EqualFold(host, "localhost") {
		host = "localhost"
	} else if ip := parseIP(host); ip != nil {
		host = ip.String()
		if ip.To4() == nil {
			host = "[" + host + "]"
		}
	} else {
		h, detail := normalizeHostPattern(host)
		if detail != "" {
			return "", detail
		}
		host = h
	}
	if port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 {
			return "", "the port must be 1-65535"
		}
		if !(scheme == "http" && n == 80 || scheme == "https" && n == 443) {
			host += ":" + strconv.Itoa(n)
		}
	}
	if n := len(scheme) + len("://") + len(host); len(s) >= n && s[:len(scheme)] == scheme && s[len(scheme):len(scheme)+3] == "://" && s[len(scheme)+3:n] == host {
		// Canonical already, or once a default port is dropped: no new
		// string.
		return s[:n], ""
	}
	return scheme + "://" + host, ""
}

// splitPlainOrigin splits the common form of an origin, "http://" or
// "https://" (any letter case) then a host of ASCII letters, digits, dots
// and hyphens and an optional ":" and port digits, without url.Parse. For
// such a string url.Parse finds the same lower-case scheme, Hostname and
// Port and nothing else; ok is false for every other string, which
// NormalizeOrigin hands to url.Parse. FuzzHostShortcuts compares the
// two.
func splitPlainOrigin(s string) (scheme, host, port string, ok bool) {
	switch {
	case len(s) > len("https://") && strings.EqualFold(s[:len("https://")], "https://"):
		scheme, host = "https", s[len("https://"):]
	case len(s) > len("http://") && strings.EqualFold(s[:len("http://")], "http://"):
		scheme, host = "http", s[len("http://"):]
	default:
		return "", "", "", false
	}
	if i := strings.IndexByte(host, ':'); i >= 0 {
		host, port = host[:i], host[i+1:]
		if port == "" || !isAllDigits(port) {
			return "", "", "", false
		}
	}
	if host == "" || !isASCIIHostChars(host) {
		return "", "", "", false
	}
	return scheme, host, port, true
}

// isASCIIHostChars reports whether s holds only ASCII letters, digits,
// hyphens and dots.
func isASCIIHostChars(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// OriginAllowed reports whether a request's Origin header value may call on
// behalf of c. An entry that is a full origin matches that origin exactly
// (after canonicalisation); a bare host matches that host with any scheme
// and port; "*.example.com" matches any subdomain of example.com. An empty
// list allows nothing.
func (c *Customer) OriginAllowed(origin string) bool {
	o, detail := NormalizeOrigin(origin)
	if detail != "" || !strings.Contains(o, "://") || strings.Contains(o, "*") {
		return false
	}
	host := o[strings.Index(o, "://")+3:]
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.HasSuffix(host, "]") {
		host = host[:i]
	}
	for _, e := range c.AllowedOrigins {
		switch {
		case strings.Contains(e, "://"):
			if e == o {
				return true
			}
		case hostMatches(e, host):
			return true
		}
	}
	return false
}

// hostMatches reports whether host matches the pattern p: equal, or for
// "*.d", a subdomain of d.
func hostMatches(p, host string) bool {
	if d, ok := strings.CutPrefix(p, "*."); ok {
		return strings.HasSuffix(host, "."+d)
	}
	return p == host
}

// RegistrationAllowed reports whether a user with this email address may
// register with c: true when AllowedRegistrationDomains is empty, or when
// the address's domain equals one of them ("*.example.com" allows the
// subdomains of example.com).
func (c *Customer) RegistrationAllowed(email string) bool {
	if len(c.AllowedRegistrationDomains) == 0 {
		return true
	}
	e, detail := NormalizeEmail(email)
	if detail != "" || e == "" {
		return false
	}
	domain := e[strings.LastIndexByte(e, '@')+1:]
	return slices.ContainsFunc(c.AllowedRegistrationDomains, func(p string) bool { return hostMatches(p, domain) })
}

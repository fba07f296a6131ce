package marketplace

import (
	"strconv"
	"strings"
	"time"
)

// The descriptors a schedule may use, with their canonical form.
var scheduleDescriptors = map[string]string{
	"@yearly":   "@yearly",
	"@annually": "@yearly",
	"@monthly":  "@monthly",
	"@weekly":   "@weekly",
	"@daily":    "@daily",
	"@midnight": "@daily",
	"@hourly":   "@hourly",
}

// cronField is the range of one field of a cron expression.
type cronField struct {
	name     string
	min, max int
}

var cronFields = [5]cronField{
	{"minute", 0, 59},
	{"hour", 0, 23},
	{"day of month", 1, 31},
	{"month", 1, 12},
	{"day of week", 0, 7}, // 0 and 7 are Sunday
}

// CheckSchedule checks a schedule value and returns its canonical form, or
// a detail saying what is wrong. Accepted forms:
//
//   - a descriptor: @yearly (or @annually), @monthly, @weekly, @daily (or
//     @midnight), @hourly; any case; canonical the first name, lower case;
//   - @every <duration>: a time.ParseDuration duration of at least one
//     second, canonical as time.Duration.String ("@every 1h30m0s");
//   - five cron fields separated by blanks: minute (0–59), hour (0–23),
//     day of month (1–31), month (1–12), day of week (0–7, 0 and 7 are
//     Sunday); each field a comma-separated list of "*", "*/step", "n",
//     "n-m" or "n-m/step", numbers in decimal, n <= m, step >= 1. Names
//     (JAN, MON) and the extensions "?", "L", "W", "#" are refused.
//     Canonical: the fields separated by one space, numbers without
//     leading zeros.
func CheckSchedule(s string) (canonical string, detail string) {
	t := strings.TrimSpace(s)
	if t == "" {
		return "", "empty schedule"
	}
	if t[0] == '@' {
		lower := strings.ToLower(t)
		if c, ok := scheduleDescriptors[lower]; ok {
			return c, ""
		}
		if rest, ok := strings.CutPrefix(lower, "@every"); ok && rest != "" && (rest[0] == ' ' || rest[0] == '\t') {
			d, err := time.ParseDuration(strings.TrimSpace(rest))
			if err != nil {
				return "", "@every needs a duration such as 15m or 1h30m"
			}
			if d < time.Second {
				return "", "@every needs a duration of at least 1s"
			}
			return "@every " + d.String(), ""
		}
		return "", "unknown descriptor (@yearly, @monthly, @weekly, @daily, @hourly, @every <duration>)"
	}
	fields := strings.Fields(t)
	if len(fields) != 5 {
		return "", "a cron expression has 5 fields (minute hour day-of-month month day-of-week)"
	}
	out := make([]string, 5)
	for i, f := range fields {
		c, detail := cronFields[i].check(f)
		if detail != "" {
			return "", cronFields[i].name + ": " + detail
		}
		out[i] = c
	}
	return strings.Join(out, " "), ""
}

// check checks one field and returns its canonical form.
func (cf cronField) check(f string) (string, string) {
	items := strings.Split(f, ",")
	out := make([]string, len(items))
	for i, item := range items {
		c, detail := cf.item(item)
		if detail != "" {
			return "", detail
		}
		out[i] = c
	}
	return strings.Join(out, ","), ""
}

func (cf cronField) item(item string) (string, string) {
	rng, step, hasStep := strings.Cut(item, "/")
	var b strings.Builder
	switch {
	case rng == "*":
		b.WriteString("*")
	default:
		lo, hi, isRange := strings.Cut(rng, "-")
		a, ok := cf.number(lo)
		if !ok {
			return "", strconv.Quote(item) + " is not *, a number from " + strconv.Itoa(cf.min) + " to " + strconv.Itoa(cf.max) + " or a range"
		}
		b.WriteString(strconv.Itoa(a))
		if isRange {
			z, ok := cf.number(hi)
			if !ok || z < a {
				return "", strconv.Quote(item) + " is not a range n-m with n <= m within " + strconv.Itoa(cf.min) + "–" + strconv.Itoa(cf.max)
			}
			b.WriteString("-" + strconv.Itoa(z))
		} else if hasStep {
			return "", strconv.Quote(item) + ": a step needs * or a range"
		}
	}
	if hasStep {
		n, ok := digits(step)
		if !ok || n < 1 || n > cf.max-cf.min+1 {
			return "", strconv.Quote(item) + ": the step must be a number from 1 to " + strconv.Itoa(cf.max-cf.min+1)
		}
		b.WriteString("/" + strconv.Itoa(n))
	}
	return b.String(), ""
}

func (cf cronField) number(s string) (int, bool) {
	n, ok := digits(s)
	return n, ok && n >= cf.min && n <= cf.max
}

// digits parses a short run of ASCII digits.
func digits(s string) (int, bool) {
	if s == "" || len(s) > 4 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

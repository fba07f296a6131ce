package customer

import (
	"strings"

	"github.com/nyaruka/phonenumbers/v2"
)

// maxExtensionDigits bounds a telephone extension (ITU-T E.123 practice;
// libphonenumber accepts up to 20 on input, PBXs use far fewer).
const maxExtensionDigits = 10

// normalizeTelephone parses t.Number once, with region (the customer's
// country, possibly "") as the default region, and returns t with the
// number in E.164 form and the extension in digits. The detail names the
// rule that failed and field the sub-field it concerns ("number",
// "extension", "type").
//
// Validity and type come from one classification of the parsed number:
// phonenumbers.IsValidNumber is exactly phonenumbers.GetNumberType(n) !=
// UNKNOWN (both match the national number against the patterns of the
// region its country code and leading digits select), so asking both would
// run the same patterns twice. TestValidNumberIsKnownType holds the
// equivalence over every region's example numbers.
func normalizeTelephone(t Telephone, region string) (out Telephone, field, detail string) {
	out = t
	if t.Number == "" {
		return out, "number", ""
	}
	if region == "" {
		region = "ZZ" // unknown region: only numbers with a leading + parse
	}
	var num phonenumbers.PhoneNumber
	if err := phonenumbers.ParseToNumber(t.Number, region, &num); err != nil {
		return out, "number", "not a telephone number (" + err.Error() + ")"
	}
	kind := phonenumbers.GetNumberType(&num)
	if kind == phonenumbers.UNKNOWN {
		return out, "number", "not a valid number for its region"
	}
	ext := num.GetExtension()
	if t.Extension != "" {
		if !onlyDigitsAndSpace(t.Extension) {
			return out, "extension", "an extension holds digits only"
		}
		e := strings.ReplaceAll(t.Extension, " ", "")
		if ext != "" && ext != e {
			return out, "extension", "the number already carries a different extension"
		}
		ext = e
	}
	if len(ext) > maxExtensionDigits {
		return out, "extension", "an extension has at most 10 digits"
	}
	switch {
	case t.Type == PhoneMobile && kind == phonenumbers.FIXED_LINE:
		return out, "type", "the number is a landline number"
	case t.Type == PhoneLandline && kind == phonenumbers.MOBILE:
		return out, "type", "the number is a mobile number"
	}
	num.Extension = nil
	out.Number = phonenumbers.Format(&num, phonenumbers.E164)
	out.Extension = ext
	return out, "", ""
}

func onlyDigitsAndSpace(s string) bool {
	for _, r := range s {
		if r != ' ' && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

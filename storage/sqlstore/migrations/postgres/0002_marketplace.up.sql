-- customerkit 0002: marketplace (PostgreSQL).
--
-- Keep in step with migrations/sqlite/0002_marketplace.up.sql: same
-- version, same table, column, constraint and index names
-- (TestMigrationParity).
--
-- Integrations, their published versions, their listings and the values
-- customers set for them. A customer-specific integration (customer_id set)
-- and a customer's values go with the customer (ON DELETE CASCADE);
-- versions, the listing and customer values go with their integration.

CREATE TABLE customerkit_integrations (
    id             text COLLATE "C" NOT NULL,
    name           text NOT NULL,
    name_key       text NOT NULL,
    description    text NOT NULL DEFAULT '',
    category       text NOT NULL DEFAULT '',
    category_key   text NOT NULL DEFAULT '',
    labels         jsonb,
    icon           text NOT NULL DEFAULT '',
    customer_id    text COLLATE "C",
    latest_version bigint NOT NULL DEFAULT 0,
    version        bigint NOT NULL,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    CONSTRAINT customerkit_integrations_pkey PRIMARY KEY (id),
    CONSTRAINT customerkit_integrations_customer_fkey FOREIGN KEY (customer_id)
        REFERENCES customerkit_customers (ulid) ON DELETE CASCADE,
    CONSTRAINT customerkit_integrations_latest_version_check CHECK (latest_version >= 0)
);

-- One integration per name (marketplace.NameKey).
CREATE UNIQUE INDEX customerkit_integrations_name_uq ON customerkit_integrations (name_key);
-- Keyset pagination in ID order, per category; per owner (and the cascade).
CREATE INDEX customerkit_integrations_category_idx ON customerkit_integrations (category_key, id);
CREATE INDEX customerkit_integrations_customer_idx ON customerkit_integrations (customer_id, id);

CREATE TABLE customerkit_integration_versions (
    integration_id text COLLATE "C" NOT NULL,
    number         bigint NOT NULL,
    comment        text NOT NULL DEFAULT '',
    available      boolean NOT NULL DEFAULT false,
    config_vars    jsonb,
    published_at   timestamptz NOT NULL,
    CONSTRAINT customerkit_integration_versions_pkey PRIMARY KEY (integration_id, number),
    CONSTRAINT customerkit_integration_versions_integration_fkey FOREIGN KEY (integration_id)
        REFERENCES customerkit_integrations (id) ON DELETE CASCADE,
    CONSTRAINT customerkit_integration_versions_number_check CHECK (number > 0)
);

CREATE TABLE customerkit_listings (
    integration_id    text COLLATE "C" NOT NULL,
    availability      text NOT NULL,
    pinned_version    bigint NOT NULL DEFAULT 0,
    overview          text NOT NULL DEFAULT '',
    category          text NOT NULL DEFAULT '',
    category_key      text NOT NULL DEFAULT '',
    labels            jsonb,
    allow_multiple    boolean NOT NULL DEFAULT false,
    allowed_customers jsonb,
    org_values        jsonb,
    version           bigint NOT NULL,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    CONSTRAINT customerkit_listings_pkey PRIMARY KEY (integration_id),
    CONSTRAINT customerkit_listings_integration_fkey FOREIGN KEY (integration_id)
        REFERENCES customerkit_integrations (id) ON DELETE CASCADE,
    CONSTRAINT customerkit_listings_availability_check
        CHECK (availability IN ('not_available', 'available_not_deployable', 'available_deployable')),
    CONSTRAINT customerkit_listings_pinned_version_check CHECK (pinned_version >= 0)
);

-- Keyset pagination in integration order, per category. (The marketplace
-- view reads the listings in key order and skips the hidden ones: most
-- are listed, so an index on availability would not narrow it.)
CREATE INDEX customerkit_listings_category_idx ON customerkit_listings (category_key, integration_id);

CREATE TABLE customerkit_customer_values (
    integration_id text COLLATE "C" NOT NULL,
    customer_id    text COLLATE "C" NOT NULL,
    field_values   jsonb,
    version        bigint NOT NULL,
    updated_at     timestamptz NOT NULL,
    CONSTRAINT customerkit_customer_values_pkey PRIMARY KEY (integration_id, customer_id),
    CONSTRAINT customerkit_customer_values_integration_fkey FOREIGN KEY (integration_id)
        REFERENCES customerkit_integrations (id) ON DELETE CASCADE,
    CONSTRAINT customerkit_customer_values_customer_fkey FOREIGN KEY (customer_id)
        REFERENCES customerkit_customers (ulid) ON DELETE CASCADE
);

-- A customer's values, for the marketplace view and the cascade.
CREATE INDEX customerkit_customer_values_customer_idx ON customerkit_customer_values (customer_id, integration_id);

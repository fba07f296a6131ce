-- customerkit 0001: customers (PostgreSQL).
--
-- Keep in step with migrations/sqlite/0001_customers.up.sql: same version,
-- same table, column, constraint and index names (TestMigrationParity).
--
-- Key columns (ulid, parent_id, name_key, description_key) use COLLATE "C",
-- so ORDER BY and row-value comparisons follow byte order, the order Go's
-- string comparison and ulid.Compare give.

-- Name substring search uses a trigram index. pg_trgm is a trusted
-- extension: a database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE customerkit_customers (
    ulid                         text COLLATE "C" NOT NULL,
    uuid                         uuid NOT NULL,
    external_id                  text,
    tenant_id                    text NOT NULL DEFAULT '',
    customer_key                 text NOT NULL,
    customer_prefix              text NOT NULL DEFAULT '',
    status                       text NOT NULL,
    customer_type                text NOT NULL,
    email                        text NOT NULL,
    email_key                    text NOT NULL,
    first_name                   text NOT NULL DEFAULT '',
    last_name                    text NOT NULL DEFAULT '',
    company_name                 text NOT NULL DEFAULT '',
    name                         text NOT NULL,
    name_key                     text COLLATE "C" NOT NULL,
    description                  text NOT NULL DEFAULT '',
    description_key              text COLLATE "C" NOT NULL DEFAULT '',
    labels                       jsonb,
    hostname                     text,
    subdomain                    text NOT NULL,
    country                      text NOT NULL DEFAULT '',
    currency                     text NOT NULL DEFAULT '',
    language                     text NOT NULL DEFAULT '',
    delinquent                   boolean NOT NULL DEFAULT false,
    allowed_origins              jsonb,
    allowed_registration_domains jsonb,
    settings                     jsonb,
    metadata                     jsonb,
    addresses                    jsonb,
    telephones                   jsonb,
    legal_documents              jsonb,
    parent_id                    text COLLATE "C",
    version                      bigint NOT NULL,
    created_at                   timestamptz NOT NULL,
    updated_at                   timestamptz NOT NULL,
    CONSTRAINT customerkit_customers_pkey PRIMARY KEY (ulid),
    CONSTRAINT customerkit_customers_parent_fkey FOREIGN KEY (parent_id)
        REFERENCES customerkit_customers (ulid) ON DELETE RESTRICT,
    CONSTRAINT customerkit_customers_status_check
        CHECK (status IN ('active', 'suspended', 'inactive', 'terminated')),
    CONSTRAINT customerkit_customers_customer_type_check
        CHECK (customer_type IN ('business', 'personal'))
);

-- Uniqueness rules of customer.Store. Empty hostname and external_id are
-- stored as NULL, which a unique index does not compare.
CREATE UNIQUE INDEX customerkit_customers_uuid_uq ON customerkit_customers (uuid);
CREATE UNIQUE INDEX customerkit_customers_email_uq ON customerkit_customers (email_key);
CREATE UNIQUE INDEX customerkit_customers_customer_key_uq ON customerkit_customers (customer_key);
CREATE UNIQUE INDEX customerkit_customers_subdomain_uq ON customerkit_customers (subdomain);
CREATE UNIQUE INDEX customerkit_customers_hostname_uq ON customerkit_customers (hostname);
CREATE UNIQUE INDEX customerkit_customers_external_id_uq ON customerkit_customers (external_id);

-- Keyset pagination: one index per order, and per order filtered by status
-- or parent.
CREATE INDEX customerkit_customers_created_idx ON customerkit_customers (created_at, ulid);
CREATE INDEX customerkit_customers_name_idx ON customerkit_customers (name_key, ulid);
CREATE INDEX customerkit_customers_status_created_idx ON customerkit_customers (status, created_at, ulid);
CREATE INDEX customerkit_customers_status_name_idx ON customerkit_customers (status, name_key, ulid);
CREATE INDEX customerkit_customers_parent_idx ON customerkit_customers (parent_id, created_at, ulid);

-- PostgreSQL only: substring search on the name, metadata key = value and
-- label filters.
CREATE INDEX customerkit_customers_name_trgm_idx ON customerkit_customers USING gin (name_key gin_trgm_ops);
CREATE INDEX customerkit_customers_metadata_idx ON customerkit_customers USING gin (metadata jsonb_path_ops);
CREATE INDEX customerkit_customers_labels_idx ON customerkit_customers USING gin (labels jsonb_path_ops);

-- customerkit 0004: instances (SQLite).
--
-- Keep in step with migrations/postgres/0004_instances.up.sql: same
-- version, same table, column, constraint and index names
-- (TestMigrationParity).
--
-- An instance is one row: the configured copy of an integration deployed
-- to one customer. It stores raw facts only; its lifecycle state is
-- derived from them and from the customer's status, so no state column
-- exists. config_values (the customer variables) and private_values (the
-- organization and embedded variables) are JSON objects. An instance goes
-- with its customer (ON DELETE CASCADE); an integration that still has
-- instances cannot be deleted (the foreign key is checked at the end of
-- the statement, so a customer's deletion may remove its customer-specific
-- integrations together with their instances).

CREATE TABLE customerkit_instances (
    id               TEXT NOT NULL,
    customer_id      TEXT NOT NULL,
    integration_id   TEXT NOT NULL,
    name             TEXT NOT NULL,
    version_number   INTEGER NOT NULL,
    config_values    TEXT,
    private_values   TEXT,
    enabled          INTEGER NOT NULL,
    config_complete  INTEGER NOT NULL,
    needs_deploy     INTEGER NOT NULL,
    last_deployed_at INTEGER,
    deploy_count     INTEGER NOT NULL,
    version          INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    CONSTRAINT customerkit_instances_pkey PRIMARY KEY (id),
    CONSTRAINT customerkit_instances_customer_fkey FOREIGN KEY (customer_id)
        REFERENCES customerkit_customers (ulid) ON DELETE CASCADE,
    CONSTRAINT customerkit_instances_integration_fkey FOREIGN KEY (integration_id)
        REFERENCES customerkit_integrations (id),
    CONSTRAINT customerkit_instances_enabled_check CHECK (enabled IN (0, 1)),
    CONSTRAINT customerkit_instances_config_complete_check CHECK (config_complete IN (0, 1)),
    CONSTRAINT customerkit_instances_needs_deploy_check CHECK (needs_deploy IN (0, 1)),
    CONSTRAINT customerkit_instances_version_number_check CHECK (version_number > 0),
    CONSTRAINT customerkit_instances_deploy_count_check CHECK (deploy_count >= 0)
) STRICT;

-- Keyset pagination in ID order per customer (also the customer's
-- instances of a marketplace view, an activation's snapshot and the
-- cascade) and per integration (also the foreign key's check).
CREATE INDEX customerkit_instances_customer_idx ON customerkit_instances (customer_id, id);
CREATE INDEX customerkit_instances_integration_idx ON customerkit_instances (integration_id, id);

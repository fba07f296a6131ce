-- customerkit 0007: customer config variables and the instances'
-- references to them (SQLite).
--
-- Keep in step with migrations/postgres/0007_config_vars.up.sql: same
-- version, same table, column, constraint and index names
-- (TestMigrationParity).
--
-- A config variable is one row per customer and key (byte order, as every
-- adapter sorts keys), its value as written. Its kind never changes, so
-- the unique (customer_id, key, kind) lets a reference name the kind it
-- expects. An instance keeps its references twice: as JSON objects on its
-- row (config_refs, private_refs: variable key → {key, kind}), read with
-- the instance, and as rows of customerkit_config_var_refs, one per
-- referencing variable, which the store writes in the instance's
-- transaction. The rows answer "which instances use it" from an index,
-- and their foreign key keeps every reference pointing at an existing
-- variable of that kind: a variable that is referenced cannot be deleted
-- (NO ACTION, checked at the end of the statement, so deleting a customer
-- removes its variables and its instances' references together).
-- References go with their instance, variables with their customer.

CREATE TABLE customerkit_config_vars (
    customer_id TEXT NOT NULL,
    key         TEXT NOT NULL,
    kind        TEXT NOT NULL,
    value       TEXT NOT NULL,
    description TEXT NOT NULL,
    version     INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    CONSTRAINT customerkit_config_vars_pkey PRIMARY KEY (customer_id, key),
    CONSTRAINT customerkit_config_vars_kind_key UNIQUE (customer_id, key, kind),
    CONSTRAINT customerkit_config_vars_customer_fkey FOREIGN KEY (customer_id)
        REFERENCES customerkit_customers (ulid) ON DELETE CASCADE,
    CONSTRAINT customerkit_config_vars_kind_check CHECK (kind IN ('text', 'json', 'xml', 'html')),
    CONSTRAINT customerkit_config_vars_version_check CHECK (version > 0)
) STRICT, WITHOUT ROWID;

CREATE TABLE customerkit_config_var_refs (
    instance_id    TEXT NOT NULL,
    var_key        TEXT NOT NULL,
    customer_id    TEXT NOT NULL,
    config_var_key TEXT NOT NULL,
    kind           TEXT NOT NULL,
    CONSTRAINT customerkit_config_var_refs_pkey PRIMARY KEY (instance_id, var_key),
    CONSTRAINT customerkit_config_var_refs_instance_fkey FOREIGN KEY (instance_id)
        REFERENCES customerkit_instances (id) ON DELETE CASCADE,
    CONSTRAINT customerkit_config_var_refs_config_var_fkey FOREIGN KEY (customer_id, config_var_key, kind)
        REFERENCES customerkit_config_vars (customer_id, key, kind)
) STRICT, WITHOUT ROWID;

-- UsedBy of a variable: the instances referencing it, in ID order; also
-- the foreign key's check when a variable is deleted.
CREATE INDEX customerkit_config_var_refs_used_idx ON customerkit_config_var_refs (customer_id, config_var_key, instance_id);

ALTER TABLE customerkit_instances ADD COLUMN config_refs TEXT;
ALTER TABLE customerkit_instances ADD COLUMN private_refs TEXT;

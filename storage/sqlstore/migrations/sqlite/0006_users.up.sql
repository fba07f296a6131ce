-- customerkit 0006: users, memberships and invitations (SQLite).
--
-- Keep in step with migrations/postgres/0006_users.up.sql: same version,
-- same table, column, constraint and index names (TestMigrationParity).
--
-- A user is an identity of its own; email_key (customer.EmailKey of
-- email) is unique, external_id is NULL when empty and unique when set.
-- A membership binds a user to a customer (primary key (customer_id,
-- user_id)); permissions is a JSON array, NULL when the role's defaults
-- apply (distinct from [], none); at most one membership of a customer is
-- its owner (a partial unique index). An invitation belongs to a customer;
-- token_hash (the SHA-256 of its token) is unique. Memberships and
-- invitations go with their customer (ON DELETE CASCADE); deleting a
-- customer deletes no user.

CREATE TABLE customerkit_users (
    id            TEXT NOT NULL,
    email         TEXT NOT NULL,
    email_key     TEXT NOT NULL,
    name          TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    external_id   TEXT,
    password_hash TEXT NOT NULL DEFAULT '',
    version       INTEGER NOT NULL,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    CONSTRAINT customerkit_users_pkey PRIMARY KEY (id)
) STRICT;

CREATE UNIQUE INDEX customerkit_users_email_uq ON customerkit_users (email_key);
CREATE UNIQUE INDEX customerkit_users_external_id_uq ON customerkit_users (external_id);

CREATE TABLE customerkit_memberships (
    customer_id TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    role        TEXT NOT NULL,
    permissions TEXT,
    owner       INTEGER NOT NULL,
    version     INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    CONSTRAINT customerkit_memberships_pkey PRIMARY KEY (customer_id, user_id),
    CONSTRAINT customerkit_memberships_customer_fkey FOREIGN KEY (customer_id)
        REFERENCES customerkit_customers (ulid) ON DELETE CASCADE,
    CONSTRAINT customerkit_memberships_user_fkey FOREIGN KEY (user_id)
        REFERENCES customerkit_users (id) ON DELETE CASCADE,
    CONSTRAINT customerkit_memberships_role_check
        CHECK (role IN ('admin', 'member', 'marketplace_admin', 'marketplace_user')),
    CONSTRAINT customerkit_memberships_owner_check CHECK (owner IN (0, 1))
) STRICT;

-- One owner per customer. owner leads, so that SQLite names it in the
-- violation ("UNIQUE constraint failed: customerkit_memberships.owner, ...").
CREATE UNIQUE INDEX customerkit_memberships_owner_uq ON customerkit_memberships (owner, customer_id) WHERE owner = 1;
-- A user's memberships in customer order.
CREATE INDEX customerkit_memberships_user_idx ON customerkit_memberships (user_id, customer_id);

CREATE TABLE customerkit_invitations (
    id          TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    email       TEXT NOT NULL,
    email_key   TEXT NOT NULL,
    role        TEXT NOT NULL,
    permissions TEXT,
    activation  TEXT NOT NULL,
    token_hash  BLOB,
    status      TEXT NOT NULL,
    invited_by  TEXT,
    accepted_by TEXT,
    expires_at  INTEGER NOT NULL,
    accepted_at INTEGER,
    revoked_at  INTEGER,
    version     INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    CONSTRAINT customerkit_invitations_pkey PRIMARY KEY (id),
    CONSTRAINT customerkit_invitations_customer_fkey FOREIGN KEY (customer_id)
        REFERENCES customerkit_customers (ulid) ON DELETE CASCADE,
    CONSTRAINT customerkit_invitations_role_check
        CHECK (role IN ('admin', 'member', 'marketplace_admin', 'marketplace_user')),
    CONSTRAINT customerkit_invitations_status_check CHECK (status IN ('pending', 'accepted', 'revoked'))
) STRICT;

CREATE UNIQUE INDEX customerkit_invitations_token_hash_uq ON customerkit_invitations (token_hash);
-- Keyset pagination in ID order per customer; also the cascade.
CREATE INDEX customerkit_invitations_customer_idx ON customerkit_invitations (customer_id, id);

-- customerkit 0006: users, memberships and invitations (PostgreSQL).
--
-- Keep in step with migrations/sqlite/0006_users.up.sql: same version,
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
    id            text COLLATE "C" NOT NULL,
    email         text NOT NULL,
    email_key     text COLLATE "C" NOT NULL,
    name          text NOT NULL DEFAULT '',
    phone         text NOT NULL DEFAULT '',
    external_id   text COLLATE "C",
    password_hash text NOT NULL DEFAULT '',
    version       bigint NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    CONSTRAINT customerkit_users_pkey PRIMARY KEY (id)
);

CREATE UNIQUE INDEX customerkit_users_email_uq ON customerkit_users (email_key);
CREATE UNIQUE INDEX customerkit_users_external_id_uq ON customerkit_users (external_id);

CREATE TABLE customerkit_memberships (
    customer_id text COLLATE "C" NOT NULL,
    user_id     text COLLATE "C" NOT NULL,
    role        text NOT NULL,
    permissions jsonb,
    owner       boolean NOT NULL,
    version     bigint NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    CONSTRAINT customerkit_memberships_pkey PRIMARY KEY (customer_id, user_id),
    CONSTRAINT customerkit_memberships_customer_fkey FOREIGN KEY (customer_id)
        REFERENCES customerkit_customers (ulid) ON DELETE CASCADE,
    CONSTRAINT customerkit_memberships_user_fkey FOREIGN KEY (user_id)
        REFERENCES customerkit_users (id) ON DELETE CASCADE,
    CONSTRAINT customerkit_memberships_role_check
        CHECK (role IN ('admin', 'member', 'marketplace_admin', 'marketplace_user'))
);

-- One owner per customer.
CREATE UNIQUE INDEX customerkit_memberships_owner_uq ON customerkit_memberships (owner, customer_id) WHERE owner;
-- A user's memberships in customer order.
CREATE INDEX customerkit_memberships_user_idx ON customerkit_memberships (user_id, customer_id);

CREATE TABLE customerkit_invitations (
    id          text COLLATE "C" NOT NULL,
    customer_id text COLLATE "C" NOT NULL,
    email       text NOT NULL,
    email_key   text COLLATE "C" NOT NULL,
    role        text NOT NULL,
    permissions jsonb,
    activation  text NOT NULL,
    token_hash  bytea,
    status      text NOT NULL,
    invited_by  text COLLATE "C",
    accepted_by text COLLATE "C",
    expires_at  timestamptz NOT NULL,
    accepted_at timestamptz,
    revoked_at  timestamptz,
    version     bigint NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    CONSTRAINT customerkit_invitations_pkey PRIMARY KEY (id),
    CONSTRAINT customerkit_invitations_customer_fkey FOREIGN KEY (customer_id)
        REFERENCES customerkit_customers (ulid) ON DELETE CASCADE,
    CONSTRAINT customerkit_invitations_role_check
        CHECK (role IN ('admin', 'member', 'marketplace_admin', 'marketplace_user')),
    CONSTRAINT customerkit_invitations_status_check CHECK (status IN ('pending', 'accepted', 'revoked'))
);

CREATE UNIQUE INDEX customerkit_invitations_token_hash_uq ON customerkit_invitations (token_hash);
-- Keyset pagination in ID order per customer; also the cascade.
CREATE INDEX customerkit_invitations_customer_idx ON customerkit_invitations (customer_id, id);

-- customerkit 0008: the marketplace generation (PostgreSQL).
--
-- Keep in step with migrations/sqlite/0008_marketplace_generation.up.sql:
-- same version, same table, column, constraint and index names
-- (TestMigrationParity).
--
-- One row, whose generation takes a new random value with every row
-- written to or deleted from the integrations, their versions and the
-- listings, in the writing transaction. Triggers do it, so a write of
-- another process, of the host's own SQL, or of a cascade (a customer's
-- deletion takes its customer-specific integrations) changes it too. The
-- Store keeps a copy of the listed marketplace, read together with the
-- generation by one statement, and uses it while that generation is
-- current (see "The marketplace view" in the package documentation).
-- Random, not counted: a database restored from a backup and written to
-- again does not come back to a generation it had before.
--
-- The row is locked by the first marketplace write of a transaction until
-- it ends, so marketplace writes (rare organization operations) run one
-- after the other; a customer's own writes (customer values, instances)
-- never touch it. The function runs with the search_path of this
-- migration, so it finds the row whatever the search_path of the session
-- that writes.

CREATE TABLE customerkit_marketplace_generation (
    id         integer NOT NULL,
    generation bigint NOT NULL,
    CONSTRAINT customerkit_marketplace_generation_pkey PRIMARY KEY (id),
    CONSTRAINT customerkit_marketplace_generation_id_check CHECK (id = 1)
);

INSERT INTO customerkit_marketplace_generation (id, generation) VALUES (1, (random() * 9e18)::bigint);

CREATE FUNCTION customerkit_marketplace_generation_next() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
BEGIN
    UPDATE customerkit_marketplace_generation SET generation = (random() * 9e18)::bigint;
    RETURN NULL;
END
$$;

CREATE TRIGGER customerkit_integrations_generation
    AFTER INSERT OR UPDATE OR DELETE ON customerkit_integrations
    FOR EACH ROW EXECUTE FUNCTION customerkit_marketplace_generation_next();
CREATE TRIGGER customerkit_integration_versions_generation
    AFTER INSERT OR UPDATE OR DELETE ON customerkit_integration_versions
    FOR EACH ROW EXECUTE FUNCTION customerkit_marketplace_generation_next();
CREATE TRIGGER customerkit_listings_generation
    AFTER INSERT OR UPDATE OR DELETE ON customerkit_listings
    FOR EACH ROW EXECUTE FUNCTION customerkit_marketplace_generation_next();

-- TRUNCATE fires no row trigger.
CREATE TRIGGER customerkit_integrations_generation_truncate
    AFTER TRUNCATE ON customerkit_integrations
    FOR EACH STATEMENT EXECUTE FUNCTION customerkit_marketplace_generation_next();
CREATE TRIGGER customerkit_integration_versions_generation_truncate
    AFTER TRUNCATE ON customerkit_integration_versions
    FOR EACH STATEMENT EXECUTE FUNCTION customerkit_marketplace_generation_next();
CREATE TRIGGER customerkit_listings_generation_truncate
    AFTER TRUNCATE ON customerkit_listings
    FOR EACH STATEMENT EXECUTE FUNCTION customerkit_marketplace_generation_next();

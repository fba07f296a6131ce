-- customerkit 0008: the marketplace generation (SQLite).
--
-- Keep in step with migrations/postgres/0008_marketplace_generation.up.sql:
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
-- again does not come back to a generation it had before. (SQLite has no
-- TRUNCATE: a DELETE without WHERE fires the delete triggers too.)

CREATE TABLE customerkit_marketplace_generation (
    id         INTEGER NOT NULL,
    generation INTEGER NOT NULL,
    CONSTRAINT customerkit_marketplace_generation_pkey PRIMARY KEY (id),
    CONSTRAINT customerkit_marketplace_generation_id_check CHECK (id = 1)
) STRICT;

INSERT INTO customerkit_marketplace_generation (id, generation) VALUES (1, random());

CREATE TRIGGER customerkit_integrations_generation_insert AFTER INSERT ON customerkit_integrations
BEGIN
    UPDATE customerkit_marketplace_generation SET generation = random();
END;
CREATE TRIGGER customerkit_integrations_generation_update AFTER UPDATE ON customerkit_integrations
BEGIN
    UPDATE customerkit_marketplace_generation SET generation = random();
END;
CREATE TRIGGER customerkit_integrations_generation_delete AFTER DELETE ON customerkit_integrations
BEGIN
    UPDATE customerkit_marketplace_generation SET generation = random();
END;

CREATE TRIGGER customerkit_integration_versions_generation_insert AFTER INSERT ON customerkit_integration_versions
BEGIN
    UPDATE customerkit_marketplace_generation SET generation = random();
END;
CREATE TRIGGER customerkit_integration_versions_generation_update AFTER UPDATE ON customerkit_integration_versions
BEGIN
    UPDATE customerkit_marketplace_generation SET generation = random();
END;
CREATE TRIGGER customerkit_integration_versions_generation_delete AFTER DELETE ON customerkit_integration_versions
BEGIN
    UPDATE customerkit_marketplace_generation SET generation = random();
END;

CREATE TRIGGER customerkit_listings_generation_insert AFTER INSERT ON customerkit_listings
BEGIN
    UPDATE customerkit_marketplace_generation SET generation = random();
END;
CREATE TRIGGER customerkit_listings_generation_update AFTER UPDATE ON customerkit_listings
BEGIN
    UPDATE customerkit_marketplace_generation SET generation = random();
END;
CREATE TRIGGER customerkit_listings_generation_delete AFTER DELETE ON customerkit_listings
BEGIN
    UPDATE customerkit_marketplace_generation SET generation = random();
END;

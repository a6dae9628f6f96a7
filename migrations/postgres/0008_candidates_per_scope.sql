-- A candidate's external reference no longer has to be unique in the
-- organisation: HR of one department who imports someone another department
-- already has gets a record of their own (matching stays within what the
-- importer may see, so it neither reveals nor hands over the other
-- department's candidate).
-- Released migrations are never edited: add a new file.
ALTER TABLE candidates DROP CONSTRAINT candidates_organisation_id_external_ref_key;
CREATE INDEX candidates_external_ref ON candidates (organisation_id, external_ref);

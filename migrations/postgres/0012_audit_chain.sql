-- The audit log becomes tamper-evident: every entry is sealed into one hash
-- chain in the order it is sealed (`seq` 1, 2, 3...): its `hash` covers the
-- previous entry's hash and its own fields, so an edited, deleted or
-- reordered entry breaks the chain (`panel audit verify`). `audit_head` holds
-- the last sealed entry; sealing locks it, so two writers never fork the chain.
-- Entries written before this migration are sealed when the store opens.
-- Released migrations are never edited: add a new file.
ALTER TABLE audit_log ADD COLUMN seq BIGINT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
CREATE UNIQUE INDEX audit_seq ON audit_log (seq);
-- Entries waiting to be sealed (briefly: sealing follows every write).
CREATE INDEX audit_unsealed ON audit_log (id) WHERE seq IS NULL;
CREATE TABLE audit_head (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    seq             BIGINT NOT NULL,
    hash            TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

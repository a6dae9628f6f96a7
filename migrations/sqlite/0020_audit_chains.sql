-- One audit chain per organisation (issue 21): an entry belongs to the
-- organisation whose data it is about (`chain_id`, the organisation's id),
-- and is sealed into that organisation's chain, so each organisation's
-- trail verifies, and can be handed to its auditors, on its own; entries
-- about no organisation (and every entry sealed before this migration) stay
-- in the platform chain, `chain_id` 0, whose hashes are unchanged.
-- `audit_heads` holds the last sealed entry of each chain; sealing locks
-- the heads of the chains it extends, so organisations do not wait for each
-- other.
-- Released migrations are never edited: add a new file.
ALTER TABLE audit_log ADD COLUMN chain_id BIGINT NOT NULL DEFAULT 0;
DROP INDEX audit_seq;
CREATE UNIQUE INDEX audit_chain_seq ON audit_log (chain_id, seq);
CREATE TABLE audit_heads (
    chain_id        BIGINT PRIMARY KEY,
    seq             BIGINT NOT NULL,
    hash            TEXT NOT NULL
);
INSERT INTO audit_heads (chain_id, seq, hash) SELECT 0, seq, hash FROM audit_head;
DROP TABLE audit_head;

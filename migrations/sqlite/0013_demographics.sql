-- Self-identified demographics, for the adverse-impact report and nothing
-- else: optional, given with a consent of their own (its notice version is
-- kept), stored apart from the candidate and the application, never sent to
-- a plugin, and read only in aggregate (GET /api/v1/compliance/adverse-impact).
-- Withdrawing deletes the rows.
-- Released migrations are never edited: add a new file.
CREATE TABLE candidate_demographics (
    candidate_id    INTEGER NOT NULL REFERENCES candidates (id),
    -- sex or race-ethnicity (host/src/compliance/demographics.rs).
    category        TEXT NOT NULL,
    value           TEXT NOT NULL,
    notice_version  TEXT NOT NULL,
    given_at        BIGINT NOT NULL,
    PRIMARY KEY (candidate_id, category)
);
CREATE INDEX candidate_demographics_category ON candidate_demographics (category, candidate_id);

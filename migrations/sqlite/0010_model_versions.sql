-- Competency models keep their versions: a job's model changes only by a
-- new version (an accepted re-weighting), and every recommendation keeps the
-- version it was made with and what made it (the rubric plugins, their
-- configurations, the circumstances), so a past interview can be replayed.
-- SQLite. Released migrations are never edited: add a new file.
CREATE TABLE competency_models (
    job_id          INTEGER NOT NULL REFERENCES jobs (id),
    version         INTEGER NOT NULL,
    -- The dimensions with weights and thresholds (JSON).
    dimensions      TEXT NOT NULL,
    -- created, or reweighted (by proposal).
    origin          TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (job_id, version)
);
ALTER TABLE jobs ADD COLUMN model_version INTEGER NOT NULL DEFAULT 1;
INSERT INTO competency_models (job_id, version, dimensions, origin, created_by, created_at)
    SELECT id, 1, competencies, 'created', 'system', created_at FROM jobs;

-- NULL: scored before versions were kept.
ALTER TABLE recommendations ADD COLUMN model_version INTEGER;
-- The rubrics (plugin, version, configuration) and circumstances behind it (JSON).
ALTER TABLE recommendations ADD COLUMN provenance TEXT NOT NULL DEFAULT '{}';

-- New weights proposed from later outcomes, for a person to accept or reject.
CREATE TABLE weight_proposals (
    id              INTEGER PRIMARY KEY,
    job_id          INTEGER NOT NULL REFERENCES jobs (id),
    base_version    INTEGER NOT NULL,
    -- performance or probation.
    measure         TEXT NOT NULL,
    -- The weights and the figures behind them (JSON).
    proposal        TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('proposed', 'accepted', 'rejected')),
    created_by      TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    decided_by      TEXT,
    decided_at      INTEGER,
    note            TEXT NOT NULL DEFAULT ''
);
CREATE INDEX weight_proposals_job ON weight_proposals (job_id, id);

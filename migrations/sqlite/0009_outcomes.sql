-- What became of the people hired, for the analytics that link interviews
-- to later performance: probation results and performance ratings (on the
-- organisation's scale), per hire and date, from the API, a CSV import or a
-- connector; and why people left. SQLite.
-- Released migrations are never edited: add a new file.
CREATE TABLE outcomes (
    id              INTEGER PRIMARY KEY,
    application_id  INTEGER NOT NULL REFERENCES applications (id),
    kind            TEXT NOT NULL CHECK (kind IN ('probation', 'performance')),
    -- The day it was decided or rated, YYYY-MM-DD.
    on_date         TEXT NOT NULL,
    -- Probation: passed, failed or extended.
    result          TEXT CHECK (result IN ('passed', 'failed', 'extended')),
    -- Performance: the rating, on the organisation's scale.
    rating          REAL,
    -- Where it came from: api, import, or connector:<plugin id>.
    source          TEXT NOT NULL,
    recorded_by     TEXT NOT NULL,
    recorded_at     INTEGER NOT NULL,
    UNIQUE (application_id, kind, on_date)
);
CREATE INDEX outcomes_application ON outcomes (application_id);

-- Why someone left: voluntary, involuntary, contract-end or other ('' when
-- the departure was recorded before reasons were).
ALTER TABLE departures ADD COLUMN reason TEXT NOT NULL DEFAULT '';

-- The organisation's performance rating scale (JSON: min, max, labels).
ALTER TABLE organisations ADD COLUMN rating_scale TEXT NOT NULL DEFAULT '{"min": 1, "max": 5}';

-- Funnel figures walk the stage history of a job's applications by stage.
CREATE INDEX stage_transitions_to ON stage_transitions (to_stage, application_id);

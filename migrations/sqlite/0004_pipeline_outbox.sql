-- The hiring pipeline and the outbox of lifecycle events, SQLite.
-- Released migrations are never edited: add a new file.

-- Each job's pipeline shape within the standard one (JSON): screening, human
-- rounds, background check, probation.
ALTER TABLE jobs ADD COLUMN pipeline TEXT NOT NULL DEFAULT '{}';

-- Every stage change: who, when, why.
CREATE TABLE stage_transitions (
    id              INTEGER PRIMARY KEY,
    application_id  INTEGER NOT NULL REFERENCES applications (id),
    from_stage      TEXT NOT NULL,
    to_stage        TEXT NOT NULL,
    actor           TEXT NOT NULL,
    reason          TEXT NOT NULL DEFAULT '',
    -- The lifecycle event the change emitted.
    event_id        TEXT NOT NULL,
    at              INTEGER NOT NULL
);
CREATE INDEX stage_transitions_application ON stage_transitions (application_id, id);

-- Interviewers' scorecards for human interview rounds, on the job's dimensions.
CREATE TABLE scorecards (
    id              INTEGER PRIMARY KEY,
    application_id  INTEGER NOT NULL REFERENCES applications (id),
    round           INTEGER NOT NULL,
    user_id         INTEGER NOT NULL REFERENCES users (id),
    -- Scores per dimension on 0-10 (JSON object), the overall view and notes.
    scores          TEXT NOT NULL,
    recommendation  TEXT NOT NULL,
    notes           TEXT NOT NULL DEFAULT '',
    submitted_at    INTEGER NOT NULL,
    UNIQUE (application_id, round, user_id)
);

-- Lifecycle events, written in the same transaction as the change that caused
-- them. `seq` orders them; `id` is the idempotency key plugins receive.
CREATE TABLE lifecycle_events (
    seq             INTEGER PRIMARY KEY,
    id              TEXT NOT NULL UNIQUE,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    application_id  INTEGER NOT NULL REFERENCES applications (id),
    candidate_id    INTEGER NOT NULL REFERENCES candidates (id),
    job_id          INTEGER NOT NULL REFERENCES jobs (id),
    kind            TEXT NOT NULL,
    stage           TEXT NOT NULL,
    occurred_at     INTEGER NOT NULL,
    payload         TEXT NOT NULL
);
CREATE INDEX lifecycle_events_application ON lifecycle_events (application_id, seq);

-- The outbox: one delivery per event and bound connector or notifier.
-- Pending deliveries are claimed with a lease (`locked_by`, `locked_until`);
-- one plugin gets one candidate's events in order.
CREATE TABLE deliveries (
    id              INTEGER PRIMARY KEY,
    event_seq       INTEGER NOT NULL REFERENCES lifecycle_events (seq),
    plugin_id       TEXT NOT NULL,
    -- `connector` (gets the event) or `notifier` (sends the candidate a message).
    plugin_kind     TEXT NOT NULL CHECK (plugin_kind IN ('connector', 'notifier')),
    candidate_id    INTEGER NOT NULL,
    organisation_id INTEGER NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    locked_by       TEXT,
    locked_until    INTEGER,
    last_error      TEXT NOT NULL DEFAULT '',
    outcome         TEXT NOT NULL DEFAULT '',
    delivered_at    INTEGER,
    UNIQUE (event_seq, plugin_id)
);
-- Claiming walks the pending deliveries in event order.
CREATE INDEX deliveries_pending ON deliveries (event_seq) WHERE state = 'pending';
CREATE INDEX deliveries_order ON deliveries (plugin_id, candidate_id, state, event_seq);
CREATE INDEX deliveries_organisation ON deliveries (organisation_id, state);

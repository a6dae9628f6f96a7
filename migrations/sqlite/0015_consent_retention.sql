-- Consent per purpose, legal holds and erasure requests (issue 21, items 2-3).
-- Released migrations are never edited: add a new file.

-- One row per consent given: the purpose (ai-evaluation, recording,
-- transfer-abroad), the policy pack and the version of the notice the
-- candidate was shown, and when. Withdrawal sets withdrawn_at; a consent
-- given again is a new row, so the history stays.
CREATE TABLE consents (
    id              INTEGER PRIMARY KEY,
    application_id  INTEGER NOT NULL REFERENCES applications (id),
    purpose         TEXT NOT NULL,
    pack            TEXT NOT NULL,
    notice_version  TEXT NOT NULL,
    given_at        BIGINT NOT NULL,
    withdrawn_at    BIGINT
);
CREATE INDEX consents_application ON consents (application_id, purpose);

-- A candidate under legal hold is never purged by the retention rules nor
-- erased; the reason is a case reference, not personal data.
CREATE TABLE legal_holds (
    candidate_id    INTEGER PRIMARY KEY REFERENCES candidates (id),
    reason          TEXT NOT NULL,
    placed_by       TEXT NOT NULL,
    placed_at       BIGINT NOT NULL
);

-- Erasure requests and their receipts (counts only). candidate_id has no
-- foreign key: the candidate is gone once the request is completed.
CREATE TABLE erasure_requests (
    id              INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    candidate_id    BIGINT NOT NULL,
    requested_by    TEXT NOT NULL,
    requested_at    BIGINT NOT NULL,
    due_at          BIGINT NOT NULL,
    completed_at    BIGINT,
    receipt         TEXT
);
CREATE INDEX erasure_requests_open ON erasure_requests (due_at) WHERE completed_at IS NULL;

-- The retention rules find decisions by the stage an application moved to.
CREATE INDEX applications_stage ON applications (stage);

-- Panel core schema, SQLite. Released migrations are never edited: add a new file.
-- Times are Unix epoch milliseconds; JSON documents are TEXT; flags are 0/1.

CREATE TABLE organisations (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);

-- Regions, branches and departments: one tree under each organisation.
CREATE TABLE org_units (
    id              INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    parent_id       INTEGER REFERENCES org_units (id),
    kind            TEXT NOT NULL CHECK (kind IN ('region', 'branch', 'department')),
    name            TEXT NOT NULL,
    -- Region policy (JSON): human review before rejection, automated rejection forbidden.
    policy          TEXT NOT NULL DEFAULT '{}',
    created_at      INTEGER NOT NULL
);
CREATE INDEX org_units_parent ON org_units (parent_id);

CREATE TABLE jobs (
    id              INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    department_id   INTEGER NOT NULL REFERENCES org_units (id),
    title           TEXT NOT NULL,
    industry        TEXT NOT NULL,
    locale          TEXT NOT NULL,
    key_role        INTEGER NOT NULL DEFAULT 0,
    description     TEXT NOT NULL DEFAULT '',
    -- The competency model: dimensions with weights, thresholds and labels (JSON).
    competencies    TEXT NOT NULL,
    requirements    TEXT NOT NULL DEFAULT '{}',
    -- Scores within this margin of a threshold go to human review.
    review_margin   REAL NOT NULL DEFAULT 0.5,
    created_at      INTEGER NOT NULL
);
CREATE INDEX jobs_department ON jobs (department_id);

CREATE TABLE candidates (
    id              INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    name            TEXT NOT NULL,
    email           TEXT NOT NULL,
    phone           TEXT NOT NULL DEFAULT '',
    resume_text     TEXT NOT NULL DEFAULT '',
    -- Parsed resume (JSON): education, experience, skills.
    resume          TEXT NOT NULL DEFAULT '{}',
    -- Where the candidate came from, unique per organisation when given (import idempotency).
    external_ref    TEXT,
    created_at      INTEGER NOT NULL,
    UNIQUE (organisation_id, external_ref)
);
CREATE INDEX candidates_email ON candidates (organisation_id, email);

CREATE TABLE applications (
    id              INTEGER PRIMARY KEY,
    candidate_id    INTEGER NOT NULL REFERENCES candidates (id),
    job_id          INTEGER NOT NULL REFERENCES jobs (id),
    stage           TEXT NOT NULL,
    -- The resume matched against the job's requirements (JSON).
    resume_match    TEXT NOT NULL DEFAULT '{}',
    created_at      INTEGER NOT NULL,
    UNIQUE (candidate_id, job_id)
);
CREATE INDEX applications_job ON applications (job_id);

CREATE TABLE invitations (
    id              INTEGER PRIMARY KEY,
    application_id  INTEGER NOT NULL REFERENCES applications (id),
    -- SHA-256 of the candidate's link token; the token itself is never stored.
    token_hash      TEXT NOT NULL UNIQUE,
    opens_at        INTEGER NOT NULL,
    closes_at       INTEGER NOT NULL,
    revoked         INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL
);
CREATE INDEX invitations_application ON invitations (application_id);

CREATE TABLE interview_sessions (
    id              INTEGER PRIMARY KEY,
    application_id  INTEGER NOT NULL REFERENCES applications (id),
    invitation_id   INTEGER REFERENCES invitations (id),
    state           TEXT NOT NULL CHECK (state IN ('in-progress', 'completed', 'expired', 'scored')),
    locale          TEXT NOT NULL,
    -- The frozen plan (JSON): questions with the bank plugin and version behind each.
    plan            TEXT NOT NULL,
    started_at      INTEGER NOT NULL,
    -- The whole interview must be finished by then.
    deadline        INTEGER NOT NULL,
    finished_at     INTEGER,
    -- A follow-up the bank proposed, asked before the next planned question (JSON).
    pending_follow_up TEXT,
    consent_recording INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sessions_application ON interview_sessions (application_id);

CREATE TABLE answers (
    id              INTEGER PRIMARY KEY,
    session_id      INTEGER NOT NULL REFERENCES interview_sessions (id),
    seq             INTEGER NOT NULL,
    question_id     TEXT NOT NULL,
    -- The question as asked (JSON), follow-ups included.
    question        TEXT NOT NULL,
    text            TEXT NOT NULL,
    transcribed     INTEGER NOT NULL DEFAULT 0,
    locale          TEXT NOT NULL,
    think_time_ms   INTEGER NOT NULL,
    duration_ms     INTEGER NOT NULL,
    overtime_ms     INTEGER NOT NULL DEFAULT 0,
    media_ref       TEXT,
    submitted_at    INTEGER NOT NULL,
    UNIQUE (session_id, seq),
    UNIQUE (session_id, question_id)
);

CREATE TABLE dimension_scores (
    id              INTEGER PRIMARY KEY,
    answer_id       INTEGER NOT NULL REFERENCES answers (id),
    dimension       TEXT NOT NULL,
    score           REAL NOT NULL,
    confidence      REAL NOT NULL,
    evidence        TEXT NOT NULL,
    explanation     TEXT NOT NULL,
    plugin_id       TEXT NOT NULL,
    plugin_version  TEXT NOT NULL,
    created_at      INTEGER NOT NULL
);
CREATE INDEX dimension_scores_answer ON dimension_scores (answer_id);

CREATE TABLE recommendations (
    id              INTEGER PRIMARY KEY,
    session_id      INTEGER NOT NULL UNIQUE REFERENCES interview_sessions (id),
    job_id          INTEGER NOT NULL REFERENCES jobs (id),
    composite       REAL NOT NULL,
    decision        TEXT NOT NULL CHECK (decision IN ('advance', 'human-review', 'reject')),
    -- Per-dimension results and the reasons in plain words (JSON).
    dimensions      TEXT NOT NULL,
    reasons         TEXT NOT NULL,
    created_at      INTEGER NOT NULL
);
CREATE INDEX recommendations_rank ON recommendations (job_id, composite DESC, session_id);

CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    email           TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    password_hash   TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('admin', 'hr', 'department-head', 'interviewer')),
    -- The part of the org tree the user works in; NULL means the whole organisation.
    unit_id         INTEGER REFERENCES org_units (id),
    created_at      INTEGER NOT NULL
);

-- Append-only: every read and change of candidate data.
CREATE TABLE audit_log (
    id              INTEGER PRIMARY KEY,
    at              INTEGER NOT NULL,
    actor           TEXT NOT NULL,
    action          TEXT NOT NULL,
    subject         TEXT NOT NULL,
    detail          TEXT NOT NULL DEFAULT '',
    origin          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_subject ON audit_log (subject);

-- Staff sign-in sessions and interviewer assignments, PostgreSQL.
-- Released migrations are never edited: add a new file.

-- A signed-in staff member. Only the SHA-256 of the bearer token is stored.
CREATE TABLE staff_sessions (
    token_hash  TEXT PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users (id),
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX staff_sessions_user ON staff_sessions (user_id);

-- Interviewers see only the applications assigned to them.
CREATE TABLE assignments (
    application_id  BIGINT NOT NULL REFERENCES applications (id),
    user_id         BIGINT NOT NULL REFERENCES users (id),
    created_at      BIGINT NOT NULL,
    PRIMARY KEY (application_id, user_id)
);
CREATE INDEX assignments_user ON assignments (user_id);

CREATE INDEX sessions_state ON interview_sessions (state);

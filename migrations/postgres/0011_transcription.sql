-- Speech recognition of recorded answers, PostgreSQL. Released migrations are never
-- edited: add a new file.
--
-- One transcription per recorded answer: a durable job that workers claim
-- under a lease (`locked_by`, `locked_until`), as the outbox's deliveries are,
-- and, once done, the machine transcript's provenance (its text is the
-- answer's text, unless a person has written one).
--
-- state: queued (waiting for a worker, or for its retry at next_attempt_at),
--        running (claimed; a lease past its time is taken over),
--        done (the machine transcript is the answer's text),
--        no_speech (nobody speaks in the recording: a person decides),
--        failed (given up: last_error says why, for HR; never transcript text),
--        superseded (a person wrote the transcript first).
CREATE TABLE transcriptions (
    answer_id       BIGINT PRIMARY KEY REFERENCES answers (id),
    session_id      BIGINT NOT NULL REFERENCES interview_sessions (id),
    state           TEXT NOT NULL
                    CHECK (state IN ('queued', 'running', 'done', 'no_speech', 'failed', 'superseded')),
    -- Attempts started (a claim is an attempt, so a recording that kills
    -- its worker every time is given up on too).
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    locked_by       TEXT,
    locked_until    BIGINT,
    last_error      TEXT NOT NULL DEFAULT '',
    -- The model that made the transcript: name, version, checksum of its files.
    model           TEXT,
    model_version   TEXT,
    model_checksum  TEXT,
    -- Whisper's language code (zh, en...), the confidence (0..1), the
    -- recording's length and the timed segments (JSON: start_ms, end_ms,
    -- text, confidence).
    language        TEXT,
    confidence      DOUBLE PRECISION,
    seconds         DOUBLE PRECISION,
    segments        TEXT,
    created_at      BIGINT NOT NULL,
    finished_at     BIGINT
);
CREATE INDEX transcriptions_due ON transcriptions (next_attempt_at) WHERE state IN ('queued', 'running');
CREATE INDEX transcriptions_session ON transcriptions (session_id);

-- Who wrote a recorded answer's transcript: `machine` (speech recognition)
-- or `person` (HR, whose transcript wins). NULL: none yet.
ALTER TABLE answers ADD COLUMN transcript_source TEXT;
UPDATE answers SET transcript_source = 'person' WHERE media_ref IS NOT NULL AND transcribed = 1;

-- Recorded answers still waiting for a person are queued for the machine.
INSERT INTO transcriptions (answer_id, session_id, state, next_attempt_at, created_at)
    SELECT id, session_id, 'queued', 0, submitted_at FROM answers WHERE media_ref IS NOT NULL AND transcribed = 0;

-- Sentence embeddings the host computed for rubrics (issue 25), kept so an
-- interview scored again never computes them again, and scores the same with
-- the model gone: an answer's vector is found by the SHA-256 of its text
-- (hex), as are the anchors' and questions' a rubric compares it with.
-- `model` names the model that made the vector (name@version); a new model's
-- vector replaces the old one. `vector` is the f32 values, little-endian.
-- Released migrations are never edited: add a new file.
CREATE TABLE embeddings (
    text_hash   TEXT NOT NULL PRIMARY KEY,
    model       TEXT NOT NULL,
    vector      BYTEA NOT NULL,
    created_at  BIGINT NOT NULL
);

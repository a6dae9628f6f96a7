-- Transcripts of recorded answers, SQLite. Until an answer with a recording has a
-- transcript (`transcribed` set), its interview is not scored: rubrics would
-- otherwise score the empty or note-only text as if it were the answer.
-- When a transcript is written, `text` becomes the transcript and `notes`
-- keeps what the candidate typed beside the recording.
-- Released migrations are never edited: add a new file.

ALTER TABLE answers ADD COLUMN notes TEXT;

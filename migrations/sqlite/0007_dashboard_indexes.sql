-- Indexes for the live dashboard on jobs with many interviews, SQLite.
-- Released migrations are never edited: add a new file.

-- "Waiting for a transcript": the recorded answers still without one are
-- few, whatever the number of interviews; scoring on restart asks the same.
CREATE INDEX answers_untranscribed ON answers (session_id) WHERE media_ref IS NOT NULL AND transcribed = 0;

-- "Completed today" reads one state's sessions from a finish time on, not
-- every session ever finished in that state.
DROP INDEX sessions_state;
CREATE INDEX sessions_state_finished ON interview_sessions (state, finished_at);

-- (PostgreSQL's migration also extends sessions_application with the session
-- id; an SQLite index already ends with the rowid, which is the id.)

-- Indexes for the live dashboard on jobs with many interviews, PostgreSQL.
-- Released migrations are never edited: add a new file.

-- "Waiting for a transcript": the recorded answers still without one are
-- few, whatever the number of interviews; scoring on restart asks the same.
CREATE INDEX answers_untranscribed ON answers (session_id) WHERE media_ref IS NOT NULL AND transcribed = 0;

-- "Completed today" reads one state's sessions from a finish time on, not
-- every session ever finished in that state.
DROP INDEX sessions_state;
CREATE INDEX sessions_state_finished ON interview_sessions (state, finished_at);

-- An application's newest session (`MAX(id) WHERE application_id = …`, asked
-- per row by the dashboard, the candidate lists and the board) read from the
-- end of one index entry's range. With only (application_id), PostgreSQL
-- without fresh statistics (say, after a bulk import, before autovacuum has
-- analysed the tables) walked the whole primary key backwards per row: the
-- dashboard over 600 interviews took 200-360 ms a read instead of under 10.
DROP INDEX sessions_application;
CREATE INDEX sessions_application ON interview_sessions (application_id, id);

-- Each application's stays in its stages (issue 22), kept by the database
-- itself from the applications and their stage moves, so the funnel reads
-- one row per stay instead of working every stay out again from every move.
-- Released migrations are never edited: add a new file.
--
-- A stay begins when the application enters a stage (applying enters
-- `applied`) and ends at its next move. An application recorded in a stage
-- without a move (written by an import, say) has a stay there with no known
-- start; the stay it left has no known end. Neither counts towards how long
-- stays take, both count towards who is where and who reached what.
CREATE TABLE stage_stays (
    id              INTEGER PRIMARY KEY,
    application_id  INTEGER NOT NULL REFERENCES applications (id),
    -- Copied from the application, which never changes them, so the
    -- funnel's scope (jobs, period applied in) needs no join.
    job_id          INTEGER NOT NULL,
    applied_at      BIGINT NOT NULL,
    stage           TEXT NOT NULL,
    entered_at      BIGINT,
    left_at         BIGINT,
    -- 1 for the stage the application is in now.
    is_current      INTEGER NOT NULL,
    -- 1 for the application's first stay in this stage: who reached it.
    first_time      INTEGER NOT NULL
);
-- Covers the funnel's one scan: every column it reads, stage first so the
-- scan comes out grouped by stage with nothing to sort.
CREATE INDEX stage_stays_scope
    ON stage_stays (stage, job_id, applied_at, is_current, first_time, entered_at, left_at);
CREATE INDEX stage_stays_application ON stage_stays (application_id, is_current);

CREATE TRIGGER stage_stays_applied AFTER INSERT ON applications BEGIN
    INSERT INTO stage_stays (application_id, job_id, applied_at, stage, entered_at, left_at, is_current, first_time)
    VALUES (NEW.id, NEW.job_id, NEW.created_at, 'applied', NEW.created_at, NULL, NEW.stage = 'applied', 1);
    INSERT INTO stage_stays (application_id, job_id, applied_at, stage, entered_at, left_at, is_current, first_time)
    SELECT NEW.id, NEW.job_id, NEW.created_at, NEW.stage, NULL, NULL, 1, 1 WHERE NEW.stage <> 'applied';
END;

-- A move ends the current stay and begins the next. The engine records the
-- move before it updates the application's stage, so the trigger below
-- finds the stay already begun.
CREATE TRIGGER stage_stays_moved AFTER INSERT ON stage_transitions BEGIN
    UPDATE stage_stays SET left_at = NEW.at, is_current = 0
    WHERE application_id = NEW.application_id AND is_current = 1;
    INSERT INTO stage_stays (application_id, job_id, applied_at, stage, entered_at, left_at, is_current, first_time)
    SELECT a.id, a.job_id, a.created_at, NEW.to_stage, NEW.at, NULL, 1,
           NOT EXISTS (SELECT 1 FROM stage_stays y WHERE y.application_id = a.id AND y.stage = NEW.to_stage)
    FROM applications a WHERE a.id = NEW.application_id;
END;

-- A stage written without a move.
CREATE TRIGGER stage_stays_recorded AFTER UPDATE OF stage ON applications
WHEN NOT EXISTS (SELECT 1 FROM stage_stays y WHERE y.application_id = NEW.id AND y.is_current = 1 AND y.stage = NEW.stage)
BEGIN
    UPDATE stage_stays SET is_current = 0 WHERE application_id = NEW.id AND is_current = 1;
    INSERT INTO stage_stays (application_id, job_id, applied_at, stage, entered_at, left_at, is_current, first_time)
    VALUES (NEW.id, NEW.job_id, NEW.created_at, NEW.stage, NULL, NULL, 1,
            NOT EXISTS (SELECT 1 FROM stage_stays y WHERE y.application_id = NEW.id AND y.stage = NEW.stage));
END;

-- The stays of the applications already there, from their moves.
INSERT INTO stage_stays (application_id, job_id, applied_at, stage, entered_at, left_at, is_current, first_time)
WITH moves AS (
    SELECT a.id AS application_id, a.job_id, a.created_at AS applied_at, 'applied' AS stage,
           a.created_at AS entered_at, 0 AS seq
    FROM applications a
    UNION ALL
    SELECT t.application_id, a.job_id, a.created_at, t.to_stage, t.at, t.id
    FROM stage_transitions t JOIN applications a ON a.id = t.application_id
), ordered AS (
    SELECT m.*, LEAD(m.entered_at) OVER (PARTITION BY m.application_id ORDER BY m.seq) AS left_at,
           LEAD(m.seq) OVER (PARTITION BY m.application_id ORDER BY m.seq) AS next_seq,
           ROW_NUMBER() OVER (PARTITION BY m.application_id, m.stage ORDER BY m.seq) AS nth
    FROM moves m
)
SELECT application_id, job_id, applied_at, stage, entered_at, left_at,
       CASE WHEN next_seq IS NULL THEN 1 ELSE 0 END, CASE WHEN nth = 1 THEN 1 ELSE 0 END
FROM ordered ORDER BY application_id, seq;

-- Applications whose stage was written without its move.
UPDATE stage_stays SET is_current = 0
WHERE is_current = 1 AND stage <> (SELECT a.stage FROM applications a WHERE a.id = stage_stays.application_id);
INSERT INTO stage_stays (application_id, job_id, applied_at, stage, entered_at, left_at, is_current, first_time)
SELECT a.id, a.job_id, a.created_at, a.stage, NULL, NULL, 1,
       CASE WHEN EXISTS (SELECT 1 FROM stage_stays y WHERE y.application_id = a.id AND y.stage = a.stage) THEN 0 ELSE 1 END
FROM applications a
WHERE NOT EXISTS (SELECT 1 FROM stage_stays y WHERE y.application_id = a.id AND y.is_current = 1);

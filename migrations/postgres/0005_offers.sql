-- Offers and departures, PostgreSQL: what connectors need to set up (and later
-- close) a new hire's records in payroll, the directory, the HRIS and training.
-- Released migrations are never edited: add a new file.

-- The offer HR recorded for an application (one; replaced when corrected).
-- `details` is a JSON document: start date, grade, salary, cost centre,
-- manager, work email, location. Salary is personal data: only HR and
-- administrators read it, and the audit log never holds it.
CREATE TABLE offers (
    application_id  BIGINT PRIMARY KEY REFERENCES applications (id),
    details         TEXT NOT NULL,
    updated_by      TEXT NOT NULL,
    updated_at      BIGINT NOT NULL
);

-- A hire leaving: at most one per application; it emits `employee.left`.
CREATE TABLE departures (
    application_id  BIGINT PRIMARY KEY REFERENCES applications (id),
    last_day        TEXT NOT NULL,
    event_id        TEXT NOT NULL,
    recorded_by     TEXT NOT NULL,
    recorded_at     BIGINT NOT NULL
);

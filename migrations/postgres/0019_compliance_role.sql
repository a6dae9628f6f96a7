-- A compliance role (issue 21): reads the audit trail and the adverse-impact
-- report and handles access and erasure requests and legal holds, but no
-- candidate's answers or reports.
-- Released migrations are never edited: add a new file.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('admin', 'hr', 'department-head', 'interviewer', 'compliance'));

-- Scoped enablement of plugins, SQLite. Released migrations are never edited: add a new file.

-- A plugin switched on (or off) for an organisation, region, branch,
-- department or job, with a semver requirement and its configuration (JSON,
-- checked against the plugin's schema when saved).
CREATE TABLE plugin_bindings (
    id              INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    scope_kind      TEXT NOT NULL CHECK (scope_kind IN ('organisation', 'region', 'branch', 'department', 'job')),
    scope_id        INTEGER NOT NULL,
    plugin_id       TEXT NOT NULL,
    requirement     TEXT NOT NULL,
    enabled         INTEGER NOT NULL,
    config          TEXT NOT NULL DEFAULT '{}',
    updated_at      INTEGER NOT NULL,
    UNIQUE (scope_kind, scope_id, plugin_id)
);
CREATE INDEX plugin_bindings_organisation ON plugin_bindings (organisation_id);

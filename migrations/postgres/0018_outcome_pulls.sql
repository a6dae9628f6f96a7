-- Outcomes pulled by connectors (issue 22, item 1; API 0.2.0's `outcomes`):
-- where each connector binding's next pull continues and what the last one
-- did. PostgreSQL.
-- Released migrations are never edited: add a new file.
CREATE TABLE outcome_pulls (
    binding_id      BIGINT PRIMARY KEY REFERENCES plugin_bindings (id) ON DELETE CASCADE,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    plugin_id       TEXT NOT NULL,
    -- The connector's opaque cursor, saved only after a page is recorded.
    cursor          TEXT NOT NULL DEFAULT '',
    last_pulled_at  BIGINT NOT NULL,
    -- Of the last pull: records recorded, and ignored (not a hire of the
    -- binding's scope) or refused (a rating outside the scale, say).
    recorded        BIGINT NOT NULL DEFAULT 0,
    ignored         BIGINT NOT NULL DEFAULT 0,
    refused         BIGINT NOT NULL DEFAULT 0,
    -- Why the last pull failed, without personal data; '' when it did not.
    last_error      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outcome_pulls_organisation ON outcome_pulls (organisation_id);
-- Finding a hire by the reference a connector returned for its event.
CREATE INDEX deliveries_outcome ON deliveries (plugin_id, outcome);

-- Knowledge base: service sheets (schede servizio, Designers Italia "Servizio" model), every
-- saved version of each, the citizens' ratings (AgID component), and the search outbox that
-- the search index consumes. Section bodies are Markdown; keywords are a JSON array of text.

-- Topics are referenced per ente like offices are.
CREATE UNIQUE INDEX topics_tenant_id ON topics (tenant_id, id);

CREATE TABLE sheets (
    id              INTEGER PRIMARY KEY,
    tenant_id       INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    external_id     TEXT,
    title           TEXT    NOT NULL,
    category        TEXT,
    service_active  INTEGER NOT NULL DEFAULT 1,
    status_reason   TEXT,
    summary         TEXT    NOT NULL,
    description     TEXT    NOT NULL DEFAULT '',
    audience        TEXT    NOT NULL DEFAULT '',
    how_to          TEXT    NOT NULL DEFAULT '',
    needed          TEXT    NOT NULL DEFAULT '',
    obtained        TEXT    NOT NULL DEFAULT '',
    deadlines       TEXT    NOT NULL DEFAULT '',
    max_response_days INTEGER,
    costs           TEXT    NOT NULL DEFAULT '',
    online_url      TEXT,
    booking_url     TEXT,
    place           TEXT    NOT NULL DEFAULT '',
    conditions      TEXT    NOT NULL DEFAULT '',
    contacts        TEXT    NOT NULL DEFAULT '',
    office_id       INTEGER,
    keywords        TEXT    NOT NULL DEFAULT '[]',
    notes           TEXT    NOT NULL DEFAULT '',
    state           TEXT    NOT NULL,
    review_by       TEXT,
    -- The review-by date a reminder was last queued for: one reminder per date set.
    reminded_for    TEXT,
    version         INTEGER NOT NULL,
    views           INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    published_at    INTEGER,
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, external_id),
    FOREIGN KEY (tenant_id, office_id) REFERENCES offices (tenant_id, id)
);
CREATE INDEX sheets_state ON sheets (tenant_id, state, title);
CREATE INDEX sheets_review ON sheets (state, review_by);

CREATE TABLE sheet_topics (
    tenant_id       INTEGER NOT NULL,
    sheet_id        INTEGER NOT NULL,
    topic_id        INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, sheet_id, topic_id),
    FOREIGN KEY (tenant_id, sheet_id) REFERENCES sheets (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, topic_id) REFERENCES topics (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX sheet_topics_topic ON sheet_topics (tenant_id, topic_id);

CREATE TABLE sheet_related (
    tenant_id       INTEGER NOT NULL,
    sheet_id        INTEGER NOT NULL,
    related_id      INTEGER NOT NULL,
    position        INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, sheet_id, related_id),
    FOREIGN KEY (tenant_id, sheet_id) REFERENCES sheets (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, related_id) REFERENCES sheets (tenant_id, id) ON DELETE CASCADE
);

-- Every save and every workflow step: who, when, why, and the whole sheet as it then was
-- (JSON), so any two versions can be compared and any version restored.
CREATE TABLE sheet_versions (
    id              INTEGER PRIMARY KEY,
    tenant_id       INTEGER NOT NULL,
    sheet_id        INTEGER NOT NULL,
    version         INTEGER NOT NULL,
    at              INTEGER NOT NULL,
    actor_id        INTEGER,
    state           TEXT    NOT NULL,
    note            TEXT    NOT NULL,
    snapshot        TEXT    NOT NULL,
    UNIQUE (tenant_id, sheet_id, version),
    FOREIGN KEY (tenant_id, sheet_id) REFERENCES sheets (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE sheet_ratings (
    id              INTEGER PRIMARY KEY,
    tenant_id       INTEGER NOT NULL,
    sheet_id        INTEGER NOT NULL,
    stars           INTEGER NOT NULL,
    answer          TEXT,
    details         TEXT,
    at              INTEGER NOT NULL,
    FOREIGN KEY (tenant_id, sheet_id) REFERENCES sheets (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX sheet_ratings_sheet ON sheet_ratings (tenant_id, sheet_id);

-- Documents whose search entry is stale, written in the same transaction as the change. The
-- search indexer reads them in id order and deletes what it has applied.
CREATE TABLE search_outbox (
    id              INTEGER PRIMARY KEY,
    tenant_id       INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    doc_kind        TEXT    NOT NULL,
    doc_id          INTEGER NOT NULL,
    created_at      INTEGER NOT NULL
);

-- Review reminders to an owner office go through the e-mail outbox and name their sheet.
ALTER TABLE outbox ADD COLUMN sheet_id INTEGER;

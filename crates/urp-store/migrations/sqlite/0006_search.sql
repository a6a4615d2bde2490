-- Search: each ente's synonym groups (edited by its back office) and the log of searches,
-- for content-gap reports (searches that found nothing, or whose results nobody opened).

CREATE TABLE search_synonyms (
    id              INTEGER PRIMARY KEY,
    tenant_id       INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    -- Members of one group, separated by commas, as the editor typed them.
    terms           TEXT    NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX search_synonyms_tenant ON search_synonyms (tenant_id, id);

CREATE TABLE search_log (
    id              INTEGER PRIMARY KEY,
    tenant_id       INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    at              INTEGER NOT NULL,
    -- The query folded (lowercase, no accents, single spaces), so reports group variants.
    query           TEXT    NOT NULL,
    -- Where it was typed: portal, staff, api.
    source          TEXT    NOT NULL,
    results         INTEGER NOT NULL,
    clicked_doc_id  INTEGER,
    clicked_at      INTEGER
);
CREATE INDEX search_log_tenant_at ON search_log (tenant_id, at);

-- Each app server keeps its own index and mark; old rows are pruned by age, not when applied.
CREATE INDEX search_outbox_created ON search_outbox (created_at);

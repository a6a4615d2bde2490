-- Notices (avvisi, comunicati, notizie) published on the portal under "Novità" between two
-- instants: publication is a condition on the clock at read time, so every app server shows
-- the same notices without a scheduler.
CREATE TABLE notices (
    id              INTEGER PRIMARY KEY,
    tenant_id       INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    title           TEXT    NOT NULL,
    summary         TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    topic_id        INTEGER,
    image_type      TEXT,
    image_bytes     BLOB,
    image_alt       TEXT,
    publish_from    INTEGER NOT NULL,
    publish_until   INTEGER,
    created_by      INTEGER,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    UNIQUE (tenant_id, id)
);
CREATE INDEX notices_published ON notices (tenant_id, publish_from);

CREATE TABLE notice_services (
    tenant_id       INTEGER NOT NULL,
    notice_id       INTEGER NOT NULL,
    service_id      INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, notice_id, service_id),
    FOREIGN KEY (tenant_id, notice_id) REFERENCES notices (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, service_id) REFERENCES services (tenant_id, id) ON DELETE CASCADE
);

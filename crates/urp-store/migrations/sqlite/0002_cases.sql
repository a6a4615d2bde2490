-- Cases: registry numbers, lifecycle history, suspensions, attachments, and the outbox of
-- side effects (e-mails) written in the same transaction as the change that causes them.
-- Dates (receipt day, due date, suspension days) are TEXT 'YYYY-MM-DD' in the ente's local
-- calendar on both engines; instants are epoch milliseconds as in 0001.

-- The last registry number issued per ente and year. Incremented inside the transaction that
-- stores the case, so a rolled-back case gives its number back: no gaps, no reuse.
CREATE TABLE registry_counters (
    tenant_id       INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    year            INTEGER NOT NULL,
    last_seq        INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, year)
);

CREATE TABLE cases (
    id              INTEGER PRIMARY KEY,
    tenant_id       INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    registry_year   INTEGER NOT NULL,
    registry_seq    INTEGER NOT NULL,
    tracking_code   TEXT    NOT NULL UNIQUE,
    kind            TEXT    NOT NULL,
    channel         TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    description     TEXT    NOT NULL,
    service         TEXT,
    topic_id        INTEGER,
    office_id       INTEGER,
    assignee_id     INTEGER,
    citizen_name    TEXT,
    citizen_surname TEXT,
    citizen_email   TEXT,
    citizen_phone   TEXT,
    citizen_fiscal_code TEXT,
    location_address TEXT,
    location_lat    REAL,
    location_lon    REAL,
    term_days       INTEGER NOT NULL,
    term_unit       TEXT    NOT NULL,
    received_at     INTEGER NOT NULL,
    received_date   TEXT    NOT NULL,
    due_date        TEXT,
    closed_at       INTEGER,
    created_by      INTEGER,
    idempotency_key TEXT,
    updated_at      INTEGER NOT NULL,
    UNIQUE (tenant_id, registry_year, registry_seq),
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, idempotency_key),
    FOREIGN KEY (tenant_id, office_id) REFERENCES offices (tenant_id, id),
    FOREIGN KEY (tenant_id, assignee_id) REFERENCES users (tenant_id, id)
);
-- Offices and users with cases are kept (deactivated, never deleted): history refers to them.
-- The operator queue: open cases of an ente by due date, optionally by office.
CREATE INDEX cases_queue ON cases (tenant_id, status, due_date, id);
CREATE INDEX cases_office_queue ON cases (tenant_id, office_id, status, due_date, id);
CREATE INDEX cases_received ON cases (tenant_id, received_at);

-- Everything that happened to a case, in order: creation, transitions, replies, notes.
-- `public` rows are what the citizen sees on the tracking page; internal notes never are.
CREATE TABLE case_events (
    id              INTEGER PRIMARY KEY,
    tenant_id       INTEGER NOT NULL,
    case_id         INTEGER NOT NULL,
    at              INTEGER NOT NULL,
    actor_id        INTEGER,
    kind            TEXT    NOT NULL,
    from_status     TEXT,
    to_status       TEXT,
    body            TEXT,
    public          INTEGER NOT NULL DEFAULT 0,
    FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX case_events_case ON case_events (tenant_id, case_id, id);

CREATE TABLE case_suspensions (
    id              INTEGER PRIMARY KEY,
    tenant_id       INTEGER NOT NULL,
    case_id         INTEGER NOT NULL,
    from_date       TEXT    NOT NULL,
    to_date         TEXT,
    reason          TEXT    NOT NULL,
    FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX case_suspensions_case ON case_suspensions (tenant_id, case_id);

CREATE TABLE attachments (
    id              INTEGER PRIMARY KEY,
    tenant_id       INTEGER NOT NULL,
    case_id         INTEGER NOT NULL,
    event_id        INTEGER,
    file_name       TEXT    NOT NULL,
    content_type    TEXT    NOT NULL,
    size            INTEGER NOT NULL,
    sha256          TEXT    NOT NULL,
    public          INTEGER NOT NULL DEFAULT 0,
    bytes           BLOB    NOT NULL,
    created_at      INTEGER NOT NULL,
    FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX attachments_case ON attachments (tenant_id, case_id);

-- Side effects to perform after commit (e-mails now; webhooks later), retried with backoff.
-- A row names what to send (kind, case, event, language); the worker renders the message when
-- it sends, from the committed rows, so the text always carries the final registry number.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    tenant_id       INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    kind            TEXT    NOT NULL,
    recipient       TEXT    NOT NULL,
    lang            TEXT    NOT NULL,
    case_id         INTEGER,
    event_id        INTEGER,
    created_at      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    sent_at         INTEGER,
    last_error      TEXT
);
CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE sent_at IS NULL;

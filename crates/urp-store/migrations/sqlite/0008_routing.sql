-- The back-office loop (issue 4): routing to offices, internal opinions, replies proposed by
-- offices, notifications, followers, scheduled jobs, routing rules, escalations and merges.
-- Instants are epoch milliseconds, days TEXT 'YYYY-MM-DD', as in 0002.

-- Every routing, take-over, internal request, answer, hand-back and validation, one typed
-- row each, so per-office flow figures (time to take in charge, time to answer the URP,
-- re-routings) are computed for any period from an index range, not from the history text.
CREATE TABLE case_flow_events (
    id              INTEGER PRIMARY KEY,
    tenant_id       INTEGER NOT NULL,
    case_id         INTEGER NOT NULL,
    kind            TEXT    NOT NULL,
    office_id       INTEGER,
    from_office_id  INTEGER,
    actor_id        INTEGER,
    opinion_id      INTEGER,
    at              INTEGER NOT NULL,
    FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX case_flow_office_time ON case_flow_events (tenant_id, office_id, at);
CREATE INDEX case_flow_time ON case_flow_events (tenant_id, at);
CREATE INDEX case_flow_case ON case_flow_events (tenant_id, case_id, id);

-- Internal requests for an opinion (richieste di parere interno) with their own deadline.
CREATE TABLE case_opinions (
    id              INTEGER PRIMARY KEY,
    tenant_id       INTEGER NOT NULL,
    case_id         INTEGER NOT NULL,
    office_id       INTEGER NOT NULL,
    question        TEXT    NOT NULL,
    asked_by        INTEGER,
    asked_at        INTEGER NOT NULL,
    due_date        TEXT    NOT NULL,
    answer          TEXT,
    answered_by     INTEGER,
    answered_at     INTEGER,
    FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, office_id) REFERENCES offices (tenant_id, id)
);
CREATE INDEX case_opinions_case ON case_opinions (tenant_id, case_id, id);
CREATE INDEX case_opinions_open ON case_opinions (tenant_id, office_id, due_date) WHERE answered_at IS NULL;

-- A reply an office hands back to the URP, which validates it before it reaches the citizen.
CREATE TABLE reply_proposals (
    id              INTEGER PRIMARY KEY,
    tenant_id       INTEGER NOT NULL,
    case_id         INTEGER NOT NULL,
    office_id       INTEGER,
    body            TEXT    NOT NULL,
    proposed_by     INTEGER,
    proposed_at     INTEGER NOT NULL,
    decided_by      INTEGER,
    decided_at      INTEGER,
    approved        INTEGER,
    FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX reply_proposals_case ON reply_proposals (tenant_id, case_id, id);

-- The ente's default internal term (NULL: 15 days) and the distance within which two placed
-- reports may be the same problem (NULL: 300 metres).
CREATE TABLE routing_settings (
    tenant_id       INTEGER PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    opinion_days    INTEGER,
    duplicate_distance_m INTEGER
);

-- Per office: its own internal term, whether its replies need the URP's validation, and the
-- head who is told when the office is late.
CREATE TABLE office_routing (
    tenant_id       INTEGER NOT NULL,
    office_id       INTEGER NOT NULL,
    opinion_days    INTEGER,
    validate_replies INTEGER NOT NULL DEFAULT 1,
    head_user_id    INTEGER,
    PRIMARY KEY (tenant_id, office_id),
    FOREIGN KEY (tenant_id, office_id) REFERENCES offices (tenant_id, id) ON DELETE CASCADE
);

-- Automatic routing of new cases: ordered, first match wins.
CREATE TABLE routing_rules (
    id              INTEGER PRIMARY KEY,
    tenant_id       INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    name            TEXT    NOT NULL,
    kind            TEXT,
    channel         TEXT,
    service         TEXT,
    topic_id        INTEGER,
    keywords        TEXT    NOT NULL DEFAULT '',
    office_id       INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    FOREIGN KEY (tenant_id, office_id) REFERENCES offices (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX routing_rules_order ON routing_rules (tenant_id, position, id);

-- In-app notifications; `email` is what happens by e-mail: 'none', 'now' (an outbox row was
-- written with it) or 'digest' (waits for the daily digest, then 'digested').
CREATE TABLE notifications (
    id              INTEGER PRIMARY KEY,
    tenant_id       INTEGER NOT NULL,
    user_id         INTEGER NOT NULL,
    kind            TEXT    NOT NULL,
    case_id         INTEGER,
    body            TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    read_at         INTEGER,
    email           TEXT    NOT NULL DEFAULT 'none',
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX notifications_user ON notifications (tenant_id, user_id, id);
CREATE INDEX notifications_unread ON notifications (tenant_id, user_id) WHERE read_at IS NULL;
CREATE INDEX notifications_digest ON notifications (tenant_id, user_id) WHERE email = 'digest';

CREATE TABLE notification_prefs (
    tenant_id       INTEGER NOT NULL,
    user_id         INTEGER NOT NULL,
    kind            TEXT    NOT NULL,
    mode            TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, user_id, kind),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE case_followers (
    tenant_id       INTEGER NOT NULL,
    case_id         INTEGER NOT NULL,
    user_id         INTEGER NOT NULL,
    since           INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, case_id, user_id),
    FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX case_followers_user ON case_followers (tenant_id, user_id);

-- Scheduled work (digests, escalations). One row per run, unique per (tenant, kind, due_at)
-- so two servers scheduling the same run write it once; claimed with a lease and a token, and
-- marked done in the transaction that writes its effects, so a run takes effect exactly once.
CREATE TABLE jobs (
    id              INTEGER PRIMARY KEY,
    tenant_id       INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    kind            TEXT    NOT NULL,
    due_at          INTEGER NOT NULL,
    lease_until     INTEGER,
    lease_token     TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0,
    done_at         INTEGER,
    last_error      TEXT,
    UNIQUE (tenant_id, kind, due_at)
);
CREATE INDEX jobs_pending ON jobs (due_at) WHERE done_at IS NULL;

-- Escalations already sent: one per case, kind (legal, opinion) and opinion.
CREATE TABLE case_escalations (
    tenant_id       INTEGER NOT NULL,
    case_id         INTEGER NOT NULL,
    kind            TEXT    NOT NULL,
    ref_id          INTEGER NOT NULL,
    at              INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, case_id, kind, ref_id)
);

-- A duplicate merged into a main case; undone rows are kept for the record.
CREATE TABLE case_merges (
    id              INTEGER PRIMARY KEY,
    tenant_id       INTEGER NOT NULL,
    case_id         INTEGER NOT NULL,
    into_case_id    INTEGER NOT NULL,
    previous_status TEXT    NOT NULL,
    merged_by       INTEGER,
    merged_at       INTEGER NOT NULL,
    undone_by       INTEGER,
    undone_at       INTEGER,
    FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, into_case_id) REFERENCES cases (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX case_merges_case ON case_merges (tenant_id, case_id) WHERE undone_at IS NULL;
CREATE INDEX case_merges_into ON case_merges (tenant_id, into_case_id) WHERE undone_at IS NULL;

-- Duplicate suggestions look among open cases of the same kind, newest first.
CREATE INDEX cases_open_kind ON cases (tenant_id, kind, received_at)
    WHERE status IN ('nuova', 'presa_in_carico', 'in_lavorazione', 'sospesa', 'riaperta');

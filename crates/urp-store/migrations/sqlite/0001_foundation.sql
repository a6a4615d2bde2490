-- Foundation: tenants (enti), offices, staff users, roles, topics, channels, sessions.
-- Timestamps are INTEGER milliseconds since the Unix epoch (UTC), always bound from Rust,
-- so comparisons are numeric and identical to PostgreSQL's BIGINT columns.

CREATE TABLE tenants (
    id              INTEGER PRIMARY KEY,
    slug            TEXT    NOT NULL UNIQUE,
    name            TEXT    NOT NULL,
    ipa_code        TEXT    NOT NULL,
    patron_month    INTEGER,
    patron_day      INTEGER,
    address         TEXT,
    phone           TEXT,
    email           TEXT,
    pec             TEXT,
    is_default      INTEGER NOT NULL DEFAULT 0,
    logo            BLOB,
    logo_type       TEXT,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
-- At most one default tenant.
CREATE UNIQUE INDEX tenants_one_default ON tenants (is_default) WHERE is_default = 1;

CREATE TABLE tenant_hosts (
    host            TEXT    PRIMARY KEY,
    tenant_id       INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE
);
CREATE INDEX tenant_hosts_tenant ON tenant_hosts (tenant_id);

CREATE TABLE offices (
    id              INTEGER PRIMARY KEY,
    tenant_id       INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name            TEXT    NOT NULL,
    competences     TEXT    NOT NULL,
    address         TEXT,
    opening_hours   TEXT,
    phone           TEXT,
    email           TEXT,
    pec             TEXT,
    responsible     TEXT,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    UNIQUE (tenant_id, name),
    UNIQUE (tenant_id, id)
);

CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    tenant_id       INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    email           TEXT    NOT NULL,
    name            TEXT    NOT NULL,
    password_hash   TEXT    NOT NULL,
    active          INTEGER NOT NULL DEFAULT 1,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    password_changed_at INTEGER NOT NULL,
    UNIQUE (tenant_id, email),
    UNIQUE (tenant_id, id)
);

CREATE TABLE user_roles (
    tenant_id       INTEGER NOT NULL,
    user_id         INTEGER NOT NULL,
    role            TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, user_id, role),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE user_offices (
    tenant_id       INTEGER NOT NULL,
    user_id         INTEGER NOT NULL,
    office_id       INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, user_id, office_id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, office_id) REFERENCES offices (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX user_offices_office ON user_offices (tenant_id, office_id);

CREATE TABLE topics (
    id              INTEGER PRIMARY KEY,
    tenant_id       INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name            TEXT    NOT NULL,
    description     TEXT,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    UNIQUE (tenant_id, name)
);

CREATE TABLE channels (
    id              INTEGER PRIMARY KEY,
    tenant_id       INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    code            TEXT    NOT NULL,
    name            TEXT    NOT NULL,
    active          INTEGER NOT NULL DEFAULT 1,
    position        INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    UNIQUE (tenant_id, code)
);

-- Server-side sessions, shared by every app server. The cookie carries a random token;
-- only its SHA-256 is stored, so a read of this table cannot be replayed as a login.
CREATE TABLE sessions (
    token_hash      TEXT    PRIMARY KEY,
    tenant_id       INTEGER NOT NULL,
    user_id         INTEGER NOT NULL,
    csrf_token      TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    last_seen_at    INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX sessions_user ON sessions (tenant_id, user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- Failed logins, per tenant and per key (an e-mail or a client address), for throttling.
CREATE TABLE login_failures (
    id              INTEGER PRIMARY KEY,
    tenant_id       INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    key             TEXT    NOT NULL,
    at              INTEGER NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (tenant_id, key, at);

-- Who changed what in the settings: kept for accountability (who, when, what).
CREATE TABLE audit_events (
    id              INTEGER PRIMARY KEY,
    tenant_id       INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id         INTEGER,
    action          TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    at              INTEGER NOT NULL
);
CREATE INDEX audit_events_tenant ON audit_events (tenant_id, at);

-- The service catalogue (procedimenti) and the forms library (modulistica).
-- A service's intake definition is versioned: every save of the extra fields adds a row to
-- service_definitions, and a case keeps the id of the version it was opened with, so its
-- answers can always be read against the questions that were asked.

CREATE TABLE services (
    id              INTEGER PRIMARY KEY,
    tenant_id       INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    -- Stable identifier in URLs and the Open311 service_code.
    code            TEXT    NOT NULL,
    name            TEXT    NOT NULL,
    description     TEXT    NOT NULL,
    category        TEXT    NOT NULL,
    office_id       INTEGER,
    responsible     TEXT,
    term_days       INTEGER NOT NULL,
    term_unit       TEXT    NOT NULL,
    silence_consent INTEGER NOT NULL DEFAULT 0,
    substitute      TEXT,
    -- Codes separated by commas: online, sportello, posta, pec.
    channels        TEXT    NOT NULL,
    fee             TEXT,
    -- The service's information sheet: an id or URL, without a foreign key until sheets exist.
    sheet_ref       TEXT,
    published       INTEGER NOT NULL DEFAULT 0,
    current_definition_id INTEGER,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    UNIQUE (tenant_id, code),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, office_id) REFERENCES offices (tenant_id, id)
);
CREATE INDEX services_category ON services (tenant_id, category, name);

CREATE TABLE service_definitions (
    id              INTEGER PRIMARY KEY,
    tenant_id       INTEGER NOT NULL,
    service_id      INTEGER NOT NULL,
    version         INTEGER NOT NULL,
    -- The fields as JSON (urp_domain::catalogue::IntakeField list), never changed once written.
    fields          TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    created_by      INTEGER,
    UNIQUE (tenant_id, service_id, version),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, service_id) REFERENCES services (tenant_id, id) ON DELETE CASCADE
);

-- A case opened for a service: which service, which definition version, and the answers
-- (JSON list of urp_domain::catalogue::Answer).
ALTER TABLE cases ADD COLUMN service_id INTEGER;
ALTER TABLE cases ADD COLUMN service_definition_id INTEGER;
ALTER TABLE cases ADD COLUMN intake_answers TEXT;

CREATE TABLE forms (
    id              INTEGER PRIMARY KEY,
    tenant_id       INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    title           TEXT    NOT NULL,
    description     TEXT    NOT NULL,
    office_id       INTEGER,
    topic_id        INTEGER,
    -- Sheets that use the form: ids or URLs, one per line, without a foreign key for now.
    sheet_refs      TEXT,
    valid_from      TEXT,
    valid_until     TEXT,
    review_by       TEXT,
    needs_review    INTEGER NOT NULL DEFAULT 0,
    published       INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, office_id) REFERENCES offices (tenant_id, id)
);
CREATE INDEX forms_title ON forms (tenant_id, title);

-- Every uploaded version is kept; the highest number is the current one.
CREATE TABLE form_versions (
    id              INTEGER PRIMARY KEY,
    tenant_id       INTEGER NOT NULL,
    form_id         INTEGER NOT NULL,
    version         INTEGER NOT NULL,
    file_name       TEXT    NOT NULL,
    content_type    TEXT    NOT NULL,
    size            INTEGER NOT NULL,
    sha256          TEXT    NOT NULL,
    bytes           BLOB    NOT NULL,
    note            TEXT,
    created_at      INTEGER NOT NULL,
    created_by      INTEGER,
    UNIQUE (tenant_id, form_id, version),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, form_id) REFERENCES forms (tenant_id, id) ON DELETE CASCADE
);

-- Downloads per version and day: totals, and figures over any period (campaign results).
CREATE TABLE form_downloads (
    tenant_id       INTEGER NOT NULL,
    version_id      INTEGER NOT NULL,
    day             TEXT    NOT NULL,
    count           INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, version_id, day),
    FOREIGN KEY (tenant_id, version_id) REFERENCES form_versions (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE service_forms (
    tenant_id       INTEGER NOT NULL,
    service_id      INTEGER NOT NULL,
    form_id         INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, service_id, form_id),
    FOREIGN KEY (tenant_id, service_id) REFERENCES services (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, form_id) REFERENCES forms (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX service_forms_form ON service_forms (tenant_id, form_id);

-- Per-ente settings that change deadlines: extra closing days of the offices (beyond national
-- holidays and the patron saint) and the term of each kind of case when it is not the law's
-- default of 30 calendar days.
CREATE TABLE tenant_closures (
    tenant_id       INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    day             TEXT    NOT NULL,
    reason          TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, day)
);

CREATE TABLE case_kind_terms (
    tenant_id       INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    kind            TEXT    NOT NULL,
    days            INTEGER NOT NULL,
    unit            TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, kind)
);

-- The operator queue lists open cases by due date (undated last). A partial index over open
-- cases in exactly that order lets both engines read the first page without sorting every
-- open case. The status list must match `CaseStatus::is_open` and the queue's SQL, which
-- writes the same statuses literally so that SQLite's planner can match this index.
CREATE INDEX cases_open_queue ON cases (tenant_id, (due_date IS NULL), due_date, id)
    WHERE status IN ('nuova', 'presa_in_carico', 'in_lavorazione', 'sospesa', 'riaperta');
CREATE INDEX cases_open_office_queue ON cases (tenant_id, office_id, (due_date IS NULL), due_date, id)
    WHERE status IN ('nuova', 'presa_in_carico', 'in_lavorazione', 'sospesa', 'riaperta');

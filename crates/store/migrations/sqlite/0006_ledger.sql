-- The agency's request ledger (依申请公开台账, ledger.md). Keep in step with
-- migrations/postgres/0006_ledger.sql: the same tables, columns and meanings.
-- A request's whole record (applicant, channel, events, outcome, documents) is the JSON of
-- xxgk-ledger's `Request`; the columns beside it are what lists filter and sort on.
-- Times are RFC 3339 timestamps, dates ISO 8601 (YYYY-MM-DD).

CREATE TABLE ledger_requests (
    id          INTEGER PRIMARY KEY,
    -- the body whose ledger this is (no foreign key, as users.body_id)
    body_id     INTEGER NOT NULL,
    -- the office's register number, unique in the body's ledger ('2025-0001')
    number      TEXT NOT NULL,
    -- the ledger year: the year of receipt, or the year a carried-over request came into
    year        INTEGER NOT NULL,
    received    TEXT NOT NULL,
    -- open | closed | carried (open on 31 December, carried into the next year)
    status      TEXT NOT NULL,
    -- the current statutory due date, NULL when the calendar cannot tell
    due         TEXT,
    closed      TEXT,
    request     TEXT NOT NULL,
    -- bumped by every change: a change made on an older version is refused
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (body_id, number)
);
CREATE INDEX ledger_requests_body ON ledger_requests (body_id, year, status, due);

-- 行政复议 and 行政诉讼 about disclosure decisions (table four).
CREATE TABLE ledger_appeals (
    id          INTEGER PRIMARY KEY,
    body_id     INTEGER NOT NULL,
    year        INTEGER NOT NULL,
    appeal      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX ledger_appeals_body ON ledger_appeals (body_id, year);

-- The year-end report a body builds from its ledger: the narrative the office writes and,
-- once published, the file it was stored as.
CREATE TABLE ledger_drafts (
    body_id      INTEGER NOT NULL,
    year         INTEGER NOT NULL,
    narrative    TEXT NOT NULL,
    published_at TEXT,
    -- the file the published report was stored as (the corpus reads it like any upload)
    file_sha256  TEXT,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (body_id, year)
);

-- Every change to the ledger (条例 Art. 45: 登记、审核、办理、答复、归档): who, when, what.
-- Append-only: the triggers below refuse any UPDATE or DELETE.
CREATE TABLE ledger_audit (
    id          INTEGER PRIMARY KEY,
    body_id     INTEGER NOT NULL,
    request_id  INTEGER,
    appeal_id   INTEGER,
    at          TEXT NOT NULL,
    -- the user name, or 'import' / 'system'
    actor       TEXT NOT NULL,
    -- what was done, Chinese first ('登记 / registered')
    action      TEXT NOT NULL,
    -- the change as JSON (fields before and after, a document's name, …)
    detail      TEXT NOT NULL
);
CREATE INDEX ledger_audit_request ON ledger_audit (request_id, id);
CREATE INDEX ledger_audit_body ON ledger_audit (body_id, id);

CREATE TRIGGER ledger_audit_no_update BEFORE UPDATE ON ledger_audit
BEGIN
    SELECT RAISE(ABORT, 'ledger_audit is append-only');
END;
CREATE TRIGGER ledger_audit_no_delete BEFORE DELETE ON ledger_audit
BEGIN
    SELECT RAISE(ABORT, 'ledger_audit is append-only');
END;

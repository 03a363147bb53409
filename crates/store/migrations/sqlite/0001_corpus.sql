-- The corpus (SQLite). Keep in step with migrations/postgres/0001_corpus.sql: the same
-- tables, columns and meanings; only the types and key generation differ.

-- Every original file, content-addressed, stored before anything is parsed.
CREATE TABLE files (
    sha256      TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    size        BIGINT NOT NULL,
    bytes       BLOB NOT NULL,
    received_at TEXT NOT NULL,
    -- queued: stored, not yet processed; done: its report row exists
    status      TEXT NOT NULL DEFAULT 'queued',
    attempts    BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX files_queued ON files (status, received_at);

-- The organisation tree: province → city → county (any depth).
CREATE TABLE regions (
    id        INTEGER PRIMARY KEY,
    parent_id BIGINT REFERENCES regions (id),
    name      TEXT NOT NULL,
    -- '/四川省/成都市/武侯区' : the names from the root, for filtering by any level
    path      TEXT NOT NULL UNIQUE,
    level     BIGINT NOT NULL
);

CREATE TABLE bodies (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    region_id  BIGINT REFERENCES regions (id),
    -- government | department | township | unknown
    kind       TEXT NOT NULL,
    -- JSON array of other names
    aliases    TEXT NOT NULL DEFAULT '[]',
    -- the years it must report: first and last (NULL: open)
    from_year  BIGINT,
    to_year    BIGINT,
    -- tree: imported; report: created from a report's name
    origin     TEXT NOT NULL
);

-- Every normalised name and alias of a body, for matching.
CREATE TABLE body_names (
    norm    TEXT NOT NULL,
    body_id BIGINT NOT NULL REFERENCES bodies (id),
    PRIMARY KEY (norm, body_id)
);

CREATE TABLE reports (
    id            INTEGER PRIMARY KEY,
    sha256        TEXT NOT NULL UNIQUE REFERENCES files (sha256),
    name          TEXT NOT NULL,
    format        TEXT NOT NULL,
    body_id       BIGINT REFERENCES bodies (id),
    -- matched | created | unmatched | ambiguous | none (no name read)
    match_status  TEXT NOT NULL,
    -- JSON array of candidate body ids when ambiguous
    match_note    TEXT,
    agency        TEXT,
    year          BIGINT,
    published     TEXT,
    title         TEXT,
    -- 1: the current version for its body and year
    is_current    BIGINT NOT NULL DEFAULT 1,
    -- 1: not read as a report (S001); listed apart
    failed        BIGINT NOT NULL DEFAULT 0,
    errors        BIGINT NOT NULL DEFAULT 0,
    warnings      BIGINT NOT NULL DEFAULT 0,
    infos         BIGINT NOT NULL DEFAULT 0,
    -- 1: the cross-report rules still have to run for it
    cross_pending BIGINT NOT NULL DEFAULT 1,
    report_json   TEXT,
    extraction    TEXT,
    version       TEXT NOT NULL,
    ingested_at   TEXT NOT NULL
);
CREATE INDEX reports_body_year ON reports (body_id, year);
CREATE INDEX reports_year ON reports (year);
CREATE INDEX reports_pending ON reports (cross_pending);

CREATE TABLE findings (
    id          INTEGER PRIMARY KEY,
    report_id   BIGINT NOT NULL REFERENCES reports (id),
    code        TEXT NOT NULL,
    severity    TEXT NOT NULL,
    -- 1: from a cross-report rule (replaced when the neighbours change)
    cross_rule  BIGINT NOT NULL DEFAULT 0,
    message     TEXT NOT NULL,
    tbl         TEXT,
    row_key     TEXT,
    col_key     TEXT,
    -- the whole finding as JSON (location, values, help)
    finding     TEXT NOT NULL,
    version     TEXT NOT NULL
);
CREATE INDEX findings_report ON findings (report_id);
CREATE INDEX findings_code ON findings (code);

-- MinHash bands of each section that counts (X102 candidates without all pairs).
CREATE TABLE section_bands (
    band      BIGINT NOT NULL,
    report_id BIGINT NOT NULL REFERENCES reports (id),
    section   BIGINT NOT NULL
);
CREATE INDEX section_bands_band ON section_bands (band);
CREATE INDEX section_bands_report ON section_bands (report_id);

-- How many current reports carry each band: a band many reports share is template text
-- (the same opening paragraph everywhere) and finds no candidates.
CREATE TABLE band_counts (
    band BIGINT PRIMARY KEY,
    n    BIGINT NOT NULL
);

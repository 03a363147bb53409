-- The canonical report and the extraction move out of `reports` into a table of their own:
-- they are tens of kilobytes each, and in SQLite a row that carries them fills whole pages,
-- so that every scan of the report list read hundreds of megabytes. `reports` keeps the
-- small columns that lists, filters and counts read. Keep in step with the other backend.
CREATE TABLE report_docs (
    report_id   BIGINT PRIMARY KEY REFERENCES reports (id),
    report_json TEXT,
    extraction  TEXT
);
INSERT INTO report_docs (report_id, report_json, extraction)
    SELECT id, report_json, extraction FROM reports;
ALTER TABLE reports DROP COLUMN report_json;
ALTER TABLE reports DROP COLUMN extraction;

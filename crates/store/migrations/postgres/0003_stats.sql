-- The figures the dashboard sums, one row per stored report (not for failed files):
-- table three's 总计 column by outcome group, table four's totals. NULL where the
-- report lacks the table: a missing table is never counted as zero.
-- Keep in step with the other backend's 0003_stats.sql.
CREATE TABLE report_stats (
    report_id          BIGINT PRIMARY KEY REFERENCES reports (id),
    new_received       BIGINT,
    carried_over       BIGINT,
    granted            BIGINT,
    partially_granted  BIGINT,
    denied             BIGINT,
    unavailable        BIGINT,
    rejected           BIGINT,
    other              BIGINT,
    total              BIGINT,
    carried_forward    BIGINT,
    reviews            BIGINT,
    litigations        BIGINT
);

-- The web app (SQLite): accounts, sessions, login throttling, reviewers' marks. Keep in
-- step with migrations/postgres/0002_web.sql: the same tables, columns and meanings.
-- Times are Unix seconds.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    -- argon2id PHC string
    password_hash TEXT NOT NULL,
    -- admin | reviewer | body
    role          TEXT NOT NULL,
    -- reviewer: the region path it reviews, everything under it too ('/四川省/成都市')
    region        TEXT,
    -- body: the body whose reports it sees (no foreign key: `xxgk reparse` recreates
    -- the bodies made from reports; accounts are meant for the imported tree's bodies)
    body_id       BIGINT,
    created_at    BIGINT NOT NULL
);

-- A session is found by the SHA-256 of its cookie token; the token itself is not stored.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    -- the per-session CSRF token every form and state-changing API call carries
    csrf       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Every login attempt, for throttling by user name and by address.
CREATE TABLE login_attempts (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    ip   TEXT,
    at   BIGINT NOT NULL,
    -- 1: succeeded
    ok   BIGINT NOT NULL
);
CREATE INDEX login_attempts_name ON login_attempts (name, at);
CREATE INDEX login_attempts_ip ON login_attempts (ip, at);

-- A reviewer's mark on a finding. Keyed by the file's SHA-256, the rule code and the
-- finding's stable key (its cell, or its place in the text), never by a findings row:
-- those are replaced when the reports are checked again, the mark stays.
CREATE TABLE finding_marks (
    sha256      TEXT NOT NULL,
    code        TEXT NOT NULL,
    finding_key TEXT NOT NULL,
    -- confirmed | dismissed
    mark        TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    user_id     BIGINT REFERENCES users (id),
    marked_at   BIGINT NOT NULL,
    PRIMARY KEY (sha256, code, finding_key)
);

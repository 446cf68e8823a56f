-- Sessions, API tokens, login throttling and the audit log.

-- Server-side sessions for tower-sessions; `data` is the JSON session record.
CREATE TABLE sessions (
    id         TEXT PRIMARY KEY,
    data       TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_expiry_idx ON sessions (expires_at);

-- Bearer tokens for the JSON API. Only the SHA-256 of a token is stored.
CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash   TEXT NOT NULL,
    label        TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at   BIGINT,
    CONSTRAINT api_tokens_hash_key UNIQUE (token_hash)
);

-- Every login attempt, so throttling works across several app instances.
-- `username_folded` may name an account that does not exist.
CREATE TABLE login_attempts (
    id              INTEGER PRIMARY KEY,
    username_folded TEXT NOT NULL,
    address         TEXT NOT NULL,
    succeeded       INTEGER NOT NULL,
    attempted_at    BIGINT NOT NULL
);
CREATE INDEX login_attempts_user_idx ON login_attempts (username_folded, attempted_at);
CREATE INDEX login_attempts_address_idx ON login_attempts (address, attempted_at);

-- Who changed what, and when. `details` is JSON without personal data beyond ids.
CREATE TABLE audit_log (
    id            INTEGER PRIMARY KEY,
    occurred_at   BIGINT NOT NULL,
    user_id       BIGINT,
    province_code TEXT,
    action        TEXT NOT NULL,
    entity        TEXT NOT NULL,
    entity_id     TEXT NOT NULL,
    details       TEXT NOT NULL
);
CREATE INDEX audit_log_province_idx ON audit_log (province_code, occurred_at);

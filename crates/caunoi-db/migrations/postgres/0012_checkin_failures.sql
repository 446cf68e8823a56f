-- Wrong check-in codes typed, per person, so that nobody can guess a session's code:
-- attendance credits hours and opens recordings whose consent is pending.
CREATE TABLE checkin_failures (
    user_id   BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    failed_at BIGINT NOT NULL
);
CREATE INDEX checkin_failures_user_idx ON checkin_failures (user_id, failed_at);

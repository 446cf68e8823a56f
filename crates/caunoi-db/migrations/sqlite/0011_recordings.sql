-- Recorded lessons: videos uploaded to an activity in parts, so an interrupted
-- upload resumes from its last stored part, with the families' consent status and
-- time-stamped comments.

CREATE TABLE recordings (
    id             INTEGER PRIMARY KEY,
    activity_id    BIGINT NOT NULL REFERENCES activities (id),
    title          TEXT NOT NULL,
    -- Name of the file on the uploader's device, for the download.
    file_name      TEXT NOT NULL,
    -- 'video/mp4', 'video/webm' or 'video/quicktime', read from the first part;
    -- empty until it arrives.
    content_type   TEXT NOT NULL DEFAULT '',
    -- Size announced when the upload started, and bytes stored so far.
    size_bytes     BIGINT NOT NULL,
    received_bytes BIGINT NOT NULL DEFAULT 0,
    -- 'uploading', 'ready' or 'deleted'.
    status         TEXT NOT NULL,
    -- 'pending', 'cluster' or 'province' (caunoi_core::activity::recording::Consent).
    consent        TEXT NOT NULL DEFAULT 'pending',
    consent_by     BIGINT REFERENCES users (id),
    consent_at     BIGINT,
    uploaded_by    BIGINT NOT NULL REFERENCES users (id),
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    completed_at   BIGINT,
    deleted_at     BIGINT,
    -- 'user', 'retention' or 'abandoned'.
    deleted_reason TEXT
);
CREATE INDEX recordings_activity_idx ON recordings (activity_id, status);
CREATE INDEX recordings_status_idx ON recordings (status, completed_at);

-- The stored parts of a recording, in order: part n holds the bytes
-- offset_bytes .. offset_bytes + size_bytes of the video.
CREATE TABLE recording_parts (
    recording_id BIGINT NOT NULL REFERENCES recordings (id),
    part_no      INTEGER NOT NULL,
    offset_bytes BIGINT NOT NULL,
    size_bytes   BIGINT NOT NULL,
    storage_key  TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (recording_id, part_no)
);

CREATE TABLE recording_comments (
    id           INTEGER PRIMARY KEY,
    recording_id BIGINT NOT NULL REFERENCES recordings (id),
    author_id    BIGINT NOT NULL REFERENCES users (id),
    -- Position in the video, in milliseconds.
    position_ms  BIGINT NOT NULL,
    -- 'strength', 'question' or 'suggestion'.
    kind         TEXT NOT NULL,
    -- Code of a lesson-analysis criterion, or empty.
    criterion    TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX recording_comments_recording_idx ON recording_comments (recording_id, position_ms);

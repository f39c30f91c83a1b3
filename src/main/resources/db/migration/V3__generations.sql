-- A generation is both the durable job (queued, running, finished) and, once it succeeded, the history entry.
CREATE TABLE generations (
    id               VARCHAR(36)    NOT NULL PRIMARY KEY,
    voice_id         VARCHAR(36)    NOT NULL,
    voice_name       VARCHAR(100)   NOT NULL,
    text             VARCHAR(10000) NOT NULL,
    language         VARCHAR(16)    NOT NULL,
    seed             BIGINT,
    sampling         VARCHAR(1000),
    status           VARCHAR(16)    NOT NULL,
    chunks_total     INTEGER        NOT NULL,
    chunks_done      INTEGER        NOT NULL,
    attempts         INTEGER        NOT NULL,
    error            VARCHAR(1000),
    cancel_requested BOOLEAN        NOT NULL,
    runner_id        VARCHAR(64),
    lease_until      TIMESTAMP WITH TIME ZONE,
    duration_ms      INTEGER,
    worker_ms        BIGINT,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at       TIMESTAMP WITH TIME ZONE,
    finished_at      TIMESTAMP WITH TIME ZONE
);

CREATE INDEX generations_newest_first ON generations (created_at DESC, id);
CREATE INDEX generations_runnable ON generations (status, lease_until);

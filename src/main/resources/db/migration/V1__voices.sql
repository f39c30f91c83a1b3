-- A cloned voice: its reference clip, what is said in it, and the consent given for it.
CREATE TABLE voices (
    id                   VARCHAR(36)   NOT NULL PRIMARY KEY,
    name                 VARCHAR(100)  NOT NULL,
    transcript           VARCHAR(2000) NOT NULL,
    language             VARCHAR(16)   NOT NULL,
    consent_statement    VARCHAR(200)  NOT NULL,
    consent_source       VARCHAR(32)   NOT NULL,
    consent_accepted_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    duration_ms          INTEGER       NOT NULL,
    source_duration_ms   INTEGER       NOT NULL,
    source_format        VARCHAR(64)   NOT NULL,
    source_codec         VARCHAR(64)   NOT NULL,
    original_filename    VARCHAR(255),
    original_size_bytes  BIGINT        NOT NULL,
    content_sha256       CHAR(64)      NOT NULL,
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at           TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX voices_newest_first ON voices (created_at DESC, id);

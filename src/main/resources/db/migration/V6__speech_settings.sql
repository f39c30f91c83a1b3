-- The admin's choice of speech worker, one row once made: the one this app runs on its own machine, or a remote
-- one (Modal, another machine) with its address and credentials.
CREATE TABLE speech_settings (
    id           INTEGER      NOT NULL PRIMARY KEY,
    choice       VARCHAR(16)  NOT NULL,
    base_url     VARCHAR(500),
    bearer_token VARCHAR(500),
    modal_key    VARCHAR(200),
    modal_secret VARCHAR(200),
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by   VARCHAR(64)  NOT NULL
);

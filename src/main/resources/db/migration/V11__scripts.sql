-- Scripts: ordered segments, each spoken in its own voice, with the takes made of it (each one a generation).
CREATE TABLE scripts (
    id         VARCHAR(36)  NOT NULL PRIMARY KEY,
    owner_id   VARCHAR(36)  NOT NULL,
    title      VARCHAR(200) NOT NULL,
    speakers   VARCHAR(4000) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX scripts_by_owner ON scripts (owner_id, updated_at);

CREATE TABLE script_segments (
    id            VARCHAR(36)   NOT NULL PRIMARY KEY,
    script_id     VARCHAR(36)   NOT NULL REFERENCES scripts (id) ON DELETE CASCADE,
    position      INTEGER       NOT NULL,
    heading       BOOLEAN       NOT NULL,
    speaker       VARCHAR(60),
    voice_id      VARCHAR(80)   NOT NULL,
    language      VARCHAR(16),
    instructions  VARCHAR(500),
    text          VARCHAR(10000) NOT NULL,
    continues     BOOLEAN       NOT NULL,
    locked        BOOLEAN       NOT NULL,
    take_id       VARCHAR(36),
    render_wanted BOOLEAN       NOT NULL,
    render_error  VARCHAR(1000)
);
CREATE INDEX script_segments_in_order ON script_segments (script_id, position);
CREATE INDEX script_segments_wanted ON script_segments (render_wanted);

CREATE TABLE script_takes (
    id            VARCHAR(36) NOT NULL PRIMARY KEY,
    segment_id    VARCHAR(36) NOT NULL REFERENCES script_segments (id) ON DELETE CASCADE,
    generation_id VARCHAR(36) NOT NULL,
    seed          BIGINT      NOT NULL,
    fingerprint   VARCHAR(64) NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX script_takes_by_segment ON script_takes (segment_id, created_at);
CREATE INDEX script_takes_by_generation ON script_takes (generation_id);

-- A generation made for a script belongs to it and stays out of the history.
ALTER TABLE generations ADD COLUMN part_of VARCHAR(80);

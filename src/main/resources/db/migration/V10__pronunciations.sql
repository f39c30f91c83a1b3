-- A person's pronunciation dictionary, and the text a generation actually spoke once the rules rewrote it.
CREATE TABLE pronunciations (
    id             VARCHAR(36)  NOT NULL PRIMARY KEY,
    owner_id       VARCHAR(36)  NOT NULL,
    phrase         VARCHAR(100) NOT NULL,
    alias          VARCHAR(200) NOT NULL,
    language       VARCHAR(16),
    whole_word     BOOLEAN      NOT NULL,
    case_sensitive BOOLEAN      NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX pronunciations_by_owner ON pronunciations (owner_id, created_at);

ALTER TABLE generations ADD COLUMN spoken_text VARCHAR(50000);

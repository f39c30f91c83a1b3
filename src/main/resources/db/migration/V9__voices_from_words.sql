-- Voices from words: a designed voice keeps the description it was made from, a generation may carry a speaking
-- style for a preset speaker, and the candidates of a design wait to be saved (a day at most).
ALTER TABLE voices ADD COLUMN description VARCHAR(500);
ALTER TABLE generations ADD COLUMN instructions VARCHAR(500);

CREATE TABLE voice_designs (
    id          VARCHAR(36)  NOT NULL PRIMARY KEY,
    owner_id    VARCHAR(36)  NOT NULL,
    description VARCHAR(500) NOT NULL,
    text        VARCHAR(500) NOT NULL,
    language    VARCHAR(16)  NOT NULL,
    seeds       VARCHAR(100) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX voice_designs_by_owner ON voice_designs (owner_id, created_at);

-- How many parts from the first on a running generation has stored: followers learn what they can play from the
-- row instead of asking the audio store about each part.
ALTER TABLE generations ADD COLUMN chunks_ready INT DEFAULT 0 NOT NULL;

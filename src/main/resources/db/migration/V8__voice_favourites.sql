-- A person's favourite voices come first in their lists; "most used" sorts by the generations each voice made.
ALTER TABLE voices ADD COLUMN favourite BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE voices ADD COLUMN uses INTEGER DEFAULT 0 NOT NULL;

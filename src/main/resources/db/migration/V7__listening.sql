-- Whether a voice's transcript was typed by a person or heard in the clip by the speech worker.
ALTER TABLE voices ADD COLUMN transcript_source VARCHAR(8) DEFAULT 'typed' NOT NULL;

-- Whether a generation's chunks are to be checked by listening to them, and what the check found (JSON: chunks
-- checked, those spoken again and why, or why nothing was checked).
ALTER TABLE generations ADD COLUMN self_check BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE generations ADD COLUMN checks VARCHAR(100000);

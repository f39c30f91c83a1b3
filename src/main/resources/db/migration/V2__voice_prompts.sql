-- The clone prompt made from a voice's reference clip by the TTS worker; the blob itself is in the blob store.
ALTER TABLE voices ADD COLUMN prompt_model VARCHAR(300);
ALTER TABLE voices ADD COLUMN prompt_format INTEGER;
ALTER TABLE voices ADD COLUMN prompt_created_at TIMESTAMP WITH TIME ZONE;

-- Where each chunk's part of a finished generation's stitched audio ends (comma-separated sample offsets): the
-- chunk files are removed once the audio is stitched, and a chunk is then served as its part of the audio.
ALTER TABLE generations ADD COLUMN chunk_ends VARCHAR(200000);

-- Files shared into a video visit: by any participant during the call, or by the patient from the
-- portal before it. The bytes are the attachments module's sealed, content-addressed blobs (table
-- `blob`); this table says which visit, and which participant, a blob was shared into. Part of the
-- visit's record, like its chat.
CREATE TABLE visit_file (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  visit_id uuid NOT NULL REFERENCES visit(id) ON DELETE CASCADE,
  participant_id uuid NOT NULL REFERENCES visit_participant(id),
  sha256 text NOT NULL REFERENCES blob(sha256),
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  media_type text NOT NULL,
  size bigint NOT NULL CHECK (size >= 0),
  -- A small WebP preview of an image, itself a blob, shown first on a slow link.
  thumbnail_sha256 text REFERENCES blob(sha256),
  -- The tus upload it came from: committing the same upload twice shares it once.
  upload_id text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX visit_file_visit_idx ON visit_file (visit_id, created_at);

-- The chat message that announced a shared file (its body is the file's name).
ALTER TABLE visit_message ADD COLUMN file_id uuid REFERENCES visit_file(id);

-- Attachments of a teleconsultation case. The bytes live in the blob store, sealed and named by
-- the SHA-256 of their plaintext; this table says which case (and message) a blob belongs to.

-- One row per stored blob: its data key, wrapped by the configured ENCRYPTION_KEY, and its size.
-- The same file attached twice is stored once.
CREATE TABLE blob (
  sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size bigint NOT NULL CHECK (size >= 0),
  wrapped_key text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE consultation_attachment (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  consultation_id uuid NOT NULL REFERENCES consultation(id),
  message_id uuid REFERENCES consultation_message(id),
  sha256 text NOT NULL REFERENCES blob(sha256),
  file_name text NOT NULL,
  media_type text NOT NULL,
  size bigint NOT NULL,
  -- A small WebP preview of an image, itself a blob, shown first on a slow link.
  thumbnail_sha256 text REFERENCES blob(sha256),
  uploaded_by uuid NOT NULL REFERENCES app_user(id),
  uploaded_facility_id uuid NOT NULL REFERENCES facility(id),
  -- The tus upload it came from: committing the same upload twice attaches it once.
  upload_id text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX consultation_attachment_case_idx ON consultation_attachment (consultation_id, created_at);

-- Broadcast sessions and recordings of video visits.

-- A broadcast (a lecture, a case conference with many observers) goes through the SFU from its
-- start, however few people are in it; its observers only receive.
ALTER TABLE visit ADD COLUMN broadcast boolean NOT NULL DEFAULT false;

-- A clinician's request to record the visit, and what became of it. It records only once everyone
-- present has consented (started_at is when that first happened); someone who joins later pauses it
-- until they consent too; anyone who declines ends it. The recording itself is a blob (sealed and
-- content-addressed like any other), uploaded by the clinician's browser after it stops.
CREATE TABLE visit_recording (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  visit_id uuid NOT NULL REFERENCES visit(id),
  requested_by uuid NOT NULL REFERENCES visit_participant(id),
  state text NOT NULL DEFAULT 'asking' CHECK (state IN ('asking', 'recording', 'paused', 'stopped', 'cancelled')),
  started_at timestamptz,
  ended_at timestamptz,
  end_reason text CHECK (end_reason IN ('stopped', 'declined', 'visit_ended')),
  sha256 text REFERENCES blob(sha256),
  size bigint,
  duration_ms integer,
  upload_id text UNIQUE,
  stored_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Nothing is ever stored for a request that did not have everyone's consent, whatever the code above.
  CHECK (sha256 IS NULL OR started_at IS NOT NULL),
  CHECK (state IN ('asking', 'cancelled') OR started_at IS NOT NULL)
);
-- One request at a time per visit.
CREATE UNIQUE INDEX visit_recording_one_active ON visit_recording (visit_id) WHERE state IN ('asking', 'recording', 'paused');
CREATE INDEX visit_recording_visit_idx ON visit_recording (visit_id, created_at);

-- Each participant's answer to a recording request: given once, kept with the record.
CREATE TABLE visit_recording_consent (
  recording_id uuid NOT NULL REFERENCES visit_recording(id),
  participant_id uuid NOT NULL REFERENCES visit_participant(id),
  decision text NOT NULL CHECK (decision IN ('accepted', 'declined')),
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (recording_id, participant_id)
);

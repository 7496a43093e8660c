-- The case around a teleconsultation request: who works on it, the signed conclusion and its
-- addenda, the threaded messages, and structured lab values and vital signs.

ALTER TABLE consultation
  ADD COLUMN accepted_at timestamptz,
  ADD COLUMN concluded_at timestamptz,
  ADD COLUMN acknowledged_at timestamptz,
  -- The consultant the coordinator assigned; others may join the case (consultation_participant).
  ADD COLUMN assigned_user_id uuid REFERENCES app_user(id),
  -- True when the platform chose the target facility (routing up the hierarchy).
  ADD COLUMN routed boolean NOT NULL DEFAULT false,
  -- The response-time target in force: by then the request must be accepted (emergency,
  -- urgent) or concluded (planned). Set on submission; escalation and reports read it.
  ADD COLUMN due_at timestamptz,
  ADD COLUMN due_for text CHECK (due_for IN ('accept', 'conclude')),
  ADD COLUMN escalated_at timestamptz;

-- The queue's order as columns, so a hub's page of 50 is read in order from an index instead
-- of sorting every request the hub ever received.
ALTER TABLE consultation
  ADD COLUMN urgency_rank smallint GENERATED ALWAYS AS (CASE urgency WHEN 'emergency' THEN 0 WHEN 'urgent' THEN 1 ELSE 2 END) STORED,
  ADD COLUMN queued_at timestamptz GENERATED ALWAYS AS (coalesce(submitted_at, created_at)) STORED;
DROP INDEX consultation_queue_idx;
DROP INDEX consultation_referrer_idx;
-- The hub's work list (open requests), and any one status when the coordinator filters by it.
CREATE INDEX consultation_hub_open_idx ON consultation (target_facility_id, urgency_rank, queued_at)
  WHERE status IN ('submitted', 'accepted', 'scheduled', 'in_progress');
CREATE INDEX consultation_hub_status_idx ON consultation (target_facility_id, status, urgency_rank, queued_at);
-- The referring facility's own requests, newest first.
CREATE INDEX consultation_referrer_idx ON consultation (referring_facility_id, queued_at DESC);

-- Timers the response-time escalation still has to watch (see modules/consultations/escalation.ts).
CREATE INDEX consultation_due_idx ON consultation (due_at)
  WHERE escalated_at IS NULL AND due_at IS NOT NULL AND status IN ('submitted', 'accepted', 'scheduled', 'in_progress');

-- Events the platform itself writes (escalation) have no human actor.
ALTER TABLE consultation_event ALTER COLUMN actor_user_id DROP NOT NULL;

CREATE TABLE consultation_participant (
  consultation_id uuid NOT NULL REFERENCES consultation(id),
  user_id uuid NOT NULL REFERENCES app_user(id),
  facility_id uuid NOT NULL REFERENCES facility(id),
  joined_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consultation_id, user_id)
);

-- A conclusion is signed once and never changed: corrections are addenda.
CREATE TABLE consultation_conclusion (
  consultation_id uuid PRIMARY KEY REFERENCES consultation(id),
  author_user_id uuid NOT NULL REFERENCES app_user(id),
  author_name text NOT NULL,
  author_facility_id uuid NOT NULL REFERENCES facility(id),
  diagnosis text NOT NULL,
  recommendations text NOT NULL,
  transfer boolean NOT NULL,
  transfer_note text,
  follow_up text,
  signed_at timestamptz NOT NULL,
  -- SHA-256 of the signed content, so a printed copy can be checked against the record.
  content_sha256 text NOT NULL
);

CREATE TABLE consultation_addendum (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  consultation_id uuid NOT NULL REFERENCES consultation_conclusion(consultation_id),
  author_user_id uuid NOT NULL REFERENCES app_user(id),
  author_name text NOT NULL,
  body text NOT NULL,
  signed_at timestamptz NOT NULL,
  content_sha256 text NOT NULL
);
CREATE INDEX consultation_addendum_idx ON consultation_addendum (consultation_id, id);

CREATE FUNCTION telemed_signed_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'a signed conclusion cannot be changed; add an addendum' USING ERRCODE = 'P0001';
END $$;
CREATE TRIGGER consultation_conclusion_final BEFORE UPDATE OR DELETE ON consultation_conclusion
  FOR EACH ROW EXECUTE FUNCTION telemed_signed_is_final();
CREATE TRIGGER consultation_addendum_final BEFORE UPDATE OR DELETE ON consultation_addendum
  FOR EACH ROW EXECUTE FUNCTION telemed_signed_is_final();

CREATE TABLE consultation_message (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  consultation_id uuid NOT NULL REFERENCES consultation(id),
  -- Replies point at the message they answer (threads).
  parent_id uuid REFERENCES consultation_message(id),
  author_user_id uuid NOT NULL REFERENCES app_user(id),
  author_facility_id uuid NOT NULL REFERENCES facility(id),
  -- 'info_request': the hub asks the referrer for more information.
  kind text NOT NULL CHECK (kind IN ('message', 'info_request')),
  body text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX consultation_message_idx ON consultation_message (consultation_id, at);

-- Lab results and vital signs as data: LOINC code, value, UCUM unit.
CREATE TABLE consultation_observation (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  consultation_id uuid NOT NULL REFERENCES consultation(id),
  loinc text NOT NULL,
  value numeric NOT NULL,
  unit text NOT NULL,
  effective_at timestamptz NOT NULL,
  recorded_by uuid NOT NULL REFERENCES app_user(id),
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX consultation_observation_idx ON consultation_observation (consultation_id, loinc, effective_at);

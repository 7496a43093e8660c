-- Teleconsultation requests between facilities and their audited history.

CREATE TABLE consultation (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id uuid NOT NULL REFERENCES patient(id),
  referring_facility_id uuid NOT NULL REFERENCES facility(id),
  referring_user_id uuid NOT NULL REFERENCES app_user(id),
  target_facility_id uuid NOT NULL REFERENCES facility(id),
  profile text NOT NULL,
  urgency text NOT NULL CHECK (urgency IN ('planned', 'urgent', 'emergency')),
  mode text NOT NULL CHECK (mode IN ('async', 'scheduled_video', 'immediate_video')),
  question text NOT NULL,
  summary jsonb NOT NULL,
  status text NOT NULL,
  -- Optimistic concurrency: every change must name the version it saw.
  version int NOT NULL DEFAULT 1,
  scheduled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  submitted_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- The hub's queue: its open requests, most urgent and longest waiting first.
CREATE INDEX consultation_queue_idx ON consultation (target_facility_id, status, urgency, submitted_at);
CREATE INDEX consultation_referrer_idx ON consultation (referring_facility_id, created_at DESC);
CREATE INDEX consultation_patient_idx ON consultation (patient_id);

CREATE TABLE consultation_event (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  consultation_id uuid NOT NULL REFERENCES consultation(id),
  at timestamptz NOT NULL DEFAULT now(),
  actor_user_id uuid NOT NULL REFERENCES app_user(id),
  action text NOT NULL,
  from_status text,
  to_status text NOT NULL,
  reason text,
  details jsonb
);
CREATE INDEX consultation_event_consultation_idx ON consultation_event (consultation_id, id);

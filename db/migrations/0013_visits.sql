-- Video visits: a meeting about one patient, its participants, the personal links that let a
-- patient or a guest in without an account, the in-call chat kept in the record, and the
-- signaling messages that set up the calls between browsers.

CREATE TABLE visit (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  facility_id uuid NOT NULL REFERENCES facility(id),
  patient_id uuid NOT NULL REFERENCES patient(id),
  consultation_id uuid REFERENCES consultation(id),
  -- A booked appointment this visit holds (scheduling module); no FK: the modules own their tables.
  appointment_id uuid,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'ended', 'cancelled')),
  -- Peer to peer while two people are in the call; through the SFU (Janus) from the third on, and
  -- it stays there for the rest of the visit (switching back and forth would interrupt everyone).
  media_mode text NOT NULL DEFAULT 'p2p' CHECK (media_mode IN ('p2p', 'sfu')),
  scheduled_at timestamptz,
  created_by uuid NOT NULL REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  ended_at timestamptz
);
CREATE INDEX visit_patient_idx ON visit (patient_id, created_at DESC);
-- A teleconsultation's video session: one open visit per case, however many click "start" at once.
CREATE UNIQUE INDEX visit_one_open_per_case ON visit (consultation_id) WHERE consultation_id IS NOT NULL AND status = 'open';
CREATE INDEX visit_facility_open_idx ON visit (facility_id, created_at DESC) WHERE status = 'open';

CREATE TABLE visit_participant (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  visit_id uuid NOT NULL REFERENCES visit(id) ON DELETE CASCADE,
  -- Staff and patients with an account join as themselves; guests (family, interpreters, a
  -- patient without an account) join through a personal link and have no user.
  user_id uuid REFERENCES app_user(id),
  role text NOT NULL CHECK (role IN ('clinician', 'patient', 'referring_doctor', 'consultant', 'interpreter', 'family', 'observer')),
  display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  language text NOT NULL CHECK (language IN ('kk', 'ru', 'uz', 'en')),
  -- Patients and guests wait until a clinician admits them; staff are admitted when added.
  admitted_at timestamptz,
  admitted_by uuid REFERENCES app_user(id),
  removed_at timestamptz,
  -- A redeemed link becomes a pass (httpOnly cookie) that holds only for this visit.
  pass_hash bytea UNIQUE,
  pass_expires_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (visit_id, user_id)
);
CREATE INDEX visit_participant_user_idx ON visit_participant (user_id) WHERE user_id IS NOT NULL;

CREATE TABLE visit_invite (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  participant_id uuid NOT NULL REFERENCES visit_participant(id) ON DELETE CASCADE,
  -- Only the SHA-256 of the link's secret is kept: the link is shown once, to the one who made it.
  token_hash bytea NOT NULL UNIQUE,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  revoked_at timestamptz,
  created_by uuid NOT NULL REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX visit_invite_participant_idx ON visit_invite (participant_id);

-- In-call chat, part of the visit record.
CREATE TABLE visit_message (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  visit_id uuid NOT NULL REFERENCES visit(id) ON DELETE CASCADE,
  participant_id uuid NOT NULL REFERENCES visit_participant(id),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX visit_message_visit_idx ON visit_message (visit_id, id);

-- Signaling between the browsers of one visit (SDP offers and answers, ICE candidates, the
-- roster). Kept briefly so a participant whose link dropped replays what it missed; unlogged
-- because a crash only costs a renegotiation. A message is for one participant or for all.
CREATE UNLOGGED TABLE visit_signal (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  visit_id uuid NOT NULL,
  from_participant uuid,
  to_participant uuid,
  kind text NOT NULL,
  payload jsonb NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX visit_signal_visit_idx ON visit_signal (visit_id, id);

-- SDP does not fit in a notification (8,000 bytes): NOTIFY carries the row's id, and the nodes
-- with participants of that visit read the row.
CREATE FUNCTION notify_visit_signal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('telemed_visit', json_build_object('id', NEW.id, 'visitId', NEW.visit_id, 'to', NEW.to_participant)::text);
  RETURN NULL;
END $$;

CREATE TRIGGER visit_signal_notify AFTER INSERT ON visit_signal
  FOR EACH ROW EXECUTE FUNCTION notify_visit_signal();

-- Who is connected to a visit's channel, on which node (refreshed every 30 s; older rows belong to
-- a node that died). The waiting room and the roster are read from here.
CREATE UNLOGGED TABLE visit_presence (
  participant_id uuid NOT NULL REFERENCES visit_participant(id) ON DELETE CASCADE,
  node_id uuid NOT NULL,
  visit_id uuid NOT NULL,
  since timestamptz NOT NULL DEFAULT now(),
  seen_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (participant_id, node_id)
);
CREATE INDEX visit_presence_visit_idx ON visit_presence (visit_id);

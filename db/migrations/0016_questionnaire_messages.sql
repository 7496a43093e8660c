-- The patient portal's pre-visit questionnaire and the messages between a patient and their care
-- team at a facility (also the way to go on when video is impossible).

-- One questionnaire per visit, filled in by the patient (with an account, or a guest patient by
-- personal link) before the visit: saved as a draft while they type, then submitted. Clinicians of
-- the visit read it once submitted. The ranges are the contract's; the database holds them too.
CREATE TABLE visit_questionnaire (
  visit_id uuid PRIMARY KEY REFERENCES visit(id),
  patient_id uuid NOT NULL REFERENCES patient(id),
  -- The participant who last wrote it (the patient's account, or the guest patient's place in the visit).
  participant_id uuid NOT NULL REFERENCES visit_participant(id),
  complaint text NOT NULL DEFAULT '' CHECK (length(complaint) <= 2000),
  since text NOT NULL DEFAULT '' CHECK (length(since) <= 200),
  -- Codes from the contract's fixed checklist (fever, cough…).
  symptoms text[] NOT NULL DEFAULT '{}',
  medication text NOT NULL DEFAULT '' CHECK (length(medication) <= 2000),
  allergies text NOT NULL DEFAULT '' CHECK (length(allergies) <= 1000),
  temperature_c numeric(3, 1) CHECK (temperature_c BETWEEN 34 AND 43),
  systolic_mmhg smallint CHECK (systolic_mmhg BETWEEN 50 AND 260),
  diastolic_mmhg smallint CHECK (diastolic_mmhg BETWEEN 30 AND 160),
  pulse_per_min smallint CHECK (pulse_per_min BETWEEN 30 AND 250),
  spo2_percent smallint CHECK (spo2_percent BETWEEN 50 AND 100),
  weight_kg numeric(4, 1) CHECK (weight_kg BETWEEN 0.5 AND 400),
  notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 4000),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted')),
  submitted_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((systolic_mmhg IS NULL) = (diastolic_mmhg IS NULL) AND (systolic_mmhg IS NULL OR diastolic_mmhg < systolic_mmhg)),
  CHECK (status = 'draft' OR submitted_at IS NOT NULL)
);

-- A conversation between one patient and the care team of one facility where the patient has an
-- appointment or a visit. One per patient × facility, however many start it at once.
CREATE TABLE care_thread (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id uuid NOT NULL REFERENCES patient(id),
  facility_id uuid NOT NULL REFERENCES facility(id),
  created_by uuid NOT NULL REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_message_at timestamptz,
  UNIQUE (patient_id, facility_id)
);
-- The staff list: the facility's conversations, latest first.
CREATE INDEX care_thread_facility_idx ON care_thread (facility_id, last_message_at DESC NULLS LAST);

-- Text only; part of the patient's record, so never changed or removed (a trigger refuses it).
CREATE TABLE care_message (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  thread_id uuid NOT NULL REFERENCES care_thread(id),
  author_id uuid NOT NULL REFERENCES app_user(id),
  author_name text NOT NULL,
  from_patient boolean NOT NULL,
  -- The visit the message is about (a call that could not go on by video), if any.
  visit_id uuid REFERENCES visit(id),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX care_message_thread_idx ON care_message (thread_id, id);

CREATE FUNCTION care_message_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'care messages cannot change' USING ERRCODE = 'P0001';
END $$;

CREATE TRIGGER care_message_immutable BEFORE UPDATE OR DELETE ON care_message
  FOR EACH ROW EXECUTE FUNCTION care_message_refuse_change();

-- How far each reader has read each conversation (unread counts are the other side's messages after it).
CREATE TABLE care_thread_read (
  thread_id uuid NOT NULL REFERENCES care_thread(id),
  user_id uuid NOT NULL REFERENCES app_user(id),
  last_read_id bigint NOT NULL,
  PRIMARY KEY (thread_id, user_id)
);

-- Real-time delivery, as for case events (0005): at commit every node hears who the message
-- concerns (the patient, the facility); the notification carries identifiers only, never the text.
CREATE FUNCTION notify_care_message() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  th record;
BEGIN
  SELECT patient_id, facility_id INTO th FROM care_thread WHERE id = NEW.thread_id;
  PERFORM pg_notify('telemed_care_message', json_build_object(
    'id', NEW.id, 'threadId', NEW.thread_id, 'patientId', th.patient_id, 'facilityId', th.facility_id,
    'fromPatient', NEW.from_patient, 'at', NEW.at)::text);
  RETURN NULL;
END $$;

CREATE TRIGGER care_message_notify AFTER INSERT ON care_message
  FOR EACH ROW EXECUTE FUNCTION notify_care_message();

-- The record of a video visit: the clinician's structured note (complaint, history, examination,
-- assessment with ICD-10 codes, plan), prescriptions, the follow-up, and a summary for the patient
-- in the patient's language. A draft until its author signs it; signed, it never changes again
-- (corrections are addenda). An appointment holds at most one visit.

CREATE UNIQUE INDEX visit_appointment_uq ON visit (appointment_id) WHERE appointment_id IS NOT NULL;

CREATE TABLE visit_record (
  visit_id uuid PRIMARY KEY REFERENCES visit(id),
  author_id uuid NOT NULL REFERENCES app_user(id),
  author_name text NOT NULL,
  complaint text NOT NULL DEFAULT '',
  history text NOT NULL DEFAULT '',
  examination text NOT NULL DEFAULT '',
  assessment text NOT NULL DEFAULT '',
  -- ICD-10 codes, as the reporting forms write them (I10, I21.0).
  diagnoses text[] NOT NULL DEFAULT '{}',
  plan text NOT NULL DEFAULT '',
  -- [{ medicine, dose, route, frequency, duration, instructions }], checked by the contract.
  prescriptions jsonb NOT NULL DEFAULT '[]',
  follow_up text NOT NULL DEFAULT '',
  -- The patient is offered the booking page for a follow-up visit with the same clinician.
  follow_up_booking boolean NOT NULL DEFAULT false,
  patient_summary text NOT NULL DEFAULT '',
  -- The patient's preferred language, in which the summary is written.
  summary_language text NOT NULL CHECK (summary_language IN ('kk', 'ru', 'uz', 'en')),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'signed')),
  signed_at timestamptz,
  content_sha256 text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (status = 'draft' OR (signed_at IS NOT NULL AND content_sha256 IS NOT NULL))
);

-- A signed record is immutable for everyone, whatever the code above it does.
CREATE FUNCTION visit_record_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'signed' THEN
    RAISE EXCEPTION 'visit record % is signed and cannot change', OLD.visit_id USING ERRCODE = 'P0001';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER visit_record_immutable BEFORE UPDATE OR DELETE ON visit_record
  FOR EACH ROW EXECUTE FUNCTION visit_record_refuse_change();

CREATE TABLE visit_record_addendum (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  visit_id uuid NOT NULL REFERENCES visit_record(visit_id),
  author_id uuid NOT NULL REFERENCES app_user(id),
  author_name text NOT NULL,
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
  signed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX visit_record_addendum_visit_idx ON visit_record_addendum (visit_id, id);

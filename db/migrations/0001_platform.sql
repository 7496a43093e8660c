-- Platform foundation: facilities, identity, patients, consent, break-glass and the audit trail.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE facility (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE,
  parent_id uuid REFERENCES facility(id),
  kind text NOT NULL,
  name_kk text NOT NULL,
  name_ru text NOT NULL,
  name_uz text NOT NULL,
  name_en text NOT NULL,
  country char(2) NOT NULL,
  region text NOT NULL,
  time_zone text NOT NULL,
  is_telemedicine_centre boolean NOT NULL DEFAULT false,
  profiles text[] NOT NULL DEFAULT '{}',
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE INDEX facility_parent_idx ON facility (parent_id);

CREATE TABLE patient (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  family_name text NOT NULL,
  given_name text NOT NULL,
  middle_name text,
  family_name_latin text,
  given_name_latin text,
  birth_date date NOT NULL,
  sex text NOT NULL,
  national_id_type text,
  national_id text,
  phone text,
  email text,
  address text,
  preferred_language text NOT NULL,
  home_facility_id uuid NOT NULL REFERENCES facility(id),
  -- Phonetic skeleton of every name spelling, so Cyrillic and Latin spellings of one name meet.
  name_key text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid
);
CREATE UNIQUE INDEX patient_national_id_uq ON patient (national_id_type, national_id) WHERE national_id IS NOT NULL;
CREATE INDEX patient_name_key_trgm ON patient USING gin (name_key gin_trgm_ops);
CREATE INDEX patient_home_facility_idx ON patient (home_facility_id);
CREATE INDEX patient_birth_date_idx ON patient (birth_date);

CREATE TABLE app_user (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL UNIQUE,
  display_name text NOT NULL,
  language text NOT NULL DEFAULT 'ru',
  password_hash text NOT NULL,
  totp_secret text,
  totp_enabled boolean NOT NULL DEFAULT false,
  totp_last_step bigint,
  failed_attempts int NOT NULL DEFAULT 0,
  locked_until timestamptz,
  active boolean NOT NULL DEFAULT true,
  patient_id uuid REFERENCES patient(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE membership (
  user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  facility_id uuid NOT NULL REFERENCES facility(id),
  role text NOT NULL,
  PRIMARY KEY (user_id, facility_id, role)
);
CREATE INDEX membership_facility_idx ON membership (facility_id);

CREATE TABLE user_session (
  -- SHA-256 of the cookie value: a database leak gives no usable session.
  id_hash bytea PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  state text NOT NULL,
  csrf_token text NOT NULL,
  active_facility_id uuid REFERENCES facility(id),
  active_role text,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  absolute_expires_at timestamptz NOT NULL,
  ip text,
  user_agent text
);
CREATE INDEX user_session_user_idx ON user_session (user_id);

CREATE TABLE password_reset (
  token_hash bytea PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);

CREATE TABLE api_token (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  facility_id uuid NOT NULL REFERENCES facility(id),
  name text NOT NULL,
  secret_hash bytea NOT NULL,
  scopes text[] NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  last_used_at timestamptz
);
CREATE INDEX api_token_user_idx ON api_token (user_id);

CREATE TABLE consent (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id uuid NOT NULL REFERENCES patient(id),
  kind text NOT NULL,
  granted boolean NOT NULL,
  note text,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  recorded_by uuid NOT NULL REFERENCES app_user(id),
  recorded_facility_id uuid REFERENCES facility(id)
);
CREATE INDEX consent_patient_idx ON consent (patient_id, recorded_at DESC);

-- A facility or a user that takes part in the patient's care outside the home facility
-- (written by consultations and visits).
CREATE TABLE care_relationship (
  patient_id uuid NOT NULL REFERENCES patient(id),
  facility_id uuid REFERENCES facility(id),
  user_id uuid REFERENCES app_user(id),
  source text NOT NULL,
  source_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  ends_at timestamptz,
  CHECK (facility_id IS NOT NULL OR user_id IS NOT NULL)
);
CREATE INDEX care_relationship_patient_idx ON care_relationship (patient_id);

CREATE TABLE break_glass (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES app_user(id),
  facility_id uuid REFERENCES facility(id),
  patient_id uuid NOT NULL REFERENCES patient(id),
  reason text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  reviewed_at timestamptz,
  reviewed_by uuid REFERENCES app_user(id),
  review_note text
);
CREATE INDEX break_glass_user_patient_idx ON break_glass (user_id, patient_id, expires_at DESC);

-- Append-only, hash-chained. seq is assigned by the writer under an advisory lock so the chain
-- has no gaps: a removed record shows as a missing seq or a broken prev_hash.
CREATE TABLE audit_event (
  seq bigint PRIMARY KEY,
  at timestamptz NOT NULL,
  actor_user_id uuid,
  actor_facility_id uuid,
  action text NOT NULL,
  outcome text NOT NULL,
  patient_id uuid,
  resource_type text,
  resource_id text,
  purpose text,
  reason text,
  ip text,
  flagged boolean NOT NULL DEFAULT false,
  details jsonb,
  prev_hash bytea NOT NULL,
  hash bytea NOT NULL
);
-- Records arrive in time order, so a block-range index finds a period at a fraction of a B-tree's insert cost.
CREATE INDEX audit_event_at_idx ON audit_event USING brin (at);
CREATE INDEX audit_event_patient_idx ON audit_event (patient_id, seq) WHERE patient_id IS NOT NULL;
CREATE INDEX audit_event_actor_idx ON audit_event (actor_user_id, seq);
CREATE INDEX audit_event_flagged_idx ON audit_event (seq) WHERE flagged;

CREATE FUNCTION audit_event_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_event is append-only';
END $$;
CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_immutable();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_immutable();

-- The role the application works as once migrations are applied. It may append to the audit
-- trail but never change or remove it, even if the triggers above were dropped.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'telemed_app') THEN
    CREATE ROLE telemed_app NOLOGIN;
  END IF;
EXCEPTION WHEN unique_violation OR duplicate_object THEN NULL;
END $$;
-- Grants to telemed_app are renewed by the migration runner after every migration, so new tables get them too.

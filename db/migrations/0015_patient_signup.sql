-- Patients create their own portal accounts: a sign-up waits, as a row here, until the code sent to
-- its email comes back. A person who is not linked to a record a facility registered gets a record of
-- their own, registered at no facility, so no staff member sees it without a care relationship.

ALTER TABLE patient ALTER COLUMN home_facility_id DROP NOT NULL;
ALTER TABLE patient ADD COLUMN self_registered boolean NOT NULL DEFAULT false;
ALTER TABLE patient ADD CONSTRAINT patient_home_or_self CHECK (home_facility_id IS NOT NULL OR self_registered);

-- A self-registered identifier is the person's own claim, checked by nobody: it must not keep a facility
-- from registering the real holder of that number, so only registered records hold an identifier uniquely.
DROP INDEX patient_national_id_uq;
CREATE UNIQUE INDEX patient_national_id_uq ON patient (national_id_type, national_id)
  WHERE national_id IS NOT NULL AND NOT self_registered;

CREATE TABLE patient_sign_up (
  email text PRIMARY KEY,
  -- SHA-256 of a secret kept by the browser that asked (an httpOnly cookie): only that browser can
  -- finish or renew this sign-up, so another one cannot swap in its own password half-way.
  browser_hash bytea NOT NULL,
  -- SHA-256 of the browser's secret and the 6-digit code: a copy of this table does not give the code.
  -- NULL when the email already belongs to an account: such a sign-up looks the same but never verifies.
  code_hash bytea,
  -- The details given (names, birth date, identifier, argon2id hash of the password, language), sealed
  -- with AES-256-GCM under the server's key and bound to the email.
  details text,
  attempts int NOT NULL DEFAULT 0,
  code_sent_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  -- When the account's owner was last told that someone tried to sign up with their email.
  owner_notified_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((code_hash IS NULL) = (details IS NULL))
);
CREATE INDEX patient_sign_up_expires_idx ON patient_sign_up (expires_at);

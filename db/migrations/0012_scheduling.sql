-- Scheduling: clinicians' availability at a facility, and booked appointments.
-- Times of availability are wall-clock times in the facility's time zone (facility.time_zone, an
-- IANA name); they are expanded to instants per date, so "09:00 every Monday" stays 09:00 across
-- a daylight-saving change. Appointments are instants (timestamptz).

CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE availability_rule (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinician_id uuid NOT NULL REFERENCES app_user(id),
  facility_id uuid NOT NULL REFERENCES facility(id),
  -- The specialty profile offered in these hours (one of the facility's profiles).
  profile text NOT NULL,
  -- ISO weekday: 1 = Monday … 7 = Sunday.
  weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  start_time time NOT NULL,
  end_time time NOT NULL,
  slot_minutes int NOT NULL CHECK (slot_minutes BETWEEN 5 AND 240),
  valid_from date NOT NULL,
  valid_to date,
  created_by uuid NOT NULL REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (end_time > start_time),
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX availability_rule_clinician_idx ON availability_rule (clinician_id, facility_id);
CREATE INDEX availability_rule_facility_idx ON availability_rule (facility_id, profile);

-- A period off (a whole day, several days, or a few hours) or extra hours on one day.
-- local_start / local_end are wall-clock times in the facility's zone.
CREATE TABLE availability_exception (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinician_id uuid NOT NULL REFERENCES app_user(id),
  facility_id uuid NOT NULL REFERENCES facility(id),
  kind text NOT NULL CHECK (kind IN ('off', 'extra')),
  local_start timestamp NOT NULL,
  local_end timestamp NOT NULL,
  slot_minutes int CHECK (slot_minutes BETWEEN 5 AND 240),
  profile text,
  note text,
  created_by uuid NOT NULL REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (local_end > local_start),
  CHECK (kind = 'off' OR (slot_minutes IS NOT NULL AND profile IS NOT NULL AND local_end <= local_start::date + 1))
);
CREATE INDEX availability_exception_clinician_idx ON availability_exception (clinician_id, local_start);

CREATE TABLE appointment (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The iCalendar UID: kept by a rescheduled appointment's successor, so calendars update the event.
  ical_uid uuid NOT NULL DEFAULT gen_random_uuid(),
  -- iCalendar SEQUENCE: rises with every reschedule and with the cancellation.
  sequence int NOT NULL DEFAULT 0,
  patient_id uuid NOT NULL REFERENCES patient(id),
  clinician_id uuid NOT NULL REFERENCES app_user(id),
  facility_id uuid NOT NULL REFERENCES facility(id),
  profile text NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'cancelled', 'rescheduled')),
  rescheduled_from uuid REFERENCES appointment(id),
  booked_by uuid NOT NULL REFERENCES app_user(id),
  reason text,
  -- The video visit held for this appointment (visits module); no foreign key: that module owns its table.
  visit_id uuid NULL,
  cancelled_at timestamptz,
  cancelled_by uuid REFERENCES app_user(id),
  cancel_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at),
  -- Double booking is impossible, whatever the number of concurrent requests: the database refuses
  -- a second live appointment overlapping the clinician's or the patient's time.
  CONSTRAINT appointment_clinician_no_overlap EXCLUDE USING gist (clinician_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
    WHERE (status = 'booked'),
  CONSTRAINT appointment_patient_no_overlap EXCLUDE USING gist (patient_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
    WHERE (status = 'booked')
);
CREATE UNIQUE INDEX appointment_rescheduled_from_uq ON appointment (rescheduled_from) WHERE rescheduled_from IS NOT NULL;
CREATE INDEX appointment_facility_idx ON appointment (facility_id, starts_at);
CREATE INDEX appointment_booked_by_idx ON appointment (booked_by, starts_at);
CREATE INDEX appointment_visit_idx ON appointment (visit_id) WHERE visit_id IS NOT NULL;

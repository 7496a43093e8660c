-- Network statistics: historical consultations from before the platform, and a daily rollup that the
-- reports read instead of scanning every consultation (see docs/ARCHITECTURE.md, "Statistics and reports").

-- Age group at a date, as in the network's reporting form: adults 18+, adolescents 15–17, children 1–14,
-- newborns under 1. Counted in whole years at the date of the request.
CREATE FUNCTION telemed_age_group(birth date, at date) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN date_part('year', age(at, birth)) >= 18 THEN 'adult'
    WHEN date_part('year', age(at, birth)) >= 15 THEN 'adolescent'
    WHEN date_part('year', age(at, birth)) >= 1 THEN 'child'
    ELSE 'newborn' END
$$;

-- Past consultations imported from the network's earlier records. No patient is identified: the
-- earlier forms only ever held an age group.
CREATE TABLE consultation_import (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- SHA-256 of the row's normalised fields and its occurrence number within the file, so importing
  -- the same file again adds nothing while two identical consultations on one day both count.
  row_key text NOT NULL UNIQUE,
  occurred_on date NOT NULL,
  referring_facility_id uuid NOT NULL REFERENCES facility(id),
  target_facility_id uuid NOT NULL REFERENCES facility(id),
  profile text NOT NULL,
  age_group text NOT NULL CHECK (age_group IN ('adult', 'adolescent', 'child', 'newborn')),
  mode text NOT NULL CHECK (mode IN ('async', 'scheduled_video', 'immediate_video')),
  urgency text NOT NULL CHECK (urgency IN ('planned', 'urgent', 'emergency')),
  imported_by uuid REFERENCES app_user(id),
  imported_at timestamptz NOT NULL DEFAULT now()
);

-- Requests per day × referring × consulting facility × profile × age group × mode × urgency, live and
-- imported together. A live request counts once submitted (whatever its later outcome), on the day it
-- was submitted in the referring facility's time zone.
CREATE TABLE consultation_daily (
  day date NOT NULL,
  referring_facility_id uuid NOT NULL REFERENCES facility(id),
  target_facility_id uuid NOT NULL REFERENCES facility(id),
  profile text NOT NULL,
  age_group text NOT NULL,
  mode text NOT NULL,
  urgency text NOT NULL,
  imported boolean NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (day, referring_facility_id, target_facility_id, profile, age_group, mode, urgency, imported)
);

-- Statement-level triggers with transition tables: a bulk insert or update changes each rollup row
-- once, and a change that does not move a request between rollup rows (a status change) writes nothing.
-- An update moves a request between rollup rows: minus one on its old key, plus one on its new.
CREATE FUNCTION telemed_daily_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH delta AS (
    SELECT c.submitted_at, c.patient_id, c.referring_facility_id, c.target_facility_id, c.profile, c.mode, c.urgency, 1 AS d
      FROM new_rows c WHERE c.submitted_at IS NOT NULL
    UNION ALL
    SELECT c.submitted_at, c.patient_id, c.referring_facility_id, c.target_facility_id, c.profile, c.mode, c.urgency, -1
      FROM old_rows c WHERE c.submitted_at IS NOT NULL
  ), keyed AS (
    SELECT (x.submitted_at AT TIME ZONE f.time_zone)::date AS day, x.referring_facility_id, x.target_facility_id, x.profile,
           telemed_age_group(p.birth_date, (x.submitted_at AT TIME ZONE f.time_zone)::date) AS age_group, x.mode, x.urgency, sum(x.d)::int AS n
      FROM delta x JOIN facility f ON f.id = x.referring_facility_id JOIN patient p ON p.id = x.patient_id
     GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(x.d) <> 0
  )
  INSERT INTO consultation_daily AS cd (day, referring_facility_id, target_facility_id, profile, age_group, mode, urgency, imported, n)
  SELECT day, referring_facility_id, target_facility_id, profile, age_group, mode, urgency, false, n FROM keyed
  ON CONFLICT (day, referring_facility_id, target_facility_id, profile, age_group, mode, urgency, imported)
  DO UPDATE SET n = cd.n + excluded.n;
  RETURN NULL;
END $$;

-- Each event needs its own trigger: a transition table may not be declared for several events at once.
CREATE FUNCTION telemed_daily_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO consultation_daily AS cd (day, referring_facility_id, target_facility_id, profile, age_group, mode, urgency, imported, n)
  SELECT (c.submitted_at AT TIME ZONE f.time_zone)::date, c.referring_facility_id, c.target_facility_id, c.profile,
         telemed_age_group(p.birth_date, (c.submitted_at AT TIME ZONE f.time_zone)::date), c.mode, c.urgency, false, count(*)::int
    FROM new_rows c JOIN facility f ON f.id = c.referring_facility_id JOIN patient p ON p.id = c.patient_id
   WHERE c.submitted_at IS NOT NULL
   GROUP BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT (day, referring_facility_id, target_facility_id, profile, age_group, mode, urgency, imported)
  DO UPDATE SET n = cd.n + excluded.n;
  RETURN NULL;
END $$;

CREATE TRIGGER consultation_daily_insert AFTER INSERT ON consultation
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION telemed_daily_insert();
CREATE TRIGGER consultation_daily_update AFTER UPDATE ON consultation
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION telemed_daily_apply();

CREATE FUNCTION telemed_daily_import() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO consultation_daily AS cd (day, referring_facility_id, target_facility_id, profile, age_group, mode, urgency, imported, n)
  SELECT occurred_on, referring_facility_id, target_facility_id, profile, age_group, mode, urgency, true, count(*)::int
    FROM new_rows GROUP BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT (day, referring_facility_id, target_facility_id, profile, age_group, mode, urgency, imported)
  DO UPDATE SET n = cd.n + excluded.n;
  RETURN NULL;
END $$;
CREATE TRIGGER consultation_import_daily AFTER INSERT ON consultation_import
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION telemed_daily_import();

-- Requests already on the platform when this migration runs.
INSERT INTO consultation_daily (day, referring_facility_id, target_facility_id, profile, age_group, mode, urgency, imported, n)
SELECT (c.submitted_at AT TIME ZONE f.time_zone)::date, c.referring_facility_id, c.target_facility_id, c.profile,
       telemed_age_group(p.birth_date, (c.submitted_at AT TIME ZONE f.time_zone)::date), c.mode, c.urgency, false, count(*)::int
  FROM consultation c JOIN facility f ON f.id = c.referring_facility_id JOIN patient p ON p.id = c.patient_id
 WHERE c.submitted_at IS NOT NULL
 GROUP BY 1, 2, 3, 4, 5, 6, 7;

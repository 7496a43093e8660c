-- Monthly rollup for the network's reports (see docs/ARCHITECTURE.md, "Statistics and reports").
--
-- With a million consultations over ten years the daily rollup had almost a row per consultation
-- (days × facility pairs × profiles × age groups × modes × urgencies is far more keys than there are
-- requests), so reading it cost what scanning the consultations would, and every imported row was an
-- upsert into it. The reports group by facility, profile, age group and periods made of whole months:
-- consultation_monthly holds exactly that, for live and imported consultations, and consultation_yearly
-- the same per year. A date filter that
-- starts or ends inside a month reads those few days from consultation_daily (live requests) and
-- consultation_import (historical records, by the index on occurred_on added here).

CREATE TABLE consultation_monthly (
  month date NOT NULL CHECK (extract(day FROM month) = 1),
  referring_facility_id uuid NOT NULL,
  target_facility_id uuid NOT NULL,
  profile text NOT NULL,
  age_group text NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (month, referring_facility_id, target_facility_id, profile, age_group)
);

INSERT INTO consultation_monthly (month, referring_facility_id, target_facility_id, profile, age_group, n)
SELECT date_trunc('month', day)::date, referring_facility_id, target_facility_id, profile, age_group, sum(n)::int
  FROM consultation_daily GROUP BY 1, 2, 3, 4, 5;

-- The same per calendar year, for the reports that group by year or not by period at all (a tenth of
-- the monthly rows again).
CREATE TABLE consultation_yearly (
  year date NOT NULL CHECK (extract(doy FROM year) = 1),
  referring_facility_id uuid NOT NULL,
  target_facility_id uuid NOT NULL,
  profile text NOT NULL,
  age_group text NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (year, referring_facility_id, target_facility_id, profile, age_group)
);
INSERT INTO consultation_yearly (year, referring_facility_id, target_facility_id, profile, age_group, n)
SELECT date_trunc('year', month)::date, referring_facility_id, target_facility_id, profile, age_group, sum(n)::int
  FROM consultation_monthly GROUP BY 1, 2, 3, 4, 5;

-- The daily rollup keeps live requests only from now on (its `imported` column stays, always false);
-- historical records are read by day from their own table.
DELETE FROM consultation_daily WHERE imported;
CREATE INDEX consultation_import_day_idx ON consultation_import (occurred_on);

-- Foreign keys are checked row by row, three lookups per imported row: they took as long as the
-- insert itself. The import checks every facility code against the facility table in the same
-- transaction, facilities and users are deactivated, never deleted, and the rollups are derived data;
-- what a foreign key also guaranteed (a referenced row is not deleted) is kept by the triggers below.
ALTER TABLE consultation_daily DROP CONSTRAINT consultation_daily_referring_facility_id_fkey;
ALTER TABLE consultation_daily DROP CONSTRAINT consultation_daily_target_facility_id_fkey;
ALTER TABLE consultation_import DROP CONSTRAINT consultation_import_referring_facility_id_fkey;
ALTER TABLE consultation_import DROP CONSTRAINT consultation_import_target_facility_id_fkey;
ALTER TABLE consultation_import DROP CONSTRAINT consultation_import_imported_by_fkey;

CREATE FUNCTION telemed_keep_imported_refs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'facility' AND EXISTS (SELECT 1 FROM old_rows o JOIN consultation_import i
       ON i.referring_facility_id = o.id OR i.target_facility_id = o.id) THEN
    RAISE EXCEPTION 'a facility named by historical consultations cannot be deleted' USING ERRCODE = 'foreign_key_violation';
  END IF;
  IF TG_TABLE_NAME = 'app_user' AND EXISTS (SELECT 1 FROM old_rows o JOIN consultation_import i ON i.imported_by = o.id) THEN
    RAISE EXCEPTION 'a user who imported historical consultations cannot be deleted' USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER facility_keep_imported_refs AFTER DELETE ON facility
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION telemed_keep_imported_refs();
CREATE TRIGGER app_user_keep_imported_refs AFTER DELETE ON app_user
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION telemed_keep_imported_refs();

-- The triggers of 0007 now keep the daily, monthly and yearly rollups in one statement each. Rows go in key order, so two
-- transactions changing the same rollup rows take their locks in the same order.

CREATE OR REPLACE FUNCTION telemed_daily_apply() RETURNS trigger LANGUAGE plpgsql AS $$
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
  ), daily AS (
    INSERT INTO consultation_daily AS cd (day, referring_facility_id, target_facility_id, profile, age_group, mode, urgency, imported, n)
    SELECT day, referring_facility_id, target_facility_id, profile, age_group, mode, urgency, false, n FROM keyed ORDER BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT (day, referring_facility_id, target_facility_id, profile, age_group, mode, urgency, imported)
    DO UPDATE SET n = cd.n + excluded.n
  ), monthly AS (
    INSERT INTO consultation_monthly AS cm (month, referring_facility_id, target_facility_id, profile, age_group, n)
    SELECT date_trunc('month', day)::date, referring_facility_id, target_facility_id, profile, age_group, sum(n)::int
      FROM keyed GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (month, referring_facility_id, target_facility_id, profile, age_group) DO UPDATE SET n = cm.n + excluded.n
  )
  INSERT INTO consultation_yearly AS cy (year, referring_facility_id, target_facility_id, profile, age_group, n)
  SELECT date_trunc('year', day)::date, referring_facility_id, target_facility_id, profile, age_group, sum(n)::int
    FROM keyed GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (year, referring_facility_id, target_facility_id, profile, age_group) DO UPDATE SET n = cy.n + excluded.n;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION telemed_daily_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH keyed AS (
    SELECT (c.submitted_at AT TIME ZONE f.time_zone)::date AS day, c.referring_facility_id, c.target_facility_id, c.profile,
           telemed_age_group(p.birth_date, (c.submitted_at AT TIME ZONE f.time_zone)::date) AS age_group, c.mode, c.urgency, count(*)::int AS n
      FROM new_rows c JOIN facility f ON f.id = c.referring_facility_id JOIN patient p ON p.id = c.patient_id
     WHERE c.submitted_at IS NOT NULL
     GROUP BY 1, 2, 3, 4, 5, 6, 7
  ), daily AS (
    INSERT INTO consultation_daily AS cd (day, referring_facility_id, target_facility_id, profile, age_group, mode, urgency, imported, n)
    SELECT day, referring_facility_id, target_facility_id, profile, age_group, mode, urgency, false, n FROM keyed ORDER BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT (day, referring_facility_id, target_facility_id, profile, age_group, mode, urgency, imported)
    DO UPDATE SET n = cd.n + excluded.n
  ), monthly AS (
    INSERT INTO consultation_monthly AS cm (month, referring_facility_id, target_facility_id, profile, age_group, n)
    SELECT date_trunc('month', day)::date, referring_facility_id, target_facility_id, profile, age_group, sum(n)::int
      FROM keyed GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (month, referring_facility_id, target_facility_id, profile, age_group) DO UPDATE SET n = cm.n + excluded.n
  )
  INSERT INTO consultation_yearly AS cy (year, referring_facility_id, target_facility_id, profile, age_group, n)
  SELECT date_trunc('year', day)::date, referring_facility_id, target_facility_id, profile, age_group, sum(n)::int
    FROM keyed GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (year, referring_facility_id, target_facility_id, profile, age_group) DO UPDATE SET n = cy.n + excluded.n;
  RETURN NULL;
END $$;

-- Historical records count in the monthly and yearly rollups only.
CREATE OR REPLACE FUNCTION telemed_daily_import() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH monthly AS (
    INSERT INTO consultation_monthly AS cm (month, referring_facility_id, target_facility_id, profile, age_group, n)
    SELECT date_trunc('month', occurred_on)::date, referring_facility_id, target_facility_id, profile, age_group, count(*)::int
      FROM new_rows GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (month, referring_facility_id, target_facility_id, profile, age_group) DO UPDATE SET n = cm.n + excluded.n
  )
  INSERT INTO consultation_yearly AS cy (year, referring_facility_id, target_facility_id, profile, age_group, n)
  SELECT date_trunc('year', occurred_on)::date, referring_facility_id, target_facility_id, profile, age_group, count(*)::int
    FROM new_rows GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (year, referring_facility_id, target_facility_id, profile, age_group) DO UPDATE SET n = cy.n + excluded.n;
  RETURN NULL;
END $$;

-- The hub's queue filters by the referring facility too (one district hospital's requests). As with
-- the profile, the facility is a trailing key column of the two queue indexes, so PostgreSQL checks
-- it on the index entry and visits the table only for the rows on the page (see 0009).
DROP INDEX consultation_hub_open_idx;
DROP INDEX consultation_hub_status_idx;
CREATE INDEX consultation_hub_open_idx ON consultation (target_facility_id, urgency_rank, queued_at, id, profile, referring_facility_id)
  WHERE status IN ('submitted', 'accepted', 'scheduled', 'in_progress');
CREATE INDEX consultation_hub_status_idx ON consultation (target_facility_id, status, urgency_rank, queued_at, id, profile, referring_facility_id);

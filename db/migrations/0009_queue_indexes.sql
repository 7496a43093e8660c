-- The hub's queue reads a page in index order whatever the filter, without visiting rows it then
-- throws away. The order is (urgency_rank, queued_at, id): with `id` in the index the page needs no
-- sort step, and a keyset cursor (the last row's three values) continues straight from the index.
-- An urgency filter is an equality on `urgency_rank` (the query names both), so it narrows the
-- index range; a profile filter is the last key column, so PostgreSQL checks it on the index entry
-- and fetches from the table only the rows on the page. Measured in bench/queue.ts (docs/BENCHMARKS.md).
--
-- Built inside the migration's transaction (not CONCURRENTLY): writes to `consultation` wait while
-- the two indexes are built, a few seconds per million requests.
DROP INDEX consultation_hub_open_idx;
DROP INDEX consultation_hub_status_idx;
CREATE INDEX consultation_hub_open_idx ON consultation (target_facility_id, urgency_rank, queued_at, id, profile)
  WHERE status IN ('submitted', 'accepted', 'scheduled', 'in_progress');
CREATE INDEX consultation_hub_status_idx ON consultation (target_facility_id, status, urgency_rank, queued_at, id, profile);

-- "Mine": the cases a consultant was assigned to or joined, found by the user rather than by the
-- case (the primary key starts with the case).
CREATE INDEX consultation_participant_user_idx ON consultation_participant (user_id, consultation_id);

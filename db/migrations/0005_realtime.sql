-- Real-time delivery of case events. Every change to a case writes a consultation_event row; at
-- commit PostgreSQL tells every app node (LISTEN telemed_case) who may see it, and a client that
-- was away replays the rows after the last one it saw. The notification carries identifiers and
-- a status only, never patient data: the client reads the case through the audited API.

CREATE FUNCTION notify_case_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c record;
  parts uuid[];
BEGIN
  SELECT referring_facility_id, referring_user_id, target_facility_id INTO c FROM consultation WHERE id = NEW.consultation_id;
  SELECT coalesce(array_agg(user_id), '{}') INTO parts FROM consultation_participant WHERE consultation_id = NEW.consultation_id;
  PERFORM pg_notify('telemed_case', json_build_object(
    'id', NEW.id, 'consultationId', NEW.consultation_id, 'action', NEW.action, 'status', NEW.to_status, 'at', NEW.at,
    'referringFacilityId', c.referring_facility_id, 'referringUserId', c.referring_user_id,
    'targetFacilityId', c.target_facility_id,
    -- A forward moves the request: the hub that held it hears of it too.
    'previousFacilityId', NEW.details->>'from',
    'participants', parts)::text);
  RETURN NULL;
END $$;

CREATE TRIGGER consultation_event_notify AFTER INSERT ON consultation_event
  FOR EACH ROW EXECUTE FUNCTION notify_case_event();

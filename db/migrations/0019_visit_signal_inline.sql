-- A call's small messages (ICE candidates, mode and feed changes, roster prompts) travel whole in
-- the notification, so the nodes deliver them without reading the row back. A message too large for
-- a notification (an SDP offer can be) or a chat message (its text lives in visit_message) still
-- carries only its id, and the nodes read it as before. The row is written either way: a client
-- that reconnects replays from the table.
CREATE OR REPLACE FUNCTION notify_visit_signal() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  whole text;
BEGIN
  IF NEW.kind <> 'chat' THEN
    whole := json_build_object('id', NEW.id, 'visitId', NEW.visit_id, 'to', NEW.to_participant, 'from', NEW.from_participant,
      'kind', NEW.kind, 'payload', NEW.payload)::text;
    IF octet_length(whole) < 7500 THEN
      PERFORM pg_notify('telemed_visit', whole);
      RETURN NULL;
    END IF;
  END IF;
  PERFORM pg_notify('telemed_visit', json_build_object('id', NEW.id, 'visitId', NEW.visit_id, 'to', NEW.to_participant)::text);
  RETURN NULL;
END $$;

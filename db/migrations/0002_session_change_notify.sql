-- Each app node keeps recently checked sessions for a few seconds. Any change that alters what a
-- session may do (sign-out, state, facility or role, membership, deactivation, language) notifies
-- every node, which forgets that user's sessions at once.

CREATE FUNCTION notify_session_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  uid uuid;
BEGIN
  IF TG_TABLE_NAME = 'app_user' THEN
    uid := COALESCE(NEW.id, OLD.id);
  ELSE
    uid := COALESCE(NEW.user_id, OLD.user_id);
  END IF;
  PERFORM pg_notify('telemed_session', uid::text);
  RETURN NULL;
END $$;

CREATE TRIGGER user_session_changed AFTER DELETE OR UPDATE OF state, active_facility_id, active_role ON user_session
  FOR EACH ROW EXECUTE FUNCTION notify_session_change();
CREATE TRIGGER membership_changed AFTER INSERT OR UPDATE OR DELETE ON membership
  FOR EACH ROW EXECUTE FUNCTION notify_session_change();
CREATE TRIGGER app_user_changed AFTER UPDATE OF active, language, display_name, patient_id ON app_user
  FOR EACH ROW EXECUTE FUNCTION notify_session_change();

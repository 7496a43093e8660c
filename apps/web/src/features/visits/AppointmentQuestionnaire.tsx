import { useNavigate } from 'react-router';
import { useActiveSession } from '../../app/session.tsx';
import type { Appointment } from '../../ui/contract-types.ts';
import { ErrorAlert } from '../../ui/Feedback.tsx';
import { useSubmission } from '../../ui/hooks.ts';
import { useI18n } from '../../ui/i18n.tsx';
import { openAppointmentVisit } from './record-api.ts';

/**
 * "Pre-visit questionnaire" on the patient's own booked appointment, any time before its end: it
 * gives the appointment its visit (the same one "Join" opens later) and opens the questionnaire.
 */
export function AppointmentQuestionnaire(props: { appointment: Appointment }) {
  const { t } = useI18n();
  const { api, session } = useActiveSession();
  const navigate = useNavigate();
  const submission = useSubmission();
  const a = props.appointment;
  const isPatient = session.user.patientId === a.patientId && session.permissions.includes('patient.self');
  if (!isPatient || a.status !== 'booked' || Date.now() >= Date.parse(a.endsAt)) return null;
  return (
    <>
      <button type="button" className="button button--small" disabled={submission.pending} data-testid="open-questionnaire"
        onClick={async () => {
          const visit = await submission.run(() => openAppointmentVisit(api, a.id));
          if (visit) navigate(`/visits/${visit.id}/questionnaire`);
        }}>
        {t('questionnaire.open')}
      </button>
      <ErrorAlert error={submission.error} />
    </>
  );
}

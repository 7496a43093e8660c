import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { useActiveSession } from '../../app/session.tsx';
import type { Appointment } from '../../ui/contract-types.ts';
import { ErrorAlert } from '../../ui/Feedback.tsx';
import { useSubmission } from '../../ui/hooks.ts';
import { useI18n } from '../../ui/i18n.tsx';
import { isJoinable, JOIN_EARLY_MINUTES, openAppointmentVisit } from './record-api.ts';

/**
 * "Join the video visit" on an appointment, for its patient and its clinician: from a quarter of
 * an hour before the start until its end; before that, the time it opens.
 */
export function JoinAppointmentVisit(props: { appointment: Appointment; formatTime(iso: string): string }) {
  const { t } = useI18n();
  const { api, session } = useActiveSession();
  const navigate = useNavigate();
  const submission = useSubmission();
  const [now, setNow] = useState(() => Date.now());
  const a = props.appointment;
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const isParty = session.user.id === a.clinicianId || (session.user.patientId === a.patientId && session.permissions.includes('patient.self'));
  if (!isParty || a.status !== 'booked' || now >= Date.parse(a.endsAt) || !session.permissions.includes('visit.join')) return null;
  if (!isJoinable(a, now)) {
    const opensAt = new Date(Date.parse(a.startsAt) - JOIN_EARLY_MINUTES * 60_000).toISOString();
    return <p className="muted small" data-testid="join-later">{t('visitRecord.joinFrom', { time: props.formatTime(opensAt) })}</p>;
  }
  return (
    <>
      <button type="button" className="button button--primary button--small" disabled={submission.pending} data-testid="join-visit"
        onClick={async () => {
          const visit = await submission.run(() => openAppointmentVisit(api, a.id));
          if (visit) navigate(`/visits/${visit.id}`);
        }}>
        {t('visitRecord.join')}
      </button>
      <ErrorAlert error={submission.error} />
    </>
  );
}

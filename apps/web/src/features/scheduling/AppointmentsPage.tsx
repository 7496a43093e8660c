import { zoneLabel } from '../../ui/codes.ts';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { useActiveSession } from '../../app/session.tsx';
import type { Appointment } from '../../ui/contract-types.ts';
import { ErrorAlert, Loading, StatusMessage } from '../../ui/Feedback.tsx';
import { useResource, useSubmission } from '../../ui/hooks.ts';
import { useI18n, type MessageKey } from '../../ui/i18n.tsx';
import { Page } from '../../ui/Page.tsx';
import { AppointmentFiles } from '../visits/AppointmentFiles.tsx';
import { JoinAppointmentVisit } from '../visits/JoinAppointmentVisit.tsx';
import { AppointmentQuestionnaire } from '../visits/AppointmentQuestionnaire.tsx';
import { cancelAppointment, inviteUrl, listAppointments, viewerTimeZone } from './api.ts';

/** My appointments: as patient, clinician, the one who booked, or the facility's coordinator. */
export default function AppointmentsPage() {
  const { t } = useI18n();
  const { api, session } = useActiveSession();
  const list = useResource((signal) => listAppointments(api, signal), []);
  const canBook = session.permissions.includes('appointment.book');
  return (
    <Page title={t('scheduling.myAppointments')}
      actions={canBook ? <Link className="button button--primary" to="/appointments/book">{t('scheduling.bookTitle')}</Link> : null}>
      {list.loading && !list.data ? <Loading /> : null}
      <ErrorAlert error={list.error} />
      {list.data && list.data.items.length === 0 ? <p className="muted" data-testid="no-appointments">{t('scheduling.noAppointments')}</p> : null}
      <ul className="appointment-list" data-testid="appointments">
        {list.data?.items.map((a) => (
          <AppointmentItem key={a.id} a={a} isPatient={session.user.patientId === a.patientId}
            onChanged={() => list.reload()} />
        ))}
      </ul>
    </Page>
  );
}

function AppointmentItem(props: { a: Appointment; isPatient: boolean; onChanged(): void }) {
  const { t, lang, formatInZone } = useI18n();
  const { api } = useActiveSession();
  const { a } = props;
  const [confirming, setConfirming] = useState(false);
  // The outcome is said in the card itself, and the focus goes to its heading: the page's top is
  // out of sight on a phone when the card is far down the list.
  const [note, setNote] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const submission = useSubmission();
  const zone = viewerTimeZone();
  const when = formatInZone(a.startsAt, zone, { dateStyle: 'full', timeStyle: 'short' });
  const isBooked = a.status === 'booked';
  const headingId = `appt-${a.id}`;
  return (
    <li className="card appointment" data-testid="appointment" data-status={a.status} data-starts-at={a.startsAt} aria-labelledby={headingId}>
      <h2 id={headingId} ref={heading} tabIndex={-1} className="appointment__when">{when}</h2>
      <StatusMessage>{note || null}</StatusMessage>
      {a.timeZone !== zone ? (
        <p className="muted">{t('scheduling.facilityTime', { time: formatInZone(a.startsAt, a.timeZone, { timeStyle: 'short' }), zone: zoneLabel(a.timeZone, lang) })}</p>
      ) : null}
      <dl className="appointment__facts">
        <dt>{props.isPatient ? t('scheduling.doctor') : t('scheduling.patient')}</dt>
        <dd data-testid="appointment-with">{props.isPatient ? a.clinicianName : a.patientName}</dd>
        {!props.isPatient ? <><dt>{t('scheduling.doctor')}</dt><dd>{a.clinicianName}</dd></> : null}
        <dt>{t('scheduling.facility')}</dt>
        <dd>{a.facilityName[lang]} · {t(`profile.${a.profile}` as MessageKey)}</dd>
        {a.reason ? <><dt>{t('scheduling.reason')}</dt><dd className="prewrap">{a.reason}</dd></> : null}
        <dt>{t('scheduling.statusLabel')}</dt>
        <dd>{t(`scheduling.status.${a.status}` as MessageKey)}</dd>
      </dl>
      <div className="appointment__actions">
        <JoinAppointmentVisit appointment={a} formatTime={(iso) => formatInZone(iso, zone, { timeStyle: 'short' })} />
        <AppointmentQuestionnaire appointment={a} />
        <a className="button button--small" href={inviteUrl(a.id)} download data-testid="appointment-ics">{t('scheduling.downloadIcs')}</a>
        {isBooked ? <Link className="button button--small" to={`/appointments/book?reschedule=${a.id}`}>{t('scheduling.reschedule')}</Link> : null}
        {isBooked && !confirming ? (
          <button type="button" ref={cancelButton} className="button button--small button--danger" onClick={() => { setNote(''); setConfirming(true); }}>{t('scheduling.cancel')}</button>
        ) : null}
      </div>
      {confirming && isBooked ? (
        <form ref={submission.formRef} className="appointment__cancel" noValidate onSubmit={async (e) => {
          e.preventDefault();
          const reason = (new FormData(e.currentTarget).get('reason') as string).trim();
          const done = await submission.run(() => cancelAppointment(api, a.id, reason || undefined));
          if (done) {
            setConfirming(false);
            setNote(t('scheduling.cancelled', { when }));
            heading.current?.focus();
            props.onChanged();
          }
        }}>
          <label htmlFor={`reason-${a.id}`}>{t('scheduling.cancelReason')} <span className="optional">({t('common.optional')})</span></label>
          <input id={`reason-${a.id}`} name="reason" maxLength={1000} autoFocus />
          <ErrorAlert error={submission.error} />
          <button type="submit" className="button button--danger" disabled={submission.pending}>{t('scheduling.confirmCancel')}</button>{' '}
          <button type="button" className="button" onClick={() => {
            setConfirming(false);
            requestAnimationFrame(() => cancelButton.current?.focus());
          }}>{t('common.back')}</button>
        </form>
      ) : null}
      {props.isPatient && isBooked && Date.parse(a.endsAt) > Date.now() ? <AppointmentFiles appointment={a} /> : null}
    </li>
  );
}

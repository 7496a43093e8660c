import type { RosterEntry } from '@telemed/contracts';
import { useId, useState, type ReactNode } from 'react';
import { useActiveSession } from '../../app/session.tsx';
import { ErrorAlert } from '../../ui/Feedback.tsx';
import { useResource, useSubmission } from '../../ui/hooks.ts';
import { useI18n } from '../../ui/i18n.tsx';
import { getConsentStatus, recordVisitConsent } from './record-api.ts';

/**
 * Admitting someone who waits. The patient comes in only with their telemedicine consent on
 * record: if it is missing, the clinician asks them, confirms their spoken consent here (it is
 * recorded against the patient, by this clinician), and then admits them.
 */
export function AdmitButton(props: { visitId: string; entry: RosterEntry; onAdmit(): void }) {
  const { t } = useI18n();
  const { entry } = props;
  const admit = (
    <button type="button" className="button button--primary button--small" onClick={props.onAdmit}>
      {t('visit.admit', { name: entry.displayName })}
    </button>
  );
  if (entry.role !== 'patient') return admit;
  return <PatientAdmit {...props} admit={admit} />;
}

function PatientAdmit(props: { visitId: string; entry: RosterEntry; admit: ReactNode }) {
  const { t } = useI18n();
  const { api } = useActiveSession();
  const consent = useResource((signal) => getConsentStatus(api, props.visitId, signal), [props.visitId]);
  const submission = useSubmission();
  const [confirmed, setConfirmed] = useState(false);
  const checkId = useId();
  if (consent.loading && !consent.data) {
    return <button type="button" className="button button--small" disabled>{t('visit.admit', { name: props.entry.displayName })}</button>;
  }
  if (consent.error) return <ErrorAlert error={consent.error} />;
  if (consent.data?.onRecord) return <>{props.admit}</>;
  return (
    <form className="consent-step" data-testid="consent-step" onSubmit={async (e) => {
      e.preventDefault();
      const done = await submission.run(() => recordVisitConsent(api, props.visitId, t('visitRecord.consent.note')));
      if (done) consent.reload();
    }}>
      <p className="small">{t('visitRecord.consent.missing', { name: props.entry.displayName })}</p>
      <div className="field field--check">
        <input id={checkId} type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />
        <label htmlFor={checkId}>{t('visitRecord.consent.confirm', { name: props.entry.displayName })}</label>
      </div>
      <ErrorAlert error={submission.error} />
      <button type="submit" className="button button--small" disabled={!confirmed || submission.pending}>{t('visitRecord.consent.record')}</button>
    </form>
  );
}

import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useActiveSession } from '../../app/session.tsx';
import { ApiError } from '../../ui/api.ts';
import type { PatientSummary } from '../../ui/contract-types.ts';
import { ErrorAlert } from '../../ui/Feedback.tsx';
import { useSubmission } from '../../ui/hooks.ts';
import { useI18n } from '../../ui/i18n.tsx';
import { Page } from '../../ui/Page.tsx';
import { createPatient, type PatientBody, patientLatinName, patientName } from './api.ts';
import { PATIENT_FIELDS, PatientFields, readPatientForm } from './PatientForm.tsx';

export default function NewPatientPage() {
  const { t, formatDate } = useI18n();
  const { api, session } = useActiveSession();
  const navigate = useNavigate();
  const submission = useSubmission();
  const [pendingBody, setPendingBody] = useState<PatientBody | null>(null);
  const membership = session.memberships.find((m) => m.facilityId === session.activeFacilityId && m.role === session.activeRole);
  const facilityId = session.activeFacilityId ?? '';
  const defaultIdType = membership?.facilityCode.startsWith('UZ') ? 'UZ-PINFL' : 'KZ-IIN';

  const duplicate = submission.error instanceof ApiError && submission.error.isType('possible-duplicate') ? submission.error.problem : undefined;
  const candidates = (duplicate?.candidates as PatientSummary[] | undefined) ?? [];
  // Matches outside the user's care are only counted: their details are not the user's to see.
  const elsewhere = typeof duplicate?.elsewhere === 'number' ? duplicate.elsewhere : 0;

  async function save(body: PatientBody) {
    setPendingBody(body);
    const created = await submission.run(() => createPatient(api, body));
    if (created) navigate(`/patients/${created.id}`, { state: { created: true } });
  }

  return (
    <Page title={t('patients.new.title')}>
      <p>{t('patients.new.intro')}</p>
      <ErrorAlert error={submission.error} shownFields={PATIENT_FIELDS}>
        {(candidates.length > 0 || elsewhere > 0) && pendingBody ? (
          <div className="duplicates">
            <h2>{t('patients.new.duplicatesTitle')}</h2>
            {elsewhere > 0 ? <p>{t('patients.new.duplicatesElsewhere')}</p> : null}
            {candidates.length > 0 ? (
            <ul className="result-list">
              {candidates.map((c) => (
                <li key={c.id}>
                  <Link to={`/patients/${c.id}`} className="result-list__name">
                    {patientName(c)}
                  </Link>
                  {patientLatinName(c) ? <span className="muted"> ({patientLatinName(c)})</span> : null}
                  <span className="result-list__meta">
                    {t('patient.birthDate')}: {formatDate(c.birthDate)}
                    {c.nationalId ? ` · ${t('patient.nationalId')}: ${c.nationalId}` : ''}
                  </span>
                </li>
              ))}
            </ul>
            ) : null}
            <p>{t('patients.new.duplicatesHelp')}</p>
            <button
              type="button"
              className="button"
              disabled={submission.pending}
              onClick={() => void save({ ...pendingBody, confirmNotDuplicate: true })}
            >
              {t('patients.new.createAnyway')}
            </button>
          </div>
        ) : null}
      </ErrorAlert>
      <form
        ref={submission.formRef}
        className="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save(readPatientForm(e.currentTarget, facilityId));
        }}
      >
        <PatientFields
          defaultIdType={defaultIdType}
          errors={submission.fieldErrors}
          homeFacility={membership?.facilityName ?? '—'}
        />
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={submission.pending}>
            {t('patients.new.submit')}
          </button>
          <Link to="/patients" className="button button--link">
            {t('common.cancel')}
          </Link>
        </div>
      </form>
    </Page>
  );
}

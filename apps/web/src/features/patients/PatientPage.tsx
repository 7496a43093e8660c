import { useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import { useActiveSession } from '../../app/session.tsx';
import { ApiError } from '../../ui/api.ts';
import type { Patient } from '../../ui/contract-types.ts';
import { ErrorAlert, Loading, StatusMessage } from '../../ui/Feedback.tsx';
import { useResource, useSubmission } from '../../ui/hooks.ts';
import { useI18n } from '../../ui/i18n.tsx';
import { Page } from '../../ui/Page.tsx';
import { activeGrantExpiry, getPatient, patientLatinName, patientName, updatePatient } from './api.ts';
import { BreakGlassPanel } from './BreakGlassPanel.tsx';
import { ConsentsSection } from './ConsentsSection.tsx';
import { createVisit } from '../visits/api.ts';
import { PATIENT_FIELDS, PatientFields, readPatientForm } from './PatientForm.tsx';

export default function PatientPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const { api, session } = useActiveSession();
  const location = useLocation();
  const [grantExpiry, setGrantExpiry] = useState(() => activeGrantExpiry(session.user.id, id));
  const purpose = grantExpiry ? 'emergency' : undefined;
  const patient = useResource((signal) => getPatient(api, id, { signal, purpose }), [id, grantExpiry]);

  if (patient.loading && !patient.data) return <Loading />;
  const error = patient.error;
  if (error instanceof ApiError && error.isType('patient-out-of-scope')) {
    return (
      <BreakGlassPanel
        patientId={id}
        problem={error.problem}
        onGranted={(expiresAt) => setGrantExpiry(expiresAt)}
      />
    );
  }
  if (error || !patient.data) {
    return (
      <Page title={error instanceof ApiError && error.status === 404 ? t('patient.notFound') : t('patient.title')}>
        <ErrorAlert error={error} />
      </Page>
    );
  }
  return (
    <PatientView
      patient={patient.data}
      grantExpiry={grantExpiry}
      justCreated={Boolean((location.state as { created?: boolean } | null)?.created)}
    />
  );
}

function PatientView(props: { patient: Patient; grantExpiry: string | null; justCreated: boolean }) {
  const { t, formatDate, formatDateTime } = useI18n();
  const { api, can, session } = useActiveSession();
  const [patient, setPatient] = useState(props.patient);
  const [editing, setEditing] = useState(false);
  const [status, setStatus] = useState<string | null>(props.justCreated ? t('patient.created') : null);
  const submission = useSubmission();
  const navigate = useNavigate();
  const [startingVisit, setStartingVisit] = useState(false);
  const [broadcast, setBroadcast] = useState(false);
  const purpose = props.grantExpiry ? 'emergency' : undefined;
  const latin = patientLatinName(patient);
  const isSelf = session.user.patientId === patient.id;
  const homeFacility = session.memberships.find((m) => m.facilityId === patient.homeFacilityId)?.facilityName;

  return (
    <Page
      title={patientName(patient)}
      titleSuffix={latin || null}
      actions={
        <>
          {can('visit.manage') && !isSelf ? (
            <>
              <button type="button" className="button button--primary" disabled={startingVisit}
                onClick={async () => {
                  setStartingVisit(true);
                  const visit = await submission.run(() => createVisit(api, patient.id, { broadcast }));
                  setStartingVisit(false);
                  if (visit) navigate(`/visits/${visit.id}`);
                }}>
                {t('visit.start')}
              </button>
              <label className="check-option">
                <input type="checkbox" checked={broadcast} onChange={(e) => setBroadcast(e.target.checked)} />
                <span>{t('visit.broadcast.option')}</span>
              </label>
            </>
          ) : null}
          {can('patient.write') && !editing ? (
            <button type="button" className="button" onClick={() => { setEditing(true); setStatus(null); }}>
              {t('patient.edit')}
            </button>
          ) : null}
        </>
      }
    >
      {props.grantExpiry ? (
        <div className="banner banner--emergency" data-testid="break-glass-banner" role="note">
          <strong>{t('breakGlass.bannerTitle')}</strong>{' '}
          {t('breakGlass.bannerText', { until: formatDateTime(props.grantExpiry) })}
        </div>
      ) : null}
      <StatusMessage>{status}</StatusMessage>
      {patient.selfRegistered && !isSelf ? <p className="alert alert--info">{t('patient.selfRegistered')}</p> : null}
      {!editing ? <ErrorAlert error={submission.error} /> : null}
      {editing ? (
        <section aria-labelledby="edit-title" className="card">
          <h2 id="edit-title">{t('patient.editTitle')}</h2>
          <ErrorAlert error={submission.error} shownFields={PATIENT_FIELDS} />
          <form
            ref={submission.formRef}
            className="form"
            noValidate
            onSubmit={async (e) => {
              e.preventDefault();
              // A change never moves the home facility (the server keeps it); a record the patient made has none.
              const body = readPatientForm(e.currentTarget, patient.homeFacilityId ?? session.activeFacilityId ?? '');
              const saved = await submission.run(() => updatePatient(api, patient.id, body, { purpose }));
              if (saved) {
                setPatient(saved);
                setEditing(false);
                setStatus(t('patient.saved'));
              }
            }}
          >
            <PatientFields
              patient={patient}
              defaultIdType={patient.nationalIdType ?? 'KZ-IIN'}
              errors={submission.fieldErrors}
              homeFacility={homeFacility ?? t('patient.homeFacilityOther')}
            />
            <div className="form__actions">
              <button type="submit" className="button button--primary" disabled={submission.pending}>
                {t('common.save')}
              </button>
              <button type="button" className="button button--link" onClick={() => { setEditing(false); submission.clear(); }}>
                {t('common.cancel')}
              </button>
            </div>
          </form>
        </section>
      ) : (
        <section aria-labelledby="details-title" className="card">
          <h2 id="details-title">{t('patient.details')}</h2>
          <dl className="details">
            <div>
              <dt>{t('patient.birthDate')}</dt>
              <dd>{formatDate(patient.birthDate)}</dd>
            </div>
            <div>
              <dt>{t('patient.sex')}</dt>
              <dd>{t(`sex.${patient.sex}`)}</dd>
            </div>
            <div>
              <dt>{t('patient.nationalId')}</dt>
              <dd>
                {patient.nationalId ? (
                  <>
                    <span className="mono">{patient.nationalId}</span>{' '}
                    <span className="muted">
                      · {t(patient.nationalIdType === 'UZ-PINFL' ? 'patient.idType.uzPinfl' : 'patient.idType.kzIin')}
                    </span>
                  </>
                ) : (
                  t('common.notGiven')
                )}
              </dd>
            </div>
            <div>
              <dt>{t('patient.phone')}</dt>
              <dd>{patient.phone ?? t('common.notGiven')}</dd>
            </div>
            <div>
              <dt>{t('patient.email')}</dt>
              <dd>{patient.email ?? t('common.notGiven')}</dd>
            </div>
            <div>
              <dt>{t('patient.address')}</dt>
              <dd>{patient.address ?? t('common.notGiven')}</dd>
            </div>
            <div>
              <dt>{t('patient.preferredLanguage')}</dt>
              <dd>{t(`languageName.${patient.preferredLanguage}`)}</dd>
            </div>
            {homeFacility ? (
              <div>
                <dt>{t('patient.homeFacility')}</dt>
                <dd>{homeFacility}</dd>
              </div>
            ) : null}
            <div>
              <dt>{t('patient.updatedAt')}</dt>
              <dd>{formatDateTime(patient.updatedAt)}</dd>
            </div>
          </dl>
        </section>
      )}
      <ConsentsSection patientId={patient.id} purpose={purpose} canRecord={can('consent.write') && !isSelf} />
    </Page>
  );
}

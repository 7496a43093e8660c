import { useState } from 'react';
import { useSession } from '../../app/session.tsx';
import type { Questionnaire } from '../../ui/contract-types.ts';
import { ErrorAlert, Loading, StatusMessage } from '../../ui/Feedback.tsx';
import { useResource } from '../../ui/hooks.ts';
import { useI18n, type MessageKey } from '../../ui/i18n.tsx';
import { getQuestionnaire } from './questionnaire-api.ts';

/** The patient's answers as both sides read them once handed in. */
export function QuestionnaireSummary(props: { q: Questionnaire }) {
  const { t, formatNumber } = useI18n();
  const { q } = props;
  const v = q.vitals;
  const num = (n: number | null) => (n === null ? null : formatNumber(n));
  const rows: [string, string | null][] = [
    [t('questionnaire.field.complaint'), q.complaint],
    [t('questionnaire.field.since'), q.since],
    [t('questionnaire.symptoms'), q.symptoms.map((s) => t(`questionnaire.symptom.${s}` as MessageKey)).join(', ')],
    [t('questionnaire.field.medication'), q.medication],
    [t('questionnaire.field.allergies'), q.allergies],
    [t('questionnaire.vital.temperatureC'), num(v.temperatureC)],
    [t('questionnaire.summary.bloodPressure'), v.systolicMmHg !== null && v.diastolicMmHg !== null ? `${v.systolicMmHg}/${v.diastolicMmHg}` : null],
    [t('questionnaire.vital.pulsePerMin'), num(v.pulsePerMin)],
    [t('questionnaire.vital.spo2Percent'), num(v.spo2Percent)],
    [t('questionnaire.vital.weightKg'), num(v.weightKg)],
    [t('questionnaire.field.notes'), q.notes],
  ];
  return (
    <dl className="record-facts" data-testid="questionnaire-summary">
      {rows.filter(([, value]) => value).map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd className="prewrap">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * The questionnaire in the clinician's record panel: what the patient handed in before the visit,
 * with the complaint one click away from the record's complaint field.
 */
export function QuestionnaireView(props: { visitId: string; onCopyComplaint?(text: string): void }) {
  const { t, formatDateTime } = useI18n();
  const { api } = useSession();
  const answer = useResource((signal) => getQuestionnaire(api, props.visitId, signal), [props.visitId]);
  const [status, setStatus] = useState('');
  const q = answer.data?.questionnaire ?? null;
  return (
    <section className="card card--sub" aria-labelledby="questionnaire-title" data-testid="questionnaire-view">
      <h3 id="questionnaire-title">{t('questionnaire.clinician.title')}</h3>
      <StatusMessage>{status || null}</StatusMessage>
      {answer.loading && !answer.data ? <Loading /> : null}
      <ErrorAlert error={answer.error} />
      {answer.data && !q ? (
        <p className="row-actions">
          <span className="muted">{t('questionnaire.clinician.none')}</span>
          <button type="button" className="button button--small" onClick={answer.reload}>{t('questionnaire.clinician.check')}</button>
        </p>
      ) : null}
      {q ? (
        <>
          <p className="muted small">{t('questionnaire.submittedAt', { time: formatDateTime(q.submittedAt ?? q.updatedAt) })}</p>
          <QuestionnaireSummary q={q} />
          {props.onCopyComplaint && q.complaint ? (
            <button type="button" className="button button--small" onClick={() => {
              props.onCopyComplaint!(q.complaint);
              setStatus(t('questionnaire.copied'));
            }}>{t('questionnaire.copyComplaint')}</button>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

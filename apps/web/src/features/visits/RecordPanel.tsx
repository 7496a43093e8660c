import { toLatinIcd10 } from '../../ui/icd10.ts';
import { useEffect, useState } from 'react';
import { useActiveSession } from '../../app/session.tsx';
import type { VisitRecord, VisitRecordInput } from '../../ui/contract-types.ts';
import { ErrorAlert, Loading, StatusMessage } from '../../ui/Feedback.tsx';
import { CheckboxField, TextAreaField, TextField } from '../../ui/Field.tsx';
import { useResource, useSubmission } from '../../ui/hooks.ts';
import { useI18n } from '../../ui/i18n.tsx';
import { PrescriptionsEditor } from './PrescriptionsEditor.tsx';
import { QuestionnaireView } from './QuestionnaireView.tsx';
import { RecordingList } from './RecordingList.tsx';
import { getRecord, saveRecord, signRecord } from './record-api.ts';
import { SignedRecord } from './SignedRecord.tsx';

const EMPTY: VisitRecordInput = { complaint: '', history: '', examination: '', assessment: '', diagnoses: [], plan: '', prescriptions: [],
  followUp: '', followUpBooking: false, patientSummary: '' };
const NOTE_FIELDS = ['complaint', 'history', 'examination', 'assessment'] as const;

function inputOf(r: VisitRecord): VisitRecordInput {
  const { complaint, history, examination, assessment, diagnoses, plan, prescriptions, followUp, followUpBooking, patientSummary } = r;
  return { complaint, history, examination, assessment, diagnoses, plan, prescriptions, followUp, followUpBooking, patientSummary };
}

/**
 * The clinician's documentation of the visit, during the call and after it: the note (complaint,
 * history, examination, assessment with ICD-10 codes, plan), prescriptions, follow-up, and the
 * summary for the patient in the patient's language. Saved as a draft; signed once.
 */
export function RecordPanel(props: { visitId: string }) {
  const { t } = useI18n();
  const { api } = useActiveSession();
  const answer = useResource((signal) => getRecord(api, props.visitId, signal), [props.visitId]);
  const [form, setForm] = useState<VisitRecordInput>(EMPTY);
  const [codes, setCodes] = useState('');
  const [record, setRecord] = useState<VisitRecord | null>(null);
  const [status, setStatus] = useState('');
  const submission = useSubmission();
  useEffect(() => {
    const r = answer.data?.record ?? null;
    setRecord(r);
    if (r) {
      setForm(inputOf(r));
      setCodes(r.diagnoses.join(', '));
    }
  }, [answer.data]);

  if (answer.loading && !answer.data) return <Loading />;
  if (answer.error) return <ErrorAlert error={answer.error} />;
  const language = answer.data!.summaryLanguage;
  const errors = submission.fieldErrors;
  const set = <K extends keyof VisitRecordInput>(k: K, v: VisitRecordInput[K]) => setForm((f) => ({ ...f, [k]: v }));
  const body = (): VisitRecordInput => ({ ...form, diagnoses: codes.split(/[\s,;]+/).map(toLatinIcd10).filter(Boolean) });
  const diagnosisError = Object.entries(errors).find(([k]) => k.startsWith('diagnoses'))?.[1];

  const heading = (
    <h2 id="record-title">{t('visitRecord.title')}</h2>
  );
  if (record?.status === 'signed') {
    return (
      <section className="card" aria-labelledby="record-title" data-testid="record-panel">
        {heading}
        <StatusMessage>{status || null}</StatusMessage>
        <QuestionnaireView visitId={props.visitId} />
        <SignedRecord visitId={props.visitId} record={record} onChange={setRecord} />
        <RecordingList visitId={props.visitId} />
      </section>
    );
  }
  if (record && !record.mayEdit) {
    return (
      <section className="card" aria-labelledby="record-title" data-testid="record-panel">
        {heading}
        <p>{t('visitRecord.otherAuthor', { name: record.authorName })}</p>
        <RecordingList visitId={props.visitId} />
      </section>
    );
  }
  return (
    <section className="card" aria-labelledby="record-title" data-testid="record-panel">
      {heading}
      <StatusMessage>{status || null}</StatusMessage>
      <QuestionnaireView visitId={props.visitId} onCopyComplaint={(text) => setForm((f) => ({ ...f,
        complaint: !f.complaint.trim() ? text : f.complaint.includes(text) ? f.complaint : `${f.complaint}\n${text}` }))} />
      <form ref={submission.formRef} className="form" noValidate onSubmit={async (e) => {
        e.preventDefault();
        const sign = (e.nativeEvent as SubmitEvent).submitter?.getAttribute('value') === 'sign';
        setStatus('');
        const done = await submission.run(async () => {
          const saved = await saveRecord(api, props.visitId, body());
          return sign ? signRecord(api, props.visitId) : saved;
        });
        if (done) {
          setRecord(done);
          setStatus(t(done.status === 'signed' ? 'visitRecord.signedNotice' : 'visitRecord.savedNotice'));
        }
      }}>
        <h3>{t('visitRecord.note')}</h3>
        {NOTE_FIELDS.map((k) => (
          <TextAreaField key={k} name={k} label={t(`visitRecord.field.${k}`)} optional rows={3} value={form[k]} error={errors[k]}
            onChange={(e) => set(k, e.target.value)} />
        ))}
        <TextField name="diagnoses" label={t('visitRecord.field.diagnoses')} hint={t('visitRecord.diagnosesHint')} optional value={codes}
          error={diagnosisError ? t('consultationNew.error.icd10') : undefined} onChange={(e) => setCodes(e.target.value)} />
        <TextAreaField name="plan" label={t('visitRecord.field.plan')} optional rows={3} value={form.plan} error={errors.plan}
          onChange={(e) => set('plan', e.target.value)} />
        <PrescriptionsEditor value={form.prescriptions} errors={errors} onChange={(v) => set('prescriptions', v)} />
        <TextAreaField name="followUp" label={t('visitRecord.field.followUp')} optional rows={2} value={form.followUp} error={errors.followUp}
          onChange={(e) => set('followUp', e.target.value)} />
        <CheckboxField name="followUpBooking" label={t('visitRecord.field.followUpBooking')} checked={form.followUpBooking}
          onChange={(e) => set('followUpBooking', e.target.checked)} />
        <TextAreaField name="patientSummary" label={t('visitRecord.field.patientSummary')} rows={5} value={form.patientSummary}
          hint={t('visitRecord.summaryHint', { language: t(`languageName.${language}`) })} lang={language} error={errors.patientSummary}
          onChange={(e) => set('patientSummary', e.target.value)} />
        <ErrorAlert error={submission.error} shownFields={Object.keys(errors)} />
        <p className="muted small">{t('visitRecord.signHint')}</p>
        <div className="row-actions">
          <button type="submit" name="action" value="save" className="button" disabled={submission.pending}>{t('visitRecord.save')}</button>
          <button type="submit" name="action" value="sign" className="button button--primary" disabled={submission.pending}>{t('visitRecord.sign')}</button>
        </div>
      </form>
      <RecordingList visitId={props.visitId} />
    </section>
  );
}

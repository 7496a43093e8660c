import { QUESTIONNAIRE_SYMPTOMS, QUESTIONNAIRE_TEXT_LIMITS as LIMITS, VITAL_LIMITS, type VitalName } from '@telemed/contracts/portal-codes';
import { useEffect, useRef, useState } from 'react';
import { Link, Navigate, useLocation, useParams } from 'react-router';
import { useSession } from '../../app/session.tsx';
import { ApiError } from '../../ui/api.ts';
import type { Questionnaire } from '../../ui/contract-types.ts';
import { clearDraft, loadDraft, saveDraft } from '../../ui/drafts.ts';
import { ErrorAlert, Loading, StatusMessage } from '../../ui/Feedback.tsx';
import { CheckboxField, TextAreaField, TextField } from '../../ui/Field.tsx';
import { useResource, useSubmission } from '../../ui/hooks.ts';
import { useI18n, type MessageKey } from '../../ui/i18n.tsx';
import { Page } from '../../ui/Page.tsx';
import { getQuestionnaire, questionnaireDraftKey, saveQuestionnaire, submitQuestionnaire } from './questionnaire-api.ts';
import { EMPTY_FORM, fromSaved, toInput, VITAL_NAMES, vitalProblems, type QuestionnaireForm } from './questionnaire-form.ts';
import { QuestionnaireSummary } from './QuestionnaireView.tsx';

// Saved this long after the patient stops typing: a slow link carries one request, not one per key.
const SAVE_AFTER_MS = 1200;

type SaveState = 'idle' | 'saving' | 'saved' | 'offline' | 'failed';
interface LocalDraft { form: QuestionnaireForm; at: string }

/**
 * The questionnaire before a visit, for the visit's patient — signed in, or a guest patient who
 * came by personal link (their pass). Each change is kept on the device at once and saved to the
 * server when typing pauses, so a dropped link loses nothing; "Send to the doctor" hands it in.
 */
export default function QuestionnairePage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const { api, session } = useSession();
  const location = useLocation();
  const answer = useResource((signal) => getQuestionnaire(api, id, signal), [id]);
  if (answer.loading && !answer.data) return <Loading />;
  if (answer.error instanceof ApiError && answer.error.status === 401 && !session) {
    return <Navigate to="/sign-in" replace state={{ from: location.pathname }} />;
  }
  return (
    <Page title={t('questionnaire.title')}>
      <ErrorAlert error={answer.error} />
      {answer.data?.role === 'patient' ? <QuestionnaireEditor visitId={id} saved={answer.data.questionnaire} /> : null}
      {answer.data?.role === 'clinician' ? (
        answer.data.questionnaire ? <QuestionnaireSummary q={answer.data.questionnaire} /> : <p>{t('questionnaire.clinician.none')}</p>
      ) : null}
      <p><Link className="button" to={`/visits/${id}`}>{t('questionnaire.toVisit')}</Link></p>
    </Page>
  );
}

function initialForm(visitId: string, saved: Questionnaire | null): { form: QuestionnaireForm; restored: boolean } {
  const local = loadDraft<LocalDraft>(questionnaireDraftKey(visitId));
  // The device's copy wins when it is newer than what reached the server (the link dropped before it saved).
  if (local && (!saved || (saved.status === 'draft' && Date.parse(local.at) > Date.parse(saved.updatedAt)))) {
    return { form: { ...EMPTY_FORM, ...local.form, vitals: { ...EMPTY_FORM.vitals, ...local.form.vitals } }, restored: true };
  }
  return { form: saved ? fromSaved(saved) : EMPTY_FORM, restored: false };
}

function QuestionnaireEditor(props: { visitId: string; saved: Questionnaire | null }) {
  const { t, formatDateTime, formatNumber } = useI18n();
  const { api } = useSession();
  const key = questionnaireDraftKey(props.visitId);
  const [initial] = useState(() => initialForm(props.visitId, props.saved));
  const [form, setForm] = useState<QuestionnaireForm>(initial.form);
  const [done, setDone] = useState<Questionnaire | null>(props.saved && !props.saved.mayEdit ? props.saved : null);
  const [saveState, setSaveState] = useState<SaveState>('idle');
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [complaintMissing, setComplaintMissing] = useState(false);
  const submission = useSubmission();
  const formRef = useRef(form);
  formRef.current = form;
  const dirty = useRef(initial.restored);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const closed = useRef(done !== null);

  const flush = async () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (!dirty.current || closed.current) return;
    dirty.current = false;
    setSaveState('saving');
    try {
      await saveQuestionnaire(api, props.visitId, toInput(formRef.current));
      setSaveState('saved');
    } catch (err) {
      dirty.current = true;
      setSaveState(err instanceof ApiError && err.status === 0 ? 'offline' : 'failed');
    }
  };
  const flushRef = useRef(flush);
  flushRef.current = flush;

  useEffect(() => {
    // Back online, or leaving the page: what waits on the device goes to the server.
    const now = () => void flushRef.current();
    const onHide = () => { if (document.visibilityState === 'hidden') now(); };
    window.addEventListener('online', now);
    document.addEventListener('visibilitychange', onHide);
    if (dirty.current) now();
    return () => {
      window.removeEventListener('online', now);
      document.removeEventListener('visibilitychange', onHide);
      if (timer.current) clearTimeout(timer.current);
    };
  }, []);

  if (done) {
    return (
      <>
        <p role="status" className="alert alert--success" data-testid="questionnaire-sent">
          {done.status === 'submitted' ? t('questionnaire.submitted', { time: formatDateTime(done.submittedAt!) }) : t('questionnaire.closed')}
        </p>
        <h2>{t('questionnaire.submittedTitle')}</h2>
        <QuestionnaireSummary q={done} />
      </>
    );
  }

  const update = (next: QuestionnaireForm) => {
    setForm(next);
    saveDraft(key, { form: next, at: new Date().toISOString() } satisfies LocalDraft);
    dirty.current = true;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void flushRef.current(), SAVE_AFTER_MS);
  };
  const set = <K extends Exclude<keyof QuestionnaireForm, 'vitals'>>(k: K, v: QuestionnaireForm[K]) => update({ ...formRef.current, [k]: v });
  const setVital = (name: VitalName, v: string) => update({ ...formRef.current, vitals: { ...formRef.current.vitals, [name]: v } });
  const problems = vitalProblems(form);
  const serverErrors = submission.fieldErrors;
  const vitalError = (name: VitalName) => {
    const p = touched.has(name) ? problems[name] : undefined;
    const limits = VITAL_LIMITS[name];
    if (p) return t(`questionnaire.error.${p}`, { min: formatNumber(limits.min), max: formatNumber(limits.max) });
    return serverErrors[`vitals.${name}`];
  };
  const saveText: Record<SaveState, string | null> = { idle: initial.restored ? t('questionnaire.restored') : null, saving: t('questionnaire.saving'),
    saved: t('questionnaire.saved'), offline: t('questionnaire.savedOffline'), failed: t('questionnaire.saveFailed') };

  return (
    <form ref={submission.formRef} className="form" noValidate data-testid="questionnaire-form" onSubmit={async (e) => {
      e.preventDefault();
      setTouched(new Set(VITAL_NAMES));
      const missing = !form.complaint.trim();
      setComplaintMissing(missing);
      if (missing || Object.keys(problems).length > 0) {
        // The first field to put right gets the focus (after the errors are drawn).
        setTimeout(() => submission.formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(), 0);
        return;
      }
      if (timer.current) clearTimeout(timer.current);
      const sent = await submission.run(() => submitQuestionnaire(api, props.visitId, toInput(form)));
      if (sent) {
        closed.current = true;
        clearDraft(key);
        setDone(sent);
      }
    }}>
      <p>{t('questionnaire.intro')}</p>
      <StatusMessage tone="info">{saveText[saveState]}</StatusMessage>
      <TextAreaField name="complaint" label={t('questionnaire.field.complaint')} rows={3} maxLength={LIMITS.complaint} value={form.complaint}
        error={complaintMissing ? t('questionnaire.error.complaint') : serverErrors.complaint}
        onChange={(e) => { setComplaintMissing(false); set('complaint', e.target.value); }} />
      <TextField name="since" label={t('questionnaire.field.since')} hint={t('questionnaire.field.sinceHint')} optional maxLength={LIMITS.since}
        value={form.since} error={serverErrors.since} onChange={(e) => set('since', e.target.value)} />
      <fieldset className="fieldset fieldset--inline">
        <legend>{t('questionnaire.symptoms')}</legend>
        {QUESTIONNAIRE_SYMPTOMS.map((s) => (
          <CheckboxField key={s} name={`symptom-${s}`} label={t(`questionnaire.symptom.${s}` as MessageKey)} checked={form.symptoms.includes(s)}
            onChange={(e) => set('symptoms', e.target.checked ? [...form.symptoms, s] : form.symptoms.filter((x) => x !== s))} />
        ))}
      </fieldset>
      <TextAreaField name="medication" label={t('questionnaire.field.medication')} optional rows={2} maxLength={LIMITS.medication}
        value={form.medication} error={serverErrors.medication} onChange={(e) => set('medication', e.target.value)} />
      <TextAreaField name="allergies" label={t('questionnaire.field.allergies')} optional rows={2} maxLength={LIMITS.allergies}
        value={form.allergies} error={serverErrors.allergies} onChange={(e) => set('allergies', e.target.value)} />
      <fieldset className="fieldset">
        <legend>{t('questionnaire.vitals')}</legend>
        <p className="muted small">{t('questionnaire.vitalsHint')}</p>
        {VITAL_NAMES.map((name) => (
          <TextField key={name} name={name} label={t(`questionnaire.vital.${name}`)} optional inputMode={VITAL_LIMITS[name].decimals ? 'decimal' : 'numeric'}
            autoComplete="off" hint={t('questionnaire.range', { min: formatNumber(VITAL_LIMITS[name].min), max: formatNumber(VITAL_LIMITS[name].max) })}
            value={form.vitals[name]} error={vitalError(name)} onChange={(e) => setVital(name, e.target.value)}
            onBlur={() => setTouched((s) => new Set([...s, name]))} />
        ))}
      </fieldset>
      <TextAreaField name="notes" label={t('questionnaire.field.notes')} optional rows={3} maxLength={LIMITS.notes} value={form.notes}
        error={serverErrors.notes} onChange={(e) => set('notes', e.target.value)} />
      <ErrorAlert error={submission.error} shownFields={Object.keys(serverErrors)} />
      <div className="row-actions">
        <button type="submit" className="button button--primary" disabled={submission.pending}>{t('questionnaire.submit')}</button>
      </div>
    </form>
  );
}

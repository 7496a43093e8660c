import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useActiveSession } from '../../app/session.tsx';
import { ApiError } from '../../ui/api.ts';
import { CONSULTATION_MODES, CONSULTATION_URGENCIES } from '../../ui/codes.ts';
import { ProfileOptions } from '../../ui/ProfileOptions.tsx';
import { labErrors, LabRows, toObservations, type LabRow } from './LabRows.tsx';
import type { Facility, PatientSummary } from '../../ui/contract-types.ts';
import { clearDraft, loadDraft, saveDraft } from '../../ui/drafts.ts';
import { ErrorAlert, StatusMessage } from '../../ui/Feedback.tsx';
import { TextAreaField, TextField } from '../../ui/Field.tsx';
import { ICD10, toLatinIcd10 } from '../../ui/icd10.ts';
import { useResource, useSubmission } from '../../ui/hooks.ts';
import { useI18n } from '../../ui/i18n.tsx';
import { Page } from '../../ui/Page.tsx';
import { listFacilities } from '../facilities/api.ts';
import { getPatient, patientName, searchPatients } from '../patients/api.ts';
import { createConsultation, routeFor } from './api.ts';
import { PendingFiles } from './PendingFiles.tsx';
import { startCaseUploads } from './uploads-queue.ts';


interface Draft {
  patientId: string;
  patientLabel: string;
  profile: string;
  target: 'auto' | string;
  urgency: string;
  mode: string;
  question: string;
  complaints: string;
  history: string;
  currentTreatment: string;
  vitalSigns: string;
  provisionalDiagnosis: string;
  labs: LabRow[];
}

const EMPTY: Draft = {
  patientId: '', patientLabel: '', profile: '', target: 'auto', urgency: 'planned', mode: 'async', question: '', complaints: '', history: '',
  currentTreatment: '', vitalSigns: '', provisionalDiagnosis: '', labs: [],
};

const STEPS = ['patient', 'request', 'clinical', 'files', 'review'] as const;
type Step = (typeof STEPS)[number];

/** Which step holds a field the server refused, so the wizard can go back to it. */
const FIELD_STEP: Record<string, Step> = {
  patientId: 'patient', profile: 'request', targetFacilityId: 'request', urgency: 'request', mode: 'request', question: 'request',
};


/**
 * The referrer's request in five short steps that fit a phone. Everything typed is kept on the
 * device until the request is sent; files upload in the background after it is created.
 */
export default function NewConsultationPage() {
  const { t, lang } = useI18n();
  const { api, session } = useActiveSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const draftKey = `consultation.${session.user.id}`;
  const [draft, setDraft] = useState<Draft>(() => ({ ...EMPTY, ...loadDraft<Draft>(draftKey) }));
  const [restored] = useState(() => Boolean(loadDraft<Draft>(draftKey)?.question || loadDraft<Draft>(draftKey)?.patientId));
  const [step, setStep] = useState<Step>('patient');
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [files, setFiles] = useState<File[]>([]);
  const submission = useSubmission();
  const stepHeading = useRef<HTMLHeadingElement>(null);
  const preset = params.get('patientId');

  useEffect(() => {
    if (!preset || draft.patientId === preset) return;
    getPatient(api, preset).then((p) => setDraft((d) => ({ ...d, patientId: p.id, patientLabel: patientName(p) })), () => undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [preset]);

  useEffect(() => {
    const id = setTimeout(() => saveDraft(draftKey, draft), 300);
    return () => clearTimeout(id);
  }, [draft, draftKey]);

  const facilities = useResource((signal) => listFacilities(api, signal), []);
  const route = useResource((signal) => (draft.profile ? routeFor(api, draft.profile, signal) : Promise.resolve(null)), [draft.profile]);
  const hubs = useMemo(() => (facilities.data?.items ?? []).filter((f: Facility) => f.active && f.id !== session.activeFacilityId
    && (!draft.profile || f.profiles.includes(draft.profile as never))), [facilities.data, draft.profile, session.activeFacilityId]);
  const facilityName = (id: string | null | undefined) => {
    const f = facilities.data?.items.find((x) => x.id === id);
    return f ? (f.name[lang] || f.name.ru || f.code) : '';
  };

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const go = (next: Step) => {
    setStep(next);
    requestAnimationFrame(() => stepHeading.current?.focus());
  };

  function validate(s: Step): boolean {
    const e: Record<string, string> = {};
    if (s === 'patient' && !draft.patientId) e.patientId = t('consultationNew.error.patient');
    if (s === 'request') {
      if (!draft.profile) e.profile = t('consultationNew.error.profile');
      if (draft.target === 'auto' && route.data && !route.data.facilityId) e.targetFacilityId = t('consultationNew.error.noRoute');
      if (draft.question.trim().length < 10) e.question = t('consultationNew.error.question');
    }
    if (s === 'clinical') {
      if (draft.provisionalDiagnosis && !ICD10.test(toLatinIcd10(draft.provisionalDiagnosis))) {
        e['summary.provisionalDiagnosis'] = t('consultationNew.error.icd10');
      }
      Object.assign(e, labErrors(draft.labs, t('consultationNew.error.lab')));
    }
    setLocalErrors(e);
    return Object.keys(e).length === 0;
  }

  async function send(submit: boolean) {
    for (const s of STEPS) {
      if (!validate(s)) {
        setStep(s);
        const form = submission.formRef.current;
        if (form) focusFirstInvalid(form);
        return;
      }
    }
    const created = await submission.run(() => createConsultation(api, {
      patientId: draft.patientId,
      ...(draft.target === 'auto' ? {} : { targetFacilityId: draft.target }),
      profile: draft.profile,
      urgency: draft.urgency as 'planned',
      mode: draft.mode as 'async',
      question: draft.question,
      summary: {
        complaints: draft.complaints, history: draft.history, currentTreatment: draft.currentTreatment, vitalSigns: draft.vitalSigns,
        ...(draft.provisionalDiagnosis ? { provisionalDiagnosis: toLatinIcd10(draft.provisionalDiagnosis) } : {}),
      },
      observations: toObservations(draft.labs),
      submit,
    }));
    if (!created) return;
    clearDraft(draftKey);
    if (files.length > 0) startCaseUploads(api, created.id, files);
    navigate(`/consultations/${created.id}`, { state: { created: true } });
  }

  // A refusal from the server sends the user back to the step with the field.
  useEffect(() => {
    if (!(submission.error instanceof ApiError)) return;
    const first = Object.keys(submission.error.fieldErrors())[0];
    const target = first ? FIELD_STEP[first.split('.')[0]] ?? (first.startsWith('summary') || first.startsWith('observations') ? 'clinical' : null) : null;
    if (target) go(target);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [submission.error]);

  const errors = { ...submission.fieldErrors, ...localErrors };
  const index = STEPS.indexOf(step);

  return (
    <Page title={t('consultationNew.title')}>
      {restored ? <StatusMessage tone="info">{t('consultationNew.restored')}</StatusMessage> : <StatusMessage />}
      <ol className="wizard-steps" aria-label={t('consultationNew.steps')}>
        {STEPS.map((s, i) => (
          <li key={s} aria-current={s === step ? 'step' : undefined} className={i < index ? 'done' : undefined}>
            {i < index ? <button type="button" className="button--link" onClick={() => go(s)}>{t(`consultationNew.step.${s}`)}</button>
              : <span>{t(`consultationNew.step.${s}`)}</span>}
          </li>
        ))}
      </ol>
      <ErrorAlert error={submission.error} shownFields={Object.keys(FIELD_STEP)}>
        {submission.error instanceof ApiError && submission.error.status === 0 ? <p>{t('consultationNew.keptOffline')}</p> : null}
      </ErrorAlert>
      <form
        ref={submission.formRef}
        className="form card"
        noValidate
        data-testid="consultation-wizard"
        onSubmit={(e) => {
          e.preventDefault();
          if (step === 'review') return void send(true);
          if (validate(step)) return go(STEPS[index + 1]);
          focusFirstInvalid(e.currentTarget);
        }}
      >
        <h2 ref={stepHeading} tabIndex={-1}>{t('consultationNew.stepOf', { n: index + 1, total: STEPS.length })}: {t(`consultationNew.step.${step}`)}</h2>
        {step === 'patient' ? (
          <PatientStep value={draft.patientId ? { id: draft.patientId, label: draft.patientLabel } : null} error={errors.patientId}
            onPick={(id, label) => setDraft((d) => ({ ...d, patientId: id, patientLabel: label }))} />
        ) : null}
        {step === 'request' ? (
          <>
            <div className={`field ${errors.profile ? 'field--invalid' : ''}`}>
              <label htmlFor="c-profile">{t('consultation.profile')}</label>
              {errors.profile ? <p className="field__error" id="c-profile-error">{errors.profile}</p> : null}
              <select id="c-profile" name="profile" value={draft.profile} onChange={(e) => set('profile', e.target.value)}
                aria-invalid={errors.profile ? true : undefined} aria-describedby={errors.profile ? 'c-profile-error' : undefined}>
                <option value="">{t('common.choose')}</option>
                <ProfileOptions />
              </select>
            </div>
            <fieldset className={`fieldset ${errors.targetFacilityId ? 'field--invalid' : ''}`}>
              <legend>{t('consultation.target')}</legend>
              {errors.targetFacilityId ? <p className="field__error">{errors.targetFacilityId}</p> : null}
              <div className="field field--check">
                <input type="radio" id="c-target-auto" name="target" checked={draft.target === 'auto'} onChange={() => set('target', 'auto')} />
                <label htmlFor="c-target-auto">
                  {t('consultationNew.targetAuto')}
                  {draft.profile && route.data ? (
                    <span className="muted" data-testid="routed-to"> — {route.data.facilityId ? facilityName(route.data.facilityId) : t('consultationNew.error.noRoute')}</span>
                  ) : null}
                </label>
              </div>
              <div className="field field--check">
                <input type="radio" id="c-target-chosen" name="target" checked={draft.target !== 'auto'}
                  onChange={() => set('target', hubs[0]?.id ?? 'auto')} disabled={hubs.length === 0} />
                <label htmlFor="c-target-chosen">{t('consultationNew.targetChosen')}</label>
              </div>
              {draft.target !== 'auto' ? (
                <div className="field">
                  <label htmlFor="c-target">{t('consultation.target')}</label>
                  <select id="c-target" value={draft.target} onChange={(e) => set('target', e.target.value)}>
                    {hubs.map((f) => <option key={f.id} value={f.id}>{f.name[lang] || f.code} ({f.code})</option>)}
                  </select>
                </div>
              ) : null}
            </fieldset>
            <fieldset className="fieldset">
              <legend>{t('consultation.urgency')}</legend>
              {CONSULTATION_URGENCIES.map((u) => (
                <div className="field field--check" key={u}>
                  <input type="radio" id={`c-urgency-${u}`} name="urgency" value={u} checked={draft.urgency === u} onChange={() => set('urgency', u)} />
                  <label htmlFor={`c-urgency-${u}`}>{t(`urgency.${u}`)} <span className="muted">— {t(`urgencyHint.${u}`)}</span></label>
                </div>
              ))}
            </fieldset>
            <fieldset className="fieldset">
              <legend>{t('consultation.mode')}</legend>
              {CONSULTATION_MODES.map((m) => (
                <div className="field field--check" key={m}>
                  <input type="radio" id={`c-mode-${m}`} name="mode" value={m} checked={draft.mode === m} onChange={() => set('mode', m)} />
                  <label htmlFor={`c-mode-${m}`}>{t(`mode.${m}`)}</label>
                </div>
              ))}
            </fieldset>
            <TextAreaField label={t('consultation.question')} name="question" value={draft.question} error={errors.question}
              hint={t('consultationNew.questionHint')} onChange={(e) => set('question', e.target.value)} />
          </>
        ) : null}
        {step === 'clinical' ? (
          <>
            <TextAreaField label={t('summary.complaints')} name="complaints" optional value={draft.complaints} onChange={(e) => set('complaints', e.target.value)} />
            <TextAreaField label={t('summary.history')} name="history" optional value={draft.history} onChange={(e) => set('history', e.target.value)} />
            <TextAreaField label={t('summary.currentTreatment')} name="currentTreatment" optional value={draft.currentTreatment}
              onChange={(e) => set('currentTreatment', e.target.value)} />
            <TextAreaField label={t('summary.vitalSigns')} name="vitalSigns" optional rows={2} value={draft.vitalSigns}
              onChange={(e) => set('vitalSigns', e.target.value)} />
            <TextField label={t('summary.provisionalDiagnosis')} name="provisionalDiagnosis" optional className="field--short"
              hint={t('summary.icd10Hint')} value={draft.provisionalDiagnosis} error={errors['summary.provisionalDiagnosis']}
              autoCapitalize="characters" onChange={(e) => set('provisionalDiagnosis', e.target.value)}
              onBlur={(e) => set('provisionalDiagnosis', toLatinIcd10(e.target.value))} />
            <LabRows rows={draft.labs} errors={errors} onChange={(labs) => set('labs', labs)} />
          </>
        ) : null}
        {step === 'files' ? <PendingFiles files={files} onChange={setFiles} /> : null}
        {step === 'review' ? (
          <dl className="details" data-testid="review">
            <div><dt>{t('consultation.patient')}</dt><dd>{draft.patientLabel}</dd></div>
            <div><dt>{t('consultation.profile')}</dt><dd>{draft.profile ? t(`profile.${draft.profile}` as never) : ''}</dd></div>
            <div><dt>{t('consultation.target')}</dt><dd>{draft.target === 'auto' ? `${t('consultationNew.targetAuto')} — ${facilityName(route.data?.facilityId)}` : facilityName(draft.target)}</dd></div>
            <div><dt>{t('consultation.urgency')}</dt><dd>{t(`urgency.${draft.urgency}` as never)}</dd></div>
            <div><dt>{t('consultation.mode')}</dt><dd>{t(`mode.${draft.mode}` as never)}</dd></div>
            <div><dt>{t('consultation.question')}</dt><dd className="prewrap">{draft.question}</dd></div>
            <div><dt>{t('consultation.labs')}</dt><dd>{t('consultationNew.labCount', { count: draft.labs.length })}</dd></div>
            <div><dt>{t('consultation.attachments')}</dt><dd>{t('consultationNew.fileCount', { count: files.length })}</dd></div>
          </dl>
        ) : null}
        <div className="form__actions">
          {index > 0 ? <button type="button" className="button" onClick={() => go(STEPS[index - 1])}>{t('common.back')}</button> : null}
          {step !== 'review' ? (
            <button type="submit" className="button button--primary">{t('common.next')}</button>
          ) : (
            <>
              <button type="submit" className="button button--primary" disabled={submission.pending} data-testid="submit-request">
                {submission.pending ? t('common.sending') : t('consultationNew.submit')}
              </button>
              <button type="button" className="button" disabled={submission.pending} onClick={() => void send(false)}>
                {t('consultationNew.saveDraft')}
              </button>
            </>
          )}
        </div>
        <p className="muted">{t('consultationNew.keptLocally')}</p>
      </form>
    </Page>
  );
}

/**
 * The first field to fix takes the focus (and comes into view), once the messages are drawn: its
 * label and message are read with it. A field with `aria-invalid` first, else the first control
 * inside a marked field or group (a choice of radio buttons).
 */
function focusFirstInvalid(form: HTMLFormElement) {
  requestAnimationFrame(() => {
    const target = form.querySelector<HTMLElement>('[aria-invalid="true"]')
      ?? form.querySelector<HTMLElement>('.field--invalid :is(input, select, textarea, button)');
    target?.focus();
  });
}

function PatientStep(props: { value: { id: string; label: string } | null; error?: string; onPick(id: string, label: string): void }) {
  const { t, formatDate } = useI18n();
  const { api, can } = useActiveSession();
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [tooShort, setTooShort] = useState(false);
  const results = useResource((signal) => (query.length >= 2 ? searchPatients(api, query, signal) : Promise.resolve(null)), [query]);
  const search = () => {
    const text = q.trim();
    // One letter finds nothing useful: say so rather than do nothing.
    setTooShort(text.length < 2);
    setQuery(text);
  };
  return (
    <>
      {props.value ? <p data-testid="chosen-patient"><strong>{props.value.label}</strong></p> : null}
      <div className={`field ${props.error ? 'field--invalid' : ''}`}>
        <label htmlFor="c-patient-q">{t('consultationNew.findPatient')}</label>
        {props.error ? <p className="field__error" id="c-patient-error">{props.error}</p> : null}
        <div className="search-form__row">
          <input id="c-patient-q" type="search" value={q} onChange={(e) => setQ(e.target.value)} autoComplete="off"
            aria-invalid={props.error ? true : undefined} aria-describedby={props.error ? 'c-patient-error' : undefined}
            onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); search(); } }} />
          <button type="button" className="button" onClick={search}>{t('patients.search.submit')}</button>
        </div>
      </div>
      <StatusMessage tone="info">{tooShort ? t('patients.search.tooShort', { count: 2 }) : null}</StatusMessage>
      {results.data ? (
        results.data.items.length === 0 ? (
          <div data-testid="no-patient">
            <p className="muted" role="status">{t('patients.search.none')}</p>
            {/* The request typed so far is kept on this device (the draft), so registering the patient first loses nothing. */}
            {can('patient.write') ? (
              <p><Link to="/patients/new" className="button button--small">{t('home.patients.new')}</Link> <span className="muted">{t('consultationNew.draftKept')}</span></p>
            ) : null}
          </div>
        ) : (
          <ul className="result-list" aria-label={t('consultationNew.findPatient')}>
            {results.data.items.map((p: PatientSummary) => (
              <li key={p.id}>
                <button type="button" className="button button--link" onClick={() => props.onPick(p.id, patientName(p))}
                  aria-pressed={props.value?.id === p.id}>
                  {patientName(p)}
                </button>{' '}
                <span className="muted">{formatDate(p.birthDate)}</span>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </>
  );
}


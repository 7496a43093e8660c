import { ageInYears } from '../../ui/dates.ts';
import { useEffect, useRef, useState } from 'react';
import { DateInput } from '../../ui/Field.tsx';
import { Link, useLocation, useParams } from 'react-router';
import { useActiveSession } from '../../app/session.tsx';
import { ApiError } from '../../ui/api.ts';
import type { ConsultationCase } from '../../ui/contract-types.ts';
import { ErrorAlert, Loading, StatusMessage } from '../../ui/Feedback.tsx';
import { useResource, useSubmission } from '../../ui/hooks.ts';
import { useI18n } from '../../ui/i18n.tsx';
import { Page } from '../../ui/Page.tsx';
import { facilityName, listFacilities } from '../facilities/api.ts';
import { actionsFor, getCase, NEEDS_REASON, transition, type CaseAction } from './api.ts';
import { AttachmentsSection } from './AttachmentsSection.tsx';
import { CaseVideo } from './CaseVideo.tsx';
import { AssignSection, ConclusionSection, HistorySection, LabsSection, MessagesSection } from './CaseSections.tsx';
import { useCaseFeed, type LiveState } from './live.ts';
import { DueBadge, LiveIndicator, StatusTag, UrgencyTag } from './parts.tsx';

export default function CasePage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const { api } = useActiveSession();
  const location = useLocation();
  const loaded = useResource((signal) => getCase(api, id, { signal }), [id]);
  const [current, setCurrent] = useState<ConsultationCase | null>(null);
  const [status, setStatus] = useState<string | null>((location.state as { created?: boolean } | null)?.created ? t('case.created') : null);
  const live = useCaseFeed((changed) => { if (!changed || changed === id) loaded.reload(); }, id);
  const data = current && loaded.data && current.version > loaded.data.version ? current : loaded.data ?? current;

  if (loaded.loading && !data) return <Loading />;
  if (!data) {
    return (
      <Page title={loaded.error instanceof ApiError && loaded.error.status === 404 ? t('case.notFound') : t('case.title')}>
        <ErrorAlert error={loaded.error} />
      </Page>
    );
  }
  const update = (next: ConsultationCase, message?: string) => {
    setCurrent(next);
    loaded.reload();
    if (message) setStatus(message);
  };
  return <CaseView c={data} live={live} status={status} onUpdate={update} />;
}

function CaseView(props: { c: ConsultationCase; live: LiveState; status: string | null; onUpdate(next: ConsultationCase, message?: string): void }) {
  const { c } = props;
  const { t, lang, formatDate, formatDateTime } = useI18n();
  const { api } = useActiveSession();
  const facilities = useResource((signal) => listFacilities(api, signal), []);
  // The names of the case's facilities come from the registry: a read that failed (a link busy with
  // the request's uploads) is tried again rather than leaving them blank.
  const retries = useRef(0);
  useEffect(() => {
    const e = facilities.error;
    const passing = e instanceof ApiError && (e.status === 0 || e.status >= 500);
    if (!passing || retries.current >= 5) return;
    retries.current++;
    const retry = setTimeout(facilities.reload, 3000);
    return () => clearTimeout(retry);
  }, [facilities.error, facilities.reload]);
  const name = (fid: string) => {
    const f = facilities.data?.items.find((x) => x.id === fid);
    return f ? facilityName(f, lang) : '';
  };
  return (
    <Page title={c.patientName} titleSuffix={t(`profile.${c.profile}` as never)} wide>
      <StatusMessage>{props.status}</StatusMessage>
      <LiveIndicator state={props.live} />
      <section className="card" aria-labelledby="case-summary">
        <h2 id="case-summary" className="visually-hidden" tabIndex={-1}>{t('case.summary')}</h2>
        <p className="case-tags">
          <UrgencyTag urgency={c.urgency} /> <StatusTag status={c.status} /> <DueBadge item={c} />
        </p>
        <dl className="details">
          <div><dt>{t('case.from')}</dt><dd>{name(c.referringFacilityId)}</dd></div>
          <div><dt>{t('consultation.target')}</dt><dd data-testid="case-target">{name(c.targetFacilityId)}{c.routed ? <span className="muted"> ({t('case.routed')})</span> : null}</dd></div>
          <div><dt>{t('consultation.mode')}</dt><dd>{t(`mode.${c.mode}` as never)}</dd></div>
          {c.submittedAt ? <div><dt>{t('case.submittedAt')}</dt><dd>{formatDateTime(c.submittedAt)}</dd></div> : null}
          {c.scheduledAt ? <div><dt>{t('case.scheduledAt')}</dt><dd>{formatDateTime(c.scheduledAt)}</dd></div> : null}
          {c.dueAt ? <div><dt>{t(c.dueFor === 'accept' ? 'consultation.dueFor.accept' : 'consultation.dueFor.conclude')}</dt><dd>{formatDateTime(c.dueAt)}</dd></div> : null}
          <div><dt>{t('consultation.patient')}</dt><dd>
            <span data-testid="case-patient">{t(`sex.${c.patientSex}` as never)}, {t('case.age', { count: ageInYears(c.patientBirthDate, new Date()) })}
              {' '}({formatDate(c.patientBirthDate)})</span>
            <br /><Link to={`/patients/${c.patientId}`}>{t('case.openRecord')}</Link>
          </dd></div>
        </dl>
        <Actions c={c} onUpdate={props.onUpdate} facilities={facilities.data?.items ?? []} />
        <CaseVideo c={c} />
      </section>
      {/* Once signed, the conclusion is what everyone opens the case for (and what the referring doctor confirms): it comes first. */}
      {c.conclusion ? <ConclusionSection c={c} onUpdate={props.onUpdate} /> : null}
      <section className="card" aria-labelledby="case-request">
        <h2 id="case-request">{t('case.request')}</h2>
        <p className="prewrap" data-testid="case-question">{c.question}</p>
        <dl className="details">
          {(['complaints', 'history', 'currentTreatment', 'vitalSigns'] as const).map((k) => c.summary[k] ? (
            <div key={k}><dt>{t(`summary.${k}`)}</dt><dd className="prewrap">{c.summary[k]}</dd></div>
          ) : null)}
          {c.summary.provisionalDiagnosis ? <div><dt>{t('summary.provisionalDiagnosis')}</dt><dd className="mono">{c.summary.provisionalDiagnosis}</dd></div> : null}
        </dl>
      </section>
      <LabsSection c={c} onUpdate={props.onUpdate} />
      <AttachmentsSection c={c} />
      {c.conclusion ? null : <ConclusionSection c={c} onUpdate={props.onUpdate} />}
      <AssignSection c={c} onUpdate={props.onUpdate} facilityName={name} />
      <MessagesSection c={c} onUpdate={props.onUpdate} />
      <HistorySection c={c} />
    </Page>
  );
}

function Actions(props: { c: ConsultationCase; facilities: { id: string; code: string; profiles: readonly string[]; active: boolean; name: Record<string, string> }[];
  onUpdate(next: ConsultationCase, message?: string): void }) {
  const { c } = props;
  const { t, lang } = useI18n();
  const { api } = useActiveSession();
  const [pending, setPending] = useState<CaseAction | null>(null);
  const submission = useSubmission();
  const actions = actionsFor(c);
  if (actions.length === 0) return null;
  const forwardTargets = props.facilities.filter((f) => f.active && f.profiles.includes(c.profile) && f.id !== c.targetFacilityId && f.id !== c.referringFacilityId);

  // Closing the form (Cancel or Escape) gives the focus back to the button that opened it.
  const close = () => {
    const opener = pending;
    setPending(null);
    submission.clear();
    requestAnimationFrame(() => document.querySelector<HTMLElement>(`.case-actions button[data-action="${opener}"]`)?.focus());
  };
  const open = (a: CaseAction) => {
    setPending(pending === a ? null : a);
    // The form's first field takes the focus, so the keyboard goes on where the eyes do.
    if (pending !== a) requestAnimationFrame(() => document.querySelector<HTMLElement>('.case-actions form :is(select, input, textarea)')?.focus());
  };

  const run = async (action: CaseAction, extra: { reason?: string; targetFacilityId?: string; scheduledAt?: string } = {}) => {
    const next = await submission.run(() => transition(api, c.id, { action, version: c.version, ...extra }));
    if (next) {
      setPending(null);
      props.onUpdate(next, t(`case.done.${action}`));
      // The button pressed is gone with the old state: the focus goes to the case's summary (its new status), not to the page's start.
      requestAnimationFrame(() => document.getElementById('case-summary')?.focus());
    }
  };

  return (
    <div className="case-actions">
      <ErrorAlert error={submission.error} shownFields={['reason', 'targetFacilityId', 'scheduledAt']} />
      <div className="row-actions" role="group" aria-label={t('case.actions')}>
        {actions.map((a) => (
          <button key={a} type="button" data-action={a}
            className={`button ${a === 'accept' || a === 'acknowledge' || a === 'submit' ? 'button--primary' : a === 'decline' || a === 'cancel' ? 'button--danger' : ''}`}
            disabled={submission.pending} aria-expanded={NEEDS_REASON.has(a) || a === 'schedule' ? pending === a : undefined}
            onClick={() => (NEEDS_REASON.has(a) || a === 'schedule' ? open(a) : void run(a))}>
            {t(`case.action.${a}`)}
          </button>
        ))}
      </div>
      {pending ? (
        <form className="form form--inline" ref={submission.formRef} noValidate
          onKeyDown={(e) => { if (e.key === 'Escape') { e.preventDefault(); close(); } }} onSubmit={(e) => {
          e.preventDefault();
          const fd = new FormData(e.currentTarget);
          const reason = String(fd.get('reason') ?? '').trim();
          const target = String(fd.get('targetFacilityId') ?? '');
          const when = String(fd.get('scheduledAt') ?? '');
          void run(pending, {
            ...(reason ? { reason } : {}),
            ...(pending === 'forward' && target ? { targetFacilityId: target } : {}),
            ...(pending === 'schedule' && when ? { scheduledAt: new Date(when).toISOString() } : {}),
          });
        }}>
          {pending === 'forward' ? (
            <div className="field">
              <label htmlFor="forward-target">{t('case.forwardTo')}</label>
              <select id="forward-target" name="targetFacilityId">
                {forwardTargets.map((f) => <option key={f.id} value={f.id}>{f.name[lang] || f.code}</option>)}
              </select>
            </div>
          ) : null}
          {pending === 'schedule' ? (
            <div className={`field ${submission.fieldErrors.scheduledAt ? 'field--invalid' : ''}`}>
              <label htmlFor="schedule-at">{t('case.scheduledAt')}</label>
              <DateInput id="schedule-at" name="scheduledAt" type="datetime-local" required />
            </div>
          ) : null}
          {NEEDS_REASON.has(pending) ? (
            <div className={`field ${submission.fieldErrors.reason ? 'field--invalid' : ''}`}>
              <label htmlFor="action-reason">{t('case.reason')}</label>
              {submission.fieldErrors.reason ? <p className="field__error" id="action-reason-error">{submission.fieldErrors.reason}</p> : null}
              <textarea id="action-reason" name="reason" rows={2} required aria-invalid={submission.fieldErrors.reason ? true : undefined}
                aria-describedby={submission.fieldErrors.reason ? 'action-reason-error' : undefined} />
            </div>
          ) : null}
          <div className="form__actions">
            <button type="submit" className="button button--primary" disabled={submission.pending}>{t(`case.action.${pending}`)}</button>
            <button type="button" className="button button--link" onClick={close}>{t('common.cancel')}</button>
          </div>
        </form>
      ) : null}
    </div>
  );
}

import { toLatinIcd10 } from '../../ui/icd10.ts';
import { useMemo, useState } from 'react';
import { useActiveSession } from '../../app/session.tsx';
import { OBSERVATION_BY_LOINC } from '../../ui/codes.ts';
import type { Attachment, ConsultationCase } from '../../ui/contract-types.ts';
import { ErrorAlert, StatusMessage } from '../../ui/Feedback.tsx';
import { CheckboxField, FileInput, TextAreaField, TextField } from '../../ui/Field.tsx';
import { useResource, useSubmission } from '../../ui/hooks.ts';
import { useI18n } from '../../ui/i18n.tsx';
import { addAddendum, addObservations, addParticipant, assign, attachmentUrl, listAttachments, listConsultants, postMessage, signConclusion } from './api.ts';
import { labErrors, LabRows, toObservations, type LabRow } from './LabRows.tsx';
import { labSeries, type LabPoint } from './lab-series.ts';
import { ACCEPTED_FILES, MAX_FILE_BYTES } from './PendingFiles.tsx';
import { startCaseUploads, useUploads } from './uploads-queue.ts';

type Update = (next: ConsultationCase, message?: string) => void;

/** A small line of the values over time: enough to see a trend at a glance. */
function Sparkline(props: { values: number[]; label: string }) {
  if (props.values.length < 2) return null;
  const min = Math.min(...props.values);
  const max = Math.max(...props.values);
  const span = max - min || 1;
  const points = props.values.map((v, i) => `${(i / (props.values.length - 1)) * 60},${18 - ((v - min) / span) * 16}`).join(' ');
  return (
    <svg width="64" height="20" viewBox="-2 0 64 20" role="img" aria-label={props.label} className="sparkline">
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth="2" />
    </svg>
  );
}

export function LabsSection(props: { c: ConsultationCase; onUpdate: Update }) {
  const { t, lang, formatDateTime, formatNumber } = useI18n();
  const { api } = useActiveSession();
  const series = useMemo(() => labSeries(props.c.observations), [props.c.observations]);
  // Either side adds values while the case is open: the referrer the troponin at six hours, the hub what it measured.
  const canAdd = props.c.sides.length > 0 && ['draft', 'submitted', 'accepted', 'scheduled', 'in_progress'].includes(props.c.status);
  const [rows, setRows] = useState<LabRow[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submission = useSubmission();
  if (series.length === 0 && !canAdd) return null;
  const send = async () => {
    const found = labErrors(rows, t('consultationNew.error.lab'));
    setErrors(found);
    if (Object.keys(found).length > 0) {
      document.getElementById(`case-lab-${Object.keys(found)[0].split('.')[1]}-value`)?.focus();
      return;
    }
    const next = await submission.run(() => addObservations(api, props.c.id, toObservations(rows)));
    if (next) {
      setRows([]);
      props.onUpdate(next, t('case.labsAdded'));
    }
  };
  return (
    <section className="card" aria-labelledby="case-labs">
      <h2 id="case-labs">{t('consultation.labs')}</h2>
      {series.length > 0 ? <div className="table-wrap">
        <table data-testid="labs-table">
          <thead>
            <tr>
              <th scope="col">{t('lab.test')}</th>
              <th scope="col">{t('lab.latest')}</th>
              <th scope="col">{t('lab.trend')}</th>
              <th scope="col">{t('lab.earlier')}</th>
            </tr>
          </thead>
          <tbody>
            {series.map(({ key, loinc, points }) => {
              const last = points[points.length - 1];
              const code = OBSERVATION_BY_LOINC.get(loinc);
              const shown = (p: LabPoint) => `${formatNumber(p.value)} ${p.unit}`;
              const entered = (p: LabPoint) => (p.entered ? ` (${t('lab.entered', { value: `${formatNumber(p.entered.value)} ${p.entered.unit}` })})` : '');
              return (
                <tr key={key}>
                  <th scope="row">{code?.name[lang] ?? loinc} <span className="muted mono">{loinc}</span></th>
                  <td className="nowrap"><strong>{formatNumber(last.value)}</strong> {last.unit}{entered(last)}<span className="cell-sub">{formatDateTime(last.effectiveAt)}</span></td>
                  <td><Sparkline values={points.map((v) => v.value)} label={t('lab.trendLabel', { values: points.map(shown).join(' → ') })} /></td>
                  <td>{points.slice(0, -1).map((p) => `${shown(p)}${entered(p)}`).join(', ') || '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div> : null}
      {canAdd ? (
        <form ref={submission.formRef} noValidate data-testid="case-labs-form" onSubmit={(e) => { e.preventDefault(); void send(); }}>
          <LabRows idPrefix="case-lab" rows={rows} errors={{ ...errors, ...submission.fieldErrors }} onChange={setRows} />
          {rows.length > 0 ? (
            <button type="submit" className="button button--primary" disabled={submission.pending} aria-busy={submission.pending}>
              {t('case.labsSend')}
            </button>
          ) : null}
          <ErrorAlert error={submission.error} />
        </form>
      ) : null}
    </section>
  );
}

export function ConclusionSection(props: { c: ConsultationCase; onUpdate: Update }) {
  const { c } = props;
  const { t, formatDateTime } = useI18n();
  const { api, can } = useActiveSession();
  const submission = useSubmission();
  const addendum = useSubmission();
  const [transfer, setTransfer] = useState(false);
  const canWrite = c.sides.includes('hub') && can('consultation.conclude');
  const concludable = ['accepted', 'scheduled', 'in_progress'].includes(c.status);

  if (!c.conclusion) {
    if (!canWrite || !concludable) return null;
    return (
      <section className="card" aria-labelledby="case-conclusion">
        <h2 id="case-conclusion">{t('conclusion.write')}</h2>
        <p className="muted">{t('conclusion.finalNotice')}</p>
        <ErrorAlert error={submission.error} shownFields={['diagnosis', 'recommendations', 'transferNote', 'followUp']} />
        <form ref={submission.formRef} className="form" noValidate data-testid="conclusion-form" onSubmit={async (e) => {
          e.preventDefault();
          const fd = new FormData(e.currentTarget);
          const text = (k: string) => String(fd.get(k) ?? '').trim();
          const next = await submission.run(() => signConclusion(api, c.id, {
            version: c.version, diagnosis: toLatinIcd10(text('diagnosis')), recommendations: text('recommendations'), transfer,
            ...(text('transferNote') ? { transferNote: text('transferNote') } : {}), ...(text('followUp') ? { followUp: text('followUp') } : {}),
          }));
          if (next) props.onUpdate(next, t('conclusion.signed'));
        }}>
          <TextField label={t('conclusion.diagnosis')} name="diagnosis" className="field--short" hint={t('summary.icd10Hint')}
            defaultValue={c.summary.provisionalDiagnosis ?? ''} error={submission.fieldErrors.diagnosis} autoCapitalize="characters" />
          <TextAreaField label={t('conclusion.recommendations')} name="recommendations" rows={6} error={submission.fieldErrors.recommendations} />
          <CheckboxField label={t('conclusion.transfer')} name="transfer" checked={transfer} onChange={(e) => setTransfer(e.target.checked)} />
          {transfer ? <TextAreaField label={t('conclusion.transferNote')} name="transferNote" rows={2} error={submission.fieldErrors.transferNote} /> : null}
          <TextAreaField label={t('conclusion.followUp')} name="followUp" optional rows={2} error={submission.fieldErrors.followUp} />
          <div className="form__actions">
            <button type="submit" className="button button--primary" disabled={submission.pending} data-testid="sign-conclusion">{t('conclusion.sign')}</button>
          </div>
        </form>
      </section>
    );
  }
  const k = c.conclusion;
  return (
    <section className="card card--attention" aria-labelledby="case-conclusion" data-testid="conclusion">
      <h2 id="case-conclusion">{t('conclusion.title')}</h2>
      <dl className="details">
        <div><dt>{t('conclusion.diagnosis')}</dt><dd className="mono" data-testid="conclusion-diagnosis">{k.diagnosis}</dd></div>
        <div><dt>{t('conclusion.recommendations')}</dt><dd className="prewrap">{k.recommendations}</dd></div>
        <div><dt>{t('conclusion.transfer')}</dt><dd>{k.transfer ? `${t('common.yes')} — ${k.transferNote ?? ''}` : t('common.no')}</dd></div>
        {k.followUp ? <div><dt>{t('conclusion.followUp')}</dt><dd className="prewrap">{k.followUp}</dd></div> : null}
        <div><dt>{t('conclusion.signedBy')}</dt><dd>{k.authorName}, {formatDateTime(k.signedAt)}</dd></div>
        <div><dt>{t('conclusion.checksum')}</dt><dd className="mono small">{k.contentSha256}</dd></div>
      </dl>
      <p>
        <a className="button" href={`/api/consultations/${c.id}/conclusion.pdf`} download data-testid="conclusion-pdf">{t('conclusion.pdf')}</a>
      </p>
      {k.addenda.length > 0 ? (
        <>
          <h3>{t('conclusion.addenda')}</h3>
          <ol className="result-list">
            {k.addenda.map((a) => (
              <li key={a.contentSha256}><p className="prewrap">{a.body}</p><p className="muted">{a.authorName}, {formatDateTime(a.signedAt)}</p></li>
            ))}
          </ol>
        </>
      ) : null}
      {canWrite ? (
        <form ref={addendum.formRef} className="form" noValidate onSubmit={async (e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const body = String(new FormData(form).get('addendum') ?? '').trim();
          const next = await addendum.run(() => addAddendum(api, c.id, body));
          if (next) { form.reset(); props.onUpdate(next, t('conclusion.addendumAdded')); }
        }}>
          <ErrorAlert error={addendum.error} shownFields={['body']} />
          <TextAreaField label={t('conclusion.addAddendum')} name="addendum" rows={2} error={addendum.fieldErrors.body} />
          <div className="form__actions"><button type="submit" className="button" disabled={addendum.pending}>{t('conclusion.signAddendum')}</button></div>
        </form>
      ) : null}
    </section>
  );
}

export function AssignSection(props: { c: ConsultationCase; onUpdate: Update; facilityName(id: string): string }) {
  const { c } = props;
  const { t } = useI18n();
  const { api, can } = useActiveSession();
  const open = ['submitted', 'accepted', 'scheduled', 'in_progress'].includes(c.status);
  const show = c.sides.includes('hub') && !c.guest && can('consultation.handle') && open;
  const options = useResource((signal) => (show ? listConsultants(api, c.id, signal) : Promise.resolve(null)), [show, c.id]);
  const submission = useSubmission();
  const [choice, setChoice] = useState('');
  if (!show && c.participants.length === 0) return null;
  const assigned = c.participants.find((p) => p.userId === c.assignedUserId);
  return (
    <section className="card" aria-labelledby="case-team">
      <h2 id="case-team">{t('case.team')}</h2>
      {c.participants.length > 0 ? (
        <ul className="plain" data-testid="participants">
          {c.participants.map((p) => <li key={p.userId}>{p.name}{p.userId === c.assignedUserId ? <> <span className="tag tag--ok">{t('case.assigned')}</span></> : null}</li>)}
        </ul>
      ) : <p className="muted">{t('case.noTeam')}</p>}
      {show && options.data ? (
        <form className="form form--inline" noValidate onSubmit={(e) => e.preventDefault()}>
          <ErrorAlert error={submission.error} />
          <div className="field">
            <label htmlFor="assign-user">{t('case.consultant')}</label>
            <select id="assign-user" value={choice} onChange={(e) => setChoice(e.target.value)}>
              <option value="">{t('common.choose')}</option>
              {options.data.items.map((o) => <option key={o.userId} value={o.userId}>{o.name} ({props.facilityName(o.facilityId) || o.facilityCode})</option>)}
            </select>
          </div>
          <div className="form__actions">
            <button type="button" className="button button--primary" disabled={!choice || submission.pending} data-testid="assign"
              onClick={async () => { const next = await submission.run(() => assign(api, c.id, choice, c.version)); if (next) props.onUpdate(next, t('case.done.assign')); }}>
              {assigned ? t('case.reassign') : t('case.assign')}
            </button>
            <button type="button" className="button" disabled={!choice || submission.pending}
              onClick={async () => { const next = await submission.run(() => addParticipant(api, c.id, choice)); if (next) props.onUpdate(next, t('case.done.join')); }}>
              {t('case.addToConference')}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}

export function MessagesSection(props: { c: ConsultationCase; onUpdate: Update }) {
  const { c } = props;
  const { t, formatDateTime } = useI18n();
  const { api } = useActiveSession();
  const submission = useSubmission();
  const [replyTo, setReplyTo] = useState<string | null>(null);
  const [infoRequest, setInfoRequest] = useState(false);
  const [empty, setEmpty] = useState(false);
  const [sent, setSent] = useState('');
  const closed = ['declined', 'cancelled', 'acknowledged'].includes(c.status) || c.sides.length === 0;
  const [files, setFiles] = useState<File[]>([]);
  const roots = c.messages.filter((m) => !m.parentId);
  const replies = (id: string) => c.messages.filter((m) => m.parentId === id);
  // Files finish uploading after the message is sent: the list is read again as each one is done.
  const doneCount = useUploads(c.id).filter((u) => u.state === 'done').length;
  const fresh = useResource((signal) => (doneCount > 0 ? listAttachments(api, c.id, signal) : Promise.resolve(null)), [c.id, doneCount]);
  const filesOf = (id: string) => (fresh.data?.items ?? c.attachments).filter((a) => a.messageId === id);
  return (
    <section className="card" aria-labelledby="case-messages">
      <h2 id="case-messages">{t('case.messages')}</h2>
      {roots.length === 0 ? <p className="muted">{t('case.noMessages')}</p> : (
        <ol className="thread" data-testid="messages">
          {roots.map((m) => (
            <li key={m.id} className={m.kind === 'info_request' ? 'thread__item thread__item--request' : 'thread__item'}>
              <p className="thread__meta">
                <strong>{m.authorName}</strong> · {formatDateTime(m.at)}
                {m.kind === 'info_request' ? <span className="tag tag--warn">{t('case.infoRequest')}</span> : null}
              </p>
              <p className="prewrap">{m.body}</p>
              <MessageFiles files={filesOf(m.id)} />
              {replies(m.id).length > 0 ? (
                <ol className="thread thread--replies">
                  {replies(m.id).map((r) => (
                    <li key={r.id} className="thread__item">
                      <p className="thread__meta"><strong>{r.authorName}</strong> · {formatDateTime(r.at)}</p>
                      <p className="prewrap">{r.body}</p>
                      <MessageFiles files={filesOf(r.id)} />
                    </li>
                  ))}
                </ol>
              ) : null}
              {!closed ? <button type="button" className="button button--small" onClick={() => {
                setReplyTo(m.id); setSent('');
                document.querySelector<HTMLTextAreaElement>('#case-message-form textarea[name="message"]')?.focus();
              }}>{t('case.reply')}</button> : null}
            </li>
          ))}
        </ol>
      )}
      {!closed ? (
        <form ref={submission.formRef} id="case-message-form" className="form" noValidate onSubmit={async (e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const body = String(new FormData(form).get('message') ?? '').trim();
          const area = form.querySelector<HTMLTextAreaElement>('textarea[name="message"]');
          if (!body) { setEmpty(true); area?.focus(); return; }
          setEmpty(false);
          const next = await submission.run(() => postMessage(api, c.id, { body, ...(replyTo ? { parentId: replyTo } : {}),
            kind: infoRequest && !replyTo ? 'info_request' : 'message' }));
          if (next) {
            // The new message is the one the case did not have before; its files upload in the background.
            const known = new Set(c.messages.map((m) => m.id));
            const created = next.messages.find((m) => !known.has(m.id));
            if (created && files.length > 0) startCaseUploads(api, c.id, files, created.id);
            form.reset(); setReplyTo(null); setInfoRequest(false); setFiles([]); props.onUpdate(next);
            setSent(t('case.messageSent'));
            // Ready for the next message; the one sent is announced.
            area?.focus();
          }
        }}>
          <ErrorAlert error={submission.error} shownFields={['body']} />
          {replyTo ? (
            <p className="muted">{t('case.replyingTo', { name: c.messages.find((m) => m.id === replyTo)?.authorName ?? '' })}{' '}
              <button type="button" className="button button--link" onClick={() => {
                setReplyTo(null);
                document.querySelector<HTMLTextAreaElement>('#case-message-form textarea[name="message"]')?.focus();
              }}>{t('common.cancel')}</button></p>
          ) : null}
          <TextAreaField label={t('case.newMessage')} name="message" rows={3} maxLength={8000}
            error={submission.fieldErrors.body ?? (empty ? t('field.required') : undefined)} onInput={() => { if (empty) setEmpty(false); }} />
          <StatusMessage tone="info">{sent || null}</StatusMessage>
          <div className="field">
            <label htmlFor="message-files">{t('case.attachToMessage')}</label>
            <FileInput id="message-files" multiple accept={ACCEPTED_FILES} data-testid="message-file-input" showNames
              onChange={(e) => setFiles(Array.from(e.target.files ?? []).filter((f) => f.size <= MAX_FILE_BYTES))} />
          </div>
          {c.sides.includes('hub') && !replyTo ? (
            <CheckboxField label={t('case.askForInfo')} name="infoRequest" checked={infoRequest} onChange={(e) => setInfoRequest(e.target.checked)} />
          ) : null}
          <div className="form__actions"><button type="submit" className="button" disabled={submission.pending}>{t('case.send')}</button></div>
        </form>
      ) : null}
    </section>
  );
}

function MessageFiles(props: { files: Attachment[] }) {
  if (props.files.length === 0) return null;
  return (
    <ul className="plain" data-testid="message-files">
      {props.files.map((a) => <li key={a.id}><a href={attachmentUrl(a, 'content')} target="_blank" rel="noopener">{a.fileName}</a></li>)}
    </ul>
  );
}

export function HistorySection(props: { c: ConsultationCase }) {
  const { t, formatDateTime } = useI18n();
  return (
    <section className="card" aria-labelledby="case-history">
      <h2 id="case-history">{t('case.history')}</h2>
      <ol className="plain history" data-testid="history">
        {props.c.history.map((h, i) => (
          <li key={i}>
            <span className="muted nowrap">{formatDateTime(h.at)}</span> — {h.actorName ?? t('case.system')}: {t(`event.${h.action}` as never)}
            {h.reason ? <span className="muted"> ({h.reason})</span> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

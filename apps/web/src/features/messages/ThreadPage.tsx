import { CARE_MESSAGE_MAX } from '@telemed/contracts/portal-codes';
import { useEffect, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useLive } from '../../app/realtime.tsx';
import { useActiveSession } from '../../app/session.tsx';
import type { CareMessage } from '../../ui/contract-types.ts';
import { clearDraft, loadDraft, saveDraft } from '../../ui/drafts.ts';
import { ErrorAlert, Loading } from '../../ui/Feedback.tsx';
import { TextAreaField } from '../../ui/Field.tsx';
import { useResource, useSubmission } from '../../ui/hooks.ts';
import { useI18n } from '../../ui/i18n.tsx';
import { Page } from '../../ui/Page.tsx';
import { getThread, messageDraftKey, sendMessage } from './api.ts';
import { LiveNote } from './LiveNote.tsx';

/**
 * One conversation between a patient and a facility's care team. Opening it marks it read; new
 * messages arrive live (and are read out to a screen reader); what is being written is kept on
 * the device until it is sent. Arriving from a call (`?visit=`), the first message names that visit.
 */
export default function ThreadPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const { t, lang, formatDateTime } = useI18n();
  const { api } = useActiveSession();
  const thread = useResource((signal) => getThread(api, id, signal), [id]);
  const live = useLive(() => thread.reload(), (c) => c.feed === 'care_message' && (c.threadId === id || c.threadId == null));
  const [messages, setMessages] = useState<CareMessage[]>([]);
  const [draft, setDraft] = useState(() => loadDraft<string>(messageDraftKey(id)) ?? '');
  const [visitId, setVisitId] = useState(params.get('visit'));
  const [announce, setAnnounce] = useState('');
  const submission = useSubmission();
  const list = useRef<HTMLOListElement>(null);
  const seen = useRef<number | null>(null);

  useEffect(() => {
    const ms = thread.data?.messages;
    if (!ms) return;
    setMessages(ms);
    const last = ms.at(-1);
    if (seen.current !== null && last && last.id > seen.current && !last.mine) setAnnounce(t('messages.newMessage', { name: last.authorName }));
    seen.current = last?.id ?? 0;
  }, [thread.data, t]);
  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView({ block: 'nearest' });
  }, [messages.length]);

  if (thread.loading && !thread.data) return <Loading />;
  if (!thread.data) {
    return (
      <Page title={t('messages.title')}>
        <ErrorAlert error={thread.error} />
        <p><Link to="/messages">{t('messages.back')}</Link></p>
      </Page>
    );
  }
  const th = thread.data;
  const title = th.side === 'patient' ? t('messages.threadTitle.patient', { facility: th.facilityName[lang] })
    : t('messages.threadTitle.staff', { name: th.patientName });
  const body = draft.trim();
  return (
    <Page title={title}>
      <p><Link to="/messages">{t('messages.back')}</Link></p>
      {th.side === 'patient' ? <p className="muted small">{t('messages.emergency')}</p> : null}
      <LiveNote state={live} />
      <p className="visually-hidden" aria-live="polite">{announce}</p>
      {messages.length === 0 ? <p className="muted">{t('messages.empty')}</p> : null}
      <ol ref={list} className="plain thread" data-testid="thread-messages" aria-label={t('messages.listLabel')}>
        {messages.map((m) => (
          <li key={m.id} className={m.mine ? 'thread__message thread__message--mine' : 'thread__message'} data-testid="message"
            data-from={m.fromPatient ? 'patient' : 'care_team'}>
            <p className="small muted">{m.authorName} · {formatDateTime(m.at)}</p>
            <p className="prewrap">{m.body}</p>
            {m.visit ? <p className="small muted">{t('messages.aboutVisit', { time: formatDateTime(m.visit.at) })}</p> : null}
          </li>
        ))}
      </ol>
      <form ref={submission.formRef} className="form" noValidate onSubmit={async (e) => {
        e.preventDefault();
        if (!body) return;
        const sent = await submission.run(() => sendMessage(api, id, { body, ...(visitId ? { visitId } : {}) }));
        if (sent) {
          setMessages((ms) => (ms.some((m) => m.id === sent.id) ? ms : [...ms, sent]));
          setDraft('');
          clearDraft(messageDraftKey(id));
          setVisitId(null);
        }
      }}>
        {visitId ? <p className="alert alert--info">{t('messages.fromVisit')}</p> : null}
        <TextAreaField name="body" label={t('messages.composer.label')} hint={t('messages.composer.hint', { max: CARE_MESSAGE_MAX })} rows={3}
          maxLength={CARE_MESSAGE_MAX} value={draft} error={submission.fieldErrors.body} onChange={(e) => {
            setDraft(e.target.value);
            saveDraft(messageDraftKey(id), e.target.value);
          }} />
        <ErrorAlert error={submission.error} shownFields={Object.keys(submission.fieldErrors)} />
        <button type="submit" className="button button--primary" disabled={submission.pending || !body}>{t('messages.send')}</button>
      </form>
    </Page>
  );
}

import { Link, useNavigate } from 'react-router';
import { useLive } from '../../app/realtime.tsx';
import { useActiveSession } from '../../app/session.tsx';
import type { CareThreadSummary } from '../../ui/contract-types.ts';
import { ErrorAlert, Loading } from '../../ui/Feedback.tsx';
import { useResource, useSubmission } from '../../ui/hooks.ts';
import { useI18n } from '../../ui/i18n.tsx';
import { Page } from '../../ui/Page.tsx';
import { listThreads, openThread } from './api.ts';
import { LiveNote } from './LiveNote.tsx';

/**
 * Messages with the care team. A patient sees one conversation per facility where they have an
 * appointment or a visit; staff see their facility's conversations with patients in its care,
 * with how many of the patient's messages they have not read. New messages update it live.
 */
export default function MessagesPage() {
  const { t } = useI18n();
  const { api, can } = useActiveSession();
  const list = useResource((signal) => listThreads(api, signal), []);
  const live = useLive(() => list.reload(), (c) => c.feed === 'care_message');
  const isPatient = list.data ? list.data.side === 'patient' : can('patient.self');
  const items = list.data?.items ?? [];
  return (
    <Page title={isPatient ? t('messages.title') : t('messages.staffTitle')}>
      <p className="lead">{isPatient ? t('messages.intro.patient') : t('messages.intro.staff')}</p>
      <LiveNote state={live} />
      {list.loading && !list.data ? <Loading /> : null}
      <ErrorAlert error={list.error} />
      {list.data && items.length === 0 ? <p className="muted" data-testid="no-threads">{isPatient ? t('messages.none.patient') : t('messages.none.staff')}</p> : null}
      <ul className="plain thread-list" data-testid="threads">
        {items.map((item) => <ThreadItem key={item.facilityId + (item.id ?? '')} item={item} isPatient={isPatient} />)}
      </ul>
    </Page>
  );
}

function ThreadItem(props: { item: CareThreadSummary; isPatient: boolean }) {
  const { t, lang, formatDateTime } = useI18n();
  const { api } = useActiveSession();
  const navigate = useNavigate();
  const submission = useSubmission();
  const { item } = props;
  const name = props.isPatient ? item.facilityName[lang] : item.patientName;
  return (
    <li className="card thread-list__item" data-testid="thread" data-thread-id={item.id ?? ''}>
      <div className="row-actions">
        {item.id ? <Link to={`/messages/${item.id}`} className="thread-list__name">{name}</Link> : <span className="thread-list__name">{name}</span>}
        {item.unread > 0 ? <span className="tag tag--warn" data-testid="unread">{t('messages.unread', { count: item.unread })}</span> : null}
      </div>
      <p className="muted small">{item.lastMessageAt ? t('messages.last', { time: formatDateTime(item.lastMessageAt) }) : t('messages.noMessagesYet')}</p>
      {!item.id ? (
        <button type="button" className="button button--small" disabled={submission.pending} onClick={async () => {
          const opened = await submission.run(() => openThread(api, { facilityId: item.facilityId }));
          if (opened) navigate(`/messages/${opened.id}`);
        }}>{t('messages.write')}</button>
      ) : null}
      <ErrorAlert error={submission.error} />
    </li>
  );
}

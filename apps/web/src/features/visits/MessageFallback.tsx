import { useNavigate } from 'react-router';
import { useSession } from '../../app/session.tsx';
import { ErrorAlert } from '../../ui/Feedback.tsx';
import { useSubmission } from '../../ui/hooks.ts';
import { useI18n } from '../../ui/i18n.tsx';
import { openThread } from '../messages/api.ts';

/**
 * When video is impossible — the user says so, or the call cannot connect — the visit goes on
 * by message: the patient's conversation with the visit's care team opens, the visit referenced.
 * Guests by personal link have no account to write from, so they are not offered it.
 */
export function MessageFallback(props: { visitId: string; cannotConnect: boolean }) {
  const { t } = useI18n();
  const { api, session } = useSession();
  const navigate = useNavigate();
  const submission = useSubmission();
  if (session?.state !== 'active') return null;
  const button = (
    <button type="button" className="button" disabled={submission.pending} data-testid="continue-by-message" onClick={async () => {
      const thread = await submission.run(() => openThread(api, { visitId: props.visitId }));
      if (thread) navigate(`/messages/${thread.id}?visit=${props.visitId}`);
    }}>{t('visit.fallback.continue')}</button>
  );
  return (
    <div className="message-fallback">
      {props.cannotConnect ? <p className="alert alert--info" role="alert">{t('visit.fallback.cannotConnect')}</p> : null}
      {button}
      <ErrorAlert error={submission.error} />
    </div>
  );
}

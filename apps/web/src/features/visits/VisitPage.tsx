import { useEffect, useState } from 'react';
import { Link, Navigate, useLocation, useNavigate, useParams } from 'react-router';
import { useSession } from '../../app/session.tsx';
import { ApiError } from '../../ui/api.ts';
import { ErrorAlert, Loading } from '../../ui/Feedback.tsx';
import { useResource } from '../../ui/hooks.ts';
import { useI18n } from '../../ui/i18n.tsx';
import { Page } from '../../ui/Page.tsx';
import { endVisit, getVisit } from './api.ts';
import { channelUrl, prewarmChannel } from './channel.ts';
import { PreCall, type MediaChoice } from './PreCall.tsx';
import { QuestionnaireLink } from './QuestionnaireLink.tsx';
import { RecordPanel } from './RecordPanel.tsx';
import { Room } from './Room.tsx';
import { VisitFiles } from './VisitFiles.tsx';
import { VisitSummaryView } from './VisitSummaryView.tsx';

/**
 * A video visit, for staff (by their session) and for a patient or guest (by the pass their link
 * gave them): the check of camera and microphone first, then the waiting room or the call.
 */
export default function VisitPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const { api, session } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const visit = useResource((signal) => getVisit(api, id, signal), [id]);
  const [media, setMedia] = useState<MediaChoice | null>(null);
  const [left, setLeft] = useState(false);
  // While the user checks camera and microphone, the call channel is connected already: "Join" then only says hello.
  const checking = visit.data?.status === 'open' && !media && !left;
  useEffect(() => (checking ? prewarmChannel(channelUrl(id)) : undefined), [checking, id]);

  if (visit.loading && !visit.data) return <Loading />;
  if (visit.error instanceof ApiError && visit.error.status === 401 && !session) {
    return <Navigate to="/sign-in" replace state={{ from: location.pathname }} />;
  }
  if (visit.error || !visit.data) {
    return (
      <Page title={t('visit.titleGeneric')}>
        <ErrorAlert error={visit.error} />
      </Page>
    );
  }
  const v = visit.data;
  const title = t('visit.title', { name: v.patientName });
  if (v.status !== 'open' || left) {
    return (
      <Page title={title}>
        <p role="status">{left ? t('visit.leftText') : t('visit.ended')}</p>
        {left && v.status === 'open' ? <button type="button" className="button" onClick={() => setLeft(false)}>{t('visit.rejoin')}</button> : null}
        {v.status !== 'open' && v.me.canRecord && session ? <RecordPanel visitId={v.id} /> : null}
        {v.status !== 'open' && v.me.role === 'patient' ? <VisitSummaryView visitId={v.id} /> : null}
        <VisitFiles visitId={v.id} canShare={false} />
        {session ? <p><Link to="/visits">{t('visit.back')}</Link></p> : null}
      </Page>
    );
  }
  return (
    <Page title={title} wide>
      {media ? (
        <Room visit={v} media={media} onLeave={() => { setMedia(null); setLeft(true); }}
          onEnd={v.me.canManage ? async () => {
            await endVisit(api, v.id);
            setMedia(null);
            navigate('/visits');
          } : undefined} />
      ) : (
        <>
          {v.me.role === 'patient' ? <QuestionnaireLink visitId={v.id} /> : null}
          <PreCall onJoin={setMedia} receiveOnly={v.broadcast && v.me.role === 'observer'} />
        </>
      )}
    </Page>
  );
}

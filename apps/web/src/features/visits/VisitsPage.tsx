import { Link } from 'react-router';
import { useActiveSession } from '../../app/session.tsx';
import { ErrorAlert, Loading } from '../../ui/Feedback.tsx';
import { useResource } from '../../ui/hooks.ts';
import { useI18n } from '../../ui/i18n.tsx';
import { Page } from '../../ui/Page.tsx';
import { listVisits } from './api.ts';

/** The video visits I take part in, open ones first. */
export default function VisitsPage() {
  const { t, lang, formatDateTime } = useI18n();
  const { api } = useActiveSession();
  const visits = useResource((signal) => listVisits(api, signal), []);
  return (
    <Page title={t('visit.listTitle')}>
      {visits.loading && !visits.data ? <Loading /> : null}
      <ErrorAlert error={visits.error} />
      {visits.data && visits.data.items.length === 0 ? <p>{t('visit.listEmpty')}</p> : null}
      {visits.data && visits.data.items.length > 0 ? (
        <ul className="result-list" data-testid="visit-list">
          {visits.data.items.map((v) => (
            <li key={v.id}>
              <Link to={`/visits/${v.id}`}>{v.patientName}</Link>{' '}
              <span className={v.status === 'open' ? 'tag tag--ok' : 'tag'}>{t(`visit.status.${v.status}`)}</span>{' '}
              <span className="muted">
                {v.myRole === 'patient' ? [v.clinicianName, v.facilityName[lang]].filter(Boolean).join(', ') : t(`visit.role.${v.myRole}`)}
                {' · '}{formatDateTime(v.scheduledAt ?? v.createdAt)}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </Page>
  );
}

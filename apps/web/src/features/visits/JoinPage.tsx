import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useSession } from '../../app/session.tsx';
import { ErrorAlert, Loading } from '../../ui/Feedback.tsx';
import { useI18n } from '../../ui/i18n.tsx';
import { Page } from '../../ui/Page.tsx';
import { isLanguage } from '../../ui/i18n.tsx';
import { redeemLink } from './api.ts';

/**
 * Where a personal link lands (`/join#<secret>`). The secret is traded for a pass into the visit,
 * taken out of the address bar and history, and the visit opens in the guest's language.
 */
export default function JoinPage() {
  const { t, setLanguage } = useI18n();
  const { api } = useSession();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const started = useRef(false);
  const token = location.hash.slice(1);

  useEffect(() => {
    if (!token || started.current) return;
    started.current = true;
    history.replaceState(null, '', '/join');
    redeemLink(api, token).then(async (r) => {
      if (isLanguage(r.language)) await setLanguage(r.language).catch(() => undefined);
      navigate(`/visits/${r.visitId}`, { replace: true });
    }, setError);
  }, [api, token, navigate, setLanguage]);

  if (!token && !error) {
    return (
      <Page title={t('join.title')}>
        <p className="alert alert--error" role="alert">{t('join.noToken')}</p>
      </Page>
    );
  }
  return (
    <Page title={t('join.title')}>
      {error ? <ErrorAlert error={error} /> : <><p>{t('join.opening')}</p><Loading /></>}
    </Page>
  );
}

import { useEffect, useState } from 'react';
import { isReachable, markReachable, onReachability } from './connectivity.ts';
import { useI18n } from './i18n.tsx';

// While the server is out of reach, it is asked again now and then, so the banner goes when the link is back.
const RETRY_MS = 5_000;

/** Says when the server cannot be reached: the app still opens (its shell is kept on the device), the data waits. */
export function OfflineBanner() {
  const { t } = useI18n();
  const [online, setOnline] = useState(isReachable);
  useEffect(() => onReachability(setOnline), []);
  useEffect(() => {
    if (online) return;
    const timer = setInterval(() => {
      fetch('/api/health', { cache: 'no-store' }).then((r) => r.ok && markReachable(), () => undefined);
    }, RETRY_MS);
    return () => clearInterval(timer);
  }, [online]);
  if (online) return null;
  return <div className="banner" role="status" data-testid="offline-banner">{t('offline.banner')}</div>;
}

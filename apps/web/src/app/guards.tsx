import type { Permission } from '@telemed/contracts';
import type { ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { Page } from '../ui/Page.tsx';
import { useI18n } from '../ui/i18n.tsx';
import { useSession } from './session.tsx';

/** Pages behind sign-in. Switching facility or role remounts them so they reload in the new context. */
export function RequireSession() {
  const { session, endedReason } = useSession();
  const location = useLocation();
  if (!session || session.state !== 'active') {
    // After a deliberate sign-out the next person starts at home, not on the page the last one left open.
    const state = endedReason === 'signedOut' ? undefined : { from: `${location.pathname}${location.search}` };
    return <Navigate to="/sign-in" replace state={state} />;
  }
  return <Outlet key={`${session.activeFacilityId}|${session.activeRole}`} />;
}

/** Any one of several permissions lets the user in (a page both sides of a request use). */
export function RequirePermission(props: { permission: Permission | readonly Permission[]; children: ReactNode }) {
  const { can } = useSession();
  const needed = typeof props.permission === 'string' ? [props.permission] : props.permission;
  if (!needed.some((p) => can(p))) return <NoAccessPage />;
  return props.children;
}

export function NoAccessPage() {
  const { t } = useI18n();
  return (
    <Page title={t('noAccess.title')}>
      <p>{t('noAccess.text')}</p>
    </Page>
  );
}

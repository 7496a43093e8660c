import { useMemo, useState } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { useActiveSession } from '../../app/session.tsx';
import type { UserSummary } from '../../ui/contract-types.ts';
import { ErrorAlert, Loading, StatusMessage, useErrorText } from '../../ui/Feedback.tsx';
import { useResource } from '../../ui/hooks.ts';
import { useI18n } from '../../ui/i18n.tsx';
import { Page } from '../../ui/Page.tsx';
import { facilityName, listFacilities } from '../facilities/api.ts';
import { listUsers, unlockUser, updateUser } from './api.ts';

export default function UsersPage() {
  const { t, lang, formatDateTime } = useI18n();
  const { api, session, can } = useActiveSession();
  const errorText = useErrorText();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const isNetworkAdmin = session.activeRole === 'network_admin';
  const facilityId = isNetworkAdmin ? (params.get('facilityId') ?? '') : (session.activeFacilityId ?? '');
  const q = params.get('q') ?? '';
  const users = useResource((signal) => listUsers(api, { facilityId: facilityId || undefined, q: q || undefined }, signal), [facilityId, q]);
  const facilities = useResource((signal) => listFacilities(api, signal), []);
  const names = useMemo(() => new Map((facilities.data?.items ?? []).map((f) => [f.id, facilityName(f, lang)])), [facilities.data, lang]);
  const [status, setStatus] = useState<string | null>(
    (location.state as { saved?: string } | null)?.saved ? t('users.saved') : null,
  );
  const [busy, setBusy] = useState<string | null>(null);
  const canManage = can('user.manage');

  async function act(user: UserSummary, action: 'deactivate' | 'activate' | 'unlock') {
    setBusy(user.id);
    setStatus(null);
    try {
      if (action === 'unlock') await unlockUser(api, user.id);
      else await updateUser(api, user.id, { active: action === 'activate' });
      setStatus(t(`users.done.${action}`, { name: user.displayName }));
      users.reload();
    } catch (err) {
      setStatus(errorText(err));
    } finally {
      setBusy(null);
    }
  }

  return (
    <Page
      title={t('users.title')}
      wide
      actions={canManage ? <Link className="button" to="/users/new">{t('users.add')}</Link> : null}
    >
      <form
        className="filters"
        role="search"
        aria-label={t('users.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          const data = new FormData(e.currentTarget);
          const next = new URLSearchParams();
          const fq = String(data.get('q') ?? '').trim();
          const ff = String(data.get('facilityId') ?? '');
          if (fq) next.set('q', fq);
          if (ff) next.set('facilityId', ff);
          setParams(next);
        }}
      >
        <div className="field">
          <label htmlFor="users-q">{t('users.search')}</label>
          <input id="users-q" name="q" type="search" defaultValue={q} autoComplete="off" />
        </div>
        {isNetworkAdmin ? (
          <div className="field">
            <label htmlFor="users-facility">{t('users.facility')}</label>
            <select id="users-facility" name="facilityId" defaultValue={facilityId}>
              <option value="">{t('users.allFacilities')}</option>
              {[...names.entries()]
                .sort((a, b) => a[1].localeCompare(b[1], lang))
                .map(([id, name]) => (
                  <option key={id} value={id}>
                    {name}
                  </option>
                ))}
            </select>
          </div>
        ) : null}
        <div className="filters__actions">
          <button type="submit" className="button">
            {t('common.apply')}
          </button>
        </div>
      </form>
      <StatusMessage>{status}</StatusMessage>
      {users.loading && !users.data ? <Loading /> : null}
      <ErrorAlert error={users.error} />
      {users.data ? (
        users.data.items.length === 0 ? (
          <p>{t('users.none')}</p>
        ) : (
          <div className="table-wrap" role="region" aria-labelledby="users-caption" tabIndex={0}>
            <table>
              <caption id="users-caption">{t('users.count', { count: users.data.items.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('users.name')}</th>
                  <th scope="col">{t('users.roles')}</th>
                  <th scope="col">{t('users.status')}</th>
                  <th scope="col">{t('users.totp')}</th>
                  {canManage ? <th scope="col">{t('common.actions')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {users.data.items.map((u) => (
                  <tr key={u.id} className={u.active ? undefined : 'row--muted'}>
                    <th scope="row">
                      <span className="cell-title">{u.displayName}</span>
                      <span className="cell-sub">{u.email}</span>
                    </th>
                    <td>
                      <ul className="plain">
                        {u.memberships.map((m) => (
                          <li key={`${m.facilityId}|${m.role}`}>
                            {t(`role.${m.role}`)} — {names.get(m.facilityId) ?? '…'}
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td>
                      {u.active ? t('users.active') : t('users.inactive')}
                      {u.lockedUntil ? (
                        <span className="cell-sub tag tag--warn">{t('users.lockedUntil', { until: formatDateTime(u.lockedUntil) })}</span>
                      ) : null}
                    </td>
                    <td>{u.totpEnabled ? t('users.totpOn') : t('users.totpOff')}</td>
                    {canManage ? (
                      <td>
                        <div className="row-actions">
                          <Link to={`/users/${u.id}/edit`}>
                            {t('common.edit')}
                            <span className="visually-hidden">: {u.displayName}</span>
                          </Link>
                          {u.id !== session.user.id ? (
                            <button type="button" className="button button--small" disabled={busy === u.id}
                              onClick={() => void act(u, u.active ? 'deactivate' : 'activate')}>
                              {u.active ? t('users.deactivate') : t('users.activate')}
                              <span className="visually-hidden">: {u.displayName}</span>
                            </button>
                          ) : null}
                          {u.lockedUntil ? (
                            <button type="button" className="button button--small" disabled={busy === u.id} onClick={() => void act(u, 'unlock')}>
                              {t('users.unlock')}
                              <span className="visually-hidden">: {u.displayName}</span>
                            </button>
                          ) : null}
                        </div>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
    </Page>
  );
}

import type { Language, Role } from '@telemed/contracts';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useActiveSession } from '../../app/session.tsx';
import { LANGUAGE_AUTONYMS, LANGUAGES, ROLES } from '../../ui/codes.ts';
import type { Facility, UserSummary } from '../../ui/contract-types.ts';
import { ErrorAlert, Loading } from '../../ui/Feedback.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { useResource, useSubmission } from '../../ui/hooks.ts';
import { useI18n } from '../../ui/i18n.tsx';
import { Page } from '../../ui/Page.tsx';
import { facilityName, listFacilities } from '../facilities/api.ts';
import { createUser, listUsers, updateUser } from './api.ts';

export default function UserEditPage() {
  const { id } = useParams();
  const { t } = useI18n();
  const { api } = useActiveSession();
  const facilities = useResource((signal) => listFacilities(api, signal), []);
  // There is no GET /api/users/:id: the list holds every user this administrator may edit.
  const users = useResource((signal) => (id ? listUsers(api, {}, signal) : Promise.resolve({ items: [] as UserSummary[] })), [id]);
  const title = id ? t('users.editTitle') : t('users.newTitle');
  if (facilities.loading || users.loading) return <Loading />;
  if (!facilities.data || !users.data) {
    return (
      <Page title={title}>
        <ErrorAlert error={facilities.error ?? users.error} />
      </Page>
    );
  }
  const user = id ? users.data.items.find((u) => u.id === id) : undefined;
  if (id && !user) {
    return (
      <Page title={title}>
        <p>{t('users.notFound')}</p>
      </Page>
    );
  }
  return <UserForm key={id ?? 'new'} user={user} facilities={facilities.data.items} />;
}

interface Row {
  key: number;
  facilityId: string;
  role: Role | '';
}

function UserForm(props: { user?: UserSummary; facilities: Facility[] }) {
  const { t, lang } = useI18n();
  const { api, session } = useActiveSession();
  const navigate = useNavigate();
  const submission = useSubmission();
  const isNetworkAdmin = session.activeRole === 'network_admin';
  const editing = props.user;
  const [rows, setRows] = useState<Row[]>(() =>
    editing?.memberships.length
      ? editing.memberships.map((m, i) => ({ key: i, facilityId: m.facilityId, role: m.role }))
      : [{ key: 0, facilityId: isNetworkAdmin ? '' : (session.activeFacilityId ?? ''), role: '' }],
  );
  const [nextKey, setNextKey] = useState(rows.length);
  const e = submission.fieldErrors;

  // A facility administrator grants roles in their own facility only, and never network-wide ones.
  const facilityOptions = useMemo(() => {
    const collator = new Intl.Collator(lang);
    const list = isNetworkAdmin ? props.facilities : props.facilities.filter((f) => f.id === session.activeFacilityId);
    return [...list].sort((a, b) => collator.compare(facilityName(a, lang), facilityName(b, lang)));
  }, [props.facilities, isNetworkAdmin, session.activeFacilityId, lang]);
  const roleOptions = ROLES.filter((r) => isNetworkAdmin || r !== 'network_admin');
  const isForeign = (row: Row) => !facilityOptions.some((f) => f.id === row.facilityId) && row.facilityId !== '';

  const foreignName = (id: string) => {
    const f = props.facilities.find((x) => x.id === id);
    return f ? facilityName(f, lang) : t('users.otherFacility');
  };
  const update = (key: number, patch: Partial<Row>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));

  return (
    <Page title={editing ? t('users.editNamedTitle', { name: editing.displayName }) : t('users.newTitle')}>
      <ErrorAlert error={submission.error} shownFields={['email', 'displayName', 'language', 'password', 'memberships']} />
      <form
        ref={submission.formRef}
        className="form"
        noValidate
        onSubmit={async (ev) => {
          ev.preventDefault();
          const data = new FormData(ev.currentTarget);
          const memberships = rows
            // Roles in other facilities are not a facility administrator's to send; the server keeps them.
            .filter((r) => r.facilityId && r.role && !isForeign(r))
            .map((r) => ({ facilityId: r.facilityId, role: r.role as Role }));
          const displayName = String(data.get('displayName') ?? '').trim();
          const saved = await submission.run(() =>
            editing
              ? updateUser(api, editing.id, { displayName, memberships })
              : createUser(api, {
                  email: String(data.get('email') ?? '').trim(),
                  displayName,
                  language: String(data.get('language')) as Language,
                  password: String(data.get('password') ?? ''),
                  memberships,
                }),
          );
          if (saved) navigate('/users', { state: { saved: saved.id } });
        }}
      >
        {editing ? (
          <div className="field">
            <span className="field__label">{t('auth.email')}</span>
            <p className="field__static">{editing.email}</p>
          </div>
        ) : (
          <TextField label={t('auth.email')} name="email" type="email" autoComplete="off" spellCheck={false} error={e.email} />
        )}
        <TextField label={t('users.displayName')} name="displayName" defaultValue={editing?.displayName} autoComplete="off"
          error={e.displayName} />
        {!editing ? (
          <>
            <SelectField label={t('users.language')} name="language" defaultValue={lang} error={e.language}>
              {LANGUAGES.map((l) => (
                <option key={l} value={l} lang={l}>
                  {LANGUAGE_AUTONYMS[l]}
                </option>
              ))}
            </SelectField>
            <TextField label={t('users.initialPassword')} name="password" type="password" autoComplete="new-password"
              hint={t('users.initialPasswordHint')} error={e.password} />
          </>
        ) : null}
        <fieldset className="fieldset">
          <legend>{t('users.memberships')}</legend>
          <p className="field__hint">{t('users.membershipsHint')}</p>
          {e.memberships ? <p className="field__error">{e.memberships}</p> : null}
          {rows.map((row, i) => (
            <fieldset key={row.key} className="fieldset fieldset--sub membership-row">
              <legend>{t('users.membershipN', { n: i + 1 })}</legend>
              <div className="grid">
                <SelectField label={t('users.facility')} name="facilityId" value={row.facilityId} disabled={isForeign(row)}
                  onChange={(ev) => update(row.key, { facilityId: ev.currentTarget.value })} error={e[`memberships.${i}.facilityId`]}>
                  <option value="" disabled>
                    {t('common.choose')}
                  </option>
                  {isForeign(row) ? (
                    <option value={row.facilityId}>
                      {foreignName(row.facilityId)}
                    </option>
                  ) : null}
                  {facilityOptions.map((f) => (
                    <option key={f.id} value={f.id}>
                      {facilityName(f, lang)}
                    </option>
                  ))}
                </SelectField>
                <SelectField label={t('users.role')} name="role" value={row.role} disabled={isForeign(row)}
                  onChange={(ev) => update(row.key, { role: ev.currentTarget.value as Role })} error={e[`memberships.${i}.role`]}>
                  <option value="" disabled>
                    {t('common.choose')}
                  </option>
                  {roleOptions.map((r) => (
                    <option key={r} value={r}>
                      {t(`role.${r}`)}
                    </option>
                  ))}
                </SelectField>
              </div>
              {rows.length > 1 && !isForeign(row) ? (
                <button type="button" className="button button--small" onClick={() => setRows((rs) => rs.filter((r) => r.key !== row.key))}>
                  {t('users.removeMembership', { n: i + 1 })}
                </button>
              ) : null}
            </fieldset>
          ))}
          <button
            type="button"
            className="button button--small"
            onClick={() => {
              setRows((rs) => [...rs, { key: nextKey, facilityId: isNetworkAdmin ? '' : (session.activeFacilityId ?? ''), role: '' }]);
              setNextKey((k) => k + 1);
            }}
          >
            {t('users.addMembership')}
          </button>
        </fieldset>
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={submission.pending}>
            {editing ? t('common.save') : t('users.create')}
          </button>
          <Link to="/users" className="button button--link">
            {t('common.cancel')}
          </Link>
        </div>
      </form>
    </Page>
  );
}

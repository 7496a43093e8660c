import { useState } from 'react';
import { useSession } from '../../app/session.tsx';
import type { Visit } from '../../ui/contract-types.ts';
import { ErrorAlert } from '../../ui/Feedback.tsx';
import { useSubmission } from '../../ui/hooks.ts';
import { GUEST_ROLES, LANGUAGES } from '../../ui/codes.ts';
import { useI18n } from '../../ui/i18n.tsx';
import { createInvite, inviteUrl, revokeInvite } from './api.ts';

const EXPIRIES = [30, 60, 1440, 10080] as const;

/** Personal links for people without an account: made here, shown once, withdrawn here. */
export function InvitePanel(props: { visit: Visit }) {
  const { t, lang } = useI18n();
  const { api } = useSession();
  const submission = useSubmission();
  const [invites, setInvites] = useState(props.visit.invites);
  const [made, setMade] = useState<{ url: string; name: string } | null>(null);
  const [copied, setCopied] = useState(false);

  return (
    <section className="card" aria-labelledby="invite-title" data-testid="invite-panel">
      <h2 id="invite-title">{t('visit.invite.title')}</h2>
      <ErrorAlert error={submission.error} shownFields={['role', 'displayName', 'language', 'expiresInMinutes']} />
      <form ref={submission.formRef} className="form" noValidate onSubmit={async (e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const body = { role: String(f.get('role')), displayName: String(f.get('displayName') ?? ''), language: String(f.get('language')),
          expiresInMinutes: Number(f.get('expiresInMinutes')) };
        const created = await submission.run(() => createInvite(api, props.visit.id, body));
        if (!created) return;
        setMade({ url: inviteUrl(created.token), name: body.displayName });
        setCopied(false);
        setInvites((list) => [...list, { id: created.inviteId, participantId: created.participantId, displayName: body.displayName,
          role: body.role as 'patient', expiresAt: created.expiresAt, state: 'active' }]);
      }}>
        <div className="field">
          <label htmlFor="invite-role">{t('visit.invite.role')}</label>
          <select id="invite-role" name="role" defaultValue="patient">
            {GUEST_ROLES.map((r) => <option key={r} value={r}>{t(`visit.role.${r}`)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="invite-name">{t('visit.invite.name')}</label>
          <input id="invite-name" name="displayName" required maxLength={200} aria-invalid={submission.fieldErrors.displayName ? true : undefined}
            aria-describedby={submission.fieldErrors.displayName ? 'invite-name-error' : undefined} />
          {submission.fieldErrors.displayName ? <p id="invite-name-error" className="field__error">{submission.fieldErrors.displayName}</p> : null}
        </div>
        <div className="field">
          <label htmlFor="invite-language">{t('visit.invite.language')}</label>
          <select id="invite-language" name="language" defaultValue={lang}>
            {LANGUAGES.map((l) => <option key={l} value={l}>{t(`languageName.${l}`)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="invite-expiry">{t('visit.invite.expires')}</label>
          <select id="invite-expiry" name="expiresInMinutes" defaultValue={60}>
            {EXPIRIES.map((m) => <option key={m} value={m}>{t(`visit.invite.exp${m}`)}</option>)}
          </select>
        </div>
        <button type="submit" className="button button--primary" disabled={submission.pending}>{t('visit.invite.create')}</button>
      </form>
      {made ? (
        <div className="secret" role="status">
          <p>{t('visit.invite.created', { name: made.name })}</p>
          <p><input readOnly className="mono" value={made.url} aria-label={t('visit.invite.linkLabel')} data-testid="invite-link"
            onFocus={(e) => e.currentTarget.select()} /></p>
          <button type="button" className="button" onClick={async () => {
            await navigator.clipboard?.writeText(made.url).catch(() => undefined);
            setCopied(true);
          }}>{t('visit.invite.copy')}</button>
          <span aria-live="polite">{copied ? ` ${t('visit.invite.copied')}` : ''}</span>
        </div>
      ) : null}
      {invites.length > 0 ? (
        <ul className="plain">
          {invites.map((i) => (
            <li key={i.id} className="row-actions">
              <span>{i.displayName} · {t(`visit.role.${i.role}`)} · {t(`visit.invite.state.${i.state}`)}</span>
              {i.state !== 'revoked' ? (
                <button type="button" className="button button--small" onClick={async () => {
                  const ok = await submission.run(() => revokeInvite(api, props.visit.id, i.id));
                  if (ok) setInvites((list) => list.map((x) => (x.id === i.id ? { ...x, state: 'revoked' } : x)));
                }}>{t('visit.invite.revoke')}</button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

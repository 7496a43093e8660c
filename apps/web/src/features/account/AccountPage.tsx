import { useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useActiveSession } from '../../app/session.tsx';
import { LANGUAGE_AUTONYMS } from '../../ui/codes.ts';
import { ErrorAlert, StatusMessage } from '../../ui/Feedback.tsx';
import { TextField } from '../../ui/Field.tsx';
import { useSubmission } from '../../ui/hooks.ts';
import { useI18n } from '../../ui/i18n.tsx';
import { Page } from '../../ui/Page.tsx';
import { TotpEnrolment } from '../auth/TotpEnrolment.tsx';
import { changePassword } from './api.ts';
import { ApiTokensSection } from './ApiTokensSection.tsx';

export default function AccountPage() {
  const { t, lang } = useI18n();
  const { session, can, signOut } = useActiveSession();
  const navigate = useNavigate();
  const [reenrol, setReenrol] = useState(false);
  const [signingOut, setSigningOut] = useState(false);
  const { hash } = useLocation();

  // Links such as "Set up two-factor verification" on the home page land on their section.
  useEffect(() => {
    if (!hash) return;
    const target = document.getElementById(hash.slice(1));
    target?.scrollIntoView();
    target?.focus();
  }, [hash]);

  return (
    <Page title={t('account.title')}>
      <section className="card" aria-labelledby="profile-title">
        <h2 id="profile-title">{t('account.profile')}</h2>
        <dl className="details">
          <div>
            <dt>{t('users.displayName')}</dt>
            <dd>{session.user.displayName}</dd>
          </div>
          <div>
            <dt>{t('auth.email')}</dt>
            <dd>{session.user.email}</dd>
          </div>
          <div>
            <dt>{t('account.language')}</dt>
            <dd lang={lang}>{LANGUAGE_AUTONYMS[lang]}</dd>
          </div>
          {session.memberships.length > 0 ? (
            <div>
              <dt>{t('account.roles')}</dt>
              <dd>
                <ul className="plain">
                  {session.memberships.map((m) => (
                    <li key={`${m.facilityId}|${m.role}`}>
                      {t(`role.${m.role}`)} — {m.facilityName}
                    </li>
                  ))}
                </ul>
              </dd>
            </div>
          ) : null}
        </dl>
        <p className="field__hint">{t('account.languageHint')}</p>
      </section>

      <PasswordSection />

      <section className="card" aria-labelledby="two-factor" id="two-factor-section">
        <h2 id="two-factor" tabIndex={-1}>
          {t('account.totp')}
        </h2>
        {session.user.totpEnabled && !reenrol ? (
          <>
            <p>
              <span className="tag tag--ok">{t('account.totpOn')}</span>
            </p>
            <p>{t('account.totpOnText')}</p>
            <button type="button" className="button" onClick={() => setReenrol(true)}>
              {t('account.totpReenrol')}
            </button>
          </>
        ) : (
          <>
            {!session.user.totpEnabled ? (
              <p>
                <span className="tag tag--warn">{t('account.totpOff')}</span> {t('account.totpOffText')}
              </p>
            ) : (
              <p>{t('account.totpReenrolText')}</p>
            )}
            <TotpEnrolment onDone={() => setReenrol(false)} />
          </>
        )}
      </section>

      {can('token.manage') ? <ApiTokensSection /> : null}

      <section className="card" aria-labelledby="sessions-title">
        <h2 id="sessions-title">{t('account.sessions')}</h2>
        <p>{t('account.signOutAllText')}</p>
        <button
          type="button"
          className="button button--danger"
          disabled={signingOut}
          onClick={async () => {
            setSigningOut(true);
            await signOut(true).catch(() => undefined);
            navigate('/sign-in', { replace: true });
          }}
        >
          {t('account.signOutAll')}
        </button>
      </section>
    </Page>
  );
}

function PasswordSection() {
  const { t } = useI18n();
  const { api } = useActiveSession();
  const submission = useSubmission();
  const [mismatch, setMismatch] = useState(false);
  const [done, setDone] = useState(false);
  return (
    <section className="card" aria-labelledby="password-title">
      <h2 id="password-title">{t('account.password')}</h2>
      <StatusMessage>{done ? t('account.passwordChanged') : null}</StatusMessage>
      <ErrorAlert error={submission.error} shownFields={['currentPassword', 'newPassword']} />
      <form
        ref={submission.formRef}
        className="form"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const data = new FormData(form);
          const newPassword = String(data.get('newPassword') ?? '');
          setDone(false);
          if (newPassword !== String(data.get('newPasswordConfirm') ?? '')) {
            setMismatch(true);
            form.querySelector<HTMLInputElement>('input[name=newPasswordConfirm]')?.focus();
            return;
          }
          setMismatch(false);
          const ok = await submission.run(() => changePassword(api, String(data.get('currentPassword') ?? ''), newPassword));
          if (ok) {
            form.reset();
            setDone(true);
          }
        }}
      >
        <TextField label={t('account.currentPassword')} name="currentPassword" type="password" autoComplete="current-password"
          error={submission.fieldErrors.currentPassword} />
        <TextField label={t('auth.newPassword')} name="newPassword" type="password" autoComplete="new-password" hint={t('auth.passwordHint')}
          error={submission.fieldErrors.newPassword} />
        <TextField label={t('auth.confirmPassword')} name="newPasswordConfirm" type="password" autoComplete="new-password"
          error={mismatch ? t('auth.passwordMismatch') : undefined} />
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={submission.pending}>
            {t('account.changePassword')}
          </button>
        </div>
      </form>
    </section>
  );
}

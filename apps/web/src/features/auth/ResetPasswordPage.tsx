import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useSession } from '../../app/session.tsx';
import { ErrorAlert, StatusMessage } from '../../ui/Feedback.tsx';
import { TextField } from '../../ui/Field.tsx';
import { useSubmission } from '../../ui/hooks.ts';
import { useI18n } from '../../ui/i18n.tsx';
import { Page } from '../../ui/Page.tsx';

export default function ResetPasswordPage() {
  const { t } = useI18n();
  const { api } = useSession();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const submission = useSubmission();
  const [mismatch, setMismatch] = useState(false);
  const [done, setDone] = useState(false);

  return (
    <Page title={t('auth.reset.title')}>
      <div className="narrow">
        <StatusMessage>
          {done ? (
            <>
              {t('auth.reset.done')} <Link to="/sign-in">{t('auth.reset.signIn')}</Link>
            </>
          ) : null}
        </StatusMessage>
        {!token ? (
          <div className="alert alert--error" role="alert">
            <p className="alert__title">{t('auth.reset.noToken')}</p>
            <p>
              <Link to="/sign-in">{t('auth.reset.signIn')}</Link>
            </p>
          </div>
        ) : done ? null : (
          <>
            <p>{t('auth.reset.intro')}</p>
            <ErrorAlert error={submission.error} shownFields={['password', 'token']}>
              {submission.fieldErrors.token ? <p>{t('auth.reset.badLink')}</p> : null}
            </ErrorAlert>
            <form
              ref={submission.formRef}
              className="form card"
              noValidate
              onSubmit={async (e) => {
                e.preventDefault();
                const data = new FormData(e.currentTarget);
                const password = String(data.get('password') ?? '');
                if (password !== String(data.get('passwordConfirm') ?? '')) {
                  setMismatch(true);
                  return;
                }
                setMismatch(false);
                const ok = await submission.run(() => api.post('/api/auth/password-reset/complete', { token, password }));
                if (ok !== undefined) setDone(true);
              }}
            >
              <TextField
                label={t('auth.newPassword')}
                hint={t('auth.passwordHint')}
                name="password"
                type="password"
                autoComplete="new-password"
                error={submission.fieldErrors.password}
              />
              <TextField
                label={t('auth.confirmPassword')}
                name="passwordConfirm"
                type="password"
                autoComplete="new-password"
                error={mismatch ? t('auth.passwordMismatch') : undefined}
              />
              <div className="form__actions">
                <button type="submit" className="button button--primary" disabled={submission.pending}>
                  {t('auth.reset.submit')}
                </button>
              </div>
            </form>
          </>
        )}
      </div>
    </Page>
  );
}

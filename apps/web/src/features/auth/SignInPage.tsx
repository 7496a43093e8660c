import type { SessionInfo } from '@telemed/contracts';
import { useState } from 'react';
import { Link, Navigate, useLocation } from 'react-router';
import { useSession } from '../../app/session.tsx';
import { ErrorAlert, StatusMessage } from '../../ui/Feedback.tsx';
import { TextField } from '../../ui/Field.tsx';
import { formValues, useSubmission } from '../../ui/hooks.ts';
import { useI18n } from '../../ui/i18n.tsx';
import { Page } from '../../ui/Page.tsx';
import { TotpEnrolment } from './TotpEnrolment.tsx';
import { TwoFactorStep } from './TwoFactorStep.tsx';

/** Sign-in and, when the account needs it, the two-factor step or enrolment that follows. */
export default function SignInPage() {
  const { session } = useSession();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;
  const target = from && from.startsWith('/') && !from.startsWith('/sign-in') ? from : '/';
  if (session?.state === 'active') return <Navigate to={target} replace />;
  if (session?.state === 'mfa_required') return <TwoFactorStep />;
  if (session?.state === 'mfa_enrolment_required') return <EnrolmentStep />;
  return <PasswordStep />;
}

function PasswordStep() {
  const { t } = useI18n();
  const { api, adoptSignIn, endedReason } = useSession();
  const submission = useSubmission();
  const [showReset, setShowReset] = useState(false);

  return (
    <Page title={t('auth.signIn.title')}>
      <div className="narrow">
        <p>{t('auth.signIn.intro')}</p>
        {endedReason === 'expired' ? <StatusMessage tone="info">{t('auth.sessionEnded')}</StatusMessage> : null}
        <ErrorAlert error={submission.error} shownFields={['email', 'password']} />
        <form
          ref={submission.formRef}
          className="form card"
          noValidate
          onSubmit={async (e) => {
            e.preventDefault();
            const v = formValues(e.currentTarget);
            const body = { email: v.email ?? '', password: (new FormData(e.currentTarget).get('password') as string) ?? '' };
            const next = await submission.run(() => api.post<SessionInfo>('/api/auth/sign-in', body));
            if (next) await adoptSignIn(next);
          }}
        >
          <TextField
            label={t('auth.email')}
            name="email"
            type="email"
            autoComplete="username"
            inputMode="email"
            spellCheck={false}
            error={submission.fieldErrors.email}
          />
          <TextField
            label={t('auth.password')}
            name="password"
            type="password"
            autoComplete="current-password"
            error={submission.fieldErrors.password}
          />
          <div className="form__actions">
            <button type="submit" className="button button--primary" disabled={submission.pending}>
              {submission.pending ? t('auth.signIn.pending') : t('auth.signIn.submit')}
            </button>
          </div>
        </form>
        <p>
          {t('auth.signIn.noAccount')} <Link to="/sign-up">{t('auth.signIn.createAccount')}</Link>
        </p>
        <div className="disclosure">
          <button
            type="button"
            className="button button--link"
            aria-expanded={showReset}
            aria-controls="forgot-password"
            onClick={() => setShowReset((s) => !s)}
          >
            {t('auth.forgot.toggle')}
          </button>
          <div id="forgot-password" hidden={!showReset}>
            {showReset ? <ForgotPasswordForm /> : null}
          </div>
        </div>
      </div>
    </Page>
  );
}

function ForgotPasswordForm() {
  const { t } = useI18n();
  const { api } = useSession();
  const submission = useSubmission();
  const [sent, setSent] = useState(false);
  return (
    <section className="card" aria-labelledby="forgot-title">
      <h2 id="forgot-title">{t('auth.forgot.title')}</h2>
      <p>{t('auth.forgot.intro')}</p>
      <StatusMessage>{sent ? t('auth.forgot.sent') : null}</StatusMessage>
      <ErrorAlert error={submission.error} shownFields={['email']} />
      <form
        ref={submission.formRef}
        className="form"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          setSent(false);
          const { email = '' } = formValues(e.currentTarget);
          const ok = await submission.run(() => api.post('/api/auth/password-reset', { email }));
          if (ok !== undefined) setSent(true);
        }}
      >
        <TextField
          label={t('auth.email')}
          name="email"
          type="email"
          autoComplete="username"
          spellCheck={false}
          error={submission.fieldErrors.email}
        />
        <div className="form__actions">
          <button type="submit" className="button" disabled={submission.pending}>
            {t('auth.forgot.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

function EnrolmentStep() {
  const { t } = useI18n();
  const { signOut } = useSession();
  return (
    <Page title={t('auth.enrol.title')}>
      <div className="narrow">
        <p>{t('auth.enrol.required')}</p>
        <TotpEnrolment />
        <p>
          <button type="button" className="button button--link" onClick={() => void signOut()}>
            {t('auth.cancelSignIn')}
          </button>
        </p>
      </div>
    </Page>
  );
}

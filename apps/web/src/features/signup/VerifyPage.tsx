import { useEffect, useState } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import { useSession } from '../../app/session.tsx';
import { ErrorAlert, StatusMessage } from '../../ui/Feedback.tsx';
import { TextField } from '../../ui/Field.tsx';
import { useSubmission } from '../../ui/hooks.ts';
import { useI18n } from '../../ui/i18n.tsx';
import { Page } from '../../ui/Page.tsx';
import { forgetPendingSignUp, pendingSignUp, rememberPendingSignUp, resendCode, verifyCode, type PendingSignUp } from './api.ts';
import { formatWait } from './sign-up-form.ts';

/** The emailed code comes back; the account is created and the patient lands on their home page. */
export default function VerifyPage() {
  const { t } = useI18n();
  const { session, api, adoptSignIn } = useSession();
  const navigate = useNavigate();
  const [pending, setPending] = useState<PendingSignUp | null>(() => pendingSignUp());
  const submission = useSubmission();
  const resend = useSubmission();
  const [formatError, setFormatError] = useState<string | null>(null);
  const [resent, setResent] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const waiting = pending ? pending.resendAt - now : 0;

  useEffect(() => {
    if (waiting <= 0) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [waiting > 0]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (formatError) submission.formRef.current?.querySelector<HTMLElement>('input[name="code"]')?.focus();
  }, [formatError, submission.formRef]);

  if (session?.state === 'active') return <Navigate to="/" replace />;
  if (!pending) {
    return (
      <Page title={t('signUp.verify.title')}>
        <div className="narrow">
          <p>{t('signUp.verify.noEmail')}</p>
          <p><Link to="/sign-up">{t('auth.signIn.createAccount')}</Link></p>
        </div>
      </Page>
    );
  }

  const codeError = formatError ?? submission.fieldErrors.code;
  return (
    <Page title={t('signUp.verify.title')}>
      <div className="narrow">
        <p>{t('signUp.verify.intro', { email: pending.email, minutes: pending.codeMinutes })}</p>
        <StatusMessage>{resent ? t('signUp.verify.resent') : null}</StatusMessage>
        {formatError ? null : <ErrorAlert error={submission.error} shownFields={['code']} />}
        <form
          ref={submission.formRef}
          className="form card"
          noValidate
          onSubmit={async (e) => {
            e.preventDefault();
            const code = String(new FormData(e.currentTarget).get('code') ?? '').replace(/\s/g, '');
            if (!/^\d{6}$/.test(code)) {
              setFormatError(t('signUp.verify.codeFormat'));
              submission.clear();
              return;
            }
            setFormatError(null);
            const next = await submission.run(() => verifyCode(api, pending.email, code));
            if (!next) return;
            forgetPendingSignUp();
            await adoptSignIn(next);
            navigate('/', { replace: true });
          }}
        >
          <TextField
            label={t('signUp.verify.code')}
            hint={t('signUp.verify.codeHint')}
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]*"
            maxLength={7}
            className="field--short"
            spellCheck={false}
            error={codeError}
          />
          <div className="form__actions">
            <button type="submit" className="button button--primary" disabled={submission.pending}>
              {submission.pending ? t('signUp.verify.pending') : t('signUp.verify.submit')}
            </button>
          </div>
        </form>
        <section className="card" aria-labelledby="resend-title">
          <p id="resend-title">{t('signUp.verify.notArrived')}</p>
          <ErrorAlert error={resend.error} />
          <p id="resend-wait" aria-live="off">
            {waiting > 0 ? t('signUp.verify.resendIn', { time: formatWait(waiting) }) : null}
          </p>
          <div className="form__actions">
            <button
              type="button"
              className="button"
              disabled={waiting > 0 || resend.pending}
              aria-describedby={waiting > 0 ? 'resend-wait' : undefined}
              onClick={async () => {
                setResent(false);
                const accepted = await resend.run(() => resendCode(api, pending.email));
                if (!accepted) return;
                const next = { ...pending, codeMinutes: accepted.codeMinutes, resendAt: Date.now() + accepted.resendAfterSeconds * 1000 };
                rememberPendingSignUp(next);
                setPending(next);
                setNow(Date.now());
                setResent(true);
                submission.clear();
              }}
            >
              {t('signUp.verify.resend')}
            </button>
            <Link to="/sign-up" className="button button--link">{t('signUp.verify.changeDetails')}</Link>
          </div>
        </section>
      </div>
    </Page>
  );
}

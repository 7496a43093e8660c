import type { SessionInfo } from '@telemed/contracts';
import { useSession } from '../../app/session.tsx';
import { ErrorAlert } from '../../ui/Feedback.tsx';
import { TextField } from '../../ui/Field.tsx';
import { formValues, useSubmission } from '../../ui/hooks.ts';
import { useI18n } from '../../ui/i18n.tsx';
import { Page } from '../../ui/Page.tsx';

export function TwoFactorStep() {
  const { t } = useI18n();
  const { api, applySession, signOut } = useSession();
  const submission = useSubmission();
  return (
    <Page title={t('auth.totp.title')}>
      <div className="narrow">
        <p>{t('auth.totp.intro')}</p>
        <ErrorAlert error={submission.error} shownFields={['code']} />
        <form
          ref={submission.formRef}
          className="form card"
          noValidate
          onSubmit={async (e) => {
            e.preventDefault();
            const { code = '' } = formValues(e.currentTarget);
            const next = await submission.run(() => api.post<SessionInfo>('/api/auth/totp', { code: code.replace(/\s/g, '') }));
            if (next) applySession(next);
          }}
        >
          <TotpCodeField error={submission.fieldErrors.code} />
          <div className="form__actions">
            <button type="submit" className="button button--primary" disabled={submission.pending}>
              {t('auth.totp.submit')}
            </button>
            <button type="button" className="button button--link" onClick={() => void signOut()}>
              {t('auth.cancelSignIn')}
            </button>
          </div>
        </form>
      </div>
    </Page>
  );
}

export function TotpCodeField(props: { error?: string }) {
  const { t } = useI18n();
  return (
    <TextField
      label={t('auth.totp.code')}
      hint={t('auth.totp.codeHint')}
      name="code"
      inputMode="numeric"
      autoComplete="one-time-code"
      maxLength={7}
      className="field--short"
      spellCheck={false}
      error={props.error}
    />
  );
}

import type { SessionInfo } from '@telemed/contracts';
import { useState } from 'react';
import { useSession } from '../../app/session.tsx';
import { ErrorAlert, StatusMessage } from '../../ui/Feedback.tsx';
import { formValues, useSubmission } from '../../ui/hooks.ts';
import { useI18n } from '../../ui/i18n.tsx';
import { TotpCodeField } from './TwoFactorStep.tsx';

interface Enrolment {
  secret: string;
  otpauthUrl: string;
}

/** Groups of four characters are easier to type into an authenticator app by hand. */
export function groupSecret(secret: string): string {
  return secret.replace(/\s/g, '').match(/.{1,4}/g)?.join(' ') ?? secret;
}

/** Starts two-factor enrolment, shows the secret and confirms it with a first code. */
export function TotpEnrolment(props: { onDone?(): void }) {
  const { t } = useI18n();
  const { api, applySession } = useSession();
  const start = useSubmission();
  const confirm = useSubmission();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [done, setDone] = useState(false);

  return (
    <div className="stack">
      <StatusMessage>{done ? t('auth.enrol.done') : null}</StatusMessage>
      {!enrolment ? (
        <>
          <ErrorAlert error={start.error} />
          <p>
            <button
              type="button"
              className="button button--primary"
              disabled={start.pending}
              onClick={async () => {
                const e = await start.run(() => api.post<Enrolment>('/api/auth/totp/enrolment'));
                if (e) setEnrolment(e);
              }}
            >
              {t('auth.enrol.start')}
            </button>
          </p>
        </>
      ) : done ? null : (
        <div className="card stack">
          <ol className="steps">
            <li>{t('auth.enrol.step1')}</li>
            <li>
              {t('auth.enrol.step2')}
              <p className="secret">
                <span>{t('auth.enrol.secretLabel')}</span>{' '}
                <code translate="no">{groupSecret(enrolment.secret)}</code>
              </p>
              <p>
                <a href={enrolment.otpauthUrl}>{t('auth.enrol.openApp')}</a>
              </p>
            </li>
            <li>{t('auth.enrol.step3')}</li>
          </ol>
          <ErrorAlert error={confirm.error} shownFields={['code']} />
          <form
            ref={confirm.formRef}
            className="form"
            noValidate
            onSubmit={async (e) => {
              e.preventDefault();
              const { code = '' } = formValues(e.currentTarget);
              const next = await confirm.run(() => api.post<SessionInfo>('/api/auth/totp', { code: code.replace(/\s/g, '') }));
              if (next) {
                setDone(true);
                applySession(next);
                props.onDone?.();
              }
            }}
          >
            <TotpCodeField error={confirm.fieldErrors.code} />
            <div className="form__actions">
              <button type="submit" className="button button--primary" disabled={confirm.pending}>
                {t('auth.enrol.confirm')}
              </button>
            </div>
          </form>
        </div>
      )}
    </div>
  );
}

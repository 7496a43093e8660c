import { useState } from 'react';
import { useActiveSession } from '../../app/session.tsx';
import type { ProblemBody } from '../../ui/api.ts';
import { ErrorAlert } from '../../ui/Feedback.tsx';
import { TextAreaField } from '../../ui/Field.tsx';
import { useSubmission } from '../../ui/hooks.ts';
import { useI18n } from '../../ui/i18n.tsx';
import { Page } from '../../ui/Page.tsx';
import { breakGlass, rememberGrant } from './api.ts';

const MIN_REASON = 15;

/** A record outside the user's care: explains why, and offers emergency access with a written reason. */
export function BreakGlassPanel(props: { patientId: string; problem: ProblemBody | null; onGranted(expiresAt: string): void }) {
  const { t } = useI18n();
  const { api, can, session } = useActiveSession();
  const submission = useSubmission();
  const [reason, setReason] = useState('');
  const [tooShort, setTooShort] = useState(false);
  const offered = can('breakglass.use') && props.problem?.breakGlassAvailable === true;
  const reasonError = tooShort ? t('breakGlass.reasonTooShort', { count: MIN_REASON }) : submission.fieldErrors.reason;

  return (
    <Page title={t('breakGlass.deniedTitle')}>
      <div className="panel panel--denied" data-testid="patient-denied">
        <p className="alert__title">{props.problem?.title ?? t('breakGlass.deniedText')}</p>
        {!offered ? <p>{t('breakGlass.notOffered')}</p> : null}
      </div>
      {offered ? (
        <section aria-labelledby="bg-title" className="card card--emergency">
          <h2 id="bg-title">{t('breakGlass.title')}</h2>
          <p>{t('breakGlass.explain')}</p>
          <ErrorAlert error={submission.error} shownFields={['reason']} />
          <form
            ref={submission.formRef}
            className="form"
            noValidate
            onSubmit={async (e) => {
              e.preventDefault();
              const value = reason.trim();
              if (value.length < MIN_REASON) {
                setTooShort(true);
                e.currentTarget.querySelector('textarea')?.focus();
                return;
              }
              setTooShort(false);
              const grant = await submission.run(() => breakGlass(api, props.patientId, value));
              if (grant) {
                rememberGrant(session.user.id, grant);
                props.onGranted(grant.expiresAt);
              }
            }}
          >
            <TextAreaField
              label={t('breakGlass.reason')}
              hint={t('breakGlass.reasonHint', { count: MIN_REASON })}
              name="reason"
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              minLength={MIN_REASON}
              maxLength={1000}
              error={reasonError}
            />
            <p className="field__hint">
              {t('breakGlass.count', { count: reason.trim().length })}
            </p>
            <div className="form__actions">
              <button type="submit" className="button button--danger" disabled={submission.pending}>
                {t('breakGlass.submit')}
              </button>
            </div>
          </form>
        </section>
      ) : null}
    </Page>
  );
}

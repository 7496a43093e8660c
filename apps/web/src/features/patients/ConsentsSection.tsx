import { useState } from 'react';
import { useActiveSession } from '../../app/session.tsx';
import type { RequestOptions } from '../../ui/api.ts';
import { CONSENT_KINDS } from '../../ui/codes.ts';
import type { Consent } from '../../ui/contract-types.ts';
import { ErrorAlert, Loading, StatusMessage } from '../../ui/Feedback.tsx';
import { SelectField, TextAreaField } from '../../ui/Field.tsx';
import { useResource, useSubmission } from '../../ui/hooks.ts';
import { useI18n } from '../../ui/i18n.tsx';
import { listConsents, recordConsent } from './api.ts';

/** Consent is a history: the latest decision per kind is what counts, every earlier one stays visible. */
export function ConsentsSection(props: { patientId: string; purpose: RequestOptions['purpose']; canRecord: boolean }) {
  const { t, formatDateTime } = useI18n();
  const { api } = useActiveSession();
  const consents = useResource((signal) => listConsents(api, props.patientId, { signal, purpose: props.purpose }), [props.patientId]);
  const submission = useSubmission();
  const [status, setStatus] = useState<string | null>(null);
  const items = consents.data?.items ?? [];
  const latest = new Map<string, Consent>();
  for (const c of items) if (!latest.has(c.kind)) latest.set(c.kind, c);

  return (
    <section aria-labelledby="consents-title" className="card">
      <h2 id="consents-title">{t('consent.title')}</h2>
      {consents.loading && !consents.data ? <Loading /> : null}
      <ErrorAlert error={consents.error} />
      {consents.data ? (
        <>
          <ul className="consent-summary">
            {CONSENT_KINDS.map((k) => {
              const c = latest.get(k);
              return (
                <li key={k}>
                  <span>{t(`consentKind.${k}`)}:</span>{' '}
                  {c ? (
                    <strong className={c.granted ? 'tag tag--ok' : 'tag tag--warn'}>
                      {c.granted ? t('consent.granted') : t('consent.withdrawn')}
                    </strong>
                  ) : (
                    <strong className="tag">{t('consent.none')}</strong>
                  )}
                </li>
              );
            })}
          </ul>
          <h3 id="consents-history">{t('consent.history')}</h3>
          {items.length === 0 ? (
            <p>{t('consent.empty')}</p>
          ) : (
            <div className="table-wrap" role="region" aria-labelledby="consents-history" tabIndex={0}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('consent.recordedAt')}</th>
                    <th scope="col">{t('consent.kind')}</th>
                    <th scope="col">{t('consent.decision')}</th>
                    <th scope="col">{t('consent.note')}</th>
                    <th scope="col">{t('consent.recordedBy')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((c) => (
                    <tr key={c.id}>
                      <td>{formatDateTime(c.recordedAt)}</td>
                      <td>{t(`consentKind.${c.kind}`)}</td>
                      <td>{c.granted ? t('consent.granted') : t('consent.withdrawn')}</td>
                      <td>{c.note ?? ''}</td>
                      <td>{c.recordedBy.displayName}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ) : null}
      {props.canRecord ? (
        <>
          <h3 id="consent-form-title">{t('consent.recordTitle')}</h3>
          <StatusMessage>{status}</StatusMessage>
          <ErrorAlert error={submission.error} shownFields={['kind', 'granted', 'note']} />
          <form
            ref={submission.formRef}
            className="form"
            aria-labelledby="consent-form-title"
            noValidate
            onSubmit={async (e) => {
              e.preventDefault();
              const form = e.currentTarget;
              const data = new FormData(form);
              const note = String(data.get('note') ?? '').trim();
              const body = {
                kind: String(data.get('kind')) as Consent['kind'],
                granted: data.get('granted') === 'true',
                ...(note ? { note } : {}),
              };
              setStatus(null);
              const saved = await submission.run(() => recordConsent(api, props.patientId, body, { purpose: props.purpose }));
              if (saved) {
                form.reset();
                setStatus(t('consent.recorded'));
                consents.reload();
              }
            }}
          >
            <SelectField label={t('consent.kind')} name="kind" defaultValue="telemedicine" error={submission.fieldErrors.kind}>
              {CONSENT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`consentKind.${k}`)}
                </option>
              ))}
            </SelectField>
            <fieldset className="fieldset fieldset--inline">
              <legend>{t('consent.decision')}</legend>
              <div className="field field--check">
                <input type="radio" id="consent-granted" name="granted" value="true" defaultChecked />
                <label htmlFor="consent-granted">{t('consent.grant')}</label>
              </div>
              <div className="field field--check">
                <input type="radio" id="consent-withdrawn" name="granted" value="false" />
                <label htmlFor="consent-withdrawn">{t('consent.withdraw')}</label>
              </div>
            </fieldset>
            <TextAreaField label={t('consent.note')} name="note" optional rows={2} maxLength={1000} error={submission.fieldErrors.note} />
            <div className="form__actions">
              <button type="submit" className="button button--primary" disabled={submission.pending}>
                {t('consent.submit')}
              </button>
            </div>
          </form>
        </>
      ) : null}
    </section>
  );
}

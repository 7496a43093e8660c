import type { Permission } from '@telemed/contracts';
import { useState } from 'react';
import { useActiveSession } from '../../app/session.tsx';
import { PERMISSIONS } from '../../ui/codes.ts';
import type { ApiTokenCreated } from '../../ui/contract-types.ts';
import { ErrorAlert, Loading, StatusMessage, useErrorText } from '../../ui/Feedback.tsx';
import { CheckboxField, SelectField, TextField } from '../../ui/Field.tsx';
import { useResource, useSubmission } from '../../ui/hooks.ts';
import { useI18n } from '../../ui/i18n.tsx';
import { createToken, listTokens, revokeToken } from './api.ts';

export function ApiTokensSection() {
  const { t, formatDate, formatDateTime } = useI18n();
  const { api, session } = useActiveSession();
  const errorText = useErrorText();
  const tokens = useResource((signal) => listTokens(api, signal), []);
  const submission = useSubmission();
  const [created, setCreated] = useState<ApiTokenCreated | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [scopes, setScopes] = useState<Permission[]>([]);
  const [copied, setCopied] = useState(false);
  const facilities = [...new Map(session.memberships.map((m) => [m.facilityId, m.facilityName])).entries()];
  // A token can carry at most what the user may do now; the server narrows further by the chosen facility.
  const grantable = PERMISSIONS.filter((p) => session.permissions.includes(p) && p !== 'token.manage');
  const now = Date.now();

  return (
    <section className="card" aria-labelledby="tokens-title">
      <h2 id="tokens-title">{t('tokens.title')}</h2>
      <p>{t('tokens.intro')}</p>
      <StatusMessage>{status}</StatusMessage>
      {created ? (
        <div className="alert alert--success">
          <p className="alert__title">{t('tokens.createdTitle', { name: created.name })}</p>
          <p>{t('tokens.createdText')}</p>
          <p className="secret">
            <code translate="no">{created.token}</code>
          </p>
          <button
            type="button"
            className="button button--small"
            onClick={async () => {
              await navigator.clipboard?.writeText(created.token).catch(() => undefined);
              setCopied(true);
            }}
          >
            {copied ? t('tokens.copied') : t('tokens.copy')}
          </button>
        </div>
      ) : null}
      {tokens.loading && !tokens.data ? <Loading /> : null}
      <ErrorAlert error={tokens.error} />
      {tokens.data && tokens.data.items.length > 0 ? (
        <div className="table-wrap" role="region" aria-labelledby="tokens-caption" tabIndex={0}>
          <table>
            <caption id="tokens-caption">{t('tokens.listCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('tokens.name')}</th>
                <th scope="col">{t('tokens.scopes')}</th>
                <th scope="col">{t('tokens.expires')}</th>
                <th scope="col">{t('tokens.lastUsed')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.items.map((tok) => {
                const expired = new Date(tok.expiresAt).getTime() < now;
                return (
                  <tr key={tok.id} className={tok.revokedAt || expired ? 'row--muted' : undefined}>
                    <th scope="row">{tok.name}</th>
                    <td>{tok.scopes.map((s) => t(`permission.${s}`)).join(', ')}</td>
                    <td>{formatDate(tok.expiresAt)}</td>
                    <td>{tok.lastUsedAt ? formatDateTime(tok.lastUsedAt) : t('tokens.never')}</td>
                    <td>
                      {tok.revokedAt ? (
                        t('tokens.revoked')
                      ) : expired ? (
                        t('tokens.expired')
                      ) : (
                        <button
                          type="button"
                          className="button button--small"
                          onClick={async () => {
                            setStatus(null);
                            try {
                              await revokeToken(api, tok.id);
                              setStatus(t('tokens.revokedDone', { name: tok.name }));
                              tokens.reload();
                            } catch (err) {
                              setStatus(errorText(err));
                            }
                          }}
                        >
                          {t('tokens.revoke')}
                          <span className="visually-hidden">: {tok.name}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : tokens.data ? (
        <p>{t('tokens.none')}</p>
      ) : null}

      <h3 id="token-form-title">{t('tokens.create')}</h3>
      <ErrorAlert error={submission.error} shownFields={['name', 'scopes', 'facilityId', 'expiresInDays']} />
      <form
        ref={submission.formRef}
        className="form"
        aria-labelledby="token-form-title"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const data = new FormData(form);
          setCreated(null);
          setCopied(false);
          const result = await submission.run(() =>
            createToken(api, {
              name: String(data.get('name') ?? '').trim(),
              scopes,
              facilityId: String(data.get('facilityId') ?? ''),
              expiresInDays: Number(data.get('expiresInDays') || 90),
            }),
          );
          if (result) {
            setCreated(result);
            setScopes([]);
            form.reset();
            tokens.reload();
          }
        }}
      >
        <TextField label={t('tokens.name')} name="name" hint={t('tokens.nameHint')} autoComplete="off" maxLength={100}
          error={submission.fieldErrors.name} />
        <SelectField label={t('tokens.facility')} name="facilityId" defaultValue={session.activeFacilityId ?? ''}
          error={submission.fieldErrors.facilityId}>
          {facilities.map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </SelectField>
        <fieldset className="fieldset">
          <legend>{t('tokens.scopes')}</legend>
          {submission.fieldErrors.scopes ? <p className="field__error">{submission.fieldErrors.scopes}</p> : null}
          {grantable.map((p) => (
            <CheckboxField key={p} label={t(`permission.${p}`)} name="scopes" value={p} checked={scopes.includes(p)}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                setScopes((s) => (on ? [...s, p] : s.filter((x) => x !== p)));
              }} />
          ))}
        </fieldset>
        <TextField label={t('tokens.expiresInDays')} name="expiresInDays" type="number" min={1} max={730} defaultValue={90}
          inputMode="numeric" className="field--short" error={submission.fieldErrors.expiresInDays} />
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={submission.pending}>
            {t('tokens.createSubmit')}
          </button>
        </div>
      </form>
    </section>
  );
}

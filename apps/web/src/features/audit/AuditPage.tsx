import { Fragment, useMemo, useState } from 'react';
import { DateInput } from '../../ui/Field.tsx';
import { Link, useSearchParams } from 'react-router';
import { useActiveSession } from '../../app/session.tsx';
import type { AuditEvent } from '../../ui/contract-types.ts';
import { ErrorAlert, Loading, StatusMessage, useErrorText } from '../../ui/Feedback.tsx';
import { useResource } from '../../ui/hooks.ts';
import { type MessageKey, useI18n } from '../../ui/i18n.tsx';
import { Page } from '../../ui/Page.tsx';
import { facilityName, listFacilities } from '../facilities/api.ts';
import { listUsers } from '../users/api.ts';
import { ACTION_GROUPS, ACTION_LABELS, actionLabel } from './action-labels.ts';
import { type AuditFilter, auditQuery, listAudit, reviewBreakGlass } from './api.ts';

const isKnownAction = (a: string) => a in ACTION_LABELS || a in ACTION_GROUPS;

// patientId comes from a row's "this patient's trail" link; people type a name or an identifier into `patient`.
const FILTER_KEYS = ['from', 'to', 'actorUserId', 'patient', 'patientId', 'action', 'outcome', 'flagged'] as const;

export default function AuditPage() {
  const { t, lang } = useI18n();
  const { api, can } = useActiveSession();
  const [params, setParams] = useSearchParams();
  const filter: AuditFilter = {};
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    if (v) filter[k] = v;
  }
  const filterKey = JSON.stringify(filter);
  const [more, setMore] = useState<{ key: string; items: AuditEvent[]; next: number | null } | null>(null);
  const first = useResource((signal) => listAudit(api, filter, undefined, signal), [filterKey]);
  const users = useResource((signal) => (can('user.read') ? listUsers(api, {}, signal) : Promise.resolve({ items: [] })), []);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);

  const extra = more?.key === filterKey ? more : null;
  const items = [...(first.data?.items ?? []), ...(extra?.items ?? [])];
  const next = extra ? extra.next : (first.data?.nextBeforeSeq ?? null);

  return (
    <Page title={t('audit.title')} wide>
      <p>{t('audit.intro')}</p>
      <form
        className="filters"
        aria-label={t('audit.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          const data = new FormData(e.currentTarget);
          const nextParams = new URLSearchParams();
          for (const k of FILTER_KEYS) {
            const v = String(data.get(k) ?? '').trim();
            if (v) nextParams.set(k, v);
          }
          setParams(nextParams);
        }}
      >
        <div className="field">
          <label htmlFor="audit-from">{t('audit.from')}</label>
          <DateInput id="audit-from" name="from" type="datetime-local" defaultValue={filter.from} />
        </div>
        <div className="field">
          <label htmlFor="audit-to">{t('audit.to')}</label>
          <DateInput id="audit-to" name="to" type="datetime-local" defaultValue={filter.to} />
        </div>
        <div className="field">
          <label htmlFor="audit-actor">{t('audit.actor')}</label>
          <select id="audit-actor" name="actorUserId" defaultValue={filter.actorUserId ?? ''} key={`actor-${users.data?.items.length ?? 0}`}>
            <option value="">{t('audit.anyone')}</option>
            {(users.data?.items ?? []).map((u) => (
              <option key={u.id} value={u.id}>
                {u.displayName} ({u.email})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-patient">{t('audit.patientQuery')}</label>
          <input
            id="audit-patient"
            name="patient"
            defaultValue={filter.patient}
            minLength={2}
            maxLength={100}
            autoComplete="off"
            spellCheck={false}
            aria-describedby="audit-patient-hint"
          />
          <p id="audit-patient-hint" className="field__hint">{t('audit.patientQueryHint')}</p>
          {filter.patientId ? (
            <p className="field__hint">
              <input type="hidden" name="patientId" value={filter.patientId} />
              {t('audit.onePatientFilter')}{' '}
              <Link to={`/audit${withoutParam(params, 'patientId')}`}>{t('audit.allPatients')}</Link>
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="audit-action">{t('audit.action')}</label>
          <select id="audit-action" name="action" defaultValue={filter.action ?? ''}>
            <option value="">{t('audit.any')}</option>
            {filter.action && !isKnownAction(filter.action) ? <option value={filter.action}>{filter.action}</option> : null}
            {Object.entries(ACTION_GROUPS).map(([prefix, group]) => (
              <optgroup key={prefix} label={group[lang]}>
                <option value={prefix}>{group[lang]}: {t('audit.any').toLocaleLowerCase(lang)}</option>
                {Object.keys(ACTION_LABELS).filter((a) => a.startsWith(prefix)).map((a) => (
                  <option key={a} value={a}>{ACTION_LABELS[a][lang]}</option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-outcome">{t('audit.outcome')}</label>
          <select id="audit-outcome" name="outcome" defaultValue={filter.outcome ?? ''}>
            <option value="">{t('audit.any')}</option>
            <option value="success">{t('audit.outcome.success')}</option>
            <option value="denied">{t('audit.outcome.denied')}</option>
            <option value="failure">{t('audit.outcome.failure')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-flagged">{t('audit.flaggedFilter')}</label>
          <select id="audit-flagged" name="flagged" defaultValue={filter.flagged ?? ''}>
            <option value="">{t('audit.any')}</option>
            <option value="true">{t('audit.flaggedOnly')}</option>
            <option value="false">{t('audit.unflaggedOnly')}</option>
          </select>
        </div>
        <div className="filters__actions">
          <button type="submit" className="button button--primary">
            {t('common.apply')}
          </button>
          <Link to="/audit" className="button button--link">
            {t('audit.reset')}
          </Link>
        </div>
      </form>
      <p>
        <a href={`/api/audit${auditQuery(filter, { format: 'fhir', limit: 500 })}`} download="audit-events.fhir.json">
          {t('audit.fhirExport')}
        </a>
      </p>
      {first.loading ? <Loading /> : null}
      <ErrorAlert error={first.error} />
      {first.data ? (
        <AuditTable
          items={items}
          onReviewed={() => {
            setMore(null);
            first.reload();
          }}
        />
      ) : null}
      <ErrorAlert error={moreError} />
      {first.data && next !== null ? (
        <p>
          <button
            type="button"
            className="button"
            disabled={loadingMore}
            onClick={async () => {
              setLoadingMore(true);
              setMoreError(null);
              try {
                const page = await listAudit(api, filter, next);
                setMore({ key: filterKey, items: [...(extra?.items ?? []), ...page.items], next: page.nextBeforeSeq });
              } catch (err) {
                setMoreError(err);
              } finally {
                setLoadingMore(false);
              }
            }}
          >
            {t('audit.loadMore')}
          </button>
        </p>
      ) : null}
    </Page>
  );
}

function withoutParam(params: URLSearchParams, key: string): string {
  const next = new URLSearchParams(params);
  next.delete(key);
  const q = next.toString();
  return q ? `?${q}` : '';
}

function AuditTable(props: { items: AuditEvent[]; onReviewed(): void }) {
  const { t, lang, formatDateTime } = useI18n();
  const { api, can } = useActiveSession();
  const errorText = useErrorText();
  const facilities = useResource((signal) => listFacilities(api, signal), []);
  const names = useMemo(() => new Map((facilities.data?.items ?? []).map((f) => [f.id, facilityName(f, lang)])), [facilities.data, lang]);
  const [reviewing, setReviewing] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (props.items.length === 0) return <p role="status">{t('audit.none')}</p>;
  return (
    <>
      <StatusMessage>{status}</StatusMessage>
      <div className="table-wrap" role="region" aria-labelledby="audit-caption" tabIndex={0}>
        <table className="audit-table">
          <caption id="audit-caption">{t('audit.count', { count: props.items.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('audit.at')}</th>
              <th scope="col">{t('audit.actor')}</th>
              <th scope="col">{t('audit.action')}</th>
              <th scope="col">{t('audit.outcome')}</th>
              <th scope="col">{t('audit.patient')}</th>
              <th scope="col">{t('audit.purposeReason')}</th>
              <th scope="col">{t('audit.ip')}</th>
              <th scope="col">{t('audit.flag')}</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((e) => {
              const isGrant = e.resourceType === 'break_glass' && e.action === 'patient.break_glass' && e.resourceId;
              return (
                <Fragment key={e.seq}>
                  <tr className={e.flagged ? 'row--flagged' : undefined}>
                    <td className="nowrap" data-label={t('audit.at')}>{formatDateTime(e.at)}</td>
                    <td data-label={t('audit.actor')}>
                      <span className="cell-title">{e.actorName ?? t('audit.system')}</span>
                      {e.actorFacilityId ? <span className="cell-sub">{names.get(e.actorFacilityId) ?? ''}</span> : null}
                    </td>
                    <td data-label={t('audit.action')}>
                      {actionLabel(e.action, lang) ? <span className="cell-title">{actionLabel(e.action, lang)}</span> : null}
                      <code className="cell-sub">{e.action}</code>
                    </td>
                    <td data-label={t('audit.outcome')}>
                      <span className={`tag tag--${e.outcome}`}>{t(`audit.outcome.${e.outcome}`)}</span>
                    </td>
                    <td data-label={t('audit.patient')}>
                      {e.patientId ? (
                        <>
                          <Link to={`/patients/${e.patientId}`} className="cell-title">
                            {e.patientName ?? e.patientId.slice(0, 8)}
                          </Link>
                          <Link
                            to={`/audit?patientId=${e.patientId}`}
                            className="cell-sub"
                            aria-label={`${t('audit.onlyThisPatient')}: ${e.patientName ?? e.patientId.slice(0, 8)}`}
                          >
                            {t('audit.onlyThisPatient')}
                          </Link>
                        </>
                      ) : null}
                    </td>
                    <td data-label={t('audit.purposeReason')}>
                      {e.purpose ? <span className="cell-title">{t(`purpose.${e.purpose}` as MessageKey)}</span> : null}
                      {e.reason ? <span className="cell-sub">{e.reason}</span> : null}
                    </td>
                    <td className="mono" data-label={t('audit.ip')}>{e.ip ?? null}</td>
                    <td data-label={t('audit.flag')}>
                      {e.flagged ? <span className="tag tag--flag">{t('audit.flagged')}</span> : null}
                      {isGrant ? (
                        e.reviewedAt ? (
                          <span className="cell-sub">{t('audit.reviewedAt', { at: formatDateTime(e.reviewedAt) })}</span>
                        ) : can('breakglass.review') ? (
                          <button
                            type="button"
                            className="button button--small"
                            aria-expanded={reviewing === e.resourceId}
                            onClick={() => setReviewing(reviewing === e.resourceId ? null : e.resourceId)}
                          >
                            {t('audit.review')}
                          </button>
                        ) : (
                          <span className="cell-sub">{t('audit.notReviewed')}</span>
                        )
                      ) : null}
                    </td>
                  </tr>
                  {isGrant && reviewing === e.resourceId ? (
                    <tr className="row--form">
                      <td colSpan={8}>
                        <form
                          className="form form--inline"
                          onSubmit={async (ev) => {
                            ev.preventDefault();
                            const note = String(new FormData(ev.currentTarget).get('note') ?? '').trim();
                            setBusy(true);
                            setStatus(null);
                            try {
                              await reviewBreakGlass(api, e.resourceId!, note || undefined);
                              setReviewing(null);
                              setStatus(t('audit.reviewDone'));
                              props.onReviewed();
                            } catch (err) {
                              setStatus(errorText(err));
                            } finally {
                              setBusy(false);
                            }
                          }}
                        >
                          <div className="field">
                            <label htmlFor={`review-note-${e.seq}`}>
                              {t('audit.reviewNote')} <span className="optional">({t('common.optional')})</span>
                            </label>
                            <textarea id={`review-note-${e.seq}`} name="note" rows={2} maxLength={1000} />
                          </div>
                          <div className="form__actions">
                            <button type="submit" className="button button--primary" disabled={busy}>
                              {t('audit.reviewConfirm')}
                            </button>
                          </div>
                        </form>
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

import { useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useActiveSession } from '../../app/session.tsx';
import { CONSULTATION_STATUSES, CONSULTATION_URGENCIES } from '../../ui/codes.ts';
import { ProfileOptions } from '../../ui/ProfileOptions.tsx';
import type { ConsultationQueueItem } from '../../ui/contract-types.ts';
import { ErrorAlert, Loading, StatusMessage } from '../../ui/Feedback.tsx';
import { useResource } from '../../ui/hooks.ts';
import { useI18n } from '../../ui/i18n.tsx';
import { Page } from '../../ui/Page.tsx';
import { facilityName, listFacilities } from '../facilities/api.ts';
import { listConsultations, type Box } from './api.ts';
import { loadPages, type Loaded } from './queue-pages.ts';
import { useCaseFeed } from './live.ts';
import { DueBadge, LiveIndicator, StatusTag, UrgencyTag } from './parts.tsx';

/** The hub's queue, the facility's own requests, or the cases one takes part in; filters live in the address. */
export default function ConsultationsPage() {
  const { t, lang } = useI18n();
  const { api, can, session } = useActiveSession();
  const activeFacilityId = session.activeFacilityId;
  const [params, setParams] = useSearchParams();
  const boxes: Box[] = [
    ...(can('consultation.handle') ? (['incoming', 'mine'] as const) : []),
    ...(can('consultation.request') ? (['outgoing'] as const) : []),
  ];
  const box = (boxes.find((b) => b === params.get('box')) ?? boxes[0]) as Box;
  const filters = { box, status: params.get('status') ?? undefined, urgency: params.get('urgency') ?? undefined, profile: params.get('profile') ?? undefined,
    facilityId: params.get('facilityId') ?? undefined };
  const key = JSON.stringify(filters);
  // Pages of 50 shown one after another (queue-pages.ts); new filters start again at one page.
  const [shown, setShown] = useState({ key, count: 1 });
  const pageCount = shown.key === key ? shown.count : 1;
  const loaded = useRef<Loaded<ConsultationQueueItem>>({ key: '', pages: [] });
  const appendOnly = useRef(false);
  const list = useResource(async (signal) => {
    const onlyNext = appendOnly.current;
    appendOnly.current = false;
    const r = await loadPages((cursor) => listConsultations(api, { ...filters, cursor }, signal), loaded.current,
      { key, count: pageCount, appendOnly: onlyNext });
    loaded.current = r.loaded;
    return r;
  }, [key, pageCount]);
  const showMore = () => {
    appendOnly.current = true;
    setShown({ key, count: pageCount + 1 });
  };
  const facilities = useResource((signal) => listFacilities(api, signal), []);
  // The other side of a request: who sent it to the hub, or where our own requests went.
  const counterpart = box === 'outgoing' ? 'targetFacilityId' : 'referringFacilityId';
  const facilityLabel = t(box === 'outgoing' ? 'consultation.target' : 'case.from');
  const facilityOptions = [...(facilities.data?.items ?? [])]
    .filter((f) => f.active && f.id !== activeFacilityId)
    .sort((a, b) => facilityName(a, lang).localeCompare(facilityName(b, lang), lang));
  const [announcement, setAnnouncement] = useState<string | null>(null);
  const live = useCaseFeed((_id, action) => {
    list.reload();
    // Said once by a screen reader, shown beside the queue: a request arrived while the page was open.
    if (box === 'incoming' && (action === 'submit' || action === 'forward')) setAnnouncement(t('live.newRequest'));
  });

  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  return (
    <Page
      title={t('consultations.title')}
      wide
      actions={can('consultation.request') ? <Link className="button button--primary" to="/consultations/new">{t('consultations.new')}</Link> : null}
    >
      {boxes.length > 1 ? (
        <nav className="tabs" aria-label={t('consultations.boxes')}>
          {boxes.map((b) => (
            <Link key={b} to={`?box=${b}`} className="tabs__tab" aria-current={b === box ? 'page' : undefined}>
              {t(`consultations.box.${b}`)}
            </Link>
          ))}
        </nav>
      ) : null}
      <form className="filters" aria-label={t('consultations.filters')} onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="f-urgency">{t('consultation.urgency')}</label>
          <select id="f-urgency" value={filters.urgency ?? ''} onChange={(e) => set('urgency', e.target.value)}>
            <option value="">{t('common.all')}</option>
            {CONSULTATION_URGENCIES.map((u) => <option key={u} value={u}>{t(`urgency.${u}`)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-status">{t('consultation.status')}</label>
          <select id="f-status" value={filters.status ?? ''} onChange={(e) => set('status', e.target.value)}>
            <option value="">{t('common.all')}</option>
            {CONSULTATION_STATUSES.map((s) => <option key={s} value={s}>{t(`status.${s}`)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-profile">{t('consultation.profile')}</label>
          <select id="f-profile" value={filters.profile ?? ''} onChange={(e) => set('profile', e.target.value)}>
            <option value="">{t('common.all')}</option>
            <ProfileOptions />
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-facility">{facilityLabel}</label>
          <select id="f-facility" value={filters.facilityId ?? ''} onChange={(e) => set('facilityId', e.target.value)}>
            <option value="">{t('common.all')}</option>
            {facilityOptions.map((f) => <option key={f.id} value={f.id}>{facilityName(f, lang)}</option>)}
          </select>
        </div>
      </form>
      <LiveIndicator state={live} />
      <StatusMessage>{announcement}</StatusMessage>
      {list.loading && !list.data ? <Loading /> : null}
      <ErrorAlert error={list.error} />
      {list.data ? (
        <Queue items={list.data.items} facilityLabel={facilityLabel}
          facilityOf={(c) => { const f = facilities.data?.items.find((x) => x.id === c[counterpart]); return f ? facilityName(f, lang) : ''; }} />
      ) : null}
      {list.data?.nextCursor ? (
        <p className="queue-more">
          <button type="button" className="button" onClick={showMore} disabled={list.loading} aria-busy={list.loading}
            data-testid="queue-more">
            {list.loading ? t('common.loading') : t('consultations.more')}
          </button>
          <span className="muted" aria-live="polite">{t('consultations.shown', { count: list.data.items.length })}</span>
        </p>
      ) : list.data && list.data.items.length > 50 ? (
        <p className="muted" aria-live="polite">{t('consultations.shown', { count: list.data.items.length })}</p>
      ) : null}
    </Page>
  );
}

function Queue(props: { items: ConsultationQueueItem[]; facilityLabel: string; facilityOf(c: ConsultationQueueItem): string }) {
  const { t, formatDateTime } = useI18n();
  if (props.items.length === 0) return <p className="muted" data-testid="queue-empty">{t('consultations.empty')}</p>;
  return (
    <div className="table-wrap">
      <table className="queue-table" data-testid="queue">
        <caption className="visually-hidden">{t('consultations.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('consultation.urgency')}</th>
            <th scope="col">{t('consultation.patient')}</th>
            <th scope="col">{t('consultation.profile')}</th>
            <th scope="col">{props.facilityLabel}</th>
            <th scope="col">{t('consultation.status')}</th>
            <th scope="col">{t('consultation.waiting')}</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((c) => (
            <tr key={c.id} data-testid="queue-row" data-id={c.id}>
              <td><UrgencyTag urgency={c.urgency} /></td>
              <th scope="row">
                <Link to={`/consultations/${c.id}`} className="cell-title">{c.patientName}</Link>
                <span className="cell-sub">{formatDateTime(c.submittedAt ?? c.createdAt)}</span>
              </th>
              <td>{t(`profile.${c.profile}` as never)}</td>
              <td className="queue-table__facility" data-testid="queue-facility">{props.facilityOf(c)}</td>
              <td><StatusTag status={c.status} /> <DueBadge item={c} /></td>
              <td className="nowrap queue-table__waiting" data-label={t('consultation.waiting')}>{t('consultation.waitingMinutes', { count: c.waitingMinutes })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

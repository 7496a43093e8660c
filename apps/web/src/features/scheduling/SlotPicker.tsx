import { zoneLabel } from '../../ui/codes.ts';
import { useActiveSession } from '../../app/session.tsx';
import { ErrorAlert, Loading } from '../../ui/Feedback.tsx';
import { useI18n } from '../../ui/i18n.tsx';
import { useResource } from '../../ui/hooks.ts';
import type { FreeSlot } from '../../ui/contract-types.ts';
import { addDays, listSlots, localDate, viewerTimeZone } from './api.ts';

export interface SlotQuery {
  clinicianId?: string;
  facilityId?: string;
  profile?: string;
}

/**
 * A week of free slots, grouped by the viewer's own days and shown in the viewer's zone, each with
 * the facility's local time beside it when the zones differ. Slots are buttons: keyboard and
 * screen-reader users choose them like anyone else.
 */
export function SlotPicker(props: { query: SlotQuery; from: string; onFrom(from: string): void; chosen: FreeSlot | null; onChoose(s: FreeSlot): void }) {
  const { t, lang, formatInZone } = useI18n();
  const { api } = useActiveSession();
  const zone = viewerTimeZone();
  const to = addDays(props.from, 6);
  const ready = Boolean(props.query.clinicianId || (props.query.facilityId && props.query.profile));
  const slots = useResource((signal) => ready ? listSlots(api, { ...props.query, from: props.from, to }, signal) : Promise.resolve({ items: [] }),
    [props.query.clinicianId, props.query.facilityId, props.query.profile, props.from]);
  const days = new Map<string, FreeSlot[]>();
  for (const s of slots.data?.items ?? []) {
    const day = localDate(s.startsAt, zone);
    days.set(day, [...(days.get(day) ?? []), s]);
  }
  const today = localDate(new Date(), zone);
  return (
    <section aria-labelledby="slots-heading" className="slot-picker">
      <h2 id="slots-heading">{t('scheduling.freeSlots')}</h2>
      <p className="muted">{t('scheduling.shownInYourZone', { zone: zoneLabel(zone, lang) })}</p>
      <div className="slot-picker__week">
        <button type="button" className="button button--small" disabled={props.from <= today} onClick={() => props.onFrom(addDays(props.from, -7))}>
          {t('scheduling.previousWeek')}
        </button>
        <span aria-live="polite">
          {formatInZone(`${props.from}T12:00:00Z`, 'UTC', { dateStyle: 'medium' })} – {formatInZone(`${to}T12:00:00Z`, 'UTC', { dateStyle: 'medium' })}
        </span>
        <button type="button" className="button button--small" onClick={() => props.onFrom(addDays(props.from, 7))}>{t('scheduling.nextWeek')}</button>
      </div>
      {!ready ? <p className="muted">{t('scheduling.chooseFirst')}</p> : null}
      {slots.loading ? <Loading /> : null}
      <ErrorAlert error={slots.error} />
      {ready && !slots.loading && days.size === 0 ? <p className="muted" data-testid="no-slots">{t('scheduling.noSlots')}</p> : null}
      <div className="slot-days" data-testid="slots">
        {[...days.entries()].map(([day, items]) => (
          <div key={day} className="slot-day">
            <h3>{formatInZone(`${day}T12:00:00Z`, 'UTC', { weekday: 'long', day: 'numeric', month: 'long' })}</h3>
            <ul className="slot-list">
              {items.map((s) => {
                const mine = formatInZone(s.startsAt, zone, { hour: '2-digit', minute: '2-digit' });
                const theirs = formatInZone(s.startsAt, s.timeZone, { hour: '2-digit', minute: '2-digit' });
                const isChosen = props.chosen?.startsAt === s.startsAt && props.chosen.clinicianId === s.clinicianId;
                return (
                  <li key={`${s.clinicianId}|${s.startsAt}`}>
                    <button type="button" className={isChosen ? 'slot slot--chosen' : 'slot'} aria-pressed={isChosen} data-starts-at={s.startsAt}
                      onClick={() => props.onChoose(s)}>
                      <span className="slot__time">{mine}</span>
                      {s.timeZone !== zone ? <span className="slot__zone">{t('scheduling.facilityTime', { time: theirs, zone: zoneLabel(s.timeZone, lang) })}</span> : null}
                      {!props.query.clinicianId ? <span className="slot__who">{s.clinicianName}</span> : null}
                    </button>
                  </li>
                );
              })}
            </ul>
          </div>
        ))}
      </div>
    </section>
  );
}

import { zoneLabel } from '../../ui/codes.ts';
import { useRef, useState } from 'react';
import { useActiveSession } from '../../app/session.tsx';
import type { Availability, AvailabilityRuleInput } from '../../ui/contract-types.ts';
import { ErrorAlert, Loading, StatusMessage } from '../../ui/Feedback.tsx';
import { useResource } from '../../ui/hooks.ts';
import { useI18n, type MessageKey } from '../../ui/i18n.tsx';
import { Page } from '../../ui/Page.tsx';
import { addRule, getAvailability, listClinicians, removeException, removeRule } from './api.ts';
import { ExceptionForm, RuleForm } from './AvailabilityForms.tsx';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

/**
 * A clinician's hours: a weekly grid (wall-clock time at the facility, its zone named) and the
 * exceptions (time off, extra hours). A clinician edits their own; a facility administrator picks
 * a clinician of the facility.
 */
export default function AvailabilityPage() {
  const { t, lang } = useI18n();
  const { api, session } = useActiveSession();
  const isClinician = session.activeRole === 'consultant' || session.activeRole === 'radiologist';
  const [picked, setPicked] = useState('');
  const clinicianId = isClinician ? session.user.id : picked;
  const clinicians = useResource((signal) => isClinician ? Promise.resolve({ items: [] })
    : listClinicians(api, { facilityId: session.activeFacilityId ?? undefined }, signal), [isClinician]);
  const [data, setData] = useState<Availability | null>(null);
  const loaded = useResource((signal) => clinicianId ? getAvailability(api, clinicianId, signal).then((d) => { setData(d); return d; })
    : Promise.resolve(null), [clinicianId]);
  // The result of a change is said beside what changed, and the focus goes there: on a phone the
  // top of the page is out of sight once the forms below the grid are reached.
  const [status, setStatus] = useState<{ text: string; where: 'rules' | 'exceptions' } | null>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const exceptionsRef = useRef<HTMLHeadingElement>(null);
  const [error, setError] = useState<unknown>(null);
  // A removed day's hours can be put back from the message that says they were removed: one tap on a
  // small × on a phone should not cost a doctor their schedule.
  const [undo, setUndo] = useState<AvailabilityRuleInput | null>(null);
  const [facilityId, setFacilityId] = useState('');
  const current = data && data.clinicianId === clinicianId ? data : null;
  const facility = current?.facilities.find((f) => f.id === facilityId) ?? current?.facilities.find((f) => f.id === session.activeFacilityId)
    ?? current?.facilities[0];

  const done = (d: Availability, text: string, where: 'rules' | 'exceptions') => {
    setUndo(null);
    setData(d);
    setStatus({ text, where });
    (where === 'rules' ? gridRef : exceptionsRef).current?.focus();
  };
  const apply = async (fn: () => Promise<Availability>, text: string, where: 'rules' | 'exceptions') => {
    setError(null);
    try {
      done(await fn(), text, where);
      return true;
    } catch (e) {
      setError(e);
      return false;
    }
  };

  return (
    <Page title={t('scheduling.availabilityTitle')} wide>
      {!isClinician ? (
        <div className="field">
          <label htmlFor="av-clinician">{t('scheduling.doctor')}</label>
          <select id="av-clinician" value={picked} onChange={(e) => setPicked(e.target.value)}>
            <option value="">{t('common.choose')}</option>
            {[...new Map((clinicians.data?.items ?? []).map((c) => [c.clinicianId, c])).values()].map((c) => (
              <option key={c.clinicianId} value={c.clinicianId}>{c.name}</option>
            ))}
          </select>
        </div>
      ) : null}
      {loaded.loading && clinicianId ? <Loading /> : null}
      <ErrorAlert error={loaded.error ?? error} />
      {current && facility ? (
        <>
          {current.facilities.length > 1 ? (
            <div className="field">
              <label htmlFor="av-facility">{t('scheduling.facility')}</label>
              <select id="av-facility" value={facility.id} onChange={(e) => setFacilityId(e.target.value)}>
                {current.facilities.map((f) => <option key={f.id} value={f.id}>{f.name[lang]}</option>)}
              </select>
            </div>
          ) : null}
          <p className="muted" data-testid="facility-zone">{t('scheduling.wallClockNote', { zone: zoneLabel(facility.timeZone, lang) })}</p>
          <StatusMessage>{status?.where === 'rules' ? status.text : null}</StatusMessage>
          {undo && status?.where === 'rules' ? (
            <p><button type="button" className="button button--small" data-testid="undo-remove"
              onClick={() => { const rule = undo; void apply(() => addRule(api, rule), t('scheduling.restored'), 'rules'); }}>
              {t('scheduling.undoRemove', { from: undo.startTime, to: undo.endTime, day: t(`scheduling.weekday.${undo.weekday}` as MessageKey) })}
            </button></p>
          ) : null}
          <div className="table-wrap" ref={gridRef} tabIndex={-1} data-testid="week-grid-region">
            <table className="week-grid" data-testid="week-grid">
              <caption>{t('scheduling.weeklyHours')}</caption>
              <thead><tr>{WEEKDAYS.map((d) => <th key={d} scope="col">{t(`scheduling.weekday.${d}` as MessageKey)}</th>)}</tr></thead>
              <tbody>
                <tr>
                  {WEEKDAYS.map((d) => (
                    <td key={d} data-label={t(`scheduling.weekday.${d}` as MessageKey)}>
                      <ul className="chip-list">
                        {current.rules.filter((r) => r.facilityId === facility.id && r.weekday === d).map((r) => (
                          <li key={r.id} className="chip">
                            <span>{r.startTime}–{r.endTime} · {t('scheduling.minutes', { count: r.slotMinutes })} · {t(`profile.${r.profile}` as MessageKey)}</span>
                            <button type="button" className="button button--link" aria-label={t('scheduling.removeHours', { day: t(`scheduling.weekday.${d}` as MessageKey),
                              from: r.startTime, to: r.endTime })} onClick={async () => {
                                if (!(await apply(() => removeRule(api, r.id), t('scheduling.removed'), 'rules'))) return;
                                setUndo({ clinicianId: r.clinicianId, facilityId: r.facilityId, profile: r.profile as AvailabilityRuleInput['profile'],
                                  weekday: r.weekday, startTime: r.startTime, endTime: r.endTime, slotMinutes: r.slotMinutes, validFrom: r.validFrom,
                                  validTo: r.validTo });
                              }}>×</button>
                          </li>
                        ))}
                      </ul>
                    </td>
                  ))}
                </tr>
              </tbody>
            </table>
          </div>
          <RuleForm clinicianId={clinicianId} facility={facility} onSaved={(d) => done(d, t('scheduling.saved'), 'rules')} />
          <h2 ref={exceptionsRef} tabIndex={-1}>{t('scheduling.exceptions')}</h2>
          <StatusMessage>{status?.where === 'exceptions' ? status.text : null}</StatusMessage>
          {current.exceptions.filter((e) => e.facilityId === facility.id).length === 0 ? <p className="muted">{t('scheduling.noExceptions')}</p> : null}
          <ul className="result-list">
            {current.exceptions.filter((e) => e.facilityId === facility.id).map((e) => (
              <li key={e.id}>
                <strong>{t(`scheduling.exception.${e.kind}` as MessageKey)}</strong>: {e.localStart.replace('T', ' ')} – {e.localEnd.replace('T', ' ')}
                {e.note ? ` · ${e.note}` : ''}{' '}
                <button type="button" className="button button--link" onClick={() => void apply(() => removeException(api, e.id), t('scheduling.removed'), 'exceptions')}>
                  {t('common.remove')}
                </button>
              </li>
            ))}
          </ul>
          <ExceptionForm clinicianId={clinicianId} facility={facility} onSaved={(d) => done(d, t('scheduling.saved'), 'exceptions')} />
        </>
      ) : null}
      {current && !facility ? <p className="muted">{t('scheduling.noClinicalFacility')}</p> : null}
    </Page>
  );
}

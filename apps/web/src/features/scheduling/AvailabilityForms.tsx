import { useState } from 'react';
import { useActiveSession } from '../../app/session.tsx';
import type { Availability } from '../../ui/contract-types.ts';
import { ErrorAlert } from '../../ui/Feedback.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { useSubmission } from '../../ui/hooks.ts';
import { useI18n, type MessageKey } from '../../ui/i18n.tsx';
import { addException, addRule, localDate } from './api.ts';

interface FacilityChoice {
  id: string;
  timeZone: string;
  profiles: string[];
}

const SLOT_LENGTHS = [15, 20, 30, 45, 60];

function ProfileSelect(props: { facility: FacilityChoice; error?: string }) {
  const { t } = useI18n();
  return (
    <SelectField label={t('consultation.profile')} name="profile" error={props.error} defaultValue={props.facility.profiles[0]}>
      {props.facility.profiles.map((p) => <option key={p} value={p}>{t(`profile.${p}` as MessageKey)}</option>)}
    </SelectField>
  );
}

function SlotLengthSelect(props: { error?: string }) {
  const { t } = useI18n();
  return (
    <SelectField label={t('scheduling.slotLength')} name="slotMinutes" error={props.error} defaultValue="30">
      {SLOT_LENGTHS.map((m) => <option key={m} value={m}>{t('scheduling.minutes', { count: m })}</option>)}
    </SelectField>
  );
}

/** Adds weekly hours: weekday, wall-clock start and end at the facility, slot length, profile, dates of validity. */
export function RuleForm(props: { clinicianId: string; facility: FacilityChoice; onSaved(d: Availability): void }) {
  const { t } = useI18n();
  const { api } = useActiveSession();
  const s = useSubmission();
  const f = s.fieldErrors;
  return (
    <form ref={s.formRef} className="card form-grid" noValidate data-testid="rule-form" aria-labelledby="rule-form-title" onSubmit={async (e) => {
      e.preventDefault();
      const v = Object.fromEntries(new FormData(e.currentTarget)) as Record<string, string>;
      const saved = await s.run(() => addRule(api, { clinicianId: props.clinicianId, facilityId: props.facility.id, profile: v.profile,
        weekday: Number(v.weekday), startTime: v.startTime, endTime: v.endTime, slotMinutes: Number(v.slotMinutes), validFrom: v.validFrom,
        validTo: v.validTo || null }));
      if (saved) props.onSaved(saved);
    }}>
      <h2 id="rule-form-title">{t('scheduling.addHours')}</h2>
      <SelectField label={t('scheduling.weekdayLabel')} name="weekday" error={f.weekday} defaultValue="1">
        {[1, 2, 3, 4, 5, 6, 7].map((d) => <option key={d} value={d}>{t(`scheduling.weekday.${d}` as MessageKey)}</option>)}
      </SelectField>
      <TextField label={t('scheduling.from')} name="startTime" type="time" defaultValue="09:00" error={f.startTime} />
      <TextField label={t('scheduling.to')} name="endTime" type="time" defaultValue="13:00" error={f.endTime} />
      <SlotLengthSelect error={f.slotMinutes} />
      <ProfileSelect facility={props.facility} error={f.profile} />
      <TextField label={t('scheduling.validFrom')} name="validFrom" type="date" defaultValue={localDate(new Date(), props.facility.timeZone)} error={f.validFrom} />
      <TextField label={t('scheduling.validTo')} name="validTo" type="date" optional error={f.validTo} />
      <ErrorAlert error={s.error} shownFields={Object.keys(f)} />
      <div><button type="submit" className="button button--primary" disabled={s.pending}>{t('scheduling.addHours')}</button></div>
    </form>
  );
}

/** Adds time off (from … to, may span days) or extra hours on one day. */
export function ExceptionForm(props: { clinicianId: string; facility: FacilityChoice; onSaved(d: Availability): void }) {
  const { t } = useI18n();
  const { api } = useActiveSession();
  const [kind, setKind] = useState<'off' | 'extra'>('off');
  const s = useSubmission();
  const f = s.fieldErrors;
  return (
    <form ref={s.formRef} className="card form-grid" noValidate data-testid="exception-form" aria-labelledby="exception-form-title" onSubmit={async (e) => {
      e.preventDefault();
      const v = Object.fromEntries(new FormData(e.currentTarget)) as Record<string, string>;
      const saved = await s.run(() => addException(api, { clinicianId: props.clinicianId, facilityId: props.facility.id, kind,
        localStart: v.localStart, localEnd: v.localEnd, note: v.note?.trim() || undefined,
        ...(kind === 'extra' ? { slotMinutes: Number(v.slotMinutes), profile: v.profile } : {}) }));
      if (saved) props.onSaved(saved);
    }}>
      <h2 id="exception-form-title">{t('scheduling.addExceptionTitle')}</h2>
      <fieldset className="fieldset">
        <legend>{t('scheduling.exceptionKind')}</legend>
        {(['off', 'extra'] as const).map((k) => (
          <label key={k}><input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} /> {t(`scheduling.exception.${k}` as MessageKey)}</label>
        ))}
      </fieldset>
      <TextField label={t('scheduling.from')} name="localStart" type="datetime-local" error={f.localStart} />
      <TextField label={t('scheduling.to')} name="localEnd" type="datetime-local" error={f.localEnd} />
      {kind === 'extra' ? <><SlotLengthSelect error={f.slotMinutes} /><ProfileSelect facility={props.facility} error={f.profile} /></> : null}
      <TextField label={t('scheduling.note')} name="note" optional maxLength={500} error={f.note} />
      <ErrorAlert error={s.error} shownFields={Object.keys(f)} />
      <div><button type="submit" className="button button--primary" disabled={s.pending}>{t('scheduling.addException')}</button></div>
    </form>
  );
}

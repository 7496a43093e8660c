import { zoneLabel } from '../../ui/codes.ts';
import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useActiveSession } from '../../app/session.tsx';
import type { FreeSlot, PatientSummary } from '../../ui/contract-types.ts';
import { ErrorAlert, StatusMessage } from '../../ui/Feedback.tsx';
import { TextAreaField } from '../../ui/Field.tsx';
import { useResource, useSubmission } from '../../ui/hooks.ts';
import { useI18n, type MessageKey } from '../../ui/i18n.tsx';
import { Page } from '../../ui/Page.tsx';
import { patientName, searchPatients } from '../patients/api.ts';
import { bookAppointment, getAppointment, inviteUrl, listClinicians, localDate, rescheduleAppointment, viewerTimeZone } from './api.ts';
import { SlotPicker } from './SlotPicker.tsx';

/** Book a video visit: by doctor or by profile at a facility; a move of an existing appointment when `?reschedule=` names one. */
export default function BookingPage() {
  const { t, lang, formatInZone } = useI18n();
  const { api, session } = useActiveSession();
  const [params] = useSearchParams();
  const rescheduleId = params.get('reschedule');
  const isPatient = Boolean(session.user.patientId) && session.permissions.includes('patient.self');
  const [mode, setMode] = useState<'clinician' | 'profile'>('clinician');
  const [choice, setChoice] = useState('');
  const [profile, setProfile] = useState('');
  const [facilityId, setFacilityId] = useState('');
  const [patient, setPatient] = useState<{ id: string; label: string } | null>(null);
  const [from, setFrom] = useState(localDate(new Date(), viewerTimeZone()));
  const [chosen, setChosen] = useState<FreeSlot | null>(null);
  const [done, setDone] = useState<{ id: string; when: string } | null>(null);
  const submission = useSubmission();
  // The confirmation appears below the week's slots: it takes the focus (and the screen) when a time is chosen,
  // and the result takes it back when the booking is made.
  const confirmHeading = useRef<HTMLHeadingElement>(null);
  const result = useRef<HTMLDivElement>(null);
  useEffect(() => { if (chosen) confirmHeading.current?.focus(); }, [chosen]);
  useEffect(() => { if (done) result.current?.focus(); }, [done]);
  const clinicians = useResource((signal) => listClinicians(api, {}, signal), []);
  const moving = useResource((signal) => rescheduleId ? getAppointment(api, rescheduleId, signal) : Promise.resolve(null), [rescheduleId]);
  const items = clinicians.data?.items ?? [];
  const [clinicianId, clinicianFacility] = choice.split('|');
  const query = moving.data ? { clinicianId: moving.data.clinicianId, facilityId: moving.data.facilityId }
    : mode === 'clinician' ? { clinicianId: clinicianId || undefined, facilityId: clinicianFacility || undefined }
      : { facilityId: facilityId || undefined, profile: profile || undefined };
  const profiles = [...new Set(items.flatMap((c) => c.profiles))];
  const facilities = [...new Map(items.filter((c) => !profile || c.profiles.includes(profile)).map((c) => [c.facilityId, c])).values()];

  async function confirm(form: HTMLFormElement) {
    if (!chosen) return;
    const reason = (new FormData(form).get('reason') as string | null)?.trim() || undefined;
    const a = await submission.run(() => moving.data ? rescheduleAppointment(api, moving.data.id, chosen.startsAt)
      : bookAppointment(api, { patientId: isPatient ? undefined : patient?.id, clinicianId: chosen.clinicianId, facilityId: chosen.facilityId,
        startsAt: chosen.startsAt, reason }));
    if (a) {
      setDone({ id: a.id, when: formatInZone(a.startsAt, viewerTimeZone(), { dateStyle: 'full', timeStyle: 'short' }) });
      setChosen(null);
    }
  }

  return (
    <Page title={moving.data ? t('scheduling.rescheduleTitle') : t('scheduling.bookTitle')}>
      <div ref={result} tabIndex={-1}>
      <StatusMessage>
        {done ? (
          <span data-testid="booked">
            {t(moving.data ? 'scheduling.moved' : 'scheduling.booked', { when: done.when })}{' '}
            <a href={inviteUrl(done.id)} download data-testid="download-ics">{t('scheduling.downloadIcs')}</a>{' · '}
            <Link to="/appointments">{t('scheduling.myAppointments')}</Link>
          </span>
        ) : null}
      </StatusMessage>
      </div>
      {moving.data ? (
        <>
          <p>{t('scheduling.movingWith', { name: moving.data.clinicianName })}</p>
          <p className="muted">{t('scheduling.currentTime', { when: formatInZone(moving.data.startsAt, viewerTimeZone(), { dateStyle: 'full', timeStyle: 'short' }) })}</p>
        </>
      ) : (
        <fieldset className="fieldset">
          <legend>{t('scheduling.findBy')}</legend>
          <div className="radio-row">
            {(['clinician', 'profile'] as const).map((m) => (
              <label key={m}><input type="radio" name="mode" value={m} checked={mode === m} onChange={() => { setMode(m); setChosen(null); }} />
                {' '}{t(`scheduling.by.${m}` as MessageKey)}</label>
            ))}
          </div>
          {mode === 'clinician' ? (
            <div className="field">
              <label htmlFor="b-clinician">{t('scheduling.doctor')}</label>
              <select id="b-clinician" value={choice} onChange={(e) => { setChoice(e.target.value); setChosen(null); }}>
                <option value="">{t('common.choose')}</option>
                {items.map((c) => (
                  <option key={`${c.clinicianId}|${c.facilityId}`} value={`${c.clinicianId}|${c.facilityId}`}>
                    {c.name} — {c.facilityName[lang]} ({c.profiles.map((p) => t(`profile.${p}` as MessageKey)).join(', ')})
                  </option>
                ))}
              </select>
            </div>
          ) : (
            <div className="form-row">
              <div className="field">
                <label htmlFor="b-profile">{t('consultation.profile')}</label>
                <select id="b-profile" value={profile} onChange={(e) => { setProfile(e.target.value); setChosen(null); }}>
                  <option value="">{t('common.choose')}</option>
                  {profiles.map((p) => <option key={p} value={p}>{t(`profile.${p}` as MessageKey)}</option>)}
                </select>
              </div>
              <div className="field">
                <label htmlFor="b-facility">{t('scheduling.facility')}</label>
                <select id="b-facility" value={facilityId} onChange={(e) => { setFacilityId(e.target.value); setChosen(null); }}>
                  <option value="">{t('common.choose')}</option>
                  {facilities.map((c) => <option key={c.facilityId} value={c.facilityId}>{c.facilityName[lang]}</option>)}
                </select>
              </div>
            </div>
          )}
        </fieldset>
      )}
      <ErrorAlert error={clinicians.error ?? moving.error} />
      <SlotPicker query={query} from={from} onFrom={setFrom} chosen={chosen} onChoose={(s) => { setChosen(s); setDone(null); submission.clear(); }} />
      {chosen ? (
        <form ref={submission.formRef} className="card booking-confirm" noValidate data-testid="confirm" onSubmit={(e) => { e.preventDefault(); void confirm(e.currentTarget); }}>
          <h2 ref={confirmHeading} tabIndex={-1}>{t('scheduling.confirmTitle')}</h2>
          <p>{formatInZone(chosen.startsAt, viewerTimeZone(), { dateStyle: 'full', timeStyle: 'short' })} · {chosen.clinicianName}</p>
          <p className="muted">{t('scheduling.facilityTime', { time: formatInZone(chosen.startsAt, chosen.timeZone, { dateStyle: 'medium', timeStyle: 'short' }),
            zone: zoneLabel(chosen.timeZone, lang) })}</p>
          {!isPatient && !moving.data ? <PatientPicker value={patient} onPick={setPatient} /> : null}
          {!moving.data ? <TextAreaField label={t('scheduling.reason')} name="reason" optional maxLength={1000} rows={2} /> : null}
          <ErrorAlert error={submission.error} />
          <button type="submit" className="button button--primary" disabled={submission.pending || (!isPatient && !moving.data && !patient)}>
            {moving.data ? t('scheduling.moveHere') : t('scheduling.book')}
          </button>
        </form>
      ) : null}
    </Page>
  );
}

function PatientPicker(props: { value: { id: string; label: string } | null; onPick(p: { id: string; label: string }): void }) {
  const { t } = useI18n();
  const { api } = useActiveSession();
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const results = useResource((signal) => (query.length >= 2 ? searchPatients(api, query, signal) : Promise.resolve(null)), [query]);
  return (
    <div className="field">
      <label htmlFor="b-patient-q">{t('scheduling.patient')}</label>
      {props.value ? <p data-testid="chosen-patient"><strong>{props.value.label}</strong></p> : null}
      <div className="search-form__row">
        <input id="b-patient-q" type="search" value={q} autoComplete="off" onChange={(e) => setQ(e.target.value)}
          onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); setQuery(q.trim()); } }} />
        <button type="button" className="button" onClick={() => setQuery(q.trim())}>{t('patients.search.submit')}</button>
      </div>
      {results.data ? (
        <ul className="result-list" aria-label={t('scheduling.patient')}>
          {results.data.items.map((p: PatientSummary) => (
            <li key={p.id}>
              <button type="button" className="button button--link" aria-pressed={props.value?.id === p.id}
                onClick={() => props.onPick({ id: p.id, label: patientName(p) })}>{patientName(p)}</button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

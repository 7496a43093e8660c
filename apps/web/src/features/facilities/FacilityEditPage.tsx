import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useActiveSession } from '../../app/session.tsx';
import { COUNTRIES, countryName, FACILITY_KINDS, LANGUAGES, REGIONS, regionName, SPECIALTY_GROUP_KEYS, SPECIALTY_GROUPS, zoneLabel } from '../../ui/codes.ts';
import type { Facility, FacilityInput } from '../../ui/contract-types.ts';
import { ErrorAlert, Loading } from '../../ui/Feedback.tsx';
import { CheckboxField, SelectField, TextField } from '../../ui/Field.tsx';
import { useResource, useSubmission } from '../../ui/hooks.ts';
import { useI18n } from '../../ui/i18n.tsx';
import { Page } from '../../ui/Page.tsx';
import { createFacility, facilityName, listFacilities, subtreeIds, updateFacility } from './api.ts';

/** Time zones of the network's countries first; every other IANA zone after them. */
const NETWORK_ZONES = ['Asia/Almaty', 'Asia/Aqtobe', 'Asia/Aqtau', 'Asia/Atyrau', 'Asia/Oral', 'Asia/Qostanay', 'Asia/Qyzylorda',
  'Asia/Tashkent', 'Asia/Samarkand', 'Asia/Bishkek', 'Asia/Dushanbe', 'Asia/Ashgabat', 'Europe/Moscow', 'Europe/Istanbul'];

function allTimeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return NETWORK_ZONES;
  }
}

const EMPTY: FacilityInput = {
  code: '',
  parentId: null,
  kind: 'district_hospital',
  name: { kk: '', ru: '', uz: '', en: '' },
  country: 'KZ',
  region: '',
  timeZone: 'Asia/Almaty',
  isTelemedicineCentre: false,
  profiles: [],
  active: true,
};

export default function FacilityEditPage() {
  const { id } = useParams();
  const { t } = useI18n();
  const { api } = useActiveSession();
  const facilities = useResource((signal) => listFacilities(api, signal), []);
  const title = id ? t('facilities.editTitle') : t('facilities.newTitle');
  if (facilities.loading) return <Loading />;
  if (!facilities.data) {
    return (
      <Page title={title}>
        <ErrorAlert error={facilities.error} />
      </Page>
    );
  }
  const current = id ? facilities.data.items.find((f) => f.id === id) : undefined;
  if (id && !current) {
    return (
      <Page title={title}>
        <p>{t('facilities.notFound')}</p>
      </Page>
    );
  }
  return <FacilityForm key={id ?? 'new'} facility={current} all={facilities.data.items} />;
}

function FacilityForm(props: { facility?: Facility; all: Facility[] }) {
  const { t, lang } = useI18n();
  const { api, session } = useActiveSession();
  const navigate = useNavigate();
  const submission = useSubmission();
  const isNetworkAdmin = session.activeRole === 'network_admin';
  const editing = props.facility;
  const [value, setValue] = useState<FacilityInput>(() => {
    if (!editing) return EMPTY;
    const { id: _id, ...rest } = editing;
    return rest;
  });
  // Only the network moves a facility, renames its code or changes its kind.
  const structureLocked = Boolean(editing) && !isNetworkAdmin;
  const e = submission.fieldErrors;
  const set = <K extends keyof FacilityInput>(key: K, v: FacilityInput[K]) => setValue((s) => ({ ...s, [key]: v }));

  const parents = useMemo(() => {
    const excluded = editing ? subtreeIds(props.all, editing.id) : new Set<string>();
    const collator = new Intl.Collator(lang);
    return props.all
      .filter((f) => !excluded.has(f.id))
      .sort((a, b) => collator.compare(facilityName(a, lang), facilityName(b, lang)));
  }, [props.all, editing, lang]);

  const zones = useMemo(() => {
    const all = allTimeZones();
    const rest = all.filter((z) => !NETWORK_ZONES.includes(z));
    if (!all.includes(value.timeZone) && !NETWORK_ZONES.includes(value.timeZone)) rest.unshift(value.timeZone);
    return rest;
  }, [value.timeZone]);

  const countries: string[] = COUNTRIES.includes(value.country) ? COUNTRIES : [value.country, ...COUNTRIES];
  // The network's own list first: browsers with reduced ICU data have no Kazakh or Uzbek country names.
  const displayNames = useMemo(() => new Intl.DisplayNames([lang], { type: 'region' }), [lang]);
  const countryLabel = (c: string) => {
    const name = countryName(c, lang) ?? displayNames.of(c);
    return name && name !== c ? `${name} (${c})` : c;
  };
  // Kazakhstan's and Uzbekistan's regions are chosen from a list (a health department's statistics follow
  // the region, so a misspelling would hide its facilities); elsewhere the region is written in.
  const listedRegions = REGIONS[value.country];
  const regionOptions = useMemo(() => {
    if (!listedRegions) return [];
    const keys = Object.keys(listedRegions);
    const sorted = keys.sort((a, b) => regionName(value.country, a, lang).localeCompare(regionName(value.country, b, lang), lang));
    return value.region && !keys.includes(value.region) ? [value.region, ...sorted] : sorted;
  }, [listedRegions, value.country, value.region, lang]);

  const toggleProfile = (code: string, on: boolean) =>
    set('profiles', on ? [...value.profiles, code] : value.profiles.filter((p) => p !== code));

  return (
    <Page title={editing ? t('facilities.editNamedTitle', { name: facilityName(editing, lang) }) : t('facilities.newTitle')}>
      <ErrorAlert
        error={submission.error}
        shownFields={['code', 'parentId', 'kind', 'name', ...LANGUAGES.map((l) => `name.${l}`), 'country', 'region', 'timeZone',
          'isTelemedicineCentre', 'profiles', 'active']}
      />
      <form
        ref={submission.formRef}
        className="form"
        noValidate
        onSubmit={async (ev) => {
          ev.preventDefault();
          const body: FacilityInput = {
            ...value,
            code: value.code.trim().toUpperCase(),
            region: value.region.trim(),
            name: { kk: value.name.kk.trim(), ru: value.name.ru.trim(), uz: value.name.uz.trim(), en: value.name.en.trim() },
          };
          const saved = await submission.run(() => (editing ? updateFacility(api, editing.id, body) : createFacility(api, body)));
          if (saved) navigate('/facilities', { state: { saved: saved.id } });
        }}
      >
        <div className="grid">
          <TextField label={t('facility.code')} name="code" value={value.code} hint={t('facility.codeHint')} autoComplete="off"
            spellCheck={false} readOnly={structureLocked} onChange={(ev) => set('code', ev.currentTarget.value.toUpperCase())} error={e.code} />
          <SelectField label={t('facility.kind')} name="kind" value={value.kind} disabled={structureLocked}
            onChange={(ev) => set('kind', ev.currentTarget.value as FacilityInput['kind'])} error={e.kind}>
            {FACILITY_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`facilityKind.${k}`)}
              </option>
            ))}
          </SelectField>
        </div>
        <SelectField label={t('facility.parent')} name="parentId" value={value.parentId ?? ''} disabled={structureLocked} optional
          onChange={(ev) => set('parentId', ev.currentTarget.value || null)} error={e.parentId}>
          <option value="">{t('facility.noParent')}</option>
          {parents.map((f) => (
            <option key={f.id} value={f.id}>
              {facilityName(f, lang)} ({f.code})
            </option>
          ))}
        </SelectField>
        <fieldset className="fieldset">
          <legend>{t('facility.names')}</legend>
          <p className="field__hint">{t('facility.namesHint')}</p>
          <div className="grid grid--wide">
            {LANGUAGES.map((l) => (
              <TextField key={l} label={t(`languageName.${l}`)} name={`name.${l}`} lang={l} value={value.name[l]} autoComplete="off"
                onChange={(ev) => {
                  const v = ev.currentTarget.value;
                  setValue((s) => ({ ...s, name: { ...s.name, [l]: v } }));
                }}
                error={e[`name.${l}`]} />
            ))}
          </div>
        </fieldset>
        <div className="grid">
          <SelectField label={t('facility.country')} name="country" value={value.country} disabled={structureLocked}
            onChange={(ev) => {
              const country = ev.currentTarget.value;
              // A region of the old country means nothing in the new one.
              setValue((s) => ({ ...s, country, region: REGIONS[country] && !Object.hasOwn(REGIONS[country], s.region) ? '' : s.region }));
            }}
            error={e.country}>
            {countries.map((c) => (
              <option key={c} value={c}>
                {countryLabel(c)}
              </option>
            ))}
          </SelectField>
          {listedRegions ? (
            <SelectField label={t('facility.region')} name="region" value={value.region} disabled={structureLocked}
              onChange={(ev) => set('region', ev.currentTarget.value)} error={e.region}>
              <option value="">{t('common.choose')}</option>
              {regionOptions.map((r) => <option key={r} value={r}>{regionName(value.country, r, lang)}</option>)}
            </SelectField>
          ) : (
            <TextField label={t('facility.region')} name="region" value={value.region} autoComplete="off" readOnly={structureLocked}
              onChange={(ev) => set('region', ev.currentTarget.value)} error={e.region} />
          )}
          <SelectField label={t('facility.timeZone')} name="timeZone" value={value.timeZone}
            onChange={(ev) => set('timeZone', ev.currentTarget.value)} error={e.timeZone}>
            <optgroup label={t('facility.timeZonesNetwork')}>
              {NETWORK_ZONES.map((z) => (
                <option key={z} value={z}>
                  {zoneLabel(z, lang)} ({z})
                </option>
              ))}
            </optgroup>
            <optgroup label={t('facility.timeZonesAll')}>
              {zones.map((z) => (
                <option key={z} value={z}>
                  {z}
                </option>
              ))}
            </optgroup>
          </SelectField>
        </div>
        <CheckboxField label={t('facility.isTelemedicineCentre')} name="isTelemedicineCentre" checked={value.isTelemedicineCentre}
          onChange={(ev) => set('isTelemedicineCentre', ev.currentTarget.checked)} error={e.isTelemedicineCentre} />
        <CheckboxField label={t('facility.active')} hint={t('facility.activeHint')} name="active" checked={value.active}
          onChange={(ev) => set('active', ev.currentTarget.checked)} error={e.active} />
        <fieldset className="fieldset" aria-describedby="profiles-count">
          <legend>{t('facility.profiles')}</legend>
          <p className="field__hint" id="profiles-count">
            {t('facility.profilesSelected', { count: value.profiles.length })}
          </p>
          {e.profiles ? <p className="field__error">{e.profiles}</p> : null}
          <div className="profile-groups">
            {SPECIALTY_GROUP_KEYS.map((g) => (
              <fieldset key={g} className="fieldset fieldset--sub">
                <legend>{t(`profileGroup.${g}`)}</legend>
                {SPECIALTY_GROUPS[g].map((code) => (
                  <CheckboxField key={code} label={t(`profile.${code}`)} name="profiles" value={code}
                    checked={value.profiles.includes(code)} onChange={(ev) => toggleProfile(code, ev.currentTarget.checked)} />
                ))}
              </fieldset>
            ))}
          </div>
        </fieldset>
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={submission.pending}>
            {editing ? t('common.save') : t('facilities.create')}
          </button>
          <Link to="/facilities" className="button button--link">
            {t('common.cancel')}
          </Link>
        </div>
      </form>
    </Page>
  );
}

import type { Language } from '@telemed/contracts';
import type { ReactNode } from 'react';
import { LANGUAGES, NATIONAL_ID_TYPES, SEXES } from '../../ui/codes.ts';
import type { Patient } from '../../ui/contract-types.ts';
import { SelectField, TextAreaField, TextField } from '../../ui/Field.tsx';
import { formValues } from '../../ui/hooks.ts';
import { useI18n } from '../../ui/i18n.tsx';
import type { PatientBody } from './api.ts';

export const PATIENT_FIELDS = [
  'familyName', 'givenName', 'middleName', 'familyNameLatin', 'givenNameLatin', 'birthDate', 'sex', 'nationalIdType',
  'nationalId', 'phone', 'email', 'address', 'preferredLanguage', 'homeFacilityId',
] as const;

/** Reads the form into a PatientInput body; empty optional fields are left out. */
export function readPatientForm(form: HTMLFormElement, homeFacilityId: string): PatientBody {
  const v = formValues(form);
  const body: Record<string, unknown> = { homeFacilityId };
  for (const f of PATIENT_FIELDS) if (v[f] !== undefined && f !== 'homeFacilityId') body[f] = v[f];
  if (typeof body.nationalId === 'string') body.nationalId = body.nationalId.replace(/[\s-]/g, '');
  // A type without a number means nothing was entered: the type select merely has a default.
  if (!body.nationalId) delete body.nationalIdType;
  return body as PatientBody;
}

export function PatientFields(props: {
  patient?: Patient;
  defaultIdType: (typeof NATIONAL_ID_TYPES)[number];
  errors: Record<string, string>;
  homeFacility: ReactNode;
}) {
  const { t, lang } = useI18n();
  const p = props.patient;
  const e = props.errors;
  return (
    <>
      <fieldset className="fieldset">
        <legend>{t('patient.form.nameLegend')}</legend>
        <p className="field__hint">{t('patient.form.nameHint')}</p>
        <div className="grid">
          <TextField label={t('patient.familyName')} name="familyName" defaultValue={p?.familyName} autoComplete="off" error={e.familyName} />
          <TextField label={t('patient.givenName')} name="givenName" defaultValue={p?.givenName} autoComplete="off" error={e.givenName} />
          <TextField label={t('patient.middleName')} name="middleName" defaultValue={p?.middleName} autoComplete="off" optional
            error={e.middleName} />
        </div>
      </fieldset>
      <fieldset className="fieldset">
        <legend>{t('patient.form.latinLegend')}</legend>
        <p className="field__hint">{t('patient.form.latinHint')}</p>
        <div className="grid">
          <TextField label={t('patient.familyNameLatin')} name="familyNameLatin" defaultValue={p?.familyNameLatin} autoComplete="off"
            optional error={e.familyNameLatin} />
          <TextField label={t('patient.givenNameLatin')} name="givenNameLatin" defaultValue={p?.givenNameLatin} autoComplete="off"
            optional error={e.givenNameLatin} />
        </div>
      </fieldset>
      <div className="grid">
        <TextField label={t('patient.birthDate')} name="birthDate" type="date" defaultValue={p?.birthDate} error={e.birthDate}
          max={new Date().toISOString().slice(0, 10)} />
        <SelectField label={t('patient.sex')} name="sex" defaultValue={p?.sex ?? ''} error={e.sex}>
          <option value="" disabled>
            {t('common.choose')}
          </option>
          {SEXES.map((s) => (
            <option key={s} value={s}>
              {t(`sex.${s}`)}
            </option>
          ))}
        </SelectField>
      </div>
      <fieldset className="fieldset">
        <legend>{t('patient.form.idLegend')}</legend>
        <div className="grid">
          <SelectField label={t('patient.nationalIdType')} name="nationalIdType" optional
            defaultValue={p?.nationalIdType ?? props.defaultIdType} error={e.nationalIdType}>
            {NATIONAL_ID_TYPES.map((x) => (
              <option key={x} value={x}>
                {t(x === 'KZ-IIN' ? 'patient.idType.kzIin' : 'patient.idType.uzPinfl')}
              </option>
            ))}
          </SelectField>
          <TextField label={t('patient.nationalId')} name="nationalId" defaultValue={p?.nationalId} inputMode="numeric" autoComplete="off"
            optional hint={t('patient.form.idHint')} error={e.nationalId} spellCheck={false} />
        </div>
      </fieldset>
      <div className="grid">
        <TextField label={t('patient.phone')} name="phone" type="tel" defaultValue={p?.phone} autoComplete="off" optional
          hint={t('patient.form.phoneHint')} error={e.phone} />
        <TextField label={t('patient.email')} name="email" type="email" defaultValue={p?.email} autoComplete="off" optional
          spellCheck={false} error={e.email} />
      </div>
      <TextAreaField label={t('patient.address')} name="address" defaultValue={p?.address} optional rows={2} error={e.address} />
      <SelectField label={t('patient.preferredLanguage')} name="preferredLanguage"
        defaultValue={p?.preferredLanguage ?? (lang as Language)} error={e.preferredLanguage}>
        {LANGUAGES.map((l) => (
          <option key={l} value={l}>
            {t(`languageName.${l}`)}
          </option>
        ))}
      </SelectField>
      <div className="field">
        <span className="field__label">{t('patient.homeFacility')}</span>
        <p className="field__static">{props.homeFacility}</p>
        {e.homeFacilityId ? <p className="field__error">{e.homeFacilityId}</p> : null}
      </div>
    </>
  );
}


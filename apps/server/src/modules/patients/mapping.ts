import type { Language, Patient, PatientSummary } from '@telemed/contracts';
import type { Selectable } from 'kysely';
import type { PatientTable } from '../../platform/db-types.ts';

type Row = Selectable<PatientTable>;
const opt = (v: string | null) => v ?? undefined;

export function toPatient(r: Row): Patient {
  return {
    id: r.id,
    familyName: r.family_name,
    givenName: r.given_name,
    middleName: opt(r.middle_name),
    familyNameLatin: opt(r.family_name_latin),
    givenNameLatin: opt(r.given_name_latin),
    birthDate: r.birth_date,
    sex: r.sex as Patient['sex'],
    nationalIdType: opt(r.national_id_type) as Patient['nationalIdType'],
    nationalId: opt(r.national_id),
    phone: opt(r.phone),
    email: opt(r.email),
    address: opt(r.address),
    preferredLanguage: r.preferred_language as Language,
    homeFacilityId: r.home_facility_id,
    selfRegistered: r.self_registered,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export function toSummary(r: Pick<Row, 'id' | 'family_name' | 'given_name' | 'middle_name' | 'family_name_latin' | 'given_name_latin'
  | 'birth_date' | 'sex' | 'national_id' | 'home_facility_id'>): PatientSummary {
  return {
    id: r.id,
    familyName: r.family_name,
    givenName: r.given_name,
    middleName: opt(r.middle_name),
    familyNameLatin: opt(r.family_name_latin),
    givenNameLatin: opt(r.given_name_latin),
    birthDate: r.birth_date,
    sex: r.sex as PatientSummary['sex'],
    nationalId: opt(r.national_id),
    homeFacilityId: r.home_facility_id,
  };
}

export const SUMMARY_COLUMNS = ['id', 'family_name', 'given_name', 'middle_name', 'family_name_latin', 'given_name_latin',
  'birth_date', 'sex', 'national_id', 'home_facility_id'] as const;

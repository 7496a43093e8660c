import type {
  CONSENT_KINDS as ContractConsentKinds,
  FACILITY_KINDS as ContractFacilityKinds,
  LANGUAGES as ContractLanguages,
  NATIONAL_ID_TYPES as ContractNationalIdTypes,
  PERMISSIONS as ContractPermissions,
  ROLES as ContractRoles,
  SPECIALTY_GROUPS as ContractSpecialtyGroups,
} from '@telemed/contracts';

/*
 * The code lists of @telemed/contracts, repeated here because importing a value from the contracts
 * package pulls all of zod (~27 KB gzipped) into the bundle: its modules build schemas at load time,
 * which no bundler can drop. Each list is typed as the contract's own `typeof`, so tsc fails the
 * moment the two disagree (a missing, extra or reordered code).
 */
export const LANGUAGES: typeof ContractLanguages = ['kk', 'ru', 'uz', 'en'];

export const ROLES: typeof ContractRoles = [
  'network_admin',
  'facility_admin',
  'coordinator',
  'consultant',
  'referring_physician',
  'nurse',
  'radiologist',
  'educator',
  'analyst',
  'patient',
];

export const PERMISSIONS: typeof ContractPermissions = [
  'facility.read',
  'facility.manage',
  'user.read',
  'user.manage',
  'patient.search',
  'patient.read',
  'patient.write',
  'patient.self',
  'consent.write',
  'breakglass.use',
  'breakglass.review',
  'audit.read',
  'stats.read',
  'token.manage',
];

export const FACILITY_KINDS: typeof ContractFacilityKinds = [
  'national_centre',
  'research_institute',
  'regional_centre',
  'regional_hospital',
  'district_hospital',
  'republican_clinic',
  'medical_university',
  'health_department',
  'foreign_clinic',
];

export const NATIONAL_ID_TYPES: typeof ContractNationalIdTypes = ['KZ-IIN', 'UZ-PINFL'];

export const CONSENT_KINDS: typeof ContractConsentKinds = ['telemedicine', 'data_sharing'];

export const SEXES = ['male', 'female', 'other', 'unknown'] as const;

export const SPECIALTY_GROUPS: typeof ContractSpecialtyGroups = {
  internal: ['cardiology', 'endocrinology', 'nephrology', 'pulmonology', 'gastroenterology', 'rheumatology', 'haematology'],
  surgery: ['general_surgery', 'abdominal_surgery', 'vascular_surgery', 'neurosurgery', 'cardiac_surgery', 'urology'],
  trauma: ['traumatology_orthopaedics'],
  obstetrics: ['obstetrics_gynaecology'],
  paediatrics: ['paediatrics', 'neonatology'],
  infectious: ['infectious_diseases'],
  neurology: ['neurology'],
  psychiatry: ['psychiatry'],
  intensive_care: ['anaesthesiology_intensive_care'],
  radiology: ['radiology'],
  oncology: ['oncology'],
  other: ['ophthalmology', 'otorhinolaryngology', 'dermatology', 'other'],
};

export type SpecialtyGroup = keyof typeof ContractSpecialtyGroups;
export type SpecialtyCode = (typeof ContractSpecialtyGroups)[SpecialtyGroup][number];
export const SPECIALTY_GROUP_KEYS = Object.keys(SPECIALTY_GROUPS) as SpecialtyGroup[];

/** Countries of the network and its usual partners; any ISO 3166 code is accepted by the server. */
export const COUNTRIES = ['KZ', 'UZ', 'KG', 'TJ', 'TM', 'RU', 'TR', 'KR', 'DE', 'CN', 'IN', 'AE'] as const;

/** Each language's name in itself, as a language menu shows it (the same in every locale). */
export const LANGUAGE_AUTONYMS = { kk: 'Қазақша', ru: 'Русский', uz: "O'zbekcha", en: 'English' } as const;

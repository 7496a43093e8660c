// The contracts' code lists, from their zod-free module: importing '@telemed/contracts' itself
// would pull the schema library into the first page.
export {
  CONSENT_KINDS, GUEST_ROLES, VISIT_ROLES, CONSULTATION_MODES, CONSULTATION_STATUSES, CONSULTATION_URGENCIES, FACILITY_KINDS, LANGUAGES, NATIONAL_ID_TYPES,
  PERMISSIONS, ROLES, SEXES, SPECIALTY_GROUPS,
} from '@telemed/contracts/codes';
export { OBSERVATION_BY_LOINC, OBSERVATION_CODES } from '@telemed/contracts/observations';
import { SPECIALTY_GROUPS } from '@telemed/contracts/codes';

export type SpecialtyGroup = keyof typeof SPECIALTY_GROUPS;
export type SpecialtyCode = (typeof SPECIALTY_GROUPS)[SpecialtyGroup][number];
export const SPECIALTY_GROUP_KEYS = Object.keys(SPECIALTY_GROUPS) as SpecialtyGroup[];
export const SPECIALTY_CODES = Object.values(SPECIALTY_GROUPS).flat() as SpecialtyCode[];

/** Countries of the network and its usual partners, and the regions of Kazakhstan and Uzbekistan, in four languages. */
export { COUNTRIES, REGIONS, countryName, regionName } from '@telemed/contracts/places';
export { zoneLabel } from '@telemed/contracts/zones';

/** Each language's name in itself, as a language menu shows it (the same in every locale). */
export const LANGUAGE_AUTONYMS = { kk: 'Қазақша', ru: 'Русский', uz: 'Oʻzbekcha', en: 'English' } as const;

import type { Permission, Role } from '@telemed/contracts';
import type { FACILITY_KINDS, SpecialtyGroup, SpecialtyCode, SEXES, CONSENT_KINDS, LANGUAGES } from '../codes.ts';
import type en from './en.ts';

/** A message with plural forms chosen by Intl.PluralRules (kk, uz, en: one/other; ru: one/few/many/other). */
export type PluralMessage = { one?: string; two?: string; few?: string; many?: string; zero?: string; other: string };
export type Message = string | PluralMessage;

/** Keys that must exist for every code the server may send, so no code ever shows untranslated. */
export type CodeKeys =
  | `role.${Role}`
  | `permission.${Permission}`
  | `facilityKind.${(typeof FACILITY_KINDS)[number]}`
  | `profile.${SpecialtyCode}`
  | `profileGroup.${SpecialtyGroup}`
  | `sex.${(typeof SEXES)[number]}`
  | `consentKind.${(typeof CONSENT_KINDS)[number]}`
  | `languageName.${(typeof LANGUAGES)[number]}`;

export type MessageKey = keyof typeof en;
/** Every locale has exactly the English locale's keys. */
export type Messages = { [K in MessageKey]: Message };

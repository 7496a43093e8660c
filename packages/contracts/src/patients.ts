import { z } from 'zod';
import { CONSENT_KINDS, NATIONAL_ID_TYPES, SEXES } from './codes.ts';
import { BirthDate, Language, Uuid } from './common.ts';

export const NationalIdType = z.enum(NATIONAL_ID_TYPES);
export const Sex = z.enum(SEXES);

const Name = z.string().trim().min(1).max(100);
const OptionalName = z.string().trim().max(100).optional();

export const PatientInput = z.object({
  familyName: Name,
  givenName: Name,
  middleName: OptionalName,
  familyNameLatin: OptionalName,
  givenNameLatin: OptionalName,
  birthDate: BirthDate,
  sex: Sex,
  nationalIdType: NationalIdType.optional(),
  nationalId: z.string().trim().max(20).optional(),
  phone: z.string().trim().regex(/^\+?[0-9 ()-]{6,20}$/).optional(),
  email: z.email().max(254).optional(),
  address: z.string().trim().max(500).optional(),
  preferredLanguage: Language,
  homeFacilityId: Uuid,
  /** Set after the user has seen the possible duplicates and chosen to create a new record anyway. */
  confirmNotDuplicate: z.boolean().default(false),
});
export type PatientInput = z.infer<typeof PatientInput>;

export const Patient = PatientInput.omit({ confirmNotDuplicate: true }).extend({
  id: Uuid,
  /** None for a record the patient made by signing up in the portal. */
  homeFacilityId: Uuid.nullable(),
  /** Made by the patient's own sign-up: the identity in it has not been checked by a facility. */
  selfRegistered: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Patient = z.infer<typeof Patient>;

export const PatientSummary = z.object({
  id: Uuid,
  familyName: z.string(),
  givenName: z.string(),
  middleName: z.string().optional(),
  familyNameLatin: z.string().optional(),
  givenNameLatin: z.string().optional(),
  birthDate: z.string(),
  sex: Sex,
  nationalId: z.string().optional(),
  homeFacilityId: Uuid.nullable(),
});
export type PatientSummary = z.infer<typeof PatientSummary>;

export const PatientSearchQuery = z.object({
  q: z.string().trim().min(2).max(100),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export const PatientSearchResult = z.object({ items: z.array(PatientSummary) });


export const ConsentKind = z.enum(CONSENT_KINDS);
export const ConsentInput = z.object({
  kind: ConsentKind,
  granted: z.boolean(),
  note: z.string().trim().max(1000).optional(),
});
export const Consent = ConsentInput.extend({
  id: Uuid,
  recordedAt: z.string(),
  recordedBy: z.object({ id: Uuid, displayName: z.string() }),
});
export const ConsentList = z.object({ items: z.array(Consent) });

export const BreakGlassBody = z.object({
  reason: z.string().trim().min(15).max(1000),
});
export const BreakGlassGrant = z.object({ id: Uuid, patientId: Uuid, expiresAt: z.string() });

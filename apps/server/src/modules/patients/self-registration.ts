import type { Language } from '@telemed/contracts';
import { sql } from 'kysely';
import type { Db } from '../../platform/db.ts';
import type { NationalIdType, Sex } from './national-id.ts';
import { patientNameKey } from './service.ts';

/** What a person says about themself when they sign up, checked against their identifier. */
export interface SelfReportedPerson {
  familyName: string;
  givenName: string;
  middleName?: string;
  birthDate: string;
  sex: Sex | 'unknown';
  nationalIdType: NationalIdType;
  nationalId: string;
  /** The email the person has just proved they read. */
  email: string;
  language: Language;
}

/**
 * The facility-registered record a new portal account may be linked to: the same identifier and
 * birth date AND the verified email already written on the record. The identifier and birth date
 * alone are not secrets (they are on every document, and the identifier contains the birth date), so
 * without the email a stranger could claim someone's record. The row is locked until the caller's
 * transaction ends, so two sign-ups cannot both take it. The caller still checks that no account
 * holds it.
 */
export async function findRecordForSignUp(trx: Db, person: SelfReportedPerson): Promise<string | null> {
  const row = await trx.selectFrom('patient').select('id')
    .where('national_id_type', '=', person.nationalIdType)
    .where('national_id', '=', person.nationalId)
    .where('birth_date', '=', person.birthDate)
    .where('self_registered', '=', false)
    .where('email', 'is not', null)
    .where(sql<string>`lower(trim(email))`, '=', person.email.trim().toLowerCase())
    .forUpdate()
    .executeTakeFirst();
  return row?.id ?? null;
}

/**
 * A record of the person's own, registered at no facility: staff see it only once a care
 * relationship exists (a booked appointment, a visit). The identifier is kept as the person gave it
 * (checked, but by nobody who saw a document), and does not hold the number against a facility's
 * registration of it (migration 0015).
 */
export async function createSelfRegisteredPatient(trx: Db, person: SelfReportedPerson): Promise<string> {
  const row = await trx.insertInto('patient').values({
    family_name: person.familyName,
    given_name: person.givenName,
    middle_name: person.middleName ?? null,
    family_name_latin: null,
    given_name_latin: null,
    birth_date: person.birthDate,
    sex: person.sex,
    national_id_type: person.nationalIdType,
    national_id: person.nationalId,
    phone: null,
    email: person.email,
    address: null,
    preferred_language: person.language,
    home_facility_id: null,
    self_registered: true,
    name_key: patientNameKey(person),
    created_by: null,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Records who made a self-registered record once their account exists (the account refers to the record, so it comes second). */
export async function setSelfRegisteredBy(trx: Db, patientId: string, userId: string): Promise<void> {
  await trx.updateTable('patient').set({ created_by: userId }).where('id', '=', patientId).where('self_registered', '=', true).execute();
}

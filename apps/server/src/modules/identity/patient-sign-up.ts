import { randomInt } from 'node:crypto';
import {
  SIGN_UP_CODE_MINUTES, SIGN_UP_MAX_ATTEMPTS, SIGN_UP_RESEND_SECONDS, type Language, type SignUpBody,
} from '@telemed/contracts';
import type { Deps, RequestMeta } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { translate } from '../../platform/i18n.ts';
import type { NationalIdType, Sex } from '../patients/national-id.ts';
import {
  createSelfRegisteredPatient, findRecordForSignUp, setSelfRegisteredBy, type SelfReportedPerson,
} from '../patients/self-registration.ts';
import { checkNationalIdAgrees } from '../patients/service.ts';
import { hashPassword } from './passwords.ts';
import { sameHash, sha256 } from './secrets.ts';

/** The cookie that ties a sign-up to the browser that started it (see migration 0015). */
export const SIGN_UP_COOKIE = 'tm_signup';
/** An account's owner is told of a sign-up attempt with their email at most this often. */
const OWNER_NOTICE_MINUTES = 15;
/** Unfinished sign-ups are kept this long after their code expires (a late "wrong code" still says "expired"), then removed. */
const KEEP_EXPIRED_HOURS = 24;

interface Details {
  familyName: string;
  givenName: string;
  middleName?: string;
  birthDate: string;
  sex: Sex | 'unknown';
  nationalIdType: NationalIdType;
  nationalId: string;
  passwordHash: string;
  language: Language;
}

const detailsBinding = (email: string) => `sign-up:${email}`;
const codeHash = (browserSecret: string, code: string) => sha256(`${browserSecret}:${code}`);
const newCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0');
const minutesFrom = (now: Date, minutes: number) => new Date(now.getTime() + minutes * 60_000);

export type SignUpResult = 'code_sent' | 'details_updated' | 'throttled' | 'existing_account' | 'owner_told';

/**
 * Starts (or restarts) a patient's sign-up. The caller answers the same whatever this returns:
 * whether an email has an account, or a person a record, is never told to the one asking. A
 * new code goes out at most once a minute per email; within that minute the browser that started
 * the sign-up may still correct its details (the code it was sent stays valid).
 */
export async function requestSignUp(deps: Deps, input: SignUpBody, browserSecret: string, meta: RequestMeta): Promise<SignUpResult> {
  const checked = checkNationalIdAgrees(input.nationalIdType, input.nationalId, { birthDate: input.birthDate }, 'body.nationalId');
  const { normalized } = checked;
  // Both identifiers encode the sex, so the form does not ask for it.
  const sex = checked.sex ?? 'unknown';
  // Hashed whatever follows, so an email with an account takes as long to answer as one without.
  const passwordHash = await hashPassword(input.password);
  const now = deps.now();
  await deps.db.deleteFrom('patient_sign_up').where('expires_at', '<', new Date(now.getTime() - KEEP_EXPIRED_HOURS * 3_600_000)).execute();
  const owner = await deps.db.selectFrom('app_user').select(['id', 'language', 'active']).where('email', '=', input.email).executeTakeFirst();
  const details: Details = {
    familyName: input.familyName, givenName: input.givenName, middleName: input.middleName || undefined, birthDate: input.birthDate, sex,
    nationalIdType: input.nationalIdType, nationalId: normalized, passwordHash, language: input.language,
  };
  const code = owner ? null : newCode();
  const sealed = owner ? null : deps.secrets.seal(JSON.stringify(details), detailsBinding(input.email));
  const row = {
    browser_hash: sha256(browserSecret),
    code_hash: code ? codeHash(browserSecret, code) : null,
    details: sealed,
    attempts: 0,
    code_sent_at: now,
    expires_at: minutesFrom(now, SIGN_UP_CODE_MINUTES),
  };
  // An email that has an account gets a sign-up too, one that can never verify: it counts tries,
  // expires and throttles exactly like a real one, so not even the code step tells the two apart.
  const placed = await deps.db.insertInto('patient_sign_up').values({ email: input.email, ...row })
    .onConflict((oc) => oc.column('email').doUpdateSet(row)
      .where('patient_sign_up.code_sent_at', '<=', new Date(now.getTime() - SIGN_UP_RESEND_SECONDS * 1000)))
    .returning('owner_notified_at').executeTakeFirst();

  let result: SignUpResult;
  if (!placed) {
    const corrected = sealed ? await deps.db.updateTable('patient_sign_up').set({ details: sealed })
      .where('email', '=', input.email).where('browser_hash', '=', row.browser_hash).where('details', 'is not', null)
      .executeTakeFirst() : null;
    result = corrected && corrected.numUpdatedRows > 0n ? 'details_updated' : 'throttled';
  } else if (owner) {
    result = (await tellOwner(deps, input.email, owner, placed.owner_notified_at, now)) ? 'owner_told' : 'existing_account';
  } else {
    await sendCode(deps, input.email, code!, input.language);
    result = 'code_sent';
  }
  await deps.audit.record({ actorUserId: null, actorFacilityId: null, action: 'auth.sign_up', outcome: owner ? 'failure' : 'success', ip: meta.ip,
    resourceType: owner ? 'user' : null, resourceId: owner?.id ?? null, details: { result } });
  return result;
}

/** A new code for the browser that started the sign-up, at most once a minute; anyone else changes nothing. */
export async function resendSignUpCode(deps: Deps, email: string, browserSecret: string | null, meta: RequestMeta): Promise<SignUpResult | 'unknown'> {
  const now = deps.now();
  const mine = browserSecret
    ? await deps.db.selectFrom('patient_sign_up').select(['details', 'owner_notified_at']).where('email', '=', email)
      .where('browser_hash', '=', sha256(browserSecret)).executeTakeFirst()
    : undefined;
  let result: SignUpResult | 'unknown' = 'unknown';
  if (mine && browserSecret) {
    const code = newCode();
    // The time condition makes two resends racing each other send one code.
    const renewed = await deps.db.updateTable('patient_sign_up')
      .set({ code_hash: mine.details ? codeHash(browserSecret, code) : null, attempts: 0, code_sent_at: now,
        expires_at: minutesFrom(now, SIGN_UP_CODE_MINUTES) })
      .where('email', '=', email).where('browser_hash', '=', sha256(browserSecret))
      .where('code_sent_at', '<=', new Date(now.getTime() - SIGN_UP_RESEND_SECONDS * 1000))
      .executeTakeFirst();
    if (renewed.numUpdatedRows === 0n) {
      result = 'throttled';
    } else if (mine.details) {
      const details = JSON.parse(deps.secrets.open(mine.details, detailsBinding(email))) as Details;
      await sendCode(deps, email, code, details.language);
      result = 'code_sent';
    } else {
      const owner = await deps.db.selectFrom('app_user').select(['id', 'language', 'active']).where('email', '=', email).executeTakeFirst();
      result = owner && (await tellOwner(deps, email, owner, mine.owner_notified_at, now)) ? 'owner_told' : 'existing_account';
    }
  }
  await deps.audit.record({ actorUserId: null, actorFacilityId: null, action: 'auth.sign_up_resend',
    outcome: result === 'code_sent' ? 'success' : 'failure', ip: meta.ip, details: { result } });
  return result;
}

async function sendCode(deps: Deps, email: string, code: string, language: Language): Promise<void> {
  await deps.notifier.send({
    to: email,
    kind: 'sign_up_code',
    subject: translate('notice_sign_up_subject', language),
    body: translate('notice_sign_up_code', language, { code, minutes: String(SIGN_UP_CODE_MINUTES) }),
  });
}

/** Tells an account's owner that someone tried to sign up with their email, at most once in OWNER_NOTICE_MINUTES. */
async function tellOwner(deps: Deps, email: string, owner: { id: string; language: string; active: boolean }, lastTold: Date | null,
  now: Date): Promise<boolean> {
  if (!owner.active) return false;
  if (lastTold && now.getTime() - lastTold.getTime() < OWNER_NOTICE_MINUTES * 60_000) return false;
  const claimed = await deps.db.updateTable('patient_sign_up').set({ owner_notified_at: now }).where('email', '=', email)
    .where((eb) => eb.or([eb('owner_notified_at', 'is', null), eb('owner_notified_at', '<', minutesFrom(now, -OWNER_NOTICE_MINUTES))]))
    .executeTakeFirst();
  if (claimed.numUpdatedRows === 0n) return false;
  const language = owner.language as Language;
  await deps.notifier.send({ to: email, kind: 'security_alert', subject: translate('notice_sign_up_subject', language),
    body: translate('notice_sign_up_existing', language) });
  return true;
}

type Verification =
  | { kind: 'refused'; code: 'sign_up_code_wrong' | 'sign_up_code_expired' | 'sign_up_code_exhausted'; reason: string; attempts?: number }
  | { kind: 'created'; userId: string; patientId: string; linked: boolean };

/**
 * The emailed code comes back: the account is created (a patient's, active) and its user id
 * returned for the session. The person is linked to a facility's record only when that record
 * has their identifier, birth date and the email just verified, and no account yet; otherwise they
 * get a record of their own (patients/self-registration.ts).
 */
export async function verifySignUp(deps: Deps, email: string, code: string, browserSecret: string | null, meta: RequestMeta) {
  const now = deps.now();
  const outcome = await deps.db.transaction().execute(async (trx): Promise<Verification> => {
    const row = await trx.selectFrom('patient_sign_up').selectAll().where('email', '=', email).forUpdate().executeTakeFirst();
    // Another browser's tries are not counted: a stranger cannot use up the tries of someone signing up.
    if (!row || !browserSecret || !sameHash(row.browser_hash, sha256(browserSecret))) {
      return { kind: 'refused', code: 'sign_up_code_wrong', reason: row ? 'other_browser' : 'no_sign_up' };
    }
    if (row.expires_at.getTime() <= now.getTime()) return { kind: 'refused', code: 'sign_up_code_expired', reason: 'expired' };
    if (row.attempts >= SIGN_UP_MAX_ATTEMPTS) return { kind: 'refused', code: 'sign_up_code_exhausted', reason: 'attempts' };
    if (!row.code_hash || !row.details || !sameHash(row.code_hash, codeHash(browserSecret, code))) {
      const { attempts } = await trx.updateTable('patient_sign_up').set((eb) => ({ attempts: eb('attempts', '+', 1) }))
        .where('email', '=', email).returning('attempts').executeTakeFirstOrThrow();
      return { kind: 'refused', code: attempts >= SIGN_UP_MAX_ATTEMPTS ? 'sign_up_code_exhausted' : 'sign_up_code_wrong',
        reason: row.details ? 'wrong_code' : 'existing_account', attempts };
    }
    await trx.deleteFrom('patient_sign_up').where('email', '=', email).execute();
    // An account made for this email since the code was sent (by staff) keeps it; the code is spent.
    if (await trx.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirst()) {
      return { kind: 'refused', code: 'sign_up_code_wrong', reason: 'existing_account' };
    }
    const d = JSON.parse(deps.secrets.open(row.details, detailsBinding(email))) as Details;
    const person: SelfReportedPerson = { familyName: d.familyName, givenName: d.givenName, middleName: d.middleName, birthDate: d.birthDate,
      sex: d.sex, nationalIdType: d.nationalIdType, nationalId: d.nationalId, email, language: d.language };
    let patientId = await findRecordForSignUp(trx, person);
    // One account per record: a record someone already signs in to is not handed to a second account.
    if (patientId && await trx.selectFrom('app_user').select('id').where('patient_id', '=', patientId).executeTakeFirst()) patientId = null;
    const linked = patientId !== null;
    patientId ??= await createSelfRegisteredPatient(trx, person);
    const user = await trx.insertInto('app_user').values({
      email, display_name: [d.givenName, d.familyName].join(' '), language: d.language, password_hash: d.passwordHash, patient_id: patientId,
    }).returning('id').executeTakeFirstOrThrow();
    if (!linked) await setSelfRegisteredBy(trx, patientId, user.id);
    return { kind: 'created', userId: user.id, patientId, linked };
  }).catch((err: unknown): Verification => {
    // An account made for this email at the same moment (by staff): refused; a second try finds the account and ends the sign-up.
    if ((err as { code?: string }).code === '23505') return { kind: 'refused', code: 'sign_up_code_wrong', reason: 'existing_account' };
    throw err;
  });

  if (outcome.kind === 'refused') {
    await deps.audit.record({ actorUserId: null, actorFacilityId: null, action: 'auth.sign_up_verify', outcome: 'failure', ip: meta.ip,
      details: { reason: outcome.reason, ...(outcome.attempts ? { attempts: outcome.attempts } : {}) } });
    throw new AppError(outcome.code, 400, { errors: [{ path: 'body.code', code: outcome.code, message: '' }] });
  }
  await deps.audit.record({ actorUserId: outcome.userId, actorFacilityId: null, action: 'auth.sign_up_verify', outcome: 'success', ip: meta.ip,
    patientId: outcome.patientId, resourceType: 'user', resourceId: outcome.userId, details: { linked: outcome.linked } });
  if (!outcome.linked) {
    await deps.audit.record({ actorUserId: outcome.userId, actorFacilityId: null, action: 'patient.create', outcome: 'success',
      patientId: outcome.patientId, resourceType: 'patient', resourceId: outcome.patientId, purpose: 'treatment', ip: meta.ip,
      details: { selfRegistered: true } });
  }
  return outcome;
}

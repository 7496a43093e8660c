import type { Deps, RequestMeta } from '../../platform/deps.ts';
import { AppError, forbidden } from '../../platform/errors.ts';
import { mayRecordConsent, type Principal } from '../../platform/policy.ts';
import { authorizePatient } from './access.ts';

export async function listConsents(deps: Deps, principal: Principal, patientId: string, meta: RequestMeta) {
  await authorizePatient(deps, principal, patientId, 'read', 'consent.read', meta);
  const rows = await deps.db.selectFrom('consent as c').innerJoin('app_user as u', 'u.id', 'c.recorded_by')
    .select(['c.id', 'c.kind', 'c.granted', 'c.note', 'c.recorded_at', 'u.id as user_id', 'u.display_name'])
    .where('c.patient_id', '=', patientId).orderBy('c.recorded_at', 'desc').execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind as 'telemedicine' | 'data_sharing',
      granted: r.granted,
      note: r.note ?? undefined,
      recordedAt: r.recorded_at.toISOString(),
      recordedBy: { id: r.user_id, displayName: r.display_name },
    })),
  };
}

/**
 * Consent is a history, not a flag: a withdrawal is a new record, and the latest one counts.
 * `ctx.managesVisitOfPatient`: the visits module found the caller managing a video visit with
 * this patient (their verbal telemedicine consent, confirmed by the clinician); the patient is
 * then read, not changed, so a clinician without patient.write can record it.
 */
export async function recordConsent(deps: Deps, principal: Principal, patientId: string,
  input: { kind: 'telemedicine' | 'data_sharing'; granted: boolean; note?: string }, meta: RequestMeta,
  ctx: { managesVisitOfPatient?: boolean } = {}) {
  if (!mayRecordConsent(principal, input.kind, ctx)) throw forbidden();
  const need = principal.permissions.has('consent.write') ? 'write' : 'read';
  await authorizePatient(deps, principal, patientId, need, 'consent.record', meta);
  const row = await deps.db.insertInto('consent').values({ patient_id: patientId, kind: input.kind, granted: input.granted,
    note: input.note ?? null, recorded_by: principal.userId, recorded_facility_id: principal.facilityId })
    .returning(['id', 'recorded_at']).executeTakeFirstOrThrow();
  return {
    id: row.id, kind: input.kind, granted: input.granted, note: input.note, recordedAt: row.recorded_at.toISOString(),
    recordedBy: { id: principal.userId, displayName: principal.displayName },
  };
}

/**
 * Emergency access outside one's care: allowed only with a written reason, for a limited time,
 * and flagged in the audit trail for an administrator's review.
 */
export async function breakGlass(deps: Deps, principal: Principal, patientId: string, reason: string, meta: RequestMeta) {
  if (!principal.permissions.has('breakglass.use')) throw forbidden();
  const exists = await deps.db.selectFrom('patient').select('id').where('id', '=', patientId).executeTakeFirst();
  if (!exists) throw new AppError('not_found', 404);
  const expiresAt = new Date(deps.now().getTime() + deps.config.BREAK_GLASS_MINUTES * 60_000);
  const row = await deps.db.insertInto('break_glass').values({ user_id: principal.userId, facility_id: principal.facilityId,
    patient_id: patientId, reason, expires_at: expiresAt }).returning('id').executeTakeFirstOrThrow();
  await deps.audit.record({ actorUserId: principal.userId, actorFacilityId: principal.facilityId, action: 'patient.break_glass',
    outcome: 'success', patientId, resourceType: 'break_glass', resourceId: row.id, purpose: 'emergency', reason, ip: meta.ip, flagged: true });
  return { id: row.id, patientId, expiresAt: expiresAt.toISOString() };
}

/** Whether the patient's latest telemedicine consent on record is a grant (a withdrawal after it counts). */
export async function hasTelemedicineConsent(deps: Pick<Deps, 'db'>, patientId: string): Promise<boolean> {
  const latest = await deps.db.selectFrom('consent').select('granted').where('patient_id', '=', patientId).where('kind', '=', 'telemedicine')
    .orderBy('recorded_at', 'desc').limit(1).executeTakeFirst();
  return latest?.granted === true;
}

import type { AuditEvent } from '@telemed/contracts';
import { sql } from 'kysely';
import type { Deps } from '../../platform/deps.ts';
import { forbidden, notFound } from '../../platform/errors.ts';
import { isNetworkWide, type Principal } from '../../platform/policy.ts';
import { patientMatch } from '../patients/service.ts';
import { toFhirAuditEvent } from './fhir.ts';

export interface AuditFilter {
  from?: string;
  to?: string;
  actorUserId?: string;
  patientId?: string;
  patient?: string;
  facilityId?: string;
  action?: string;
  outcome?: 'success' | 'denied' | 'failure';
  flagged?: 'true' | 'false';
  limit: number;
  beforeSeq?: number;
  format: 'json' | 'fhir';
}

/** Network administrators see the whole trail; a facility administrator sees what happened in their facility. */
export async function listAuditEvents(deps: Deps, principal: Principal, f: AuditFilter) {
  const facilityId = isNetworkWide(principal) ? f.facilityId : principal.facilityId;
  if (!isNetworkWide(principal) && f.facilityId && f.facilityId !== principal.facilityId) throw forbidden();
  let q = deps.db.selectFrom('audit_event as a').leftJoin('app_user as u', 'u.id', 'a.actor_user_id')
    .leftJoin('break_glass as b', (j) => j.on(sql<boolean>`b.id::text = a.resource_id AND a.resource_type = 'break_glass'`))
    // Whose record was touched, by name: a reviewer judges an access by the person, not by an identifier.
    .leftJoin('patient as p', 'p.id', 'a.patient_id')
    .select(['p.family_name', 'p.given_name'])
    .select(['a.seq', 'a.at', 'a.actor_user_id', 'u.display_name', 'a.actor_facility_id', 'a.action', 'a.outcome', 'a.patient_id',
      'a.resource_type', 'a.resource_id', 'a.purpose', 'a.reason', 'a.ip', 'a.flagged', 'b.reviewed_at']);
  if (facilityId) q = q.where('a.actor_facility_id', '=', facilityId);
  if (f.from) q = q.where('a.at', '>=', new Date(f.from));
  if (f.to) q = q.where('a.at', '<', new Date(f.to));
  if (f.actorUserId) q = q.where('a.actor_user_id', '=', f.actorUserId);
  if (f.patientId) q = q.where('a.patient_id', '=', f.patientId);
  if (f.patient) {
    // By name in any spelling or by identifier: the few patients it matches, then their events by index.
    const match = patientMatch(f.patient);
    q = match ? q.where('a.patient_id', 'in', deps.db.selectFrom('patient').select('patient.id').where(match)) : q.where(sql<boolean>`false`);
  }
  if (f.action) q = q.where('a.action', 'like', `${f.action.replace(/[%_\\]/g, '\\$&')}%`);
  if (f.outcome) q = q.where('a.outcome', '=', f.outcome);
  if (f.flagged) q = q.where('a.flagged', '=', f.flagged === 'true');
  if (f.beforeSeq) q = q.where('a.seq', '<', f.beforeSeq);
  const rows = await q.orderBy('a.seq', 'desc').limit(f.limit).execute();
  const items: AuditEvent[] = rows.map((r) => ({
    seq: r.seq,
    at: r.at.toISOString(),
    actorUserId: r.actor_user_id,
    actorName: r.display_name,
    actorFacilityId: r.actor_facility_id,
    action: r.action,
    outcome: r.outcome as AuditEvent['outcome'],
    patientId: r.patient_id,
    patientName: r.family_name ? `${r.family_name} ${r.given_name}` : null,
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    purpose: r.purpose,
    reason: r.reason,
    ip: r.ip,
    flagged: r.flagged,
    reviewedAt: r.reviewed_at?.toISOString() ?? null,
  }));
  // Reading the trail is itself an access worth recording.
  await deps.audit.record({ actorUserId: principal.userId, actorFacilityId: principal.facilityId, action: 'audit.read', outcome: 'success',
    patientId: f.patientId ?? null, resourceType: 'audit_event', details: { results: items.length } });
  const nextBeforeSeq = items.length === f.limit ? items[items.length - 1].seq : null;
  if (f.format === 'fhir') {
    return { resourceType: 'Bundle', type: 'searchset', total: items.length, entry: items.map((e) => ({ resource: toFhirAuditEvent(e) })) };
  }
  return { items, nextBeforeSeq };
}

export async function reviewBreakGlass(deps: Deps, principal: Principal, grantId: string, note: string | undefined) {
  const grant = await deps.db.selectFrom('break_glass').select(['id', 'facility_id', 'patient_id']).where('id', '=', grantId).executeTakeFirst();
  if (!grant) throw notFound();
  if (!isNetworkWide(principal) && grant.facility_id !== principal.facilityId) throw forbidden();
  await deps.db.updateTable('break_glass').set({ reviewed_at: deps.now(), reviewed_by: principal.userId, review_note: note ?? null })
    .where('id', '=', grantId).execute();
  await deps.audit.record({ actorUserId: principal.userId, actorFacilityId: principal.facilityId, action: 'break_glass.review',
    outcome: 'success', patientId: grant.patient_id, resourceType: 'break_glass', resourceId: grantId });
  return { ok: true as const };
}

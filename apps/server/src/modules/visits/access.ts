import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { VisitParticipantTable, VisitTable } from '../../platform/db-types-visits.ts';
import type { Deps, RequestMeta } from '../../platform/deps.ts';
import { AppError, forbidden, notFound } from '../../platform/errors.ts';
import { decideVisitAccess, type Principal, type VisitActor, type VisitFacts } from '../../platform/policy.ts';

export type VisitRow = Selectable<VisitTable>;
/** A policy decision other than read, join or manage (e.g. `decideVisitFileAccess`), asked with the same facts. */
export type VisitDecision = (actor: VisitActor, facts: VisitFacts, now: Date) => boolean;
export type ParticipantRow = Selectable<VisitParticipantTable>;

export const sha256 = (s: string) => createHash('sha256').update(s).digest();

/** Who calls: the signed-in principal, or the pass secret a guest's browser sent (never both read as one). */
export interface Caller {
  principal: Principal | null;
  pass: string | null;
}

export interface OpenedVisit {
  visit: VisitRow;
  participant: ParticipantRow;
  actor: VisitActor;
}

export function actorUserId(o: OpenedVisit): string | null {
  return o.actor.kind === 'user' ? o.actor.principal.userId : null;
}

/**
 * Finds the caller's place in the visit and asks the policy whether it may read, join or manage
 * it; a refusal is audited. Someone who is not a participant learns nothing, not even that the
 * visit exists (404).
 */
export async function openVisit(deps: Deps, caller: Caller, visitId: string, need: 'read' | 'join' | 'manage' | VisitDecision, meta: RequestMeta,
  action: string): Promise<OpenedVisit> {
  const visit = await deps.db.selectFrom('visit').selectAll().where('id', '=', visitId).executeTakeFirst();
  let participant: ParticipantRow | undefined;
  let actor: VisitActor;
  if (caller.principal) {
    actor = { kind: 'user', principal: caller.principal };
    participant = visit && await deps.db.selectFrom('visit_participant').selectAll()
      .where('visit_id', '=', visitId).where('user_id', '=', caller.principal.userId).executeTakeFirst();
  } else {
    actor = { kind: 'guest' };
    participant = visit && caller.pass ? await deps.db.selectFrom('visit_participant').selectAll()
      .where('visit_id', '=', visitId).where('pass_hash', '=', sha256(caller.pass)).executeTakeFirst() : undefined;
  }
  const facts = {
    status: visit?.status ?? 'unknown',
    participant: participant ? { role: participant.role, userId: participant.user_id, removed: participant.removed_at !== null,
      passExpiresAt: participant.pass_expires_at } : null,
  };
  const allowed = visit && (typeof need === 'function' ? need(actor, facts, deps.now()) : decideVisitAccess(actor, facts, need, deps.now()));
  if (!allowed) {
    const principal = caller.principal;
    await deps.audit.record({ actorUserId: principal?.userId ?? null, actorFacilityId: principal?.facilityId ?? null, action, outcome: 'denied',
      patientId: visit && participant ? visit.patient_id : null, resourceType: 'visit', resourceId: visitId, ip: meta.ip,
      details: participant ? { participantId: participant.id } : null });
    if (!visit || !participant || participant.removed_at) throw notFound();
    if (need !== 'manage' && decideVisitAccess(actor, facts, 'read', deps.now())) throw new AppError('visit_closed', 409);
    if (actor.kind === 'guest' && need !== 'manage') throw new AppError('visit_link_expired', 401);
    throw forbidden();
  }
  return { visit: visit!, participant: participant!, actor };
}

export async function auditVisit(deps: Deps, o: OpenedVisit, action: string, meta: RequestMeta, details?: Record<string, unknown>): Promise<void> {
  const principal = o.actor.kind === 'user' ? o.actor.principal : null;
  await deps.audit.record({ actorUserId: principal?.userId ?? null, actorFacilityId: principal?.facilityId ?? null, action, outcome: 'success',
    patientId: o.visit.patient_id, resourceType: 'visit', resourceId: o.visit.id, purpose: 'treatment', ip: meta.ip,
    details: { participantId: o.participant.id, ...details } });
}

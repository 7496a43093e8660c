import { randomBytes } from 'node:crypto';
import type { InviteCreate, Language } from '@telemed/contracts';
import type { Deps, RequestMeta } from '../../platform/deps.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { Principal } from '../../platform/policy.ts';
import { auditVisit, openVisit, sha256 } from './access.ts';

/**
 * A personal link for someone without an account (the patient, an interpreter, a relative): a
 * 192-bit secret shown once to the clinician who made it. Opening it turns it into a pass for
 * this one visit; it cannot be opened twice, stops at its expiry, and the clinician can withdraw it.
 */
export async function createInvite(deps: Deps, principal: Principal, visitId: string, input: InviteCreate, meta: RequestMeta) {
  const opened = await openVisit(deps, { principal, pass: null }, visitId, 'manage', meta, 'visit.invite');
  const token = randomBytes(24).toString('base64url');
  const expiresAt = new Date(deps.now().getTime() + input.expiresInMinutes * 60_000);
  const created = await deps.db.transaction().execute(async (trx) => {
    const participant = await trx.insertInto('visit_participant').values({ visit_id: visitId, user_id: null, role: input.role,
      display_name: input.displayName, language: input.language, admitted_at: null, admitted_by: null, removed_at: null, pass_hash: null,
      pass_expires_at: null }).returning('id').executeTakeFirstOrThrow();
    const invite = await trx.insertInto('visit_invite').values({ participant_id: participant.id, token_hash: sha256(token), expires_at: expiresAt,
      used_at: null, revoked_at: null, created_by: principal.userId }).returning('id').executeTakeFirstOrThrow();
    await trx.insertInto('visit_signal').values({ visit_id: visitId, from_participant: opened.participant.id, to_participant: null, kind: 'roster',
      payload: '{}' }).execute();
    return { inviteId: invite.id, participantId: participant.id };
  });
  await auditVisit(deps, opened, 'visit.invite', meta, { invitedParticipantId: created.participantId, role: input.role });
  return { ...created, token, expiresAt: expiresAt.toISOString() };
}

/** Withdraws a link; a guest already in through it is removed from the visit and their channel closes. */
export async function revokeInvite(deps: Deps, principal: Principal, visitId: string, inviteId: string, meta: RequestMeta) {
  const opened = await openVisit(deps, { principal, pass: null }, visitId, 'manage', meta, 'visit.invite.revoke');
  const now = deps.now();
  const revoked = await deps.db.transaction().execute(async (trx) => {
    const row = await trx.updateTable('visit_invite').set({ revoked_at: now })
      .where('id', '=', inviteId).where('revoked_at', 'is', null)
      .where('participant_id', 'in', (eb) => eb.selectFrom('visit_participant').select('id').where('visit_id', '=', visitId))
      .returning('participant_id').executeTakeFirst();
    if (!row) return null;
    await trx.updateTable('visit_participant').set({ removed_at: now, pass_hash: null, pass_expires_at: null })
      .where('id', '=', row.participant_id).execute();
    await trx.insertInto('visit_signal').values([
      { visit_id: visitId, from_participant: opened.participant.id, to_participant: row.participant_id, kind: 'removed', payload: '{}' },
      { visit_id: visitId, from_participant: opened.participant.id, to_participant: null, kind: 'roster', payload: '{}' },
    ]).execute();
    return row;
  });
  if (!revoked) throw notFound();
  await auditVisit(deps, opened, 'visit.invite.revoke', meta, { inviteId, removedParticipantId: revoked.participant_id });
  return { ok: true as const };
}

export interface Redeemed {
  visitId: string;
  participantId: string;
  displayName: string;
  language: Language;
  pass: string;
  passExpiresAt: Date;
}

/**
 * Opens a link: once only (the update that marks it used is the check, so two browsers racing
 * with one link cannot both get in), before its expiry, if not withdrawn, while the visit is open.
 */
export async function redeemInvite(deps: Deps, token: string, meta: RequestMeta): Promise<Redeemed> {
  const now = deps.now();
  const hash = sha256(token);
  const found = await deps.db.selectFrom('visit_invite as i').innerJoin('visit_participant as p', 'p.id', 'i.participant_id')
    .innerJoin('visit as v', 'v.id', 'p.visit_id')
    .select(['i.id', 'i.expires_at', 'i.used_at', 'i.revoked_at', 'p.id as participant_id', 'p.display_name', 'p.language', 'v.id as visit_id',
      'v.status', 'v.patient_id'])
    .where('i.token_hash', '=', hash).executeTakeFirst();
  const refuse = async (code: 'visit_link_unknown' | 'visit_link_expired' | 'visit_link_used' | 'visit_link_revoked' | 'visit_closed', status: number) => {
    await deps.audit.record({ actorUserId: null, actorFacilityId: null, action: 'visit.link.redeem', outcome: 'denied', patientId: found?.patient_id ?? null,
      resourceType: 'visit', resourceId: found?.visit_id ?? null, ip: meta.ip, details: { reason: code } });
    return new AppError(code, status);
  };
  if (!found) throw await refuse('visit_link_unknown', 404);
  if (found.revoked_at) throw await refuse('visit_link_revoked', 410);
  if (found.used_at) throw await refuse('visit_link_used', 410);
  if (found.expires_at.getTime() <= now.getTime()) throw await refuse('visit_link_expired', 410);
  if (found.status !== 'open') throw await refuse('visit_closed', 410);
  const pass = randomBytes(32).toString('base64url');
  const passExpiresAt = new Date(now.getTime() + deps.config.VISIT_PASS_HOURS * 3600_000);
  const won = await deps.db.transaction().execute(async (trx) => {
    const used = await trx.updateTable('visit_invite').set({ used_at: now }).where('id', '=', found.id)
      .where('used_at', 'is', null).where('revoked_at', 'is', null).returning('id').executeTakeFirst();
    if (!used) return false;
    await trx.updateTable('visit_participant').set({ pass_hash: sha256(pass), pass_expires_at: passExpiresAt })
      .where('id', '=', found.participant_id).where('removed_at', 'is', null).execute();
    return true;
  });
  if (!won) throw await refuse('visit_link_used', 410);
  await deps.audit.record({ actorUserId: null, actorFacilityId: null, action: 'visit.link.redeem', outcome: 'success', patientId: found.patient_id,
    resourceType: 'visit', resourceId: found.visit_id, ip: meta.ip, details: { participantId: found.participant_id } });
  return { visitId: found.visit_id, participantId: found.participant_id, displayName: found.display_name, language: found.language as Language,
    pass, passExpiresAt };
}

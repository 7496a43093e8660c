import type { Visit } from '@telemed/contracts';
import type { Deps, RequestMeta } from '../../platform/deps.ts';
import type { Principal } from '../../platform/policy.ts';
import { getVisit } from './service.ts';

export interface CaseVideoFacts {
  consultationId: string;
  patientId: string;
  /** The consulting facility: the visit is held at the hub. */
  facilityId: string;
  /** The case's people, each joining as themselves without a waiting room. */
  staff: { userId: string; role: 'referring_doctor' | 'consultant' }[];
  /** A case conference for many observers: through the SFU from the start (only when the session is made now). */
  broadcast?: boolean;
}

/**
 * The video session of a teleconsultation (its synchronous mode): one open visit per case, made
 * by whichever party starts it first (the unique index settles a race), with the case's people
 * as admitted participants. The consultations module decides who may start it; this adds the
 * people and opens the visit for the caller.
 */
export async function openCaseVisit(deps: Deps, principal: Principal, facts: CaseVideoFacts, meta: RequestMeta): Promise<Visit> {
  const now = deps.now();
  const visitId = await deps.db.transaction().execute(async (trx) => {
    const created = await trx.insertInto('visit').values({ facility_id: facts.facilityId, patient_id: facts.patientId, consultation_id: facts.consultationId,
      appointment_id: null, scheduled_at: null, created_by: principal.userId, started_at: null, ended_at: null,
      ...(facts.broadcast ? { broadcast: true, media_mode: 'sfu' } : {}) })
      .onConflict((oc) => oc.column('consultation_id').where('consultation_id', 'is not', null).where('status', '=', 'open').doNothing())
      .returning('id').executeTakeFirst();
    const id = created?.id ?? (await trx.selectFrom('visit').select('id').where('consultation_id', '=', facts.consultationId)
      .where('status', '=', 'open').executeTakeFirstOrThrow()).id;
    const users = await trx.selectFrom('app_user').select(['id', 'display_name', 'language'])
      .where('id', 'in', facts.staff.map((s) => s.userId)).execute();
    const rows = facts.staff.flatMap((s) => {
      const u = users.find((x) => x.id === s.userId);
      return u ? [{ visit_id: id, user_id: u.id, role: s.role, display_name: u.display_name, language: u.language, admitted_at: now,
        admitted_by: principal.userId, removed_at: null, pass_hash: null, pass_expires_at: null }] : [];
    });
    if (rows.length) await trx.insertInto('visit_participant').values(rows).onConflict((oc) => oc.columns(['visit_id', 'user_id']).doNothing()).execute();
    await trx.insertInto('visit_signal').values({ visit_id: id, from_participant: null, to_participant: null, kind: 'roster', payload: '{}' }).execute();
    return id;
  });
  return getVisit(deps, { principal, pass: null }, visitId, meta);
}

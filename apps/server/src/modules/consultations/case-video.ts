import type { Visit } from '@telemed/contracts';
import type { Deps, RequestMeta } from '../../platform/deps.ts';
import { AppError, forbidden } from '../../platform/errors.ts';
import type { Principal } from '../../platform/policy.ts';
import { openCaseVisit } from '../visits/case-visit.ts';
import { openCase } from './service.ts';

// A case has a video session between acceptance and conclusion.
const LIVE = ['accepted', 'scheduled', 'in_progress'];

/**
 * Starts (or joins) the case's video session: the referring doctor and the hub's consultants meet
 * about the patient. Break-glass readers cannot: their access is for reading.
 */
export async function startCaseVideo(deps: Deps, principal: Principal, id: string, meta: RequestMeta,
  opts: { broadcast?: boolean } = {}): Promise<Visit> {
  const access = await openCase(deps, principal, id, meta, { action: 'consultation.video' });
  if (access.sides.length === 0 || !principal.permissions.has('visit.join')) throw forbidden();
  const c = access.row;
  if (!LIVE.includes(c.status)) throw new AppError('visit_case_not_live', 409);
  if (opts.broadcast && !deps.config.JANUS_URL) throw new AppError('broadcast_unavailable', 409);
  const participants = await deps.db.selectFrom('consultation_participant').select('user_id').where('consultation_id', '=', id).execute();
  const staff = new Map<string, 'referring_doctor' | 'consultant'>();
  if (c.referring_user_id) staff.set(c.referring_user_id, 'referring_doctor');
  for (const p of participants) if (!staff.has(p.user_id)) staff.set(p.user_id, 'consultant');
  if (!staff.has(principal.userId)) staff.set(principal.userId, access.sides.includes('referrer') ? 'referring_doctor' : 'consultant');
  return openCaseVisit(deps, principal, { consultationId: id, patientId: c.patient_id, facilityId: c.target_facility_id,
    staff: [...staff].map(([userId, role]) => ({ userId, role })), broadcast: opts.broadcast }, meta);
}

import type { Deps, RequestMeta } from '../../platform/deps.ts';
import type { Principal } from '../../platform/policy.ts';
import { hasTelemedicineConsent, recordConsent } from '../patients/consents.ts';
import { auditVisit, openVisit } from './access.ts';

/**
 * Telemedicine consent must be on record before the patient is admitted to a video visit. The
 * clinician sees whether it is; if not, they ask the patient in the visit and confirm the answer,
 * which is recorded through the patients module's consent use case like any other consent.
 */
export async function visitConsentStatus(deps: Deps, principal: Principal, visitId: string, meta: RequestMeta) {
  const opened = await openVisit(deps, { principal, pass: null }, visitId, 'manage', meta, 'visit.consent.read');
  await auditVisit(deps, opened, 'visit.consent.read', meta);
  return { onRecord: await hasTelemedicineConsent(deps, opened.visit.patient_id) };
}

export async function recordVisitConsent(deps: Deps, principal: Principal, visitId: string, note: string | undefined, meta: RequestMeta) {
  const opened = await openVisit(deps, { principal, pass: null }, visitId, 'manage', meta, 'visit.consent.record');
  await recordConsent(deps, principal, opened.visit.patient_id, { kind: 'telemedicine', granted: true, note }, meta, { managesVisitOfPatient: true });
  await auditVisit(deps, opened, 'visit.consent.record', meta);
  return { onRecord: true };
}

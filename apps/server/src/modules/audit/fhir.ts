import type { AuditEvent as FhirAuditEvent } from '@medplum/fhirtypes';
import type { AuditEvent } from '@telemed/contracts';

// FHIR R4 AuditEvent: https://hl7.org/fhir/R4/auditevent.html
const OUTCOME: Record<AuditEvent['outcome'], FhirAuditEvent['outcome']> = { success: '0', failure: '4', denied: '8' };

function actionCode(action: string): FhirAuditEvent['action'] {
  if (/\.(create|record|break_glass)$/.test(action)) return 'C';
  if (/\.(update|review|revoke)$/.test(action)) return 'U';
  if (/\.delete$/.test(action)) return 'D';
  if (/^auth\./.test(action)) return 'E';
  return 'R';
}

export function toFhirAuditEvent(e: AuditEvent): FhirAuditEvent {
  const isSecurity = e.action.startsWith('auth.') || e.action === 'permission.denied';
  return {
    resourceType: 'AuditEvent',
    id: String(e.seq),
    type: isSecurity
      ? { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110114', display: 'User Authentication' }
      : { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest', display: 'RESTful Operation' },
    subtype: [{ system: 'https://telemed.network/audit-action', code: e.action }],
    action: actionCode(e.action),
    recorded: e.at,
    outcome: OUTCOME[e.outcome],
    purposeOfEvent: e.purpose
      ? [{ coding: [{ system: 'https://telemed.network/purpose-of-use', code: e.purpose }], text: e.reason ?? undefined }]
      : undefined,
    agent: [{
      who: e.actorUserId ? { reference: `Practitioner/${e.actorUserId}`, display: e.actorName ?? undefined } : undefined,
      location: e.actorFacilityId ? { reference: `Organization/${e.actorFacilityId}` } : undefined,
      requestor: true,
      network: e.ip ? { address: e.ip, type: '2' } : undefined,
    }],
    source: { observer: { display: 'Telemed Network' } },
    entity: [
      ...(e.patientId ? [{ what: { reference: `Patient/${e.patientId}` }, role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1', display: 'Patient' } }] : []),
      ...(e.resourceType && e.resourceId && e.resourceType !== 'patient' ? [{ what: { identifier: { system: `https://telemed.network/${e.resourceType}`, value: e.resourceId } } }] : []),
    ],
    extension: e.flagged ? [{ url: 'https://telemed.network/fhir/StructureDefinition/flagged-for-review', valueBoolean: true }] : undefined,
  };
}

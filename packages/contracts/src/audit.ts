import { z } from 'zod';
import { Uuid } from './common.ts';

export const AuditOutcome = z.enum(['success', 'denied', 'failure']);
export const AuditEvent = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorUserId: Uuid.nullable(),
  actorName: z.string().nullable(),
  actorFacilityId: Uuid.nullable(),
  action: z.string(),
  outcome: AuditOutcome,
  patientId: Uuid.nullable(),
  /** The patient's family and given name, for the reviewer; null when the event is not about a patient. */
  patientName: z.string().nullable(),
  resourceType: z.string().nullable(),
  resourceId: z.string().nullable(),
  purpose: z.string().nullable(),
  reason: z.string().nullable(),
  ip: z.string().nullable(),
  flagged: z.boolean(),
  reviewedAt: z.string().nullable(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

export const AuditQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  actorUserId: Uuid.optional(),
  patientId: Uuid.optional(),
  /** A patient's name in any spelling (Cyrillic or Latin), or the start of their national identifier. */
  patient: z.string().trim().min(2).max(100).optional(),
  facilityId: Uuid.optional(),
  action: z.string().max(100).optional(),
  outcome: AuditOutcome.optional(),
  flagged: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  beforeSeq: z.coerce.number().int().min(1).optional(),
  format: z.enum(['json', 'fhir']).default('json'),
});
export const AuditPage = z.object({ items: z.array(AuditEvent), nextBeforeSeq: z.number().int().nullable() });

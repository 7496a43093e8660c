import { z } from 'zod';
import { CONSULTATION_ACTIONS, CONSULTATION_MODES, CONSULTATION_STATUSES, CONSULTATION_URGENCIES, ICD10_PATTERN, SPECIALTY_CODES } from './codes.ts';
import { Attachment } from './attachments.ts';
import { Uuid } from './common.ts';
import { OBSERVATION_BY_LOINC } from './observations.ts';

export const ConsultationStatus = z.enum(CONSULTATION_STATUSES);
export type ConsultationStatus = z.infer<typeof ConsultationStatus>;
export const ConsultationAction = z.enum(CONSULTATION_ACTIONS);
export type ConsultationAction = z.infer<typeof ConsultationAction>;

/** ICD-10 code as the reporting forms write it: a letter, two digits, an optional subdivision. */
export const Icd10 = z.string().trim().toUpperCase().regex(ICD10_PATTERN, 'ICD-10 code, e.g. I21.0');

export const ClinicalSummary = z.object({
  complaints: z.string().trim().max(4000).default(''),
  history: z.string().trim().max(8000).default(''),
  currentTreatment: z.string().trim().max(4000).default(''),
  vitalSigns: z.string().trim().max(2000).default(''),
  provisionalDiagnosis: Icd10.optional(),
});

export const ObservationInput = z.object({
  loinc: z.string().refine((c) => OBSERVATION_BY_LOINC.has(c), 'Unknown LOINC code'),
  value: z.number().finite().min(-1e6).max(1e9),
  unit: z.string().min(1).max(20),
  effectiveAt: z.iso.datetime({ offset: true }),
}).refine((o) => OBSERVATION_BY_LOINC.get(o.loinc)?.units.includes(o.unit) ?? true, { path: ['unit'], message: 'Unit not accepted for this code' });
export type ObservationInput = z.infer<typeof ObservationInput>;

export const ConsultationCreate = z.object({
  patientId: Uuid,
  /** Omitted: routed to the nearest facility up the hierarchy that offers the profile and has a consultant. */
  targetFacilityId: Uuid.optional(),
  profile: z.string().refine((c) => SPECIALTY_CODES.includes(c), 'Unknown specialty profile'),
  urgency: z.enum(CONSULTATION_URGENCIES),
  mode: z.enum(CONSULTATION_MODES),
  question: z.string().trim().min(10).max(4000),
  summary: ClinicalSummary,
  observations: z.array(ObservationInput).max(200).default([]),
  /** Submit at once; otherwise the request stays a draft only its author sees. */
  submit: z.boolean().default(true),
});
export type ConsultationCreate = z.infer<typeof ConsultationCreate>;

export const ConsultationTransition = z.object({
  action: ConsultationAction,
  /** The version the user saw: a request changed by someone else in the meantime is refused. */
  version: z.number().int().min(1),
  reason: z.string().trim().min(3).max(2000).optional(),
  targetFacilityId: Uuid.optional(),
  scheduledAt: z.iso.datetime({ offset: true }).optional(),
});

export const ConsultationEvent = z.object({
  at: z.string(),
  /** Null for the platform itself (escalation when a response-time target is missed). */
  actorName: z.string().nullable(),
  action: z.string(),
  fromStatus: ConsultationStatus.nullable(),
  toStatus: ConsultationStatus,
  reason: z.string().nullable(),
});

export const Consultation = z.object({
  id: Uuid,
  patientId: Uuid,
  referringFacilityId: Uuid,
  referringUserId: Uuid,
  targetFacilityId: Uuid,
  profile: z.string(),
  urgency: z.enum(CONSULTATION_URGENCIES),
  mode: z.enum(CONSULTATION_MODES),
  question: z.string(),
  summary: ClinicalSummary,
  status: ConsultationStatus,
  version: z.number().int(),
  scheduledAt: z.string().nullable(),
  createdAt: z.string(),
  submittedAt: z.string().nullable(),
  acceptedAt: z.string().nullable(),
  concludedAt: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  /** The response-time target in force and what it is for. */
  dueAt: z.string().nullable(),
  dueFor: z.enum(['accept', 'conclude']).nullable(),
  escalated: z.boolean(),
  routed: z.boolean(),
  assignedUserId: Uuid.nullable(),
  history: z.array(ConsultationEvent),
});
export type Consultation = z.infer<typeof Consultation>;

export const ConclusionInput = z.object({
  version: z.number().int().min(1),
  diagnosis: Icd10,
  recommendations: z.string().trim().min(10).max(20000),
  transfer: z.boolean(),
  transferNote: z.string().trim().max(4000).optional(),
  followUp: z.string().trim().max(4000).optional(),
}).refine((c) => !c.transfer || (c.transferNote && c.transferNote.length >= 3), { path: ['transferNote'], message: 'Say where and how to transfer' });
export type ConclusionInput = z.infer<typeof ConclusionInput>;

export const Addendum = z.object({ authorName: z.string(), body: z.string(), signedAt: z.string(), contentSha256: z.string() });
export const AddendumInput = z.object({ body: z.string().trim().min(3).max(20000) });

export const Conclusion = z.object({
  authorUserId: Uuid,
  authorName: z.string(),
  diagnosis: z.string(),
  recommendations: z.string(),
  transfer: z.boolean(),
  transferNote: z.string().nullable(),
  followUp: z.string().nullable(),
  signedAt: z.string(),
  /** SHA-256 of the signed content: a printed copy can be checked against it. */
  contentSha256: z.string(),
  addenda: z.array(Addendum),
});
export type Conclusion = z.infer<typeof Conclusion>;

export const MessageInput = z.object({
  body: z.string().trim().min(1).max(8000),
  parentId: Uuid.optional(),
  /** The hub asking the referrer for more information. */
  kind: z.enum(['message', 'info_request']).default('message'),
});
export const CaseMessage = z.object({
  id: Uuid,
  parentId: Uuid.nullable(),
  authorName: z.string(),
  authorFacilityId: Uuid,
  kind: z.enum(['message', 'info_request']),
  body: z.string(),
  at: z.string(),
});
export type CaseMessage = z.infer<typeof CaseMessage>;

export const Observation = z.object({
  loinc: z.string(),
  value: z.number(),
  unit: z.string(),
  effectiveAt: z.string(),
});
export const ObservationsInput = z.object({ observations: z.array(ObservationInput).min(1).max(200) });

export const Participant = z.object({ userId: Uuid, name: z.string(), facilityId: Uuid, joinedAt: z.string() });
export const ParticipantInput = z.object({ userId: Uuid });
export const AssignmentInput = z.object({ userId: Uuid, version: z.number().int().min(1) });

/** The whole case in one answer, so a slow link makes one round trip to open it. */
export const ConsultationCase = Consultation.extend({
  patientName: z.string(),
  /** What a consultant reads first about whom the case is: birth date (a calendar day) and sex. */
  patientBirthDate: z.string(),
  patientSex: z.string(),
  conclusion: Conclusion.nullable(),
  messages: z.array(CaseMessage),
  observations: z.array(Observation),
  participants: z.array(Participant),
  /** Documents, images and recordings that travel with the request, oldest first. */
  attachments: z.array(Attachment),
  /** What the caller may do here: the referrer's side, the hub's side, or reading under break-glass. */
  sides: z.array(z.enum(['referrer', 'hub'])),
  /**
   * True for a consultant of another facility who joined the case (case conference): they read it, write messages and the
   * conclusion and may start the session, but the holding hub's own staff accept, decline, forward, schedule and assign it.
   */
  guest: z.boolean(),
});
export type ConsultationCase = z.infer<typeof ConsultationCase>;

/** Consultants who may be assigned to or join a case: the hub's own and other centres' specialists. */
export const ConsultantOption = z.object({ userId: Uuid, name: z.string(), facilityId: Uuid, facilityCode: z.string() });
export const ConsultantOptions = z.object({ items: z.array(ConsultantOption) });
export const RouteQuery = z.object({ profile: z.string().max(60) });
export const RouteAnswer = z.object({ facilityId: Uuid.nullable() });

/** Where a page of a queue ended: the last request's urgency rank, queue time in microseconds and id. */
export const QueueCursor = z.string().regex(/^[0-2]\.-?\d{1,17}\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
export const ConsultationQueueQuery = z.object({
  /** Defaults to the hub's queue for those who handle requests, else to the facility's own requests. */
  box: z.enum(['incoming', 'outgoing', 'mine']).optional(),
  status: ConsultationStatus.optional(),
  urgency: z.enum(CONSULTATION_URGENCIES).optional(),
  profile: z.string().max(60).optional(),
  /** The facility on the other side: who referred (the hub's queue, my cases) or where it was sent (our requests). */
  facilityId: Uuid.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The previous page's `nextCursor`: the next page starts after it, in the same order. */
  cursor: QueueCursor.optional(),
});
/**
 * One line of a queue: what the list shows and filters on. The case itself (patient, people,
 * version for a transition) is read by its id; a page of 50 lines stays small on a rural link.
 */
export const ConsultationQueueItem = Consultation.pick({
  id: true, referringFacilityId: true, targetFacilityId: true, profile: true, urgency: true, mode: true, status: true,
  scheduledAt: true, createdAt: true, submittedAt: true, acceptedAt: true, concludedAt: true, dueAt: true, dueFor: true, escalated: true,
}).extend({
  patientName: z.string(),
  waitingMinutes: z.number().int(),
});
export const ConsultationQueue = z.object({
  items: z.array(ConsultationQueueItem),
  /** Present when more requests follow this page: pass it as `cursor` to read the next one. */
  nextCursor: QueueCursor.nullable(),
});
export type ConsultationQueue = z.infer<typeof ConsultationQueue>;

import { z } from 'zod';
import { CONSULTATION_ACTIONS, CONSULTATION_MODES, CONSULTATION_STATUSES, CONSULTATION_URGENCIES, SPECIALTY_CODES } from './codes.ts';
import { Uuid } from './common.ts';

export const ConsultationStatus = z.enum(CONSULTATION_STATUSES);
export type ConsultationStatus = z.infer<typeof ConsultationStatus>;
export const ConsultationAction = z.enum(CONSULTATION_ACTIONS);
export type ConsultationAction = z.infer<typeof ConsultationAction>;

/** ICD-10 code as the reporting forms write it: a letter, two digits, an optional subdivision. */
export const Icd10 = z.string().trim().toUpperCase().regex(/^[A-Z]\d{2}(\.\d{1,2})?$/, 'ICD-10 code, e.g. I21.0');

export const ClinicalSummary = z.object({
  complaints: z.string().trim().max(4000).default(''),
  history: z.string().trim().max(8000).default(''),
  currentTreatment: z.string().trim().max(4000).default(''),
  vitalSigns: z.string().trim().max(2000).default(''),
  provisionalDiagnosis: Icd10.optional(),
});

export const ConsultationCreate = z.object({
  patientId: Uuid,
  targetFacilityId: Uuid,
  profile: z.string().refine((c) => SPECIALTY_CODES.includes(c), 'Unknown specialty profile'),
  urgency: z.enum(CONSULTATION_URGENCIES),
  mode: z.enum(CONSULTATION_MODES),
  question: z.string().trim().min(10).max(4000),
  summary: ClinicalSummary,
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
  actorName: z.string(),
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
  history: z.array(ConsultationEvent),
});
export type Consultation = z.infer<typeof Consultation>;

export const ConsultationQueueQuery = z.object({
  /** Defaults to the hub's queue for those who handle requests, else to the facility's own requests. */
  box: z.enum(['incoming', 'outgoing']).optional(),
  status: ConsultationStatus.optional(),
  urgency: z.enum(CONSULTATION_URGENCIES).optional(),
  profile: z.string().max(60).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const ConsultationQueueItem = Consultation.omit({ summary: true, history: true, question: true }).extend({
  patientName: z.string(),
  waitingMinutes: z.number().int(),
});
export const ConsultationQueue = z.object({ items: z.array(ConsultationQueueItem) });

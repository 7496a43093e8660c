import { z } from 'zod';
import { LocalizedName, Uuid } from './common.ts';
import { CARE_MESSAGE_MAX, QUESTIONNAIRE_SYMPTOMS, QUESTIONNAIRE_TEXT_LIMITS as TEXT, VITAL_LIMITS as V } from './portal-codes.ts';

/**
 * The patient portal: the questionnaire a patient fills in before a visit, and the messages
 * between a patient and the care team of a facility where they have an appointment or a visit.
 */
const text = (max: number) => z.string().trim().max(max);
const reading = (l: { min: number; max: number; decimals: number }) =>
  (l.decimals === 0 ? z.number().int() : z.number()).min(l.min).max(l.max).nullable().default(null);

export const QuestionnaireSymptom = z.enum(QUESTIONNAIRE_SYMPTOMS);
export type QuestionnaireSymptom = z.infer<typeof QuestionnaireSymptom>;

/** Self-measured values, each optional; blood pressure is both numbers or neither, the lower one second. */
export const QuestionnaireVitals = z.object({
  temperatureC: reading(V.temperatureC),
  systolicMmHg: reading(V.systolicMmHg),
  diastolicMmHg: reading(V.diastolicMmHg),
  pulsePerMin: reading(V.pulsePerMin),
  spo2Percent: reading(V.spo2Percent),
  weightKg: reading(V.weightKg),
}).superRefine((v, ctx) => {
  if ((v.systolicMmHg === null) !== (v.diastolicMmHg === null)) {
    ctx.addIssue({ code: 'custom', path: [v.systolicMmHg === null ? 'systolicMmHg' : 'diastolicMmHg'], message: 'both numbers or neither' });
  } else if (v.systolicMmHg !== null && v.diastolicMmHg !== null && v.diastolicMmHg >= v.systolicMmHg) {
    ctx.addIssue({ code: 'custom', path: ['diastolicMmHg'], message: 'lower than the upper number' });
  }
});
export type QuestionnaireVitals = z.infer<typeof QuestionnaireVitals>;

export const QuestionnaireInput = z.object({
  /** The main complaint, in the patient's words (required to submit, not to save a draft). */
  complaint: text(TEXT.complaint).default(''),
  since: text(TEXT.since).default(''),
  symptoms: z.array(QuestionnaireSymptom).max(QUESTIONNAIRE_SYMPTOMS.length).default([]),
  medication: text(TEXT.medication).default(''),
  allergies: text(TEXT.allergies).default(''),
  vitals: QuestionnaireVitals.default({ temperatureC: null, systolicMmHg: null, diastolicMmHg: null, pulsePerMin: null, spo2Percent: null,
    weightKg: null }),
  notes: text(TEXT.notes).default(''),
});
export type QuestionnaireInput = z.infer<typeof QuestionnaireInput>;

export const Questionnaire = QuestionnaireInput.extend({
  visitId: Uuid,
  status: z.enum(['draft', 'submitted']),
  submittedAt: z.iso.datetime({ offset: true }).nullable(),
  updatedAt: z.iso.datetime({ offset: true }),
  /** Whether the caller may still change it (the patient, until it is submitted and while the visit is open). */
  mayEdit: z.boolean(),
});
export type Questionnaire = z.infer<typeof Questionnaire>;

/**
 * The questionnaire as the caller may see it: the patient their own (draft or submitted); the
 * visit's clinicians only a submitted one (null before). `role` says which side is asking.
 */
export const QuestionnaireAnswer = z.object({ questionnaire: Questionnaire.nullable(), role: z.enum(['patient', 'clinician']) });

export const CareMessageInput = z.object({
  body: z.string().trim().min(1).max(CARE_MESSAGE_MAX),
  /** The visit the message is about (a call that could not go on by video): the thread's patient's, at the thread's facility. */
  visitId: Uuid.optional(),
});

/**
 * Opens (or finds) a conversation: of a visit's patient with the visit's facility (`visitId`, from
 * the call), of the signed-in patient with a facility (`facilityId`), or of a patient with the
 * caller's active facility (`patientId`, staff). Exactly one of the three.
 */
export const CareThreadOpen = z.object({ visitId: Uuid.optional(), facilityId: Uuid.optional(), patientId: Uuid.optional() });
export const CareThreadOpened = z.object({ id: Uuid });

export const CareMessage = z.object({
  id: z.number().int(),
  authorName: z.string(),
  fromPatient: z.boolean(),
  mine: z.boolean(),
  body: z.string(),
  at: z.iso.datetime({ offset: true }),
  /** The visit it is about, by its time (scheduled, else when it was opened). */
  visit: z.object({ id: Uuid, at: z.iso.datetime({ offset: true }) }).nullable(),
});
export type CareMessage = z.infer<typeof CareMessage>;

export const CareThread = z.object({
  id: Uuid,
  patientId: Uuid,
  patientName: z.string(),
  facilityId: Uuid,
  facilityName: LocalizedName,
  /** Which side the caller is on. */
  side: z.enum(['patient', 'care_team']),
  messages: z.array(CareMessage),
});
export type CareThread = z.infer<typeof CareThread>;

export const CareThreadSummary = z.object({
  /** Null for a facility the patient may write to but has not yet. */
  id: Uuid.nullable(),
  patientName: z.string(),
  facilityId: Uuid,
  facilityName: LocalizedName,
  lastMessageAt: z.iso.datetime({ offset: true }).nullable(),
  /** The other side's messages the caller has not read. */
  unread: z.number().int().min(0),
});
export type CareThreadSummary = z.infer<typeof CareThreadSummary>;

export const CareThreadList = z.object({ side: z.enum(['patient', 'care_team']), items: z.array(CareThreadSummary) });

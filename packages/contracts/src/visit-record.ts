import { z } from 'zod';
import { Language, Uuid } from './common.ts';
import { Icd10 } from './consultations.ts';

/**
 * The record of a video visit, written by its clinician: a structured note for the care team,
 * prescriptions, the follow-up, and a summary for the patient in plain words and the patient's
 * language. Draft until its author signs it; then immutable, corrected by addenda. The patient
 * reads only the signed summary, the prescriptions and the follow-up.
 */
const text = (max: number) => z.string().trim().max(max);

export const Prescription = z.object({
  medicine: z.string().trim().min(1).max(200),
  dose: text(100),
  route: text(100),
  frequency: text(100),
  duration: text(100),
  instructions: text(1000).default(''),
});
export type Prescription = z.infer<typeof Prescription>;

export const VisitRecordInput = z.object({
  complaint: text(4000).default(''),
  history: text(8000).default(''),
  examination: text(8000).default(''),
  assessment: text(4000).default(''),
  /** ICD-10 codes, validated as the consultation module validates them. */
  diagnoses: z.array(Icd10).max(10).default([]),
  plan: text(4000).default(''),
  prescriptions: z.array(Prescription).max(30).default([]),
  followUp: text(2000).default(''),
  /** Offer the patient the booking page for a follow-up visit with the same clinician. */
  followUpBooking: z.boolean().default(false),
  /** For the patient, in plain language and in the patient's preferred language (`summaryLanguage`). */
  patientSummary: text(8000).default(''),
});
export type VisitRecordInput = z.infer<typeof VisitRecordInput>;

export const VisitRecordAddendumInput = z.object({ body: z.string().trim().min(1).max(4000) });

export const VisitRecordAddendum = z.object({
  id: z.number().int(),
  authorName: z.string(),
  body: z.string(),
  signedAt: z.iso.datetime({ offset: true }),
});

export const VisitRecord = VisitRecordInput.extend({
  visitId: Uuid,
  status: z.enum(['draft', 'signed']),
  authorId: Uuid,
  authorName: z.string(),
  /** The patient's preferred language: the summary is written in it. */
  summaryLanguage: Language,
  signedAt: z.iso.datetime({ offset: true }).nullable(),
  contentSha256: z.string().nullable(),
  updatedAt: z.iso.datetime({ offset: true }),
  /** Whether the caller may change the draft and sign it (its author). */
  mayEdit: z.boolean(),
  addenda: z.array(VisitRecordAddendum),
});
export type VisitRecord = z.infer<typeof VisitRecord>;

/** The record as a staff participant sees it: none yet (with the language the summary must be in), or the record. */
export const VisitRecordAnswer = z.object({ record: VisitRecord.nullable(), summaryLanguage: Language });

/** What the patient reads once the record is signed. */
export const VisitPatientSummary = z.object({
  visitId: Uuid,
  clinicianName: z.string(),
  language: Language,
  summary: z.string(),
  prescriptions: z.array(Prescription),
  followUp: z.string(),
  /** Book the follow-up with this clinician (the booking page takes it). */
  followUpClinicianId: Uuid.nullable(),
  signedAt: z.iso.datetime({ offset: true }),
});
export type VisitPatientSummary = z.infer<typeof VisitPatientSummary>;

/** Telemedicine consent of the visit's patient, for the clinician who admits them. */
export const VisitConsentStatus = z.object({ onRecord: z.boolean() });
/** The clinician confirms the patient's verbal consent, given in the visit. */
export const VisitConsentInput = z.object({ confirmed: z.literal(true), note: z.string().trim().max(500).optional() });

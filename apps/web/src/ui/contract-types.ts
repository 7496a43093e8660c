import type {
  ApiToken as ApiTokenSchema,
  ApiTokenCreated as ApiTokenCreatedSchema,
  AuditPage as AuditPageSchema,
  BreakGlassGrant as BreakGlassGrantSchema,
  Consent as ConsentSchema,
  ConsentInput as ConsentInputSchema,
  UserSummary as UserSummarySchema,
  UserCreateBody as UserCreateBodySchema,
  UserUpdateBody as UserUpdateBodySchema,
  TotpEnrolment as TotpEnrolmentSchema,
  Attachment as AttachmentSchema,
  ConsultationCase as ConsultationCaseSchema,
  ConsultationCreate as ConsultationCreateSchema,
  ConsultationQueue as ConsultationQueueSchema,
  ConclusionInput as ConclusionInputSchema,
  ConsultantOptions as ConsultantOptionsSchema,
  ObservationInput as ObservationInputSchema,
  Visit as VisitSchema,
  VisitSummary as VisitSummarySchema,
  InviteCreated as InviteCreatedSchema,
} from '@telemed/contracts';

/** The parsed type of a contract schema, without importing zod into the web bundle. */
type Out<S extends { _output: unknown }> = S['_output'];
type In<S extends { _input: unknown }> = S['_input'];

export type { AuditEvent, Facility, FacilityInput, Patient, PatientInput, PatientSummary, SessionInfo } from '@telemed/contracts';
export type Consent = Out<typeof ConsentSchema>;
export type ConsentInput = In<typeof ConsentInputSchema>;
export type BreakGlassGrant = Out<typeof BreakGlassGrantSchema>;
export type UserSummary = Out<typeof UserSummarySchema>;
export type UserCreateBody = In<typeof UserCreateBodySchema>;
export type UserUpdateBody = In<typeof UserUpdateBodySchema>;
export type ApiToken = Out<typeof ApiTokenSchema>;
export type ApiTokenCreated = Out<typeof ApiTokenCreatedSchema>;
export type AuditPage = Out<typeof AuditPageSchema>;
export type TotpEnrolment = Out<typeof TotpEnrolmentSchema>;
export type ConsultationCase = Out<typeof ConsultationCaseSchema>;
export type Attachment = Out<typeof AttachmentSchema>;
export type ConsultationCreate = In<typeof ConsultationCreateSchema>;
export type ConsultationQueueItem = Out<typeof ConsultationQueueSchema>['items'][number];
export type ConclusionInput = In<typeof ConclusionInputSchema>;
export type ConsultantOption = Out<typeof ConsultantOptionsSchema>['items'][number];
export type ObservationInput = In<typeof ObservationInputSchema>;
export type Visit = Out<typeof VisitSchema>;
export type VisitSummary = Out<typeof VisitSummarySchema>;
export type InviteCreated = Out<typeof InviteCreatedSchema>;
export type { Appointment } from '@telemed/contracts';
import type {
  Availability as AvailabilitySchema,
  AvailabilityExceptionInput as AvailabilityExceptionInputSchema,
  AvailabilityRuleInput as AvailabilityRuleInputSchema,
  FreeSlots as FreeSlotsSchema,
  SchedulingClinicians as SchedulingCliniciansSchema,
} from '@telemed/contracts';
export type Availability = Out<typeof AvailabilitySchema>;
export type AvailabilityRuleInput = In<typeof AvailabilityRuleInputSchema>;
export type AvailabilityExceptionInput = In<typeof AvailabilityExceptionInputSchema>;
export type FreeSlot = Out<typeof FreeSlotsSchema>['items'][number];
export type SchedulingClinician = Out<typeof SchedulingCliniciansSchema>['items'][number];
import type {
  VisitPatientSummary as VisitPatientSummarySchema,
  VisitRecord as VisitRecordSchema,
  VisitRecordAnswer as VisitRecordAnswerSchema,
  VisitRecordInput as VisitRecordInputSchema,
} from '@telemed/contracts';
export type VisitRecord = Out<typeof VisitRecordSchema>;
export type VisitRecordAnswer = Out<typeof VisitRecordAnswerSchema>;
export type VisitRecordInput = Out<typeof VisitRecordInputSchema>;
export type VisitPatientSummary = Out<typeof VisitPatientSummarySchema>;
export type Prescription = VisitRecordInput['prescriptions'][number];
import type {
  CareMessage as CareMessageSchema,
  CareThread as CareThreadSchema,
  CareThreadList as CareThreadListSchema,
  Questionnaire as QuestionnaireSchema,
  QuestionnaireAnswer as QuestionnaireAnswerSchema,
  QuestionnaireInput as QuestionnaireInputSchema,
} from '@telemed/contracts';
export type Questionnaire = Out<typeof QuestionnaireSchema>;
export type QuestionnaireAnswer = Out<typeof QuestionnaireAnswerSchema>;
export type QuestionnaireInput = Out<typeof QuestionnaireInputSchema>;
export type CareMessage = Out<typeof CareMessageSchema>;
export type CareThread = Out<typeof CareThreadSchema>;
export type CareThreadList = Out<typeof CareThreadListSchema>;
export type CareThreadSummary = CareThreadList['items'][number];

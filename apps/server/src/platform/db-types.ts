import type { ColumnType, Generated } from 'kysely';
import type { SignUpTables } from './db-types-signup.ts';
import type { VisitTables } from './db-types-visits.ts';
import type { PortalTables } from './db-types-portal.ts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DateOnly = ColumnType<string, string, string>;

export interface FacilityTable {
  id: Generated<string>;
  code: string;
  parent_id: string | null;
  kind: string;
  name_kk: string;
  name_ru: string;
  name_uz: string;
  name_en: string;
  country: string;
  region: string;
  time_zone: string;
  is_telemedicine_centre: boolean;
  profiles: string[];
  active: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface PatientTable {
  id: Generated<string>;
  family_name: string;
  given_name: string;
  middle_name: string | null;
  family_name_latin: string | null;
  given_name_latin: string | null;
  birth_date: DateOnly;
  sex: string;
  national_id_type: string | null;
  national_id: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  preferred_language: string;
  /** NULL for a record the patient made by signing up (migration 0015): registered at no facility. */
  home_facility_id: string | null;
  name_key: string;
  self_registered: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  created_by: string | null;
}

export interface AppUserTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  language: Generated<string>;
  password_hash: string;
  totp_secret: string | null;
  totp_enabled: Generated<boolean>;
  totp_last_step: number | null;
  failed_attempts: Generated<number>;
  locked_until: Timestamp | null;
  active: Generated<boolean>;
  patient_id: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface MembershipTable {
  user_id: string;
  facility_id: string;
  role: string;
}

export interface UserSessionTable {
  id_hash: Buffer;
  user_id: string;
  state: string;
  csrf_token: string;
  active_facility_id: string | null;
  active_role: string | null;
  created_at: Generated<Date>;
  last_seen_at: Timestamp;
  absolute_expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface PasswordResetTable {
  token_hash: Buffer;
  user_id: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface ApiTokenTable {
  id: Generated<string>;
  user_id: string;
  facility_id: string;
  name: string;
  secret_hash: Buffer;
  scopes: string[];
  created_at: Generated<Date>;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
}

export interface ConsentTable {
  id: Generated<string>;
  patient_id: string;
  kind: string;
  granted: boolean;
  note: string | null;
  recorded_at: Generated<Date>;
  recorded_by: string;
  recorded_facility_id: string | null;
}

export interface CareRelationshipTable {
  patient_id: string;
  facility_id: string | null;
  user_id: string | null;
  source: string;
  source_id: string | null;
  created_at: Generated<Date>;
  ends_at: Timestamp | null;
}

export interface BreakGlassTable {
  id: Generated<string>;
  user_id: string;
  facility_id: string | null;
  patient_id: string;
  reason: string;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  reviewed_at: Timestamp | null;
  reviewed_by: string | null;
  review_note: string | null;
}

export interface AuditEventTable {
  seq: ColumnType<number, number, never>;
  at: Timestamp;
  actor_user_id: string | null;
  actor_facility_id: string | null;
  action: string;
  outcome: string;
  patient_id: string | null;
  resource_type: string | null;
  resource_id: string | null;
  purpose: string | null;
  reason: string | null;
  ip: string | null;
  flagged: boolean;
  details: unknown;
  prev_hash: Buffer;
  hash: Buffer;
}

export interface ConsultationTable {
  id: Generated<string>;
  patient_id: string;
  referring_facility_id: string;
  referring_user_id: string;
  target_facility_id: string;
  profile: string;
  urgency: string;
  mode: string;
  question: string;
  summary: ColumnType<Record<string, unknown>, string, string>;
  status: string;
  version: Generated<number>;
  scheduled_at: Timestamp | null;
  created_at: Generated<Date>;
  submitted_at: Timestamp | null;
  updated_at: Generated<Date>;
  accepted_at: Timestamp | null;
  concluded_at: Timestamp | null;
  acknowledged_at: Timestamp | null;
  assigned_user_id: string | null;
  routed: Generated<boolean>;
  due_at: Timestamp | null;
  due_for: 'accept' | 'conclude' | null;
  escalated_at: Timestamp | null;
  urgency_rank: ColumnType<number, never, never>;
  queued_at: ColumnType<Date, never, never>;
}

export interface ConsultationParticipantTable {
  consultation_id: string;
  user_id: string;
  facility_id: string;
  joined_at: Generated<Date>;
}

export interface ConsultationConclusionTable {
  consultation_id: string;
  author_user_id: string;
  author_name: string;
  author_facility_id: string;
  diagnosis: string;
  recommendations: string;
  transfer: boolean;
  transfer_note: string | null;
  follow_up: string | null;
  signed_at: Timestamp;
  content_sha256: string;
}

export interface ConsultationAddendumTable {
  id: Generated<number>;
  consultation_id: string;
  author_user_id: string;
  author_name: string;
  body: string;
  signed_at: Timestamp;
  content_sha256: string;
}

export interface ConsultationMessageTable {
  id: Generated<string>;
  consultation_id: string;
  parent_id: string | null;
  author_user_id: string;
  author_facility_id: string;
  kind: string;
  body: string;
  at: Generated<Date>;
}

export interface ConsultationObservationTable {
  id: Generated<number>;
  consultation_id: string;
  loinc: string;
  value: ColumnType<string, number | string, number | string>;
  unit: string;
  effective_at: Timestamp;
  recorded_by: string;
  recorded_at: Generated<Date>;
}

export interface ConsultationEventTable {
  id: Generated<number>;
  consultation_id: string;
  at: Generated<Date>;
  actor_user_id: string | null;
  action: string;
  from_status: string | null;
  to_status: string;
  reason: string | null;
  details: string | null;
}

export interface BlobTable {
  sha256: string;
  size: ColumnType<string, number, number>;
  wrapped_key: string;
  created_at: Generated<Date>;
}

export interface ConsultationAttachmentTable {
  id: Generated<string>;
  consultation_id: string;
  message_id: string | null;
  sha256: string;
  file_name: string;
  media_type: string;
  size: ColumnType<string, number, number>;
  thumbnail_sha256: string | null;
  uploaded_by: string;
  uploaded_facility_id: string;
  upload_id: string;
  created_at: Generated<Date>;
}

/** Wall-clock times and dates of availability (scheduling): strings, never shifted through a JavaScript Date. */
type WallClock = ColumnType<string, string, string>;

export interface AvailabilityRuleTable {
  id: Generated<string>;
  clinician_id: string;
  facility_id: string;
  profile: string;
  weekday: number;
  start_time: WallClock;
  end_time: WallClock;
  slot_minutes: number;
  valid_from: DateOnly;
  valid_to: DateOnly | null;
  created_by: string;
  created_at: Generated<Date>;
}

export interface AvailabilityExceptionTable {
  id: Generated<string>;
  clinician_id: string;
  facility_id: string;
  kind: 'off' | 'extra';
  /** timestamp without time zone: read it with to_char (the driver would shift it into the process's zone). */
  local_start: WallClock;
  local_end: WallClock;
  slot_minutes: number | null;
  profile: string | null;
  note: string | null;
  created_by: string;
  created_at: Generated<Date>;
}

export interface AppointmentTable {
  id: Generated<string>;
  ical_uid: Generated<string>;
  sequence: Generated<number>;
  patient_id: string;
  clinician_id: string;
  facility_id: string;
  profile: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  status: Generated<'booked' | 'cancelled' | 'rescheduled'>;
  rescheduled_from: string | null;
  booked_by: string;
  reason: string | null;
  visit_id: string | null;
  cancelled_at: Timestamp | null;
  cancelled_by: string | null;
  cancel_reason: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface Database extends VisitTables, SignUpTables, PortalTables {
  blob: BlobTable;
  consultation_attachment: ConsultationAttachmentTable;
  consultation: ConsultationTable;
  consultation_event: ConsultationEventTable;
  consultation_participant: ConsultationParticipantTable;
  consultation_conclusion: ConsultationConclusionTable;
  consultation_addendum: ConsultationAddendumTable;
  consultation_message: ConsultationMessageTable;
  consultation_observation: ConsultationObservationTable;
  facility: FacilityTable;
  patient: PatientTable;
  app_user: AppUserTable;
  membership: MembershipTable;
  user_session: UserSessionTable;
  password_reset: PasswordResetTable;
  api_token: ApiTokenTable;
  consent: ConsentTable;
  care_relationship: CareRelationshipTable;
  break_glass: BreakGlassTable;
  audit_event: AuditEventTable;
  availability_rule: AvailabilityRuleTable;
  availability_exception: AvailabilityExceptionTable;
  appointment: AppointmentTable;
}

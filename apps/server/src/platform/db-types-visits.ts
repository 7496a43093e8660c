import type { ColumnType, Generated } from 'kysely';

/** Tables of the video visits module (migration 0013). */
export interface VisitTable {
  id: Generated<string>;
  facility_id: string;
  patient_id: string;
  consultation_id: string | null;
  appointment_id: string | null;
  status: Generated<string>;
  media_mode: Generated<string>;
  /** Migration 0018: through the SFU from the start; observers only receive. */
  broadcast: Generated<boolean>;
  scheduled_at: Date | null;
  created_by: string;
  created_at: Generated<Date>;
  started_at: Date | null;
  ended_at: Date | null;
}

export interface VisitParticipantTable {
  id: Generated<string>;
  visit_id: string;
  user_id: string | null;
  role: string;
  display_name: string;
  language: string;
  admitted_at: Date | null;
  admitted_by: string | null;
  removed_at: Date | null;
  pass_hash: Buffer | null;
  pass_expires_at: Date | null;
  created_at: Generated<Date>;
}

export interface VisitInviteTable {
  id: Generated<string>;
  participant_id: string;
  token_hash: Buffer;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
  created_by: string;
  created_at: Generated<Date>;
}

export interface VisitMessageTable {
  id: Generated<number>;
  visit_id: string;
  participant_id: string;
  body: string;
  at: Generated<Date>;
  /** A file shared into the visit, announced by this message (migration 0017). */
  file_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface VisitSignalTable {
  id: Generated<number>;
  visit_id: string;
  from_participant: string | null;
  to_participant: string | null;
  kind: string;
  payload: ColumnType<unknown, string, string>;
  at: Generated<Date>;
}

export interface VisitPresenceTable {
  participant_id: string;
  node_id: string;
  visit_id: string;
  since: Generated<Date>;
  seen_at: Generated<Date>;
}

/** The visit's record (migration 0014): the clinician's note, prescriptions, follow-up and the patient's summary. */
export interface VisitRecordTable {
  visit_id: string;
  author_id: string;
  author_name: string;
  complaint: string;
  history: string;
  examination: string;
  assessment: string;
  diagnoses: string[];
  plan: string;
  prescriptions: ColumnType<unknown, string, string>;
  follow_up: string;
  follow_up_booking: boolean;
  patient_summary: string;
  summary_language: string;
  status: Generated<string>;
  signed_at: Date | null;
  content_sha256: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface VisitRecordAddendumTable {
  id: Generated<number>;
  visit_id: string;
  author_id: string;
  author_name: string;
  body: string;
  signed_at: Generated<Date>;
}

/** A file shared into a visit (migration 0017); the bytes are a sealed blob. */
export interface VisitFileTable {
  id: Generated<string>;
  visit_id: string;
  participant_id: string;
  sha256: string;
  file_name: string;
  media_type: string;
  size: ColumnType<string, number, number>;
  thumbnail_sha256: string | null;
  upload_id: string;
  created_at: Generated<Date>;
}

/** Recording requests and each participant's answer (migration 0018). */
export interface VisitRecordingTable {
  id: Generated<string>;
  visit_id: string;
  requested_by: string;
  state: Generated<string>;
  started_at: Date | null;
  ended_at: Date | null;
  end_reason: string | null;
  sha256: string | null;
  size: ColumnType<string | null, number | null, number | null>;
  duration_ms: number | null;
  upload_id: string | null;
  stored_at: Date | null;
  created_at: Generated<Date>;
}

export interface VisitRecordingConsentTable {
  recording_id: string;
  participant_id: string;
  decision: string;
  at: Generated<Date>;
}

export interface VisitTables {
  visit_file: VisitFileTable;
  visit_recording: VisitRecordingTable;
  visit_recording_consent: VisitRecordingConsentTable;
  visit_record: VisitRecordTable;
  visit_record_addendum: VisitRecordAddendumTable;
  visit: VisitTable;
  visit_participant: VisitParticipantTable;
  visit_invite: VisitInviteTable;
  visit_message: VisitMessageTable;
  visit_signal: VisitSignalTable;
  visit_presence: VisitPresenceTable;
}

import type { ColumnType, Generated } from 'kysely';

/** PostgreSQL numeric comes back as text (exact decimals); it is written as a number. */
type Decimal = ColumnType<string | null, number | null, number | null>;

/** The pre-visit questionnaire (migration 0016). */
export interface VisitQuestionnaireTable {
  visit_id: string;
  patient_id: string;
  participant_id: string;
  complaint: string;
  since: string;
  symptoms: string[];
  medication: string;
  allergies: string;
  temperature_c: Decimal;
  systolic_mmhg: number | null;
  diastolic_mmhg: number | null;
  pulse_per_min: number | null;
  spo2_percent: number | null;
  weight_kg: Decimal;
  notes: string;
  status: Generated<string>;
  submitted_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** Messages between a patient and the care team of a facility (migration 0016). */
export interface CareThreadTable {
  id: Generated<string>;
  patient_id: string;
  facility_id: string;
  created_by: string;
  created_at: Generated<Date>;
  last_message_at: Date | null;
}

export interface CareMessageTable {
  id: Generated<number>;
  thread_id: string;
  author_id: string;
  author_name: string;
  from_patient: boolean;
  visit_id: string | null;
  body: string;
  at: Generated<Date>;
}

export interface CareThreadReadTable {
  thread_id: string;
  user_id: string;
  last_read_id: number;
}

export interface PortalTables {
  visit_questionnaire: VisitQuestionnaireTable;
  care_thread: CareThreadTable;
  care_message: CareMessageTable;
  care_thread_read: CareThreadReadTable;
}

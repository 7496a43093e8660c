import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** A patient's sign-up waiting for its emailed code (migration 0015). */
export interface PatientSignUpTable {
  email: string;
  browser_hash: Buffer;
  code_hash: Buffer | null;
  details: string | null;
  attempts: Generated<number>;
  code_sent_at: Timestamp;
  expires_at: Timestamp;
  owner_notified_at: Timestamp | null;
  created_at: Generated<Date>;
}

export interface SignUpTables {
  patient_sign_up: PatientSignUpTable;
}

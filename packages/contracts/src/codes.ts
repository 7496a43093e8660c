/**
 * The code lists, free of zod, so the web app can import them without pulling the schema
 * library into its first page. The schemas in the other files are built from these.
 */
export const LANGUAGES = ['kk', 'ru', 'uz', 'en'] as const;

export const ROLES = [
  'network_admin',
  'facility_admin',
  'coordinator',
  'consultant',
  'referring_physician',
  'nurse',
  'radiologist',
  'educator',
  'analyst',
  'patient',
] as const;

export const PERMISSIONS = [
  'facility.read',
  'facility.manage',
  'user.read',
  'user.manage',
  'patient.search',
  'patient.read',
  'patient.write',
  'patient.self',
  'consent.write',
  'breakglass.use',
  'breakglass.review',
  'audit.read',
  'stats.read',
  'token.manage',
  'consultation.request',
  'consultation.handle',
  'consultation.conclude',
  'visit.manage',
  'visit.join',
  'availability.manage',
  'appointment.book',
  'appointment.manage',
] as const;

export const FACILITY_KINDS = [
  'national_centre',
  'research_institute',
  'regional_centre',
  'regional_hospital',
  'district_hospital',
  'republican_clinic',
  'medical_university',
  'health_department',
  'foreign_clinic',
] as const;

export const NATIONAL_ID_TYPES = ['KZ-IIN', 'UZ-PINFL'] as const;
export const CONSENT_KINDS = ['telemedicine', 'data_sharing'] as const;
export const SEXES = ['male', 'female', 'other', 'unknown'] as const;

/**
 * Specialty profiles, grouped as in the network's reporting forms. Names in the four languages
 * live in the web app's locales under `profile.<code>` and `profileGroup.<group>`.
 */
export const SPECIALTY_GROUPS = {
  internal: ['cardiology', 'endocrinology', 'nephrology', 'pulmonology', 'gastroenterology', 'rheumatology', 'haematology'],
  surgery: ['general_surgery', 'abdominal_surgery', 'vascular_surgery', 'neurosurgery', 'cardiac_surgery', 'urology'],
  trauma: ['traumatology_orthopaedics'],
  obstetrics: ['obstetrics_gynaecology'],
  paediatrics: ['paediatrics', 'neonatology'],
  infectious: ['infectious_diseases'],
  neurology: ['neurology'],
  psychiatry: ['psychiatry'],
  intensive_care: ['anaesthesiology_intensive_care'],
  radiology: ['radiology'],
  oncology: ['oncology'],
  other: ['ophthalmology', 'otorhinolaryngology', 'dermatology', 'other'],
} as const;

export type SpecialtyGroup = keyof typeof SPECIALTY_GROUPS;
export const SPECIALTY_CODES: readonly string[] = Object.values(SPECIALTY_GROUPS).flat();

export const CONSULTATION_URGENCIES = ['planned', 'urgent', 'emergency'] as const;
export const CONSULTATION_MODES = ['async', 'scheduled_video', 'immediate_video'] as const;
export const CONSULTATION_STATUSES = [
  'draft', 'submitted', 'accepted', 'declined', 'scheduled', 'in_progress', 'concluded', 'acknowledged', 'cancelled',
] as const;
export const CONSULTATION_ACTIONS = ['submit', 'accept', 'decline', 'forward', 'schedule', 'start', 'cancel', 'acknowledge'] as const;

/** Roles in a video visit, and those a personal link can be made for (people outside the network's staff). */
export const VISIT_ROLES = ['clinician', 'patient', 'referring_doctor', 'consultant', 'interpreter', 'family', 'observer'] as const;
export const GUEST_ROLES = ['patient', 'interpreter', 'family', 'observer'] as const;
export const APPOINTMENT_STATUSES = ['booked', 'cancelled', 'rescheduled'] as const;
export const AVAILABILITY_EXCEPTION_KINDS = ['off', 'extra'] as const;

/** An ICD-10 code as the network writes it: a Latin capital, two digits, and up to two after a point (I21.0). */
export const ICD10_PATTERN = /^[A-Z]\d{2}(\.\d{1,2})?$/;

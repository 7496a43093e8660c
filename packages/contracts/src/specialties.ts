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

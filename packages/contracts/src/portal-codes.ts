/**
 * The patient portal's code lists and limits, free of zod so the web app checks what the patient
 * types with the same numbers the server enforces.
 */

/** The questionnaire's symptom checklist; labels in the web app's locales under `questionnaire.symptom.<code>`. */
export const QUESTIONNAIRE_SYMPTOMS = [
  'fever', 'cough', 'shortness_of_breath', 'chest_pain', 'palpitations', 'headache', 'dizziness', 'swelling', 'nausea', 'fatigue',
] as const;

/**
 * Values a patient measures at home, with the ranges a reading can plausibly have (outside them it
 * is a typing slip or a broken device) and how many decimals it is kept with.
 */
export const VITAL_LIMITS = {
  temperatureC: { min: 34, max: 43, decimals: 1 },
  systolicMmHg: { min: 50, max: 260, decimals: 0 },
  diastolicMmHg: { min: 30, max: 160, decimals: 0 },
  pulsePerMin: { min: 30, max: 250, decimals: 0 },
  spo2Percent: { min: 50, max: 100, decimals: 0 },
  weightKg: { min: 0.5, max: 400, decimals: 1 },
} as const;
export type VitalName = keyof typeof VITAL_LIMITS;

export const QUESTIONNAIRE_TEXT_LIMITS = { complaint: 2000, since: 200, medication: 2000, allergies: 1000, notes: 4000 } as const;

/** The longest message to the care team (text only). */
export const CARE_MESSAGE_MAX = 2000;

import { VITAL_LIMITS, type VitalName } from '@telemed/contracts/portal-codes';
import type { QuestionnaireInput } from '../../ui/contract-types.ts';

export const VITAL_NAMES = Object.keys(VITAL_LIMITS) as VitalName[];

/** The form as the patient types it: measured values stay text ("36,6") until they are read. */
export interface QuestionnaireForm {
  complaint: string;
  since: string;
  symptoms: string[];
  medication: string;
  allergies: string;
  notes: string;
  vitals: Record<VitalName, string>;
}

export const EMPTY_FORM: QuestionnaireForm = {
  complaint: '', since: '', symptoms: [], medication: '', allergies: '', notes: '',
  vitals: { temperatureC: '', systolicMmHg: '', diastolicMmHg: '', pulsePerMin: '', spo2Percent: '', weightKg: '' },
};

export type ReadingProblem = 'format' | 'range' | 'pair' | 'order';

/**
 * Reads a measured value as the patient wrote it: a decimal comma or point, whole numbers where
 * the value has no decimals, within its plausible range. Empty is no reading (null).
 */
export function readVital(name: VitalName, text: string): { value: number | null; problem: ReadingProblem | null } {
  const s = text.trim().replace(',', '.');
  if (s === '') return { value: null, problem: null };
  const limits = VITAL_LIMITS[name];
  const pattern = limits.decimals === 0 ? /^\d{1,3}$/ : /^\d{1,3}(\.\d)?$/;
  if (!pattern.test(s)) return { value: null, problem: 'format' };
  const value = Number(s);
  if (value < limits.min || value > limits.max) return { value: null, problem: 'range' };
  return { value, problem: null };
}

/** Every value's problem, blood pressure checked as a pair (both numbers, the lower one second). */
export function vitalProblems(form: QuestionnaireForm): Partial<Record<VitalName, ReadingProblem>> {
  const out: Partial<Record<VitalName, ReadingProblem>> = {};
  for (const name of VITAL_NAMES) {
    const { problem } = readVital(name, form.vitals[name]);
    if (problem) out[name] = problem;
  }
  const sys = readVital('systolicMmHg', form.vitals.systolicMmHg).value;
  const dia = readVital('diastolicMmHg', form.vitals.diastolicMmHg).value;
  if (!out.systolicMmHg && !out.diastolicMmHg) {
    if ((sys === null) !== (dia === null)) out[sys === null ? 'systolicMmHg' : 'diastolicMmHg'] = 'pair';
    else if (sys !== null && dia !== null && dia >= sys) out.diastolicMmHg = 'order';
  }
  return out;
}

/**
 * What is sent to the server: the text as typed, and of the measured values only those that read
 * well (a value half typed, or a pressure missing its second number, waits on the device).
 */
export function toInput(form: QuestionnaireForm): QuestionnaireInput {
  const problems = vitalProblems(form);
  const pressureOk = !problems.systolicMmHg && !problems.diastolicMmHg;
  const value = (name: VitalName) => (problems[name] || ((name === 'systolicMmHg' || name === 'diastolicMmHg') && !pressureOk)
    ? null : readVital(name, form.vitals[name]).value);
  return {
    complaint: form.complaint.trim(), since: form.since.trim(), symptoms: form.symptoms as QuestionnaireInput['symptoms'],
    medication: form.medication.trim(), allergies: form.allergies.trim(), notes: form.notes.trim(),
    vitals: { temperatureC: value('temperatureC'), systolicMmHg: value('systolicMmHg'), diastolicMmHg: value('diastolicMmHg'),
      pulsePerMin: value('pulsePerMin'), spo2Percent: value('spo2Percent'), weightKg: value('weightKg') },
  };
}

/** A saved questionnaire back into the form. */
export function fromSaved(q: { complaint: string; since: string; symptoms: string[]; medication: string; allergies: string; notes: string;
  vitals: Record<VitalName, number | null> }): QuestionnaireForm {
  const vitals = { ...EMPTY_FORM.vitals };
  for (const name of VITAL_NAMES) vitals[name] = q.vitals[name] === null ? '' : String(q.vitals[name]);
  return { complaint: q.complaint, since: q.since, symptoms: [...q.symptoms], medication: q.medication, allergies: q.allergies, notes: q.notes, vitals };
}

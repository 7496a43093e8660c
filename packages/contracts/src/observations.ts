import type { LANGUAGES } from './codes.ts';

type Language = (typeof LANGUAGES)[number];

/**
 * The lab values and vital signs a referrer can attach as data: LOINC code, the UCUM units
 * accepted for it (the first is the one the network's forms use) and the name in the four
 * languages. A maintained list, extended as the network's forms grow.
 */
export interface ObservationCode {
  loinc: string;
  kind: 'vital' | 'lab';
  units: readonly string[];
  /** For each unit after the first: the factor that turns a value in it into the first unit (1 g/dL = 10 g/L). */
  factors?: Readonly<Record<string, number>>;
  name: Record<Language, string>;
}

export const OBSERVATION_CODES: readonly ObservationCode[] = [
  { loinc: '8480-6', kind: 'vital', units: ['mm[Hg]'], name: { en: 'Systolic blood pressure', ru: 'Систолическое давление', kk: 'Систолалық қысым', uz: 'Sistolik bosim' } },
  { loinc: '8462-4', kind: 'vital', units: ['mm[Hg]'], name: { en: 'Diastolic blood pressure', ru: 'Диастолическое давление', kk: 'Диастолалық қысым', uz: 'Diastolik bosim' } },
  { loinc: '8867-4', kind: 'vital', units: ['/min'], name: { en: 'Heart rate', ru: 'Частота сердечных сокращений', kk: 'Жүрек соғу жиілігі', uz: 'Yurak urish tezligi' } },
  { loinc: '9279-1', kind: 'vital', units: ['/min'], name: { en: 'Respiratory rate', ru: 'Частота дыхания', kk: 'Тыныс алу жиілігі', uz: 'Nafas olish tezligi' } },
  { loinc: '8310-5', kind: 'vital', units: ['Cel'], name: { en: 'Body temperature', ru: 'Температура тела', kk: 'Дене температурасы', uz: 'Tana harorati' } },
  { loinc: '59408-5', kind: 'vital', units: ['%'], name: { en: 'Oxygen saturation (SpO₂)', ru: 'Сатурация кислорода (SpO₂)', kk: 'Оттегімен қанығу (SpO₂)', uz: 'Kislorod saturatsiyasi (SpO₂)' } },
  { loinc: '29463-7', kind: 'vital', units: ['kg'], name: { en: 'Body weight', ru: 'Масса тела', kk: 'Дене салмағы', uz: 'Tana vazni' } },
  { loinc: '718-7', kind: 'lab', units: ['g/L', 'g/dL'], factors: { 'g/dL': 10 }, name: { en: 'Haemoglobin', ru: 'Гемоглобин', kk: 'Гемоглобин', uz: 'Gemoglobin' } },
  { loinc: '6690-2', kind: 'lab', units: ['10*9/L'], name: { en: 'Leukocytes', ru: 'Лейкоциты', kk: 'Лейкоциттер', uz: 'Leykotsitlar' } },
  { loinc: '777-3', kind: 'lab', units: ['10*9/L'], name: { en: 'Platelets', ru: 'Тромбоциты', kk: 'Тромбоциттер', uz: 'Trombotsitlar' } },
  { loinc: '15074-8', kind: 'lab', units: ['mmol/L'], name: { en: 'Glucose', ru: 'Глюкоза', kk: 'Глюкоза', uz: 'Glyukoza' } },
  { loinc: '4548-4', kind: 'lab', units: ['%'], name: { en: 'Haemoglobin A1c', ru: 'Гликированный гемоглобин', kk: 'Гликирленген гемоглобин', uz: 'Glikirlangan gemoglobin' } },
  { loinc: '14682-9', kind: 'lab', units: ['umol/L'], name: { en: 'Creatinine', ru: 'Креатинин', kk: 'Креатинин', uz: 'Kreatinin' } },
  { loinc: '2823-3', kind: 'lab', units: ['mmol/L'], name: { en: 'Potassium', ru: 'Калий', kk: 'Калий', uz: 'Kaliy' } },
  { loinc: '2951-2', kind: 'lab', units: ['mmol/L'], name: { en: 'Sodium', ru: 'Натрий', kk: 'Натрий', uz: 'Natriy' } },
  { loinc: '1742-6', kind: 'lab', units: ['U/L'], name: { en: 'ALT', ru: 'АЛТ', kk: 'АЛТ', uz: 'ALT' } },
  { loinc: '1920-8', kind: 'lab', units: ['U/L'], name: { en: 'AST', ru: 'АСТ', kk: 'АСТ', uz: 'AST' } },
  { loinc: '1988-5', kind: 'lab', units: ['mg/L'], name: { en: 'C-reactive protein', ru: 'С-реактивный белок', kk: 'С-реактивті ақуыз', uz: 'C-reaktiv oqsil' } },
  { loinc: '10839-9', kind: 'lab', units: ['ng/mL', 'ng/L'], factors: { 'ng/L': 0.001 }, name: { en: 'Troponin I', ru: 'Тропонин I', kk: 'Тропонин I', uz: 'Troponin I' } },
  { loinc: '14647-2', kind: 'lab', units: ['mmol/L'], name: { en: 'Total cholesterol', ru: 'Общий холестерин', kk: 'Жалпы холестерин', uz: 'Umumiy xolesterin' } },
  { loinc: '6301-6', kind: 'lab', units: ['{INR}'], name: { en: 'INR', ru: 'МНО', kk: 'ХҚҚ', uz: 'XNM' } },
];

export const OBSERVATION_BY_LOINC: ReadonlyMap<string, ObservationCode> = new Map(OBSERVATION_CODES.map((c) => [c.loinc, c]));

/**
 * A value in the code's first unit, the one the network's forms use, so that a trend never mixes units. A unit the code does
 * not list, or one without a factor, gives null: shown as entered, never converted by guess.
 */
export function inFormUnit(loinc: string, value: number, unit: string): { value: number; unit: string } | null {
  const code = OBSERVATION_BY_LOINC.get(loinc);
  if (!code) return null;
  if (unit === code.units[0]) return { value, unit };
  const factor = code.factors?.[unit];
  // toPrecision: 13.1 g/dL is 131 g/L, not 131.00000000000001.
  return factor === undefined ? null : { value: Number((value * factor).toPrecision(12)), unit: code.units[0] };
}

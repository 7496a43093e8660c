import { AGE_GROUPS, type AgeGroup, CONSULTATION_MODES, CONSULTATION_URGENCIES, type Language, SPECIALTY_CODES } from '@telemed/contracts';
import { fillTemplate } from '../../platform/i18n.ts';
import { ageGroupOf } from './age-group.ts';

/** The columns of a historical file, in order (a header row naming them is optional). */
export const IMPORT_COLUMNS = ['date', 'referring_facility', 'consulting_facility', 'profile', 'age', 'mode', 'urgency'] as const;

const REASONS = {
  columns: { en: 'expected 7 columns, found {n}', ru: 'ожидалось 7 столбцов, найдено {n}', kk: '7 баған күтілді, {n} табылды', uz: '7 ta ustun kutilgan, {n} ta topildi' },
  date: { en: 'not a date (YYYY-MM-DD)', ru: 'не дата (ГГГГ-ММ-ДД)', kk: 'күн емес (ЖЖЖЖ-АА-КК)', uz: 'sana emas (YYYY-MM-DD)' },
  future: { en: 'the date is in the future', ru: 'дата в будущем', kk: 'күн болашақта', uz: 'sana kelajakda' },
  facility: { en: 'unknown facility code', ru: 'неизвестный код организации', kk: 'белгісіз ұйым коды', uz: 'nomaʼlum muassasa kodi' },
  scope: { en: 'neither facility is among yours', ru: 'ни одна из организаций не относится к вашим', kk: 'ұйымдардың ешқайсысы сіздікі емес', uz: 'muassasalarning hech biri sizniki emas' },
  same: { en: 'the consulting facility is the referring one', ru: 'консультирующая организация совпадает с направившей', kk: 'кеңес беретін ұйым жолдаған ұйыммен бірдей', uz: 'maslahat beruvchi muassasa yoʻllagan muassasaning oʻzi' },
  profile: { en: 'unknown specialty profile code', ru: 'неизвестный код профиля', kk: 'белгісіз бейін коды', uz: 'nomaʼlum profil kodi' },
  age: { en: 'not an age in years (0–130) or an age group (adult, adolescent, child, newborn)',
    ru: 'не возраст в годах (0–130) и не возрастная группа (adult, adolescent, child, newborn)',
    kk: 'жас (0–130) немесе жас тобы емес (adult, adolescent, child, newborn)',
    uz: 'yosh (0–130) yoki yosh guruhi emas (adult, adolescent, child, newborn)' },
  mode: { en: 'mode must be async, scheduled_video or immediate_video', ru: 'режим: async, scheduled_video или immediate_video',
    kk: 'режим: async, scheduled_video немесе immediate_video', uz: 'rejim: async, scheduled_video yoki immediate_video' },
  urgency: { en: 'urgency must be planned, urgent or emergency', ru: 'срочность: planned, urgent или emergency',
    kk: 'шұғылдық: planned, urgent немесе emergency', uz: 'shoshilinchlik: planned, urgent yoki emergency' },
} satisfies Record<string, Record<Language, string>>;

export type RejectionReason = keyof typeof REASONS;

export function reasonText(reason: RejectionReason, lang: Language, params: Record<string, string | number> = {}): string {
  return fillTemplate(REASONS[reason][lang], params);
}

export interface ImportRow {
  day: string;
  referring: string;
  target: string;
  profile: string;
  ageGroup: AgeGroup;
  mode: string;
  urgency: string;
}

export type RowCheck = { ok: true; row: ImportRow } | { ok: false; field: string; reason: RejectionReason; params?: Record<string, string | number> };

const PROFILES = new Set(SPECIALTY_CODES);
const MODES = new Set<string>(CONSULTATION_MODES);
const URGENCIES = new Set<string>(CONSULTATION_URGENCIES);
const GROUPS = new Set<string>(AGE_GROUPS);

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A real calendar day written YYYY-MM-DD (checked by arithmetic: this runs for every row of a file). */
function isDate(s: string): boolean {
  if (s.length !== 10 || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(5, 7));
  const d = Number(s.slice(8, 10));
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = m === 2 && (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0));
  return d <= DAYS_IN_MONTH[m - 1] + (leap ? 1 : 0);
}

/** Checks one record; the first failing field is reported. Facility codes are looked up in `facilities` (code → id). */
export function checkRow(fields: string[], facilities: Map<string, string>, today: string, scope: Set<string> | null): RowCheck {
  if (fields.length !== IMPORT_COLUMNS.length) return { ok: false, field: '*', reason: 'columns', params: { n: fields.length } };
  const [date, ref, target, profile, age, mode, urgency] = fields.map((f) => f.trim());
  if (!isDate(date)) return { ok: false, field: 'date', reason: 'date' };
  if (date > today) return { ok: false, field: 'date', reason: 'future' };
  const refId = facilities.get(ref.toUpperCase());
  if (!refId) return { ok: false, field: 'referring_facility', reason: 'facility' };
  const targetId = facilities.get(target.toUpperCase());
  if (!targetId) return { ok: false, field: 'consulting_facility', reason: 'facility' };
  if (refId === targetId) return { ok: false, field: 'consulting_facility', reason: 'same' };
  if (scope && !scope.has(refId) && !scope.has(targetId)) return { ok: false, field: 'referring_facility', reason: 'scope' };
  const p = profile.toLowerCase();
  if (!PROFILES.has(p)) return { ok: false, field: 'profile', reason: 'profile' };
  let ageGroup: AgeGroup;
  const a = age.toLowerCase();
  if (GROUPS.has(a)) ageGroup = a as AgeGroup;
  else if (/^\d{1,3}$/.test(a) && Number(a) <= 130) ageGroup = ageGroupOf(Number(a));
  else return { ok: false, field: 'age', reason: 'age' };
  const m = mode.toLowerCase();
  if (!MODES.has(m)) return { ok: false, field: 'mode', reason: 'mode' };
  const u = urgency.toLowerCase();
  if (!URGENCIES.has(u)) return { ok: false, field: 'urgency', reason: 'urgency' };
  return { ok: true, row: { day: date, referring: refId, target: targetId, profile: p, ageGroup, mode: m, urgency: u } };
}

/** A header row names the columns; a data row starts with a date. */
export function isHeader(fields: string[]): boolean {
  return fields[0]?.trim().toLowerCase() === 'date';
}

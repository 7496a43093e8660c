/**
 * Validation of personal identification numbers used in Kazakhstan and Uzbekistan.
 *
 * KZ-IIN (ИИН / ЖСН), 12 digits: YYMMDD, century+sex digit, 4-digit serial, check digit.
 *   Check digit = sum(d[i] * w[i]) mod 11 over the first 11 digits, w = 1..11. A result of 10
 *   is retried with w = 3..11,1,2; a second 10 means such a number is never issued.
 *   Source: Decree of the Government of RK No. 565 (11.06.2003), as implemented by public
 *   validators (e.g. github.com/ZhymabekRoman/kz-iin-validator) and the OECD "Kazakhstan TIN" sheet.
 *   Legal-entity BINs share the length but encode the registration date differently; they are
 *   deliberately rejected here because a patient is always an individual.
 *
 * UZ-PINFL (ЖШШИР / JShShIR), 14 digits: century+sex digit, DDMMYY, 3-digit district,
 *   3-digit serial, check digit = sum(d[i] * [7,3,1][i mod 3]) mod 10 over the first 13 digits
 *   (the ICAO 9303 "731" weighting). The state registry does not publish the rule; this matches
 *   public implementations (e.g. a Python PinflUtilitiesParser using weights 7,3,1 mod 10).
 *
 * Century+sex digit (both countries): 1/2 = 1800s, 3/4 = 1900s, 5/6 = 2000s; odd = male.
 *
 * Checks run format -> checksum -> date: a failed checksum most often means a typo, which is the
 * more actionable message; a number that passes the checksum but has no valid date was
 * never legitimately issued and is reported as 'date'.
 */

export type NationalIdType = 'KZ-IIN' | 'UZ-PINFL';

export type Sex = 'male' | 'female';

export type NationalIdResult =
  | { ok: true; normalized: string; birthDate?: string; sex?: Sex }
  | { ok: false; reason: 'format' | 'checksum' | 'date' };

const IIN_WEIGHTS_1 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const IIN_WEIGHTS_2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];
const PINFL_WEIGHTS = [7, 3, 1];

function digitsOf(value: string): number[] {
  return Array.from(value, (ch) => ch.charCodeAt(0) - 48);
}

function weightedSum(digits: number[], weightAt: (i: number) => number): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += digits[i] * weightAt(i);
  return sum;
}

/** Returns the expected IIN check digit, or null when no valid check digit exists. */
export function iinCheckDigit(first11: string): number | null {
  const d = digitsOf(first11);
  const first = weightedSum(d, (i) => IIN_WEIGHTS_1[i]) % 11;
  if (first !== 10) return first;
  const second = weightedSum(d, (i) => IIN_WEIGHTS_2[i]) % 11;
  return second === 10 ? null : second;
}

export function pinflCheckDigit(first13: string): number {
  return weightedSum(digitsOf(first13), (i) => PINFL_WEIGHTS[i % 3]) % 10;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Builds YYYY-MM-DD from the century+sex digit and two-digit date parts, or null if impossible. */
function birthDateOf(centuryDigit: number, yy: number, mm: number, dd: number): string | null {
  const year = 1800 + 100 * Math.floor((centuryDigit - 1) / 2) + yy;
  if (mm < 1 || mm > 12 || dd < 1 || dd > daysInMonth(year, mm)) return null;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${year}-${pad(mm)}-${pad(dd)}`;
}

function num(value: string, start: number): number {
  return Number(value.slice(start, start + 2));
}

export function normalizeNationalId(value: string): string {
  return value.replace(/[\s-]+/g, '');
}

export function validateNationalId(type: NationalIdType, value: string): NationalIdResult {
  const normalized = normalizeNationalId(value);
  const length = type === 'KZ-IIN' ? 12 : 14;
  if (normalized.length !== length || !/^\d+$/.test(normalized)) {
    return { ok: false, reason: 'format' };
  }

  // Only 1-6 are defined for individuals; anything else cannot be a person's number.
  const centuryDigit = Number(normalized[type === 'KZ-IIN' ? 6 : 0]);
  if (centuryDigit < 1 || centuryDigit > 6) return { ok: false, reason: 'format' };

  const expected =
    type === 'KZ-IIN'
      ? iinCheckDigit(normalized.slice(0, 11))
      : pinflCheckDigit(normalized.slice(0, 13));
  if (expected === null || expected !== Number(normalized[length - 1])) {
    return { ok: false, reason: 'checksum' };
  }

  const birthDate =
    type === 'KZ-IIN'
      ? birthDateOf(centuryDigit, num(normalized, 0), num(normalized, 2), num(normalized, 4))
      : birthDateOf(centuryDigit, num(normalized, 5), num(normalized, 3), num(normalized, 1));
  if (birthDate === null) return { ok: false, reason: 'date' };

  return { ok: true, normalized, birthDate, sex: centuryDigit % 2 === 1 ? 'male' : 'female' };
}

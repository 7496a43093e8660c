/**
 * ICD-10 codes are written with a Latin letter, but a doctor typing on a Kazakh or Russian keyboard
 * gets a Cyrillic letter that looks the same (І, С, Е, К…): the code would be refused, or worse,
 * stored as a different string. Cyrillic look-alikes become their Latin letters and the letter
 * becomes a capital; anything else is left for the check to refuse.
 */
const LOOK_ALIKES: Record<string, string> = {
  А: 'A', В: 'B', С: 'C', Е: 'E', Н: 'H', І: 'I', Ј: 'J', К: 'K', М: 'M', О: 'O', Р: 'P', Ѕ: 'S', Т: 'T', Х: 'X', У: 'Y', Ү: 'Y', З: 'Z',
};

export function toLatinIcd10(text: string): string {
  return text.trim().toUpperCase().replace(/[\u0400-\u04FF]/g, (ch) => LOOK_ALIKES[ch] ?? ch);
}

export { ICD10_PATTERN as ICD10 } from '@telemed/contracts/codes';

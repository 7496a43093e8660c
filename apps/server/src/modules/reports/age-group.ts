import type { AgeGroup } from '@telemed/contracts';

/** Whole years between a birth date and a day (both YYYY-MM-DD): a birthday counts on the day itself. */
export function ageInYears(birthDate: string, at: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = at.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** The reporting form's groups; the same rule as telemed_age_group() in db/migrations/0007_reports.sql. */
export function ageGroupOf(years: number): AgeGroup {
  if (years >= 18) return 'adult';
  if (years >= 15) return 'adolescent';
  if (years >= 1) return 'child';
  return 'newborn';
}

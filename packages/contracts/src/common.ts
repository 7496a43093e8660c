import { z } from 'zod';
import { LANGUAGES } from './codes.ts';

export const Language = z.enum(LANGUAGES);
export type Language = z.infer<typeof Language>;

export const Uuid = z.uuid();

/** The latest calendar day anywhere on Earth now (UTC+14): no birth can be dated after it. */
export function latestPossibleDay(now = Date.now()): string {
  return new Date(now + 14 * 3_600_000).toISOString().slice(0, 10);
}

/** A birth date: a calendar day, not in the future and not more than 130 years ago. */
export const BirthDate = z.iso.date().refine((d) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return true; // the format check above already says what is wrong
  const latest = latestPossibleDay();
  return d <= latest && d >= `${Number(latest.slice(0, 4)) - 130}${latest.slice(4)}`;
}, { message: 'Not a possible birth date', params: { code: 'birth_date_impossible' } });

/** A name written in each of the network's four languages. */
export const LocalizedName = z.object({
  kk: z.string().trim().min(1).max(300),
  ru: z.string().trim().min(1).max(300),
  uz: z.string().trim().min(1).max(300),
  en: z.string().trim().min(1).max(300),
});
export type LocalizedName = z.infer<typeof LocalizedName>;

/** RFC 9457 problem details, as every error leaves the server. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z
    .array(z.object({ path: z.string(), message: z.string(), code: z.string() }))
    .optional(),
});
export type Problem = z.infer<typeof Problem>;

export const IdParams = z.object({ id: Uuid });


export const Ok = z.object({ ok: z.literal(true) });

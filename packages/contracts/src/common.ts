import { z } from 'zod';
import { LANGUAGES } from './codes.ts';

export const Language = z.enum(LANGUAGES);
export type Language = z.infer<typeof Language>;

export const Uuid = z.uuid();

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

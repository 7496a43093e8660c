import { z } from 'zod';
import { LocalizedName, Uuid } from './common.ts';
import { FACILITY_KINDS, SPECIALTY_CODES } from './codes.ts';

export const FacilityKind = z.enum(FACILITY_KINDS);
export type FacilityKind = z.infer<typeof FacilityKind>;

export const SpecialtyCode = z.string().regex(/^[a-z][a-z0-9_]{1,40}$/);

const TimeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'Unknown IANA time zone' },
);

export const FacilityInput = z.object({
  code: z.string().trim().regex(/^[A-Z0-9][A-Z0-9-]{1,31}$/, 'Upper-case letters, digits and hyphens'),
  parentId: Uuid.nullable(),
  kind: FacilityKind,
  name: LocalizedName,
  country: z.string().regex(/^[A-Z]{2}$/),
  region: z.string().trim().min(1).max(120),
  timeZone: TimeZone,
  isTelemedicineCentre: z.boolean(),
  profiles: z.array(SpecialtyCode.refine((c) => SPECIALTY_CODES.includes(c), 'Unknown specialty profile')).max(100),
  active: z.boolean().default(true),
});
export type FacilityInput = z.infer<typeof FacilityInput>;

export const Facility = FacilityInput.extend({ id: Uuid });
export type Facility = z.infer<typeof Facility>;

export const FacilityList = z.object({ items: z.array(Facility) });

import { z } from 'zod';
import { APPOINTMENT_STATUSES, AVAILABILITY_EXCEPTION_KINDS, SPECIALTY_CODES } from './codes.ts';
import { LocalizedName, Uuid } from './common.ts';

/** A calendar date, 'YYYY-MM-DD'. */
const CalendarDate = z.iso.date();
/** A wall-clock time in the facility's zone, 'HH:MM'. */
const WallTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
/** A wall-clock date and time in the facility's zone, 'YYYY-MM-DDTHH:MM'. */
const LocalDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/, 'YYYY-MM-DDTHH:MM');
const Profile = z.string().refine((c) => SPECIALTY_CODES.includes(c), 'Unknown specialty profile');
const SlotMinutes = z.number().int().min(5).max(240);

export const AvailabilityRuleInput = z.object({
  clinicianId: Uuid,
  facilityId: Uuid,
  profile: Profile,
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: z.number().int().min(1).max(7),
  startTime: WallTime,
  endTime: WallTime,
  slotMinutes: SlotMinutes,
  validFrom: CalendarDate,
  validTo: CalendarDate.nullable().default(null),
}).refine((r) => r.endTime > r.startTime, { path: ['endTime'], message: 'Must be after the start', params: { code: 'end_before_start' } })
  .refine((r) => r.validTo === null || r.validTo >= r.validFrom, { path: ['validTo'], message: 'Must not be before the start date', params: { code: 'date_before_start' } });
export type AvailabilityRuleInput = z.infer<typeof AvailabilityRuleInput>;

export const AvailabilityRule = z.object({
  id: Uuid,
  clinicianId: Uuid,
  facilityId: Uuid,
  profile: z.string(),
  weekday: z.number().int(),
  startTime: z.string(),
  endTime: z.string(),
  slotMinutes: z.number().int(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
});

export const AvailabilityExceptionInput = z.object({
  clinicianId: Uuid,
  facilityId: Uuid,
  kind: z.enum(AVAILABILITY_EXCEPTION_KINDS),
  /** Wall-clock times in the facility's zone; time off may span days, extra hours lie within one day. */
  localStart: LocalDateTime,
  localEnd: LocalDateTime,
  slotMinutes: SlotMinutes.optional(),
  profile: Profile.optional(),
  note: z.string().trim().max(500).optional(),
}).refine((e) => e.localEnd > e.localStart, { path: ['localEnd'], message: 'Must be after the start', params: { code: 'end_before_start' } })
  .refine((e) => e.kind === 'off' || (e.slotMinutes !== undefined && e.profile !== undefined), { path: ['slotMinutes'], message: 'Extra hours need a slot length and a profile', params: { code: 'slot_and_profile' } })
  .refine((e) => e.kind === 'off' || e.localEnd.slice(0, 10) === e.localStart.slice(0, 10), { path: ['localEnd'], message: 'Extra hours lie within one day', params: { code: 'one_day_only' } });
export type AvailabilityExceptionInput = z.infer<typeof AvailabilityExceptionInput>;

export const AvailabilityException = z.object({
  id: Uuid,
  clinicianId: Uuid,
  facilityId: Uuid,
  kind: z.enum(AVAILABILITY_EXCEPTION_KINDS),
  localStart: z.string(),
  localEnd: z.string(),
  slotMinutes: z.number().int().nullable(),
  profile: z.string().nullable(),
  note: z.string().nullable(),
});

export const AvailabilityQuery = z.object({ clinicianId: Uuid, facilityId: Uuid.optional() });

export const Availability = z.object({
  clinicianId: Uuid,
  /** Facilities the clinician works at in a clinical role, with their zones and profiles. */
  facilities: z.array(z.object({ id: Uuid, name: LocalizedName, timeZone: z.string(), profiles: z.array(z.string()) })),
  rules: z.array(AvailabilityRule),
  exceptions: z.array(AvailabilityException),
});

export const ClinicianQuery = z.object({ facilityId: Uuid.optional(), profile: Profile.optional() });

export const SchedulingClinicians = z.object({
  items: z.array(z.object({
    clinicianId: Uuid,
    name: z.string(),
    facilityId: Uuid,
    facilityName: LocalizedName,
    timeZone: z.string(),
    profiles: z.array(z.string()),
  })),
});

/** Free slots of one clinician, or of every clinician offering a profile at a facility, over at most 31 days. */
export const SlotQuery = z.object({
  clinicianId: Uuid.optional(),
  facilityId: Uuid.optional(),
  profile: Profile.optional(),
  from: CalendarDate,
  to: CalendarDate,
}).refine((q) => q.clinicianId !== undefined || (q.facilityId !== undefined && q.profile !== undefined),
  { path: ['clinicianId'], message: 'Name a clinician, or a facility and a profile' })
  .refine((q) => q.to >= q.from, { path: ['to'], message: 'Must not be before the start date', params: { code: 'date_before_start' } })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 <= 31, { path: ['to'], message: 'At most 31 days', params: { code: 'range_too_long' } });

export const FreeSlot = z.object({
  clinicianId: Uuid,
  clinicianName: z.string(),
  facilityId: Uuid,
  profile: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  /** The facility's IANA zone, so the page can show its local time beside the viewer's. */
  timeZone: z.string(),
});
export const FreeSlots = z.object({ items: z.array(FreeSlot) });

export const AppointmentCreate = z.object({
  /** Omitted by a patient booking for themself. */
  patientId: Uuid.optional(),
  clinicianId: Uuid,
  facilityId: Uuid,
  startsAt: z.iso.datetime({ offset: true }),
  reason: z.string().trim().max(1000).optional(),
});
export type AppointmentCreate = z.infer<typeof AppointmentCreate>;

export const AppointmentCancel = z.object({ reason: z.string().trim().max(1000).optional() });
export const AppointmentReschedule = z.object({ startsAt: z.iso.datetime({ offset: true }) });

export const AppointmentStatus = z.enum(APPOINTMENT_STATUSES);

export const Appointment = z.object({
  id: Uuid,
  status: AppointmentStatus,
  patientId: Uuid,
  patientName: z.string(),
  clinicianId: Uuid,
  clinicianName: z.string(),
  facilityId: Uuid,
  facilityName: LocalizedName,
  timeZone: z.string(),
  profile: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  reason: z.string().nullable(),
  bookedBy: Uuid,
  rescheduledFrom: Uuid.nullable(),
  /** The appointment that replaced this one, when it was rescheduled. */
  rescheduledTo: Uuid.nullable(),
  visitId: Uuid.nullable(),
  sequence: z.number().int(),
  createdAt: z.string(),
  cancelledAt: z.string().nullable(),
});
export type Appointment = z.infer<typeof Appointment>;

export const AppointmentListQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  includePast: z.enum(['true', 'false']).default('false'),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});
export const AppointmentList = z.object({ items: z.array(Appointment) });

import type { Db } from '../../platform/db.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { loadExceptions, loadRules } from './availability.ts';
import { expandSlots, freeSlots, type Slot } from './slots.ts';
import { addDays, zoneClock } from './zoned-time.ts';

const CLINICAL = ['consultant', 'radiologist'];

/** Clinicians who publish hours, optionally at one facility or for one profile (no patient data: names of staff and places). */
export async function listSchedulingClinicians(deps: Deps, query: { facilityId?: string; profile?: string }) {
  let q = deps.db.selectFrom('availability_rule as r').innerJoin('app_user as u', 'u.id', 'r.clinician_id')
    .innerJoin('facility as f', 'f.id', 'r.facility_id')
    .select(['r.clinician_id', 'u.display_name', 'r.facility_id', 'f.name_kk', 'f.name_ru', 'f.name_uz', 'f.name_en', 'f.time_zone', 'r.profile'])
    .where('u.active', '=', true).where('f.active', '=', true)
    .where((eb) => eb.or([eb('r.valid_to', 'is', null), eb('r.valid_to', '>=', deps.now().toISOString().slice(0, 10))]))
    .where((eb) => eb.exists(eb.selectFrom('membership as m').select('m.user_id').whereRef('m.user_id', '=', 'r.clinician_id')
      .whereRef('m.facility_id', '=', 'r.facility_id').where('m.role', 'in', CLINICAL)));
  if (query.facilityId) q = q.where('r.facility_id', '=', query.facilityId);
  if (query.profile) q = q.where('r.profile', '=', query.profile);
  const rows = await q.orderBy('u.display_name').execute();
  const byKey = new Map<string, { clinicianId: string; name: string; facilityId: string; facilityName: { kk: string; ru: string; uz: string; en: string };
    timeZone: string; profiles: string[] }>();
  for (const r of rows) {
    const key = `${r.clinician_id}|${r.facility_id}`;
    const item = byKey.get(key) ?? { clinicianId: r.clinician_id, name: r.display_name, facilityId: r.facility_id,
      facilityName: { kk: r.name_kk, ru: r.name_ru, uz: r.name_uz, en: r.name_en }, timeZone: r.time_zone, profiles: [] };
    if (!item.profiles.includes(r.profile)) item.profiles.push(r.profile);
    byKey.set(key, item);
  }
  return { items: [...byKey.values()] };
}

/** Every slot (free or not) of the chosen rules over the local dates from … to, each facility in its own zone. */
async function slotsOf(db: Db, where: { clinicianIds?: string[]; facilityId?: string; profile?: string }, from: string, to: string): Promise<Slot[]> {
  const rules = await loadRules(db, where, from, to);
  if (rules.length === 0) return [];
  const clinicianIds = [...new Set(rules.map((r) => r.clinicianId))];
  const exceptions = await loadExceptions(db, clinicianIds, from, to);
  const facilities = await db.selectFrom('facility').select(['id', 'time_zone'])
    .where('id', 'in', [...new Set(rules.map((r) => r.facilityId))]).execute();
  const out: Slot[] = [];
  for (const f of facilities) {
    out.push(...expandSlots({
      timeZone: f.time_zone, from, to,
      rules: rules.filter((r) => r.facilityId === f.id),
      // Time off applies wherever the clinician works; extra hours only where they were given.
      exceptions: exceptions.filter((e) => e.kind === 'off' || e.facilityId === f.id)
        .filter((e) => e.kind === 'off' || !where.profile || e.profile === where.profile),
    }));
  }
  return out;
}

async function bookedOf(db: Db, clinicianIds: string[], from: Date, to: Date) {
  if (clinicianIds.length === 0) return [];
  const rows = await db.selectFrom('appointment').select(['clinician_id', 'starts_at', 'ends_at'])
    .where('clinician_id', 'in', clinicianIds).where('status', '=', 'booked')
    .where('starts_at', '<', to).where('ends_at', '>', from).execute();
  return rows.map((r) => ({ clinicianId: r.clinician_id, start: r.starts_at, end: r.ends_at }));
}

/** Free slots of one clinician, or of every clinician offering a profile at a facility, on the facilities' local dates from … to. */
export async function findFreeSlots(deps: Deps, query: { clinicianId?: string; facilityId?: string; profile?: string; from: string; to: string }) {
  const where = query.clinicianId
    ? { clinicianIds: [query.clinicianId], facilityId: query.facilityId, profile: query.profile }
    : { facilityId: query.facilityId, profile: query.profile };
  const slots = await slotsOf(deps.db, where, query.from, query.to);
  if (slots.length === 0) return { items: [] };
  const clinicianIds = [...new Set(slots.map((s) => s.clinicianId))];
  const first = slots[0].start;
  const last = slots.at(-1)!.end;
  const free = freeSlots(slots, await bookedOf(deps.db, clinicianIds, first, last), deps.now());
  const [names, zones] = await Promise.all([
    deps.db.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', clinicianIds).execute(),
    deps.db.selectFrom('facility').select(['id', 'time_zone']).where('id', 'in', [...new Set(slots.map((s) => s.facilityId))]).execute(),
  ]);
  const name = new Map(names.map((n) => [n.id, n.display_name]));
  const zone = new Map(zones.map((z) => [z.id, z.time_zone]));
  return {
    items: free.map((s) => ({ clinicianId: s.clinicianId, clinicianName: name.get(s.clinicianId) ?? '', facilityId: s.facilityId, profile: s.profile,
      startsAt: s.start.toISOString(), endsAt: s.end.toISOString(), timeZone: zone.get(s.facilityId) ?? 'UTC' })),
  };
}

/**
 * The slot a booking asks for, if the clinician's hours at the facility have one starting exactly
 * then and it lies in the future. Whether it is still free is the database's to decide (the
 * exclusion constraint), so two people asking at once cannot both get it.
 */
export async function findBookableSlot(db: Db, now: Date, clinicianId: string, facilityId: string, startsAt: Date): Promise<Slot> {
  const facility = await db.selectFrom('facility').select('time_zone').where('id', '=', facilityId).where('active', '=', true).executeTakeFirst();
  const slot = facility && startsAt > now ? await (async () => {
    const date = zoneClock(facility.time_zone).toLocal(startsAt).date;
    const slots = await slotsOf(db, { clinicianIds: [clinicianId], facilityId }, addDays(date, -1), addDays(date, 1));
    return slots.find((s) => s.start.getTime() === startsAt.getTime());
  })() : undefined;
  if (!slot) throw new AppError('slot_unavailable', 422, { errors: [{ path: 'body.startsAt', code: 'slot_unavailable', message: '' }] });
  return slot;
}

import type { Deps } from '../../platform/deps.ts';
import { hashPassword } from '../identity/passwords.ts';
import { iinCheckDigit, pinflCheckDigit } from '../patients/national-id.ts';
import { patientNameKey } from '../patients/service.ts';
import { DEMO_AVAILABILITY, DEMO_FACILITIES, DEMO_PASSWORD, DEMO_PATIENTS, DEMO_USERS, type DemoPatient } from './network.ts';

function centuryDigit(birthDate: string, sex: 'male' | 'female'): number {
  const century = Number(birthDate.slice(0, 2));
  const base = century === 18 ? 1 : century === 19 ? 3 : 5;
  return base + (sex === 'female' ? 1 : 0);
}

/** A valid identifier for a demo patient: right birth date, sex and check digit. */
export function demoNationalId(p: DemoPatient, serial: number): { type: 'KZ-IIN' | 'UZ-PINFL'; value: string } {
  const [y, m, d] = p.birthDate.split('-');
  for (let s = serial; ; s++) {
    if (p.country === 'KZ') {
      const first11 = `${y.slice(2)}${m}${d}${centuryDigit(p.birthDate, p.sex)}${String(s % 10_000).padStart(4, '0')}`;
      const check = iinCheckDigit(first11);
      if (check !== null) return { type: 'KZ-IIN', value: `${first11}${check}` };
    } else {
      const first13 = `${centuryDigit(p.birthDate, p.sex)}${d}${m}${y.slice(2)}118${String(s % 1000).padStart(3, '0')}`;
      return { type: 'UZ-PINFL', value: `${first13}${pinflCheckDigit(first13)}` };
    }
  }
}

/** Loads the demo network once; returns false when it is already there. Never called in production mode. */
export async function seedDemoNetwork(deps: Deps): Promise<boolean> {
  if (deps.config.TELEMED_MODE !== 'demo') throw new Error('The demo network is never loaded in production mode');
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return deps.db.transaction().execute(async (trx) => {
    // Serialises two nodes starting at once on an empty database.
    await trx.selectNoFrom((eb) => eb.fn('pg_advisory_xact_lock', [eb.lit(7_351_003)]).as('l')).execute();
    const existing = await trx.selectFrom('facility').select('id').where('code', '=', DEMO_FACILITIES[0].code).executeTakeFirst();
    if (existing) return false;
    const ids = new Map<string, string>();
    for (const f of DEMO_FACILITIES) {
      const row = await trx.insertInto('facility').values({
        code: f.code, parent_id: f.parent ? ids.get(f.parent)! : null, kind: f.kind,
        name_kk: f.name.kk, name_ru: f.name.ru, name_uz: f.name.uz, name_en: f.name.en,
        country: f.country, region: f.region, time_zone: f.timeZone, is_telemedicine_centre: f.isTelemedicineCentre, profiles: f.profiles,
      }).returning('id').executeTakeFirstOrThrow();
      ids.set(f.code, row.id);
    }
    const patientIds: string[] = [];
    for (const [i, p] of DEMO_PATIENTS.entries()) {
      const nid = demoNationalId(p, 1000 + i * 37);
      const row = await trx.insertInto('patient').values({
        family_name: p.familyName, given_name: p.givenName, middle_name: p.middleName ?? null,
        family_name_latin: p.familyNameLatin ?? null, given_name_latin: p.givenNameLatin ?? null,
        birth_date: p.birthDate, sex: p.sex, national_id_type: nid.type, national_id: nid.value, phone: p.phone ?? null,
        email: null, address: null, preferred_language: p.language, home_facility_id: ids.get(p.home)!,
        name_key: patientNameKey(p), created_by: null,
      }).returning('id').executeTakeFirstOrThrow();
      patientIds.push(row.id);
    }
    for (const u of DEMO_USERS) {
      const row = await trx.insertInto('app_user').values({
        email: u.email, display_name: u.displayName, language: u.language, password_hash: passwordHash,
        patient_id: u.email.startsWith('patient@') ? patientIds[0] : null,
      }).returning('id').executeTakeFirstOrThrow();
      if (u.memberships.length > 0) {
        await trx.insertInto('membership')
          .values(u.memberships.map((m) => ({ user_id: row.id, facility_id: ids.get(m.facility)!, role: m.role }))).execute();
      }
      if (u.email === 'doctor.shalkar@demo.telemed') {
        await trx.insertInto('consent').values(patientIds.slice(0, 3).map((pid) => ({
          patient_id: pid, kind: 'telemedicine', granted: true, note: null, recorded_by: row.id, recorded_facility_id: ids.get('KZ-AKT-SHALKAR')!,
        }))).execute();
      }
    }
    // The cardiologist keeps weekday hours at the regional centre, so the booking page has free slots.
    const cardiologist = await trx.selectFrom('app_user').select('id').where('email', '=', DEMO_AVAILABILITY.clinician).executeTakeFirstOrThrow();
    await trx.insertInto('availability_rule').values(DEMO_AVAILABILITY.weekdays.map((weekday) => ({
      clinician_id: cardiologist.id, facility_id: ids.get(DEMO_AVAILABILITY.facility)!, profile: DEMO_AVAILABILITY.profile, weekday,
      start_time: DEMO_AVAILABILITY.startTime, end_time: DEMO_AVAILABILITY.endTime, slot_minutes: DEMO_AVAILABILITY.slotMinutes,
      valid_from: DEMO_AVAILABILITY.validFrom, valid_to: null, created_by: cardiologist.id,
    }))).execute();
    return true;
  });
}

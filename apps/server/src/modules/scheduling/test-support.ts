import { addDays } from './zoned-time.ts';
import { as, facilityId, type Session, type TestApp } from '../../test-support/app.ts';

export interface SlotItem { clinicianId: string; facilityId: string; startsAt: string; endsAt: string; timeZone: string; profile: string }

export async function userId(t: { deps: TestApp['deps'] }, email: string): Promise<string> {
  return (await t.deps.db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
}

/** The cardiologist's free slots at the Aktobe regional centre over the next two weeks. */
export async function cardiologySlots(t: TestApp, s: Session): Promise<SlotItem[]> {
  const today = new Date().toISOString().slice(0, 10);
  const res = await as(t, s)('GET', `/api/scheduling/slots?clinicianId=${await userId(t, 'cardiologist@demo.telemed')}`
    + `&facilityId=${await facilityId(t, 'KZ-AKT-RTC')}&from=${today}&to=${addDays(today, 14)}`);
  if (res.statusCode !== 200) throw new Error(res.body);
  // A slot that starts while the file's tests run can no longer be booked: only those an hour or more ahead.
  return (res.json().items as SlotItem[]).filter((s) => Date.parse(s.startsAt) > Date.now() + 3_600_000);
}

/** Waits until the condition holds: for work done after an answer was sent (notices), checked again whenever the event loop turns. */
export async function eventually(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`never happened: ${what}`);
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../platform/config.ts';
import type { Notification, Notifier } from '../../platform/notifier.ts';
import { seedDemoNetwork } from '../demo/seed.ts';
import { as, signIn, type TestApp } from '../../test-support/app.ts';
import { createTestDatabase, onRunEnd } from '../../test-support/database.ts';
import { cardiologySlots, eventually, userId } from './test-support.ts';
import { reminderJobId } from './reminders.ts';

const env = { LOG_LEVEL: 'silent', ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'), JOBS_POLL_SECONDS: '0.5', WRITE_RATE_LIMIT: '10000' };

function recordingNotifier(): Notifier & { sent: Notification[] } {
  const sent: Notification[] = [];
  return { sent, async send(m) { sent.push(m); } };
}

async function node(databaseUrl: string, notifier: Notifier) {
  const built = await buildApp({ config: loadConfig(env), databaseUrl, notifier, logger: false });
  return { ...built, notifier, databaseUrl, config: built.deps.config } as unknown as TestApp & { close(): Promise<void> };
}

/** The job table, read as the database owner (the queue's schema is not the application role's). */
async function jobs(databaseUrl: string, appointmentId: string) {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const { rows } = await c.query<{ id: string; state: string; kind: string; start_after: Date }>(
      `SELECT id, state, data->>'kind' AS kind, start_after FROM pgboss.job WHERE name = 'appointment-reminder' AND data->>'appointmentId' = $1
       ORDER BY start_after`, [appointmentId]);
    return rows;
  } finally {
    await c.end();
  }
}

async function ownerQuery(databaseUrl: string, text: string, values: unknown[]) {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    await c.query(text, values);
  } finally {
    await c.end();
  }
}

test('reminders are durable: set at booking, kept across a restart, sent by the node that comes back; cancelled with the visit', async () => {
  // A database of its own, so only the nodes of this test work its queue.
  const databaseUrl = await createTestDatabase();
  const first = await node(databaseUrl, recordingNotifier());
  await seedDemoNetwork({ ...first.deps, config: { ...first.deps.config, TELEMED_MODE: 'demo' } });
  const patient = await signIn(first, 'patient@demo.telemed');
  const slots = await cardiologySlots(first, patient);
  // A slot more than a day ahead, so both reminders lie in the future.
  const slot = slots.find((s) => new Date(s.startsAt).getTime() > Date.now() + 25 * 3600_000)!;
  const keep = (await as(first, patient)('POST', '/api/appointments', { clinicianId: await userId(first, 'cardiologist@demo.telemed'),
    facilityId: slot.facilityId, startsAt: slot.startsAt })).json();
  const other = slots.find((s) => new Date(s.startsAt).getTime() > new Date(slot.startsAt).getTime() + 3600_000)!;
  const drop = (await as(first, patient)('POST', '/api/appointments', { clinicianId: keep.clinicianId, facilityId: other.facilityId,
    startsAt: other.startsAt })).json();
  assert.equal((await as(first, patient)('POST', `/api/appointments/${drop.id}/cancel`, {})).statusCode, 200);
  await first.close();
  assert.deepEqual((await jobs(databaseUrl, drop.id)).map((j) => j.state), ['cancelled', 'cancelled'], 'a cancelled visit’s reminders are cancelled');

  const set = await jobs(databaseUrl, keep.id);
  assert.deepEqual(set.map((j) => [j.kind, j.state, j.start_after.toISOString()]), [
    ['24h', 'created', new Date(new Date(slot.startsAt).getTime() - 24 * 3600_000).toISOString()],
    ['1h', 'created', new Date(new Date(slot.startsAt).getTime() - 3600_000).toISOString()],
  ]);
  assert.equal(set[0].id, reminderJobId(keep.id, '24h'));

  // While no node runs, time passes for the queue: the 24-hour reminders fall due. The cancelled visit's job is put
  // back as if the node had died between the cancellation's commit and the job's cancellation.
  await ownerQuery(databaseUrl, `UPDATE pgboss.job SET start_after = now() WHERE name = 'appointment-reminder' AND data->>'kind' = '24h'`, []);
  await ownerQuery(databaseUrl, `UPDATE pgboss.job SET state = 'created' WHERE id = $1`, [reminderJobId(drop.id, '24h')]);
  const notifier = recordingNotifier();
  const second = await node(databaseUrl, notifier);
  onRunEnd(() => second.close());
  const settled = async () => (await Promise.all([keep.id, drop.id].map((id) => jobs(databaseUrl, id)))).every((js) => js[0].state === 'completed');
  await eventually(settled, 'both due jobs worked by the node that came back');
  const reminders = notifier.sent.filter((m) => m.kind === 'appointment');
  assert.deepEqual(reminders.map((m) => [m.to, m.subject.split(':')[0]]).sort(), [
    ['cardiologist@demo.telemed', 'Напоминание'], ['patient@demo.telemed', 'Еске салу']], 'one each to patient (Kazakh) and doctor (Russian), none for the cancelled visit');
  assert.ok(reminders.every((m) => !m.body.includes('Бекмұхамедов')), 'no patient data in the message');
  assert.equal((await jobs(databaseUrl, keep.id))[1].state, 'created', 'the 1-hour reminder waits for its time');
});

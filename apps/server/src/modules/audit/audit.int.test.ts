import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { verifyAuditChain } from '../../platform/audit.ts';
import { as, createTestApp, patientIdByName, signIn } from '../../test-support/app.ts';

const t = await createTestApp();

async function produceEvents() {
  const s = await signIn(t, 'doctor.shalkar@demo.telemed');
  const id = await patientIdByName(t, 'Иванов');
  for (let i = 0; i < 3; i++) assert.equal((await as(t, s)('GET', `/api/patients/${id}`)).statusCode, 200);
  await t.deps.audit.settle();
}

test('concurrent reads each leave one record, chained without gaps', async () => {
  const s = await signIn(t, 'doctor.shalkar@demo.telemed');
  const id = await patientIdByName(t, 'Иванов');
  const before = await verifyAuditChain(t.deps.pool);
  await Promise.all(Array.from({ length: 40 }, () => as(t, s)('GET', `/api/patients/${id}`)));
  const after = await verifyAuditChain(t.deps.pool);
  assert.equal(after.ok, true);
  assert.equal(after.checked - before.checked, 40);
  const reads = await t.deps.db.selectFrom('audit_event').select((eb) => eb.fn.countAll().as('n'))
    .where('action', '=', 'patient.read').where('patient_id', '=', id).executeTakeFirstOrThrow();
  assert.equal(Number(reads.n), 40);
});

test('the application role can neither change nor delete audit records', async () => {
  await produceEvents();
  await assert.rejects(t.deps.pool.query(`UPDATE audit_event SET action = 'x' WHERE seq = 1`), /permission denied|append-only/);
  await assert.rejects(t.deps.pool.query('DELETE FROM audit_event WHERE seq = 1'), /permission denied|append-only/);
  await assert.rejects(t.deps.pool.query('TRUNCATE audit_event'), /permission denied|append-only/);
});

test('verification names a record changed or removed behind the application’s back', async () => {
  await produceEvents();
  // An attacker with the owner's rights (not the app's) disables the guard and edits the trail.
  const owner = new pg.Client({ connectionString: t.databaseUrl });
  await owner.connect();
  try {
    await owner.query('ALTER TABLE audit_event DISABLE TRIGGER USER');
    await owner.query(`UPDATE audit_event SET ip = '10.0.0.9' WHERE seq = 3`);
    await owner.query('DELETE FROM audit_event WHERE seq = 5');
    const report = await verifyAuditChain(t.deps.pool);
    assert.equal(report.ok, false);
    assert.deepEqual(report.problems.map((p) => [p.seq, p.problem]), [[3, 'changed'], [5, 'missing']]);
  } finally {
    await owner.end();
  }
});

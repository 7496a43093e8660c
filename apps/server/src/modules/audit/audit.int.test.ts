import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { AuditLog, verifyAuditChain } from '../../platform/audit.ts';
import { createPool } from '../../platform/db.ts';
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

test('two nodes appending at once keep one chain: a batch that lost the race is sealed again after the new head', async () => {
  // Each node remembers the head it wrote last and appends without reading it; the other node's
  // records in between make the primary key refuse the batch, which is then retried under the lock.
  const pools = [0, 1].map(() => createPool(t.databaseUrl, { max: 2, role: t.config.DB_APP_ROLE }));
  try {
    const nodes = pools.map((p) => new AuditLog(p));
    const entry = (node: number, i: number) => ({ actorUserId: null, actorFacilityId: null, action: 'test.append', outcome: 'success' as const,
      resourceType: 'test', resourceId: `${node}.${i}` });
    await Promise.all(nodes.map((n, k) => n.record(entry(k, -1))));
    const before = await verifyAuditChain(t.deps.pool);
    await Promise.all(nodes.flatMap((n, k) => Array.from({ length: 60 }, (_, i) =>
      new Promise<void>((resolve, reject) => setTimeout(() => n.record(entry(k, i)).then(resolve, reject), i % 7)))));
    const after = await verifyAuditChain(t.deps.pool);
    assert.equal(after.ok, true, JSON.stringify(after.problems.slice(0, 3)));
    assert.equal(after.checked - before.checked, 120);
    const { rows } = await t.deps.pool.query(`SELECT count(DISTINCT resource_id)::int AS n FROM audit_event WHERE action = 'test.append' AND resource_id NOT LIKE '%.-1'`);
    assert.equal(rows[0].n, 120);
  } finally {
    await Promise.all(pools.map((p) => p.end()));
  }
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

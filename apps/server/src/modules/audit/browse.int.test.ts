import { test } from 'node:test';
import assert from 'node:assert/strict';
import { as, createTestApp, facilityId, patientIdByName, signIn } from '../../test-support/app.ts';

const t = await createTestApp();

test('administrators filter the trail; a facility administrator sees only their facility', async () => {
  const doctor = await signIn(t, 'doctor.shalkar@demo.telemed');
  const id = await patientIdByName(t, 'Иванов');
  await as(t, doctor)('GET', `/api/patients/${id}`);
  const network = await signIn(t, 'admin@demo.telemed');
  const all = (await as(t, network)('GET', `/api/audit?patientId=${id}&action=patient.read`)).json();
  assert.equal(all.items.length, 1);
  assert.equal(all.items[0].actorName, 'Асель Нұрланова');
  assert.equal(all.items[0].patientName, 'Иванов Пётр', 'the reviewer sees whose record it was');
  assert.equal(all.items[0].actorFacilityId, await facilityId(t, 'KZ-AKT-SHALKAR'));

  const regional = await signIn(t, 'facility.admin@demo.telemed');
  const own = (await as(t, regional)('GET', `/api/audit?patientId=${id}`)).json();
  assert.equal(own.items.length, 0, 'Shalkar events are not the regional centre’s');
  const other = await as(t, regional)('GET', `/api/audit?facilityId=${await facilityId(t, 'KZ-AKT-SHALKAR')}`);
  assert.equal(other.statusCode, 403);
});

test('the trail filters by a patient’s name in another script or by the start of the identifier', async () => {
  const doctor = await signIn(t, 'doctor.shalkar@demo.telemed');
  const id = await patientIdByName(t, 'Иванов');
  await as(t, doctor)('GET', `/api/patients/${id}`);
  const nid = (await t.deps.db.selectFrom('patient').select('national_id').where('id', '=', id).executeTakeFirstOrThrow()).national_id!;
  const network = await signIn(t, 'admin@demo.telemed');
  const ids = async (query: string) => {
    const res = await as(t, network)('GET', `/api/audit?action=patient.read&${query}`);
    assert.equal(res.statusCode, 200, res.body);
    return new Set(res.json().items.map((e: { patientId: string }) => e.patientId));
  };
  for (const typed of ['Ivanov', 'иванов пётр', 'Ivanov Pyotr', nid.slice(0, 8)]) {
    assert.deepEqual(await ids(`patient=${encodeURIComponent(typed)}`), new Set([id]), `“${typed}” finds the reads of Иванов Пётр`);
  }
  assert.equal((await ids(`patient=${encodeURIComponent('Zzyzx')}`)).size, 0, 'a name no patient has finds nothing');
  assert.equal((await ids(`patient=${encodeURIComponent('--')}`)).size, 0, 'text with no letters or digits matches nobody');
  const short = await as(t, network)('GET', '/api/audit?patient=a');
  assert.equal(short.statusCode, 400);
  assert.ok(short.json().errors?.some((e: { field?: string; path?: string }) => (e.field ?? e.path ?? '').includes('patient')), short.body);
});

test('the trail exports as FHIR AuditEvent resources', async () => {
  const network = await signIn(t, 'admin@demo.telemed');
  const bundle = (await as(t, network)('GET', '/api/audit?format=fhir&action=auth.sign_in&limit=5')).json();
  assert.equal(bundle.resourceType, 'Bundle');
  const ev = bundle.entry[0].resource;
  assert.equal(ev.resourceType, 'AuditEvent');
  assert.equal(ev.type.code, '110114');
  assert.equal(ev.outcome, '0');
  assert.match(ev.agent[0].who.reference, /^Practitioner\//);
});

test('analysts and clinicians cannot read the audit trail, and the refusal is itself audited', async () => {
  const analyst = await signIn(t, 'analyst@demo.telemed');
  assert.equal((await as(t, analyst)('GET', '/api/audit')).statusCode, 403);
  await t.deps.audit.settle();
  const denied = await t.deps.db.selectFrom('audit_event').selectAll().where('action', '=', 'permission.denied')
    .where('resource_id', '=', 'GET /api/audit').execute();
  assert.equal(denied.length, 1);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { as, createTestApp, facilityId, patientIdByName, signIn, type Session } from '../../test-support/app.ts';

const t = await createTestApp();
const hub = await facilityId(t, 'KZ-AKT-RTC');
const patientId = await patientIdByName(t, 'Иванов');
const doctor = await signIn(t, 'doctor.shalkar@demo.telemed');
const coordinator = await signIn(t, 'coordinator@demo.telemed');

interface Item { id: string; urgency: string; profile: string; status: string; version: number; submittedAt: string | null; createdAt: string }

const URGENCIES = ['planned', 'urgent', 'emergency'];
const PROFILES = ['cardiology', 'neurology'];
const created: Item[] = [];
for (let i = 0; i < 11; i++) {
  const res = await as(t, doctor)('POST', '/api/consultations', {
    patientId, targetFacilityId: hub, profile: PROFILES[i % 2], urgency: URGENCIES[i % 3], mode: 'async', submit: true,
    question: `Queue paging request number ${i}, please advise.`, summary: { complaints: 'Headache' },
  });
  assert.equal(res.statusCode, 201, res.body);
  created.push(res.json());
}
// Five requests submitted at the very same microsecond: their order is decided by id alone, and a page may end between them.
const tied = created.slice(0, 5).map((c) => c.id);
await t.deps.db.updateTable('consultation').set({ submitted_at: new Date('2026-03-02T08:00:00.123Z') }).where('id', 'in', tied).execute();

const rank = (u: string) => ({ emergency: 0, urgent: 1 })[u] ?? 2;
/** The queue's order written out: most urgent, then longest waiting, then id (PostgreSQL orders uuids as their hex text). */
const queueOrder = (a: Item, b: Item) => rank(a.urgency) - rank(b.urgency)
  || (a.submittedAt ?? a.createdAt).localeCompare(b.submittedAt ?? b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

async function readAll(s: Session, query: string, limit: number): Promise<{ items: Item[]; pages: number }> {
  const items: Item[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res = await as(t, s)('GET', `/api/consultations?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.equal(res.statusCode, 200, res.body);
    const page = res.json() as { items: Item[]; nextCursor: string | null };
    assert.ok(page.items.length <= limit);
    if (page.nextCursor) assert.equal(page.items.length, limit, 'only a full page points to a next one');
    items.push(...page.items);
    cursor = page.nextCursor;
    pages++;
  } while (cursor);
  return { items, pages };
}

test('the coordinator pages through the work list: each open request once, most urgent then longest waiting first', async () => {
  const whole = (await as(t, coordinator)('GET', '/api/consultations?limit=200')).json();
  assert.equal(whole.nextCursor, null, 'everything fits in one page of 200');
  assert.deepEqual(whole.items.map((i: Item) => i.id), [...whole.items].sort(queueOrder).map((i: Item) => i.id));
  for (const c of created) assert.ok(whole.items.some((i: Item) => i.id === c.id));

  for (const limit of [1, 2, 3, whole.items.length]) {
    const paged = await readAll(coordinator, 'box=incoming', limit);
    assert.deepEqual(paged.items.map((i) => i.id), whole.items.map((i: Item) => i.id), `pages of ${limit}`);
    assert.equal(paged.pages, Math.ceil(whole.items.length / limit), 'no empty page after a full last one');
  }
});

test('filters page the same way: urgency, profile and status narrow the list, the order stays', async () => {
  const whole: Item[] = (await as(t, coordinator)('GET', '/api/consultations?limit=200')).json().items;
  for (const [query, keep] of [
    ['urgency=urgent', (i: Item) => i.urgency === 'urgent'],
    ['profile=neurology', (i: Item) => i.profile === 'neurology'],
    ['urgency=emergency&profile=cardiology', (i: Item) => i.urgency === 'emergency' && i.profile === 'cardiology'],
  ] as const) {
    const paged = await readAll(coordinator, query, 2);
    assert.deepEqual(paged.items.map((i) => i.id), whole.filter(keep).map((i) => i.id), query);
    assert.ok(paged.items.length > 0, query);
  }

  const toAccept = created.slice(3, 7);
  for (const c of toAccept) {
    const res = await as(t, coordinator)('POST', `/api/consultations/${c.id}/transitions`, { action: 'accept', version: c.version });
    assert.equal(res.statusCode, 200, res.body);
  }
  const accepted = await readAll(coordinator, 'status=accepted', 3);
  assert.deepEqual(accepted.items.map((i) => i.id), [...accepted.items].sort(queueOrder).map((i) => i.id));
  assert.deepEqual(new Set(accepted.items.map((i) => i.id)), new Set(toAccept.map((c) => c.id)));
  const stillOpen = await readAll(coordinator, 'box=incoming', 4);
  assert.equal(stillOpen.items.length, whole.length, 'accepted requests stay on the work list');
});

test('the hub filters its queue by the referring facility, and a referrer by the consulting one', async () => {
  const irgizDoctor = await signIn(t, 'doctor.irgiz@demo.telemed');
  const irgiz = await facilityId(t, 'KZ-AKT-IRGIZ');
  const irgizPatient = (await t.deps.db.selectFrom('patient').select('id').where('home_facility_id', '=', irgiz).executeTakeFirstOrThrow()).id;
  const fromIrgiz = await as(t, irgizDoctor)('POST', '/api/consultations', {
    patientId: irgizPatient, targetFacilityId: hub, profile: 'cardiology', urgency: 'urgent', mode: 'async', submit: true,
    question: 'A request from another district, please advise.', summary: { complaints: 'Chest pain' } });
  assert.equal(fromIrgiz.statusCode, 201, fromIrgiz.body);
  const shalkar = await facilityId(t, 'KZ-AKT-SHALKAR');
  const whole: Item[] = (await as(t, coordinator)('GET', '/api/consultations?limit=200')).json().items;
  const onlyIrgiz = await readAll(coordinator, `facilityId=${irgiz}`, 2);
  assert.deepEqual(onlyIrgiz.items.map((i) => i.id), [fromIrgiz.json().id]);
  const onlyShalkar = await readAll(coordinator, `facilityId=${shalkar}&urgency=urgent`, 2);
  assert.deepEqual(onlyShalkar.items.map((i) => i.id), whole.filter((i) => i.urgency === 'urgent' && i.id !== fromIrgiz.json().id).map((i) => i.id));
  assert.equal((await readAll(doctor, `box=outgoing&facilityId=${hub}`, 3)).items.length,
    (await readAll(doctor, 'box=outgoing', 50)).items.length, 'all of Shalkar’s requests went to the regional centre');
  assert.equal((await readAll(doctor, `box=outgoing&facilityId=${irgiz}`, 3)).items.length, 0);
  const bad = await as(t, coordinator)('GET', '/api/consultations?facilityId=not-a-facility');
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().errors[0].path, 'querystring.facilityId');
});

test('the referring doctor pages through their own requests newest first', async () => {
  const whole: Item[] = (await as(t, doctor)('GET', '/api/consultations?box=outgoing&limit=200')).json().items;
  const newestFirst = [...whole].sort((a, b) => (b.submittedAt ?? b.createdAt).localeCompare(a.submittedAt ?? a.createdAt)
    || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  assert.deepEqual(whole.map((i) => i.id), newestFirst.map((i) => i.id));
  const paged = await readAll(doctor, 'box=outgoing', 2);
  assert.deepEqual(paged.items.map((i) => i.id), whole.map((i) => i.id));
});

test('each page read is audited; a malformed cursor is refused', async () => {
  const { id: coordinatorId } = await t.deps.db.selectFrom('app_user').select('id').where('email', '=', 'coordinator@demo.telemed').executeTakeFirstOrThrow();
  const count = async () => Number((await t.deps.db.selectFrom('audit_event').select((eb) => eb.fn.countAll().as('n'))
    .where('action', '=', 'consultation.queue').where('actor_user_id', '=', coordinatorId).executeTakeFirstOrThrow()).n);
  const before = await count();
  const { pages } = await readAll(coordinator, 'box=incoming', 4);
  assert.equal(await count(), before + pages);

  for (const cursor of ['nonsense', '1.abc.00000000-0000-0000-0000-000000000000', `3.1.${hub}`]) {
    const res = await as(t, coordinator)('GET', `/api/consultations?cursor=${encodeURIComponent(cursor)}`);
    assert.equal(res.statusCode, 400, cursor);
    assert.equal(res.json().errors[0].path, 'querystring.cursor');
  }
});

test('a consultant pages through the cases they joined', async () => {
  const { id: cardiologistId } = await t.deps.db.selectFrom('app_user').select('id').where('email', '=', 'cardiologist@demo.telemed').executeTakeFirstOrThrow();
  const joined = created.slice(6, 10);
  for (const c of joined) {
    const res = await as(t, coordinator)('POST', `/api/consultations/${c.id}/participants`, { userId: cardiologistId });
    assert.equal(res.statusCode, 200, res.body);
  }
  const cardiologist = await signIn(t, 'cardiologist@demo.telemed');
  const paged = await readAll(cardiologist, 'box=mine', 1);
  assert.deepEqual(paged.items.map((i) => i.id), [...paged.items].sort(queueOrder).map((i) => i.id));
  assert.deepEqual(new Set(paged.items.map((i) => i.id)), new Set(joined.map((c) => c.id)));
});

test('a draft stays its author’s: the hub it names does not see it, even when asking for drafts', async () => {
  const draft = await as(t, doctor)('POST', '/api/consultations', { patientId, targetFacilityId: hub, profile: 'cardiology', urgency: 'planned',
    mode: 'async', submit: false, question: 'Draft not yet sent to the hub, please advise.', summary: { complaints: 'Cough' } });
  assert.equal(draft.statusCode, 201, draft.body);
  const hubDrafts = (await as(t, coordinator)('GET', '/api/consultations?box=incoming&status=draft')).json();
  assert.equal(hubDrafts.items.length, 0);
  const mine = (await as(t, doctor)('GET', '/api/consultations?box=outgoing&status=draft')).json();
  assert.ok(mine.items.some((i: { id: string }) => i.id === draft.json().id));
});

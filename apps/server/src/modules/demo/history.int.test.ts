import { test } from 'node:test';
import assert from 'node:assert/strict';
import { as, createTestApp, signIn } from '../../test-support/app.ts';
import { DEMO_HISTORY_ROWS, seedDemoHistory } from './history.ts';

// The other test files get the demo network without its history, so their report totals start at zero.
const t = await createTestApp();

type Table = { columns: { key: string }[]; rows: { key: string; label: string; kind: string; cells: number[] }[] };
/** Reports speak the user's own language; these users read English here. */
await t.deps.pool.query(`UPDATE app_user SET language = 'en' WHERE email IN ('analyst@demo.telemed', 'admin@demo.telemed')`);
const report = async (who: string, query: string) => (await as(t, await signIn(t, who), 'en')('GET', `/api/reports/consultations?${query}`)).json() as Table;

test('the demo network’s reports page shows the five years before this one from historical records, and no live case is added', async () => {
  const result = await seedDemoHistory(t.deps);
  assert.deepEqual([result.rows, result.imported, result.rejected], [DEMO_HISTORY_ROWS.aktobe + DEMO_HISTORY_ROWS.samarkand, DEMO_HISTORY_ROWS.aktobe + DEMO_HISTORY_ROWS.samarkand, []]);

  const aktobe = await report('analyst@demo.telemed', 'by=facility&period=year');
  const year = t.clock.now().getUTCFullYear();
  assert.deepEqual(aktobe.columns.map((c) => c.key), [...Array.from({ length: 5 }, (_, i) => `${year - 5 + i}-01-01`), 'total'], 'the five years before this one');
  assert.deepEqual(aktobe.rows.map((r) => r.label), ['Aitekebi District Hospital', 'Baiganin District Hospital', 'Irgiz District Hospital',
    'Mugalzhar District Hospital', 'Oiyl District Hospital', 'Shalkar District Hospital', 'Temir District Hospital', 'Total']);
  assert.equal(aktobe.rows.at(-1)!.cells.at(-1), DEMO_HISTORY_ROWS.aktobe, 'the analyst of Aktobe sees the Aktobe districts only');
  assert.ok(aktobe.rows.slice(0, -1).every((r) => r.cells.slice(0, -1).every((n) => n > 0)), 'every district has requests every year');

  const ages = await report('admin@demo.telemed', 'by=profile');
  assert.equal(ages.rows.at(-1)!.cells.at(-1), DEMO_HISTORY_ROWS.aktobe + DEMO_HISTORY_ROWS.samarkand);
  assert.ok(ages.rows.at(-1)!.cells.slice(0, 4).every((n) => n > 0), 'every age group is present');

  const { rows: [live] } = await t.deps.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM consultation');
  assert.equal(live.n, 0);
});
